package io.nv.compiler.export.openflow;

import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.compiler.physical.PortMap;
import io.nv.encap.keys.GenevePortOption;
import io.nv.encap.keys.OvnVxlanVni;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.placement.Encapsulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One host's tables as stock Open vSwitch loads them: {@code flows.txt} in {@code ovs-ofctl}'s
 * OpenFlow 1.3 + Nicira syntax (table numbers from {@link Tables}, cookies the 32-bit hash of each
 * flow's provenance, names replaced by keys: datapath → {@code metadata}, logical ports → {@code
 * reg14}/{@code reg15}, interfaces → OpenFlow ports), {@code groups.txt} in OpenFlow 1.5 syntax
 * (select groups with {@code selection_method=hash,fields(…)}), the Geneve TLV map, and a {@code
 * load.sh} that loads them with the right flags. Deterministic: the same compilation gives the
 * same bytes.
 *
 * <pre>{@code
 * OpenFlowExport e = OpenFlowExport.of(compilation.host("hv1"));
 * Files.writeString(dir.resolve("flows.txt"), e.flows());
 * // table=10, priority=100, cookie=0x…, metadata=0x1,reg14=0x2,dl_src=…, actions=resubmit(,11)
 * }</pre>
 */
public final class OpenFlowExport {
  /** The argument of {@code ovs-ofctl add-tlv-map} for OVN's Geneve option. */
  public static final String GENEVE_TLV =
      String.format(
          "{class=0x%04x,type=0x%02x,len=%d}->tun_metadata0",
          GenevePortOption.OPTION_CLASS, GenevePortOption.OPTION_TYPE, GenevePortOption.VALUE_LENGTH);

  private final HostTables host;
  private final Compilation c;
  private final boolean vxlan;
  private final Map<String, Integer> groupIds = new HashMap<>();
  private final Map<String, Integer> conjunctions = new HashMap<>();
  private final String flows;
  private final String groups;

  private OpenFlowExport(HostTables host) {
    this.host = host;
    this.c = host.compilation();
    this.vxlan = c.topology().topology().encapsulation() == Encapsulation.VXLAN;
    int id = 1;
    for (Group g : host.groups()) {
      groupIds.put(g.name(), id++);
    }
    this.groups = printGroups();
    this.flows = printFlows();
  }

  /** The export of {@code host}'s tables. */
  public static OpenFlowExport of(HostTables host) {
    return new OpenFlowExport(host);
  }

  /** The tables exported. */
  public HostTables host() {
    return host;
  }

  /** {@code flows.txt}: one flow per line, for {@code ovs-ofctl -O OpenFlow13 add-flows}. */
  public String flows() {
    return flows;
  }

  /** {@code groups.txt}: one group per line, for {@code ovs-ofctl -O OpenFlow15 add-groups}. */
  public String groups() {
    return groups;
  }

  /** {@code tlv-map.txt}: the TLV map for Geneve (empty for VXLAN). */
  public String tlvMap() {
    return vxlan ? "" : GENEVE_TLV + "\n";
  }

  /** The OpenFlow group id of group {@code name} on this host. */
  public int groupId(String name) {
    Integer id = groupIds.get(name);
    if (id == null) {
      throw new IllegalArgumentException("host " + host.host() + " has no group " + name);
    }
    return id;
  }

  /** {@code load.sh}: loads the other files into the bridge named by its one argument. */
  public String loadScript() {
    StringBuilder sb = new StringBuilder();
    sb.append("#!/bin/sh\n");
    sb.append("# Loads host ").append(host.host()).append("'s tables (nv compile --format openflow) into BRIDGE.\n");
    sb.append("# Needs ovs-ofctl; honours OVS_RUNDIR. Groups go first: flows refer to them.\n");
    sb.append("set -e\n");
    sb.append("BR=\"${1:?usage: load.sh BRIDGE}\"\n");
    sb.append("cd \"$(dirname \"$0\")\"\n");
    sb.append("ovs-ofctl -O OpenFlow13 del-flows \"$BR\"\n");
    sb.append("ovs-ofctl -O OpenFlow15 del-groups \"$BR\"\n");
    if (!vxlan) {
      sb.append("ovs-ofctl -O OpenFlow13 del-tlv-map \"$BR\"\n");
      sb.append("ovs-ofctl -O OpenFlow13 add-tlv-map \"$BR\" \"$(cat tlv-map.txt)\"\n");
    }
    sb.append("ovs-ofctl -O OpenFlow15 add-groups \"$BR\" groups.txt\n");
    sb.append("ovs-ofctl -O OpenFlow13 --bundle add-flows \"$BR\" flows.txt\n");
    return sb.toString();
  }

