package io.nv.compiler.trace;

import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.FlowMatch;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A packet as the flow tables see it: every {@link Field}'s value, or absent. Mutable. */
@SuppressWarnings("EnumOrdinal") // one slot per field, indexed by ordinal: the tracer's hot path
final class PacketState {
  private static final int N = Field.values().length;

  private final long[] high;
  private final long[] low;
  private final @Nullable String[] names;
  private final boolean[] present;

  private PacketState() {
    high = new long[N];
    low = new long[N];
    names = new String[N];
    present = new boolean[N];
  }

  private PacketState(PacketState o) {
    high = o.high.clone();
    low = o.low.clone();
    names = o.names.clone();
    present = o.present.clone();
  }

  PacketState copy() {
    return new PacketState(this);
  }

  static PacketState of(Packet p) {
    PacketState s = new PacketState();
    s.set(Field.ETH_SRC, p.ethSrc().bits());
    s.set(Field.ETH_DST, p.ethDst().bits());
    s.set(Field.ETH_TYPE, p.ethType());
    s.set(Field.VLAN_PRESENT, p.vlan().isPresent() ? 1 : 0);
    p.vlan()
        .ifPresent(
            v -> {
              s.set(Field.VLAN_VID, v.vid());
              s.set(Field.VLAN_PCP, v.pcp());
            });
    p.arp()
        .ifPresent(
            a -> {
              s.set(Field.ARP_OP, a.op());
              s.set(Field.ARP_SHA, a.sha().bits());
              s.set(Field.ARP_THA, a.tha().bits());
              s.set(Field.ARP_SPA, Integer.toUnsignedLong(a.spa().bits()));
              s.set(Field.ARP_TPA, Integer.toUnsignedLong(a.tpa().bits()));
            });
    p.ip()
        .ifPresent(
            ip -> {
              boolean v4 = ip.version() == 4;
              s.setIp(v4 ? Field.IP4_SRC : Field.IP6_SRC, ip.src());
              s.setIp(v4 ? Field.IP4_DST : Field.IP6_DST, ip.dst());
              s.set(Field.IP_PROTO, ip.proto().number());
              s.set(Field.IP_TTL, ip.ttl());
              s.set(Field.IP_DSCP, ip.dscp());
              s.set(Field.IP_ECN, ip.ecn());
              p.l4()
                  .ifPresent(
                      l4 -> {
                        if (l4 instanceof Packet.Tcp t) {
                          s.set(Field.L4_SRC, t.src());
                          s.set(Field.L4_DST, t.dst());
                          s.set(Field.TCP_FLAGS, t.flags());
                        } else if (l4 instanceof Packet.Udp u) {
                          s.set(Field.L4_SRC, u.src());
                          s.set(Field.L4_DST, u.dst());
                        } else if (l4 instanceof Packet.Icmp i) {
                          s.set(v4 ? Field.ICMP4_TYPE : Field.ICMP6_TYPE, i.type());
                          s.set(v4 ? Field.ICMP4_CODE : Field.ICMP6_CODE, i.code());
                        }
                      });
            });
    s.clearScratch();
    return s;
  }

  /** What the ingress-to-egress hand-off clears: registers and flags, but not flags.hairpin. */
  private static final Field[] REGISTERS = {
    Field.REG_ZONE, Field.REG_SNAT_ZONE, Field.REG_DNAT_ZONE, Field.REG_NEXTHOP4,
    Field.REG_NEXTHOP6, Field.REG_MAC, Field.REG_IP4, Field.REG_IP6, Field.FLAG_COMMIT,
    Field.FLAG_LB, Field.FLAG_UNDNAT, Field.CONJ_ID
  };

  /** What entering a datapath clears: every register and flag, and the conntrack results. */
  private static final Field[] SCRATCH = {
    Field.REG_ZONE, Field.REG_SNAT_ZONE, Field.REG_DNAT_ZONE, Field.REG_NEXTHOP4,
    Field.REG_NEXTHOP6, Field.REG_MAC, Field.REG_IP4, Field.REG_IP6, Field.FLAG_COMMIT,
    Field.FLAG_LB, Field.FLAG_HAIRPIN, Field.FLAG_UNDNAT, Field.CT_STATE, Field.CT_ZONE,
    Field.CT_MARK, Field.CONJ_ID
  };

  /**
   * Registers and flags back to a fresh pipeline's values; conntrack results and {@code
   * flags.hairpin} stay (docs/flow-ir.md, Pipelines).
   */
  void clearRegisters() {
    for (Field f : REGISTERS) {
      set(f, 0, 0);
    }
  }

  /** Registers, flags and conntrack results back to a fresh pipeline's values. */
  void clearScratch() {
    for (Field f : SCRATCH) {
      set(f, 0, 0);
    }
    unset(Field.CT_IP4_DST);
    unset(Field.CT_IP6_DST);
    unset(Field.CT_L4_DST);
  }

  void set(Field f, long value) {
    set(f, 0, value);
  }

  void set(Field f, long hi, long lo) {
    int i = f.ordinal();
    high[i] = hi;
    low[i] = lo;
    names[i] = null;
    present[i] = true;
  }

  void set(Field f, FieldValue v) {
    int i = f.ordinal();
    high[i] = v.high();
    low[i] = v.low();
    names[i] = v.name();
    present[i] = true;
  }

  void setName(Field f, String name) {
    int i = f.ordinal();
    high[i] = 0;
    low[i] = 0;
    names[i] = name;
    present[i] = true;
  }

  void setIp(Field f, IpAddress a) {
    if (a instanceof Ipv4Address v4) {
      set(f, Integer.toUnsignedLong(v4.bits()));
    } else {
      Ipv6Address v6 = (Ipv6Address) a;
      set(f, v6.high(), v6.low());
    }
  }

  void unset(Field f) {
    int i = f.ordinal();
    high[i] = 0;
    low[i] = 0;
    names[i] = null;
    present[i] = false;
  }

  void move(Field from, Field to) {
    int a = from.ordinal();
    int b = to.ordinal();
    high[b] = high[a];
    low[b] = low[a];
    names[b] = names[a];
    present[b] = present[a];
  }
  /**
   * Applies {@code a} if it only rewrites headers (set, move, TTL decrement, VLAN push or pop), as
   * both tracers do; returns false, changing nothing, for any other action.
   */
  boolean rewrite(io.nv.compiler.flow.Action a) {
    if (a instanceof io.nv.compiler.flow.Action.SetField sf) {
      set(sf.field(), sf.value());
    } else if (a instanceof io.nv.compiler.flow.Action.MoveField mf) {
      move(mf.source(), mf.destination());
    } else if (a instanceof io.nv.compiler.flow.Action.DecTtl) {
      set(Field.IP_TTL, Math.max(0, get(Field.IP_TTL) - 1));
    } else if (a instanceof io.nv.compiler.flow.Action.PushVlan pv) {
      set(Field.VLAN_PRESENT, 1);
      set(Field.VLAN_VID, pv.vid());
      set(Field.VLAN_PCP, 0);
    } else if (a instanceof io.nv.compiler.flow.Action.PopVlan) {
      set(Field.VLAN_PRESENT, 0);
      unset(Field.VLAN_VID);
      unset(Field.VLAN_PCP);
    } else {
      return false;
    }
    return true;
  }


  boolean has(Field f) {
    return present[f.ordinal()];
  }

  long get(Field f) {
    return low[f.ordinal()];
  }

  long getHigh(Field f) {
    return high[f.ordinal()];
  }

  @Nullable String name(Field f) {
    return names[f.ordinal()];
  }

  IpAddress ip(Field f) {
    return f.width() == 32 ? Ipv4Address.of((int) get(f)) : Ipv6Address.of(getHigh(f), get(f));
  }

  MacAddress mac(Field f) {
    return MacAddress.of(get(f));
  }

  /** True when every test of {@code m} holds. */
  boolean matches(FlowMatch m) {
    for (int k = 0; k < m.size(); k++) {
      FieldMatch fm = m.field(k);
      int i = fm.field().ordinal();
      if (!present[i]) {
        return false;
      }
      if (fm.field().isName()) {
        if (!Objects.equals(names[i], fm.value().name())) {
          return false;
        }
      } else if ((high[i] & fm.mask().high()) != fm.value().high()
          || (low[i] & fm.mask().low()) != fm.value().low()) {
        return false;
      }
    }
    return true;
  }

  boolean isIp() {
    long t = get(Field.ETH_TYPE);
    return t == Field.ETH_TYPE_IP4 || t == Field.ETH_TYPE_IP6;
  }

  int ipVersion() {
    return get(Field.ETH_TYPE) == Field.ETH_TYPE_IP4 ? 4 : 6;
  }