  // ---- flows ----

  private String printFlows() {
    StringBuilder sb = new StringBuilder(1 << 16);
    for (Flow f : host.flows()) {
      line(sb, f, null);
    }
    for (LogicalDatapath d : host.datapaths()) {
      for (Flow f : d.flows()) {
        line(sb, f, d.datapath());
      }
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, Flow f, @Nullable Datapath dp) {
    Datapath where = dp != null ? dp : datapathOf(f);
    sb.append("table=").append(Tables.of(f.stage()))
        .append(", priority=").append(f.priority())
        .append(", cookie=0x").append(Long.toHexString(f.cookie()));
    String m = match(f, where);
    if (!m.isEmpty()) {
      sb.append(", ").append(m);
    }
    sb.append(", actions=").append(actions(host.actions(f), where)).append('\n');
  }

  /** The datapath a physical flow's match names, if any. */
  private static @Nullable Datapath datapathOf(Flow f) {
    FieldMatch m = f.match().find(Field.DATAPATH);
    return m == null ? null : parse(java.util.Objects.requireNonNull(m.value().name()));
  }

  private static Datapath parse(String name) {
    int space = name.indexOf(' ');
    return name.startsWith("switch ") ? Datapath.ofSwitch(name.substring(space + 1)) : Datapath.ofRouter(name.substring(space + 1));
  }

  /**
   * A flow's match in {@code ovs-ofctl} syntax. Two things OpenFlow needs that the IR leaves
   * implicit: sub-fields of one register ({@code flags.lb} and {@code flags.hairpin} in {@code
   * reg10}) go into one value/mask, since {@code ovs-ofctl} keeps only the last test of a field it
   * is given twice; and a test of the connection's original tuple ({@code ct_nw_dst}, {@code
   * ct_tp_dst}) needs a {@code ct_state} that implies a valid connection (OVS refuses the flow
   * otherwise, {@code OFPBMC_BAD_PREREQ}) and, for {@code ct_tp_*}, {@code ct_nw_proto} (else the
   * test is silently dropped). The tuple is only there after a tracked lookup, and NAT keeps the
   * protocol, so {@code +trk-inv} and {@code ct_nw_proto=ip.proto} change nothing the IR means.
   */
  private String match(Flow f, @Nullable Datapath dp) {
    List<String> parts = new ArrayList<>();
    Map<String, long[]> registers = new java.util.LinkedHashMap<>();
    long vlanValue = 0;
    long vlanMask = 0;
    long ctValue = 0;
    long ctMask = 0;
    boolean ctState = false;
    boolean ctTuple = false;
    boolean ctPort = false;
    FieldMatch proto = null;
    for (FieldMatch m : f.match().fields()) {
      Field field = m.field();
      OpenFlowFields.Register r = OpenFlowFields.register(field);
      if (r != null && OpenFlowFields.isRegister(field) && !(r.offset() == 0 && field.width() == r.containerWidth())) {
        long[] vm = registers.computeIfAbsent(r.container(), k -> {
          parts.add("\0" + k); // placeholder: the merged test goes where the first sub-field was
          return new long[2];
        });
        vm[0] |= m.value().low() << r.offset();
        vm[1] |= m.mask().low() << r.offset();
        continue;
      }
      switch (field) {
        case VLAN_PRESENT -> {
          vlanValue |= m.value().low() << 12;
          vlanMask |= m.mask().low() << 12;
        }
        case VLAN_VID -> {
          vlanValue |= m.value().low();
          vlanMask |= m.mask().low();
        }
        case VLAN_PCP -> {
          vlanValue |= m.value().low() << 13;
          vlanMask |= m.mask().low() << 13;
        }
        case CONJ_ID -> parts.add("conj_id=" + conjunction(dp, (int) m.value().low()));
        case CT_STATE -> {
          ctState = true;
          ctValue = m.value().low();
          ctMask = m.mask().low();
          parts.add("\0ct_state");
        }
        default -> {
          if (field == Field.CT_IP4_DST || field == Field.CT_IP6_DST || field == Field.CT_L4_DST) {
            ctTuple = true;
          }
          if (field == Field.IP_PROTO) {
            proto = m;
          }
          ctPort |= field == Field.CT_L4_DST;
          parts.add(OpenFlowFields.name(field) + "=" + matchValue(field, m, dp));
        }
      }
    }
    int valid = CtState.NEW | CtState.EST | CtState.REL | CtState.RPL | CtState.SNAT | CtState.DNAT;
    if (ctTuple && (ctValue & ctMask & valid) == 0) {
      ctValue = (ctValue | CtState.TRK) & ~CtState.INV;
      ctMask |= CtState.TRK | CtState.INV;
      if (!ctState) {
        parts.add(0, "\0ct_state");
      }
    }
    List<String> out = new ArrayList<>(parts.size());
    for (String p : parts) {
      if (p.equals("\0ct_state")) {
        out.add("ct_state=" + CtState.format(ctValue, ctMask));
      } else if (p.startsWith("\0")) {
        long[] vm = java.util.Objects.requireNonNull(registers.get(p.substring(1)));
        out.add(p.substring(1) + "=0x" + Long.toHexString(vm[0]) + "/0x" + Long.toHexString(vm[1]));
      } else {
        out.add(p);
      }
    }
    if (ctPort && proto != null) {
      out.add("ct_nw_proto=" + proto.value().low()); // NAT keeps the protocol: the packet's is the tuple's
    }
    if (vlanMask != 0) {
      out.add(String.format("vlan_tci=0x%04x/0x%04x", vlanValue, vlanMask));
    }
    return String.join(",", out);
  }

  private int conjunction(@Nullable Datapath dp, int id) {
    String key = dp + "#" + id;
    Integer n = conjunctions.get(key);
    if (n == null) {
      n = conjunctions.size() + 1;
      conjunctions.put(key, n);
    }
    return n;
  }

  /** A match's value: a register sub-field as value/mask of its container. */
  private String matchValue(Field f, FieldMatch m, @Nullable Datapath dp) {
    OpenFlowFields.Register r = OpenFlowFields.register(f);
    if (r == null || !OpenFlowFields.isRegister(f) || (r.offset() == 0 && f.width() == r.containerWidth())) {
      return value(f, m.value(), m.mask(), dp, true);
    }
    long mask = m.mask().low() << r.offset();
    long value = m.value().low() << r.offset();
    return "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
  }

  /** A field's value (and mask) as ovs-ofctl writes it; names become keys or ports. */
  private String value(Field f, FieldValue v, FieldValue mask, @Nullable Datapath dp, boolean match) {
    if (f.isName()) {
      String name = java.util.Objects.requireNonNull(v.name());
      return switch (f) {
        case DATAPATH -> "0x" + Integer.toHexString(c.datapathKey(parse(name)));
        case IN_PORT -> Integer.toString(ofport(name));
        default -> {
          int key = c.portKey(java.util.Objects.requireNonNull(dp, "a port match needs a datapath"), name);
          if (vxlan && key >= 32768 && match) {
            key = OvnVxlanVni.wireEgress(key); // tunnel arrivals carry the VXLAN wire form
          }
          yield "0x" + Integer.toHexString(key);
        }
      };
    }
    FieldValue all = FieldValue.ones(f.width());
    boolean exact = mask.equals(all);
    if (OpenFlowFields.isRegister(f)) {
      return exact ? hex(v) : hex(v) + "/" + hex(mask); // registers take numbers, not addresses
    }
    String text =
        switch (f.kind()) {
          case MAC -> MacAddress.of(v.low()).toString();
          case IPV4 -> Ipv4Address.of((int) v.low()).toString();
          case IPV6 -> Ipv6Address.of(v.high(), v.low()).toString();
          default -> hex(v);
        };
    if (exact) {
      return text;
    }
    String maskText =
        switch (f.kind()) {
          case MAC -> MacAddress.of(mask.low()).toString();
          case IPV4 -> Ipv4Address.of((int) mask.low()).toString();
          case IPV6 -> Ipv6Address.of(mask.high(), mask.low()).toString();
          default -> hex(mask);
        };
    return text + "/" + maskText;
  }

  private static String hex(FieldValue v) {
    return v.high() == 0 ? "0x" + Long.toHexString(v.low()) : String.format("0x%x%016x", v.high(), v.low());
  }

  private int ofport(String iface) {
    PortMap ports = host.ports();
    if (iface.equals(ports.tunnel().iface())) {
      return ports.tunnel().ofport();
    }
    return ports.byInterface(iface)
        .orElseThrow(() -> new IllegalStateException("host " + host.host() + " has no interface " + iface))
        .ofport();
  }

  // ---- actions ----

  private String actions(List<Action> actions, @Nullable Datapath dp) {
    if (actions.isEmpty() || (actions.size() == 1 && actions.get(0) instanceof Action.Drop)) {
      return "drop";
    }
    List<String> out = new ArrayList<>();
    Datapath current = dp;
    for (Action a : actions) {
      if (a instanceof Action.Enter e) {
        current = e.datapath();
      }
      action(a, out, current);
    }
    return String.join(",", out);
  }

  private void action(Action a, List<String> out, @Nullable Datapath dp) {
    if (a instanceof Action.SetField s) {
      set(s.field(), s.value(), out, dp);
    } else if (a instanceof Action.MoveField m) {
      out.add("move:" + OpenFlowFields.nxm(m.source()) + "->" + OpenFlowFields.nxm(m.destination()));
    } else if (a instanceof Action.DecTtl) {
      out.add("dec_ttl");
    } else if (a instanceof Action.PushVlan p) {
      out.add("push_vlan:0x8100");
      out.add("set_field:" + (0x1000 | p.vid()) + "->vlan_vid");
    } else if (a instanceof Action.PopVlan) {
      out.add("pop_vlan");
    } else if (a instanceof Action.NextStage n) {
      out.add("resubmit(," + Tables.of(n.stage()) + ")");
    } else if (a instanceof Action.Conntrack ct) {
      out.add(conntrack(ct));
    } else if (a instanceof Action.ApplyGroup g) {
      out.add("group:" + groupId(g.group()));
    } else if (a instanceof Action.Conjunction cj) {
      out.add("conjunction(" + conjunction(dp, cj.id()) + "," + cj.clause() + "/" + cj.clauses() + ")");
    } else if (a instanceof Action.Controller ctl) {
      out.add(String.format("controller(userdata=00.00.00.%02x)", reasonCode(ctl.reason())));
    } else if (a instanceof Action.Drop) {
      // nothing: an action list that ends without output drops
    } else if (a instanceof Action.OutputPort o) {
      out.add("load:0->in_port[]"); // so a port may send back to itself (hairpin, loops)
      out.add("output:" + ofport(o.iface()));
    } else if (a instanceof Action.OutputInPort) {
      out.add("in_port");
    } else if (a instanceof Action.Enter e) {
      out.add("ct_clear");
      for (int i = 0; i < 4; i++) {
        out.add("load:0->xxreg" + i + "[]");
      }
      out.add("set_field:0x" + Integer.toHexString(c.datapathKey(e.datapath())) + "->metadata");
      if (!e.inport().isEmpty()) {
        out.add("set_field:0x" + Integer.toHexString(c.portKey(e.datapath(), e.inport())) + "->reg14");
      }
    } else if (a instanceof Action.Decap) {
      if (vxlan) {
        out.add("move:tun_id[12..23]->reg15[0..11]");
      } else {
        out.add("move:tun_metadata0[16..30]->reg14[0..14]");
        out.add("move:tun_metadata0[0..15]->reg15[0..15]");
      }
    } else if (a instanceof Action.Tunnel t) {
      out.add("set_field:0x" + Long.toHexString(t.vni()) + "->tun_id");
      out.add("set_field:" + t.remote() + "->tun_dst");
      if (!vxlan) {
        out.add("set_field:0x" + Integer.toHexString(t.egress()) + "->tun_metadata0");
        out.add("move:reg14[0..14]->tun_metadata0[16..30]");
      }
      // A packet that came in by tunnel may have to leave by it (a gateway host sending routed
      // traffic on): OpenFlow never outputs to the ingress port unless in_port is cleared.
      out.add("load:0->in_port[]");
      out.add("output:" + host.ports().tunnel().ofport());
    } else if (a instanceof Action.Output || a instanceof Action.OutputInport) {
      throw new IllegalStateException(a + " has no physical form here: translate it first");
    }
  }

  private void set(Field f, FieldValue v, List<String> out, @Nullable Datapath dp) {
    if (f == Field.OUTPORT || f == Field.INPORT) {
      out.add("set_field:" + value(f, v, FieldValue.ones(f.width()), dp, false) + "->" + (f == Field.INPORT ? "reg14" : "reg15"));
      return;
    }
    String nxm = OpenFlowFields.nxm(f);
    if (OpenFlowFields.isRegister(f)) {
      out.add("load:" + hex(v) + "->" + nxm);
      return;
    }
    out.add("set_field:" + value(f, v, FieldValue.ones(f.width()), dp, false) + "->" + OpenFlowFields.setName(f));
  }

  private static String conntrack(Action.Conntrack ct) {
    List<String> args = new ArrayList<>();
    if (ct.commit()) {
      args.add("commit");
    }
    args.add("zone=" + (ct.zone() instanceof Action.Zone.Constant k
        ? Integer.toString(k.zone())
        : OpenFlowFields.nxm(((Action.Zone.Register) ct.zone()).field())));
    if (ct.nat() instanceof Action.Nat.Apply) {
      args.add("nat");
    } else if (ct.nat() instanceof Action.Nat.Dnat d) {
      args.add("nat(dst=" + address(d.address()) + (d.port() == 0 ? "" : ":" + d.port()) + ")");
    } else if (ct.nat() instanceof Action.Nat.Snat s) {
      args.add("nat(src=" + address(s.address()) + ")");
    }
    ct.recirculate().ifPresent(st -> args.add("table=" + Tables.of(st)));
    return "ct(" + String.join(",", args) + ")";
  }

  private static String address(IpAddress a) {
    return a.version() == 6 ? "[" + a + "]" : a.toString();
  }

  /** The controller userdata's reason byte: a host agent reads it back ({@link PuntReason}). */
  public static int reasonCode(PuntReason r) {
    return r.ordinal() + 1;
  }

  // ---- groups ----

  private String printGroups() {
    StringBuilder sb = new StringBuilder();
    for (Group g : host.groups()) {
      sb.append("group_id=").append(groupId(g.name()));
      if (g.type() == Group.Type.SELECT) {
        sb.append(",type=select,selection_method=hash,fields(").append(OpenFlowFields.hashFields(g.selectionFields())).append(')');
      } else {
        sb.append(",type=all");
      }
      int i = 0;
      for (Group.Bucket b : g.buckets()) {
        sb.append(",bucket=bucket_id:").append(i++);
        if (g.type() == Group.Type.SELECT) {
          sb.append(",weight:").append(b.weight());
        }
        // Buckets are physical already (flood copies) or never output (select groups).
        sb.append(",actions=").append(actions(b.actions(), datapathOfGroup(g)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The datapath whose ports a group's buckets name: from the flows of this host that apply it. */
  private @Nullable Datapath datapathOfGroup(Group g) {
    for (LogicalDatapath d : host.datapaths()) {
      if (d.group(g.name()).isPresent()) {
        return d.datapath();
      }
    }
    String name = g.name();
    if (name.endsWith(LogicalDatapath.LOCAL_GROUP_SUFFIX)) {
      name = name.substring(0, name.length() - LogicalDatapath.LOCAL_GROUP_SUFFIX.length());
    }
    for (LogicalDatapath d : host.datapaths()) {
      if (d.group(name).isPresent()) {
        return d.datapath();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "OpenFlowExport(" + host.host() + ")";
  }
}