  Field ipSrcField() {
    return ipVersion() == 4 ? Field.IP4_SRC : Field.IP6_SRC;
  }

  Field ipDstField() {
    return ipVersion() == 4 ? Field.IP4_DST : Field.IP6_DST;
  }

  /** The connection tuple of an IP packet. */
  FiveTuple tuple() {
    int proto = (int) get(Field.IP_PROTO);
    int a = 0;
    int b = 0;
    if (has(Field.L4_SRC)) {
      a = (int) get(Field.L4_SRC);
      b = (int) get(Field.L4_DST);
    } else if (has(Field.ICMP4_TYPE)) {
      a = (int) get(Field.ICMP4_TYPE);
      b = (int) get(Field.ICMP4_CODE);
    } else if (has(Field.ICMP6_TYPE)) {
      a = (int) get(Field.ICMP6_TYPE);
      b = (int) get(Field.ICMP6_CODE);
    }
    return new FiveTuple(ip(ipSrcField()), ip(ipDstField()), proto, a, b);
  }

  /** Rewrites addresses and, for TCP/UDP, ports to {@code t}. */
  void apply(FiveTuple t) {
    setIp(ipSrcField(), t.src());
    setIp(ipDstField(), t.dst());
    if (t.hasPorts() && has(Field.L4_SRC)) {
      set(Field.L4_SRC, t.srcPort());
      set(Field.L4_DST, t.dstPort());
    }
  }

  /** The headers as a {@link Packet}, with {@code inport} and {@code outport} as given. */
  Packet toPacket(@Nullable String inport, @Nullable String outport) {
    Packet.Builder b =
        new Packet.Builder()
            .ethSrc(mac(Field.ETH_SRC))
            .ethDst(mac(Field.ETH_DST))
            .ethType((int) get(Field.ETH_TYPE));
    if (inport != null) {
      b.inport(inport);
    }
    if (outport != null) {
      b.outport(outport);
    }
    if (get(Field.VLAN_PRESENT) == 1) {
      b.vlan(new Packet.Vlan((int) get(Field.VLAN_VID), (int) get(Field.VLAN_PCP)));
    }
    long type = get(Field.ETH_TYPE);
    if (type == Field.ETH_TYPE_ARP && has(Field.ARP_OP)) {
      b.arp(
          new Packet.Arp(
              (int) get(Field.ARP_OP), mac(Field.ARP_SHA), (Ipv4Address) ip(Field.ARP_SPA),
              mac(Field.ARP_THA), (Ipv4Address) ip(Field.ARP_TPA)));
    } else if ((type == Field.ETH_TYPE_IP4 || type == Field.ETH_TYPE_IP6) && has(ipSrcField())) {
      boolean v4 = type == Field.ETH_TYPE_IP4;
      int proto = (int) get(Field.IP_PROTO);
      b.ip(
          new Packet.Ip(
              ip(ipSrcField()), ip(ipDstField()), IpProtocol.valueOf(proto), (int) get(Field.IP_TTL),
              (int) get(Field.IP_DSCP), (int) get(Field.IP_ECN)));
      if (has(Field.L4_SRC) && proto == 6) {
        b.l4(new Packet.Tcp((int) get(Field.L4_SRC), (int) get(Field.L4_DST), (int) get(Field.TCP_FLAGS)));
      } else if (has(Field.L4_SRC) && proto == 17) {
        b.l4(new Packet.Udp((int) get(Field.L4_SRC), (int) get(Field.L4_DST)));
      } else if (v4 && has(Field.ICMP4_TYPE)) {
        b.l4(new Packet.Icmp((int) get(Field.ICMP4_TYPE), (int) get(Field.ICMP4_CODE)));
      } else if (!v4 && has(Field.ICMP6_TYPE)) {
        b.l4(new Packet.Icmp((int) get(Field.ICMP6_TYPE), (int) get(Field.ICMP6_CODE)));
      }
    }
    return b.build();
  }

  void enter(Datapath d, String inport) {
    setName(Field.DATAPATH, d.toString());
    setName(Field.INPORT, inport);
    unset(Field.OUTPORT);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Field f : Field.values()) {
      if (present[f.ordinal()]) {
        sb.append(f).append('=').append(names[f.ordinal()] != null ? names[f.ordinal()]
            : new FieldValue(high[f.ordinal()], low[f.ordinal()], null).format(f)).append(' ');
      }
    }
    return sb.toString().trim();
  }
}
