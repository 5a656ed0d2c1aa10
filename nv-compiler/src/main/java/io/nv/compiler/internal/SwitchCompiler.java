package io.nv.compiler.internal;

import static io.nv.compiler.flow.FlowMatches.arp;
import static io.nv.compiler.flow.FlowMatches.arpOp;
import static io.nv.compiler.flow.FlowMatches.arpSpa;
import static io.nv.compiler.flow.FlowMatches.arpTpa;
import static io.nv.compiler.flow.FlowMatches.ctIpDst;
import static io.nv.compiler.flow.FlowMatches.ctL4Dst;
import static io.nv.compiler.flow.FlowMatches.ctState;
import static io.nv.compiler.flow.FlowMatches.ethDst;
import static io.nv.compiler.flow.FlowMatches.ethDstMulticast;
import static io.nv.compiler.flow.FlowMatches.ethSrcMulticast;
import static io.nv.compiler.flow.FlowMatches.flag;
import static io.nv.compiler.flow.FlowMatches.inport;
import static io.nv.compiler.flow.FlowMatches.ip;
import static io.nv.compiler.flow.FlowMatches.ipDst;
import static io.nv.compiler.flow.FlowMatches.ipProto;
import static io.nv.compiler.flow.FlowMatches.ipSrc;
import static io.nv.compiler.flow.FlowMatches.l4Dst;
import static io.nv.compiler.flow.FlowMatches.l4Src;
import static io.nv.compiler.flow.FlowMatches.outport;
import static io.nv.compiler.flow.FlowMatches.vlanPresent;
import static io.nv.compiler.flow.FlowMatches.vlanVid;
import static io.nv.compiler.internal.DatapathBuilder.on;
import static io.nv.compiler.internal.Paths.next;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.model.ModelPath;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.RouterPort;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compiles one logical switch into its ingress and egress pipelines, step by step as {@code
 * docs/semantics.md} describes them (see {@code docs/flow-ir.md} for the flows of each stage).
 *
 * <pre>{@code
 * LogicalDatapath web = new SwitchCompiler(ctx, topology.switchById("web").orElseThrow()).compile();
 * }</pre>
 */
public final class SwitchCompiler {
  /** Priority of ACL rule flows: {@value} + the rule's priority. */
  public static final int ACL_PRIORITY_BASE = 1000;

  private static final Action.Zone ZONE = Action.Zone.register(Field.REG_ZONE);
  /** The inport's hairpin SNAT zone, loaded with the inport (docs/flow-ir.md, Conntrack). */
  private static final Action.Zone SNAT_ZONE = Action.Zone.register(Field.REG_SNAT_ZONE);
  private static final IpPrefix IP4_MULTICAST = IpPrefix.parse("224.0.0.0/4");
  private static final IpPrefix IP6_MULTICAST = IpPrefix.parse("ff00::/8");

  private final CompileContext ctx;
  private final LogicalSwitch sw;
  private final DatapathBuilder b;
  private final ModelPath path;
  private final boolean stateful;
  /**
   * The switch's ports by id. A stage whose flows each test one port's {@code inport} or {@code
   * outport} makes them port by port in this order, which is the order they sort in (canonical
   * order compares that test's port id): {@link DatapathBuilder#build} then finds them in order
   * instead of sorting them. Flows that do not name their port keep the model's order, as the
   * first of two equal flows wins.
   */
  private final List<SwitchPort> portsById;
  /** {@link #hairpins()}, found once: four stages ask for them. */
  private @Nullable List<Hairpin> hairpins;
  private final java.util.IdentityHashMap<SwitchPort, PortFacts> facts;
  private @Nullable SwitchPort lastPort;
  private @Nullable PortFacts lastFacts;

  /** A compiler of switch {@code sw}. */
  public SwitchCompiler(CompileContext ctx, LogicalSwitch sw) {
    this.ctx = ctx;
    this.sw = sw;
    // About as many flows as an ovn-like switch makes, 23 a port: the list grows only beyond.
    this.b = new DatapathBuilder(Datapath.ofSwitch(sw.id()), 24 * sw.ports().size() + 32);
    this.path = sw.path();
    this.stateful = ctx.isStateful(sw);
    this.portsById = sw.portsById();
    this.facts = factsOf(portsById);
  }

  /**
   * What the stages ask of one port again and again, made once per port: its path, the paths
   * under it, and the tests that name it. Each of the port's flows then shares them instead of
   * holding copies of its own (the heap a compile's output takes, and the time a collector takes
   * to copy it).
   */
  private static final class PortFacts {
    final ModelPath path;
    final FieldMatch inport;
    final FieldMatch outport;
    /** The port's own MAC (a VIF's), when it has one, and the {@code eth.dst} test of it. */
    final @Nullable FieldValue mac;

    final @Nullable FieldMatch ethDst;
    private @Nullable ModelPath portSecurity;
    private @Nullable ModelPath conntrack;

    PortFacts(SwitchPort p) {
      this.path = p.path();
      FieldValue name = FieldValue.name(p.id());
      this.inport = FieldMatch.exact(Field.INPORT, name);
      this.outport = FieldMatch.exact(Field.OUTPORT, name);
      Optional<MacAddress> own = p.mac();
      this.mac = own.isPresent() ? FieldValue.of(own.get()) : null;
      this.ethDst = mac == null ? null : FieldMatch.exact(Field.ETH_DST, mac);
    }

    /** {@code port <id> / port-security}. */
    ModelPath portSecurity() {
      ModelPath known = portSecurity;
      if (known == null) {
        known = Paths.with(path, Paths.PORT_SECURITY);
        portSecurity = known;
      }
      return known;
    }

    /** {@code port <id> / conntrack}. */
    ModelPath conntrack() {
      ModelPath known = conntrack;
      if (known == null) {
        known = Paths.with(path, Paths.CONNTRACK);
        conntrack = known;
      }
      return known;
    }
  }

  /** The facts of port {@code p} of this switch. */
  private PortFacts facts(SwitchPort p) {
    // The stages ask port by port, several times in a row: the last answer first.
    PortFacts last = lastFacts;
    if (p == lastPort && last != null) {
      return last;
    }
    PortFacts known = facts.get(p);
    if (known == null) {
      throw new IllegalArgumentException(p.id() + " is not a port of switch " + sw.id());
    }
    lastPort = p;
    lastFacts = known;
    return known;
  }

  /**
   * Every port's facts, made before the stages ask: made on demand, a host JVM's optimizing
   * compiler inlined their making into every question, a large compile for a map lookup.
   */
  private static java.util.IdentityHashMap<SwitchPort, PortFacts> factsOf(List<SwitchPort> ports) {
    java.util.IdentityHashMap<SwitchPort, PortFacts> out = new java.util.IdentityHashMap<>(ports.size() * 2);
    for (SwitchPort p : ports) {
      out.put(p, new PortFacts(p));
    }
    return out;
  }

  /** {@code port <id>}, built once per port. */
  private ModelPath portPath(SwitchPort p) {
    return facts(p).path;
  }

  /** Whether the switch has a port {@code id} (a binary search of {@link #portsById}). */
  private boolean hasOwnPort(String id) {
    return Collections.binarySearch(Lists.transform(portsById, SwitchPort::id), id) >= 0;
  }

  /** The switch's pipelines. */
  public LogicalDatapath compile() {
    portSecurityIn();
    lbUnsnat();
    preAcl(true);
    acls(true);
    aclDefault(true);
    loadBalancing();
    hairpin();
    commit(true);
    arpResponder();
    l2Lookup();
    preAcl(false);
    acls(false);
    aclDefault(false);
    commit(false);
    portSecurityOut();
    output();
    return b.build(ports());
  }

  private List<LogicalPort> ports() {
    List<LogicalPort> out = new ArrayList<>(sw.ports().size());
    for (SwitchPort p : sw.ports()) {
      switch (p.kind()) {
        case VIF -> out.add(LogicalPort.edge(p.id(), LogicalPort.Role.VIF));
        case LOCALNET -> out.add(LogicalPort.edge(p.id(), LogicalPort.Role.LOCALNET));
        case ROUTER -> {
          Optional<String> router =
              p.routerPort().flatMap(rp -> ctx.topology().routerOfPort(rp)).map(r -> r.id());
          out.add(
              router.isPresent()
                  ? LogicalPort.linked(
                      p.id(), LogicalPort.Role.ROUTER_LINK, Datapath.ofRouter(router.get()),
                      p.routerPort().get())
                  : LogicalPort.edge(p.id(), LogicalPort.Role.ROUTER_LINK));
        }
      }
    }
    return out;
  }

  private static final List<Action> DROP = Paths.DROP;

  private static boolean isEdge(SwitchPort p) {
    return p.kind() != PortKind.ROUTER;
  }

  // ---- ingress ----

  private void portSecurityIn() {
    Stage st = Stages.SWITCH_IN_PORT_SECURITY;
    b.flow(st, 110, on(ethSrcMulticast()), DROP, path.cause("invalid-source"));
    for (SwitchPort p : portsById) {
      if (p.kind() == PortKind.ROUTER) {
        continue;
      }
      PortFacts port = facts(p);
      ModelPath vlanPath = Paths.with(port.path, Paths.VLAN);
      if (p.kind() == PortKind.LOCALNET && p.vlan().isPresent()) {
        b.flow(
            st, 100, on(port.inport, vlanPresent(true), vlanVid(p.vlan().get())),
            List.of(Actions.popVlan(), Actions.next(Stages.next(st))), port.path);
        b.flow(st, 95, on(port.inport), DROP, vlanPath);
        continue;
      }
      b.flow(st, 100, on(port.inport, vlanPresent(true)), DROP, vlanPath);
      if (p.kind() != PortKind.VIF || !p.portSecurity()) {
        continue;
      }
      ModelPath ps = port.portSecurity();
      FieldValue mac = port.mac;
      if (mac != null) {
        FieldMatch in = port.inport;
        FieldMatch src = FieldMatch.exact(Field.ETH_SRC, mac);
        FieldMatch sha = FieldMatch.exact(Field.ARP_SHA, mac);
        for (IpAddress a : p.ips()) {
          b.flow(st, 90, on(in, src, ip(a.version()), ipSrc(a)), next(st), ps);
          if (a instanceof Ipv4Address) {
            b.flow(st, 90, on(in, src, arp(), sha, arpSpa(a)), next(st), ps);
          }
        }
        // In the order they sort in: eth.type 0x0800, 0x0806, 0x86dd.
        b.flow(st, 80, on(in, src, ip(4)), DROP, ps);
        b.flow(st, 80, on(in, src, arp()), DROP, ps);
        b.flow(st, 80, on(in, src, ip(6)), DROP, ps);
        b.flow(st, 70, on(in, src), next(st), ps);
      }
      b.flow(st, 60, on(port.inport), DROP, ps);
    }
    b.flow(st, 0, on(), next(st), path);
  }

  /** Backends of VIPs on this switch that are ports of it: (port, vip, backend, load balancer). */
  private record Hairpin(SwitchPort port, LoadBalancer lb, Vip vip, Backend backend) {
    IpAddress snatAddress() {
      Optional<IpAddress> h = lb.hairpinAddress();
      return h.isPresent() && h.get().version() == vip.address().version() ? h.get() : vip.address();
    }

    ModelPath path() {
      return vip.path(lb.path()).cause("hairpin");
    }
  }

  private List<Hairpin> hairpins() {
    List<Hairpin> known = hairpins;
    if (known == null) {
      known = findHairpins();
      hairpins = known;
    }
    return known;
  }

  private List<Hairpin> findHairpins() {
    List<LoadBalancer> lbs = ctx.loadBalancersOn(sw.id());
    if (lbs.isEmpty()) {
      return List.of();
    }
    List<Hairpin> out = new ArrayList<>();
    java.util.Map<IpAddress, SwitchPort> owners = new java.util.HashMap<>();
    for (SwitchPort p : sw.ports()) {
      if (p.kind() == PortKind.VIF) {
        for (IpAddress a : p.ips()) {
          owners.putIfAbsent(a, p);
        }
      }
    }
    for (LoadBalancer lb : lbs) {
      for (Vip v : lb.vips()) {
        for (Backend be : v.backends()) {
          SwitchPort p = owners.get(be.address());
          if (p != null && be.address().version() == v.address().version()) {
            out.add(new Hairpin(p, lb, v, be));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private void lbUnsnat() {
    Stage st = Stages.SWITCH_IN_LB_UNSNAT;
    Set<List<Object>> seen = new HashSet<>();
    for (Hairpin h : hairpins()) {
      IpAddress snat = h.snatAddress();
      if (!seen.add(List.of(h.port().id(), snat))) {
        continue;
      }
      b.flow(
          st, 100, on(facts(h.port()).inport, ip(snat.version()), ipDst(snat)),
          List.of(Actions.ct(SNAT_ZONE, Action.Nat.APPLY, Stages.next(st))),
          h.path());
    }
    b.flow(st, 0, on(), next(st), path);
  }

  private void preAcl(boolean ingress) {
    Stage st = ingress ? Stages.SWITCH_IN_PRE_ACL : Stages.SWITCH_OUT_PRE_ACL;
    if (stateful) {
      // Egress un-NATs replies at the client's port (docs/semantics.md); ingress only looks up,
      // and the lb stage re-applies a VIP connection's DNAT to its later forward packets. reg.zone
      // holds the port's zone: loaded with the port, never by a logical flow. One list for all.
      List<Action> lookup =
          ImmutableList.of(Actions.ct(ZONE, ingress ? Action.Nat.NONE : Action.Nat.APPLY, Stages.next(st)));
      for (SwitchPort p : portsById) {
        if (!isEdge(p)) {
          continue;
        }
        PortFacts facts = facts(p);
        FieldMatch port = ingress ? facts.inport : facts.outport;
        ModelPath ct = facts.conntrack();
        b.flow(st, 100, on(port, ip(4)), lookup, ct);
        b.flow(st, 100, on(port, ip(6)), lookup, ct);
      }
      if (!ingress) {
        // A hairpinned packet is the forward direction of its connection: no lookup (it would
        // not find the SNATed tuple); the to-port rules decide, and stateful commits nothing.
        Set<List<FieldMatch>> seen = new HashSet<>();
        for (Hairpin h : hairpins()) {
          if (seen.add(hairpinned(h, false))) {
            b.flow(st, 110, hairpinned(h, false), next(st), h.path());
          }
        }
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  /** The ACL rules that apply on this switch in one direction, each with its owner. */
  private record Scoped(AclRule rule, ModelPath owner, Optional<PortGroup> group) {}

  private void acls(boolean ingress) {
    Direction dir = ingress ? Direction.FROM_PORT : Direction.TO_PORT;
    Stage after = ingress ? Stages.SWITCH_IN_LB : Stages.SWITCH_OUT_STATEFUL;
    Stage last = ingress ? Stages.SWITCH_IN_ACL_DEFAULT : Stages.SWITCH_OUT_ACL_DEFAULT;
    if (stateful) {
      // Only replies pass at once; forward packets of a connection meet the rules again (as
      // OVN's ct.est && ct.rpl), and their commit is a no-op in conntrack.
      b.flow(
          Stages.aclTier(ingress, 0), 0xffff,
          List.of(ctState(CtState.TRK | CtState.EST | CtState.RPL, 0)),
          List.of(Actions.next(after)), path.cause("established"));
    }
    List<Scoped> rules = new ArrayList<>();
    for (AclRule r : sw.acls()) {
      if (r.direction() == dir) {
        rules.add(new Scoped(r, path, Optional.empty()));
      }
    }
    for (PortGroup g : ctx.portGroupsOnSwitch(sw.id())) {
      for (AclRule r : g.acls()) {
        if (r.direction() == dir) {
          rules.add(new Scoped(r, g.path(), Optional.of(g)));
        }
      }
    }
    MatchTranslator.Scope scope = scope();
    for (Scoped s : rules) {
      AclRule r = s.rule();
      int tier = Math.max(0, Math.min(3, r.tier()));
      Stage st = Stages.aclTier(ingress, tier);
      List<Conj> dnf = ctx.aclTranslation(r.match(), scope);
      if (s.group().isPresent()) {
        List<FieldMatch> members = new ArrayList<>();
        for (String m : ctx.membersOn(s.group().get().id(), sw.id())) {
          members.add(ingress ? inport(m) : outport(m));
        }
        Field f = ingress ? Field.INPORT : Field.OUTPORT;
        dnf = MatchTranslator.and(dnf, List.of(Conj.TRUE.with(f, members)));
      }
      List<Action> actions = new ArrayList<>();
      if (r.log()) {
        actions.add(Actions.controller(PuntReason.LOG));
      }
      switch (r.action()) {
        case ALLOW -> actions.add(Actions.next(after));
        case ALLOW_RELATED -> {
          actions.add(Actions.setFlag(Field.FLAG_COMMIT));
          actions.add(Actions.next(after));
        }
        case DROP -> actions.add(Actions.drop());
        case REJECT -> actions.add(Actions.controller(PuntReason.REJECT));
        case PASS -> actions.add(Actions.next(tier == 3 ? last : Stages.aclTier(ingress, tier + 1)));
      }
      int priority = ACL_PRIORITY_BASE + Math.max(0, Math.min(32767, r.priority()));
      Conjunctions.emit(b, st, priority, dnf, actions, r.path(s.owner()));
    }
    for (int t = 0; t < 4; t++) {
      Stage st = Stages.aclTier(ingress, t);
      b.flow(st, 0, on(), next(st), path);
    }
  }

  private MatchTranslator.Scope scope() {
    return new MatchTranslator.Scope() {
      @Override
      public boolean hasPort(String port) {
        return hasOwnPort(port);
      }

      @Override
      public List<IpPrefix> addressSet(String name) {
        return ctx.addressSet(name);
      }

      @Override
      public List<String> portGroupMembers(String group) {
        return ctx.membersOn(group, sw.id());
      }
    };
  }

  private void aclDefault(boolean ingress) {
    Stage st = ingress ? Stages.SWITCH_IN_ACL_DEFAULT : Stages.SWITCH_OUT_ACL_DEFAULT;
    Set<DefaultDeny> covering =
        ingress ? EnumSet.of(DefaultDeny.BOTH) : EnumSet.of(DefaultDeny.TO_PORT, DefaultDeny.BOTH);
    if (covering.contains(sw.defaultDeny())) {
      ModelPath dd = path.cause("default-deny");
      b.flow(st, 200, on(ip(4)), DROP, dd);
      b.flow(st, 200, on(ip(6)), DROP, dd);
    } else {
      for (SwitchPort p : portsById) {
        for (PortGroup g : ctx.portGroupsOfPort(p.id())) {
          if (covering.contains(g.defaultDeny())) {
            ModelPath dd = Paths.with(g.path(), Paths.DEFAULT_DENY);
            FieldMatch port = ingress ? facts(p).inport : facts(p).outport;
            b.flow(st, 200, on(port, ip(4)), DROP, dd);
            b.flow(st, 200, on(port, ip(6)), DROP, dd);
            break;
          }
        }
      }
    }
    Stage after = ingress ? Stages.SWITCH_IN_LB : Stages.SWITCH_OUT_STATEFUL;
    if (stateful) {
      b.flow(
          st, 100, on(ctState(CtState.TRK, 0)),
          List.of(Actions.setFlag(Field.FLAG_COMMIT), Actions.next(after)), path.cause("conntrack"));
    }
    b.flow(st, 0, on(), List.of(Actions.next(after)), path);
  }

  private void loadBalancing() {
    Stage st = Stages.SWITCH_IN_LB;
    for (LoadBalancer lb : ctx.loadBalancersOn(sw.id())) {
      List<Field> selection = selectionFields(lb);
      for (Vip v : lb.vips()) {
        ModelPath vp = v.path(lb.path());
        IpAddress va = v.address();
        List<FieldMatch> m =
            List.of(
                ctState(CtState.TRK | CtState.NEW, 0), ip(va.version()), ipDst(va),
                ipProto(v.protocol().number()), l4Dst(v.port()));
        List<Group.Bucket> buckets = new ArrayList<>();
        for (Backend be : v.backends()) {
          if (be.healthy() && be.address().version() == va.version()) {
            buckets.add(
                Group.Bucket.of(
                    be.weight(),
                    List.of(
                        Actions.ctCommit(
                            ZONE, Action.Nat.dnat(be.address(), be.port()), Stages.next(st)))));
          }
        }
        List<FieldMatch> later =
            List.of(
                ctState(CtState.TRK | CtState.EST, CtState.RPL), ip(va.version()), ipDst(va),
                ipProto(v.protocol().number()), l4Dst(v.port()));
        b.flow(st, 110, later, List.of(Actions.ct(ZONE, Action.Nat.APPLY, Stages.next(st))), vp);
        if (buckets.isEmpty()) {
          b.flow(st, 120, m, DROP, vp);
          continue;
        }
        String name = vp.toString();
        b.group(Group.select(name, buckets, ipVersioned(selection, va.version()), vp));
        b.flow(st, 120, m, List.of(Actions.setFlag(Field.FLAG_LB), Actions.group(name)), vp);
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  /** The hashed fields in the contract's order; the 5-tuple by default; ip.src with affinity. */
  private static List<Field> selectionFields(LoadBalancer lb) {
    Set<SelectionField> chosen;
    if (lb.affinityTimeout().isPresent()) {
      chosen = EnumSet.of(SelectionField.IP_SRC);
    } else if (lb.selectionFields().isEmpty()) {
      chosen =
          EnumSet.of(
              SelectionField.IP_SRC, SelectionField.IP_DST, SelectionField.TP_SRC,
              SelectionField.TP_DST);
    } else {
      chosen = EnumSet.copyOf(lb.selectionFields());
    }
    List<Field> out = new ArrayList<>();
    for (SelectionField f : chosen) {
      out.add(
          switch (f) {
            case ETH_SRC -> Field.ETH_SRC;
            case ETH_DST -> Field.ETH_DST;
            case IP_SRC -> Field.IP4_SRC;
            case IP_DST -> Field.IP4_DST;
            case TP_SRC -> Field.L4_SRC;
            case TP_DST -> Field.L4_DST;
          });
    }
    return out;
  }

  private static List<Field> ipVersioned(List<Field> fields, int version) {
    if (version == 4) {
      return fields;
    }
    List<Field> out = new ArrayList<>();
    for (Field f : fields) {
      out.add(f == Field.IP4_SRC ? Field.IP6_SRC : f == Field.IP4_DST ? Field.IP6_DST : f);
    }
    return out;
  }

  private void hairpin() {
    Stage st = Stages.SWITCH_IN_LB_HAIRPIN;
    Set<List<FieldMatch>> seen = new HashSet<>();
    for (Hairpin h : hairpins()) {
      IpAddress be = h.backend().address();
      FieldMatch in = facts(h.port()).inport;
      int proto = h.vip().protocol().number();
      List<FieldMatch> tuple =
          List.of(
              in, ip(be.version()), ipSrc(be), ipDst(be), ipProto(proto),
              l4Dst(h.backend().port()), ctIpDst(h.vip().address()), ctL4Dst(h.vip().port()));
      List<FieldMatch> fresh = new ArrayList<>(tuple);
      fresh.add(flag(Field.FLAG_LB, true));
      // The SNAT recirculates into this stage, where the flow below sends the packet back;
      // flags.hairpin marks it (and stays into the egress).
      fresh.add(flag(Field.FLAG_HAIRPIN, false));
      b.flow(
          st, 100, fresh,
          List.of(
              Actions.setFlag(Field.FLAG_HAIRPIN),
              Actions.ctCommit(SNAT_ZONE, Action.Nat.snat(h.snatAddress()), st)),
          h.path());
      // Later packets of the connection were DNATed again by the lb stage: SNAT them again too.
      List<FieldMatch> later = new ArrayList<>(tuple);
      later.add(ctState(CtState.TRK | CtState.EST, CtState.RPL));
      later.add(flag(Field.FLAG_HAIRPIN, false));
      b.flow(
          st, 90, later,
          List.of(Actions.setFlag(Field.FLAG_HAIRPIN), Actions.ct(SNAT_ZONE, Action.Nat.APPLY, st)),
          h.path());
      // As OVN's ls_in_hairpin: Ethernet addresses swapped, straight back to the inport's
      // egress (no ARP responder, no L2 lookup).
      if (seen.add(hairpinned(h, true))) {
        b.flow(st, 110, hairpinned(h, true), back(h), h.path());
      }
      // The backend's reply, un-SNATed by lb-unsnat and found a reply of the VIP connection by
      // pre-acl, loops back the same way; the egress lookup un-DNATs it.
      List<FieldMatch> reply =
          List.of(
              in, ip(be.version()), ipSrc(be), ipDst(be), ipProto(proto),
              l4Src(h.backend().port()), ctState(CtState.TRK | CtState.EST | CtState.RPL, 0),
              ctIpDst(h.vip().address()), ctL4Dst(h.vip().port()));
      if (seen.add(reply)) {
        b.flow(st, 100, reply, back(h), h.path());
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  /**
   * A hairpinned packet of {@code h} after its SNAT ({@code flags.hairpin}), at the ingress hairpin
   * stage or, with {@code outport} too, at the egress.
   */
  private List<FieldMatch> hairpinned(Hairpin h, boolean atIngress) {
    IpAddress be = h.backend().address();
    List<FieldMatch> m = new ArrayList<>();
    m.add(facts(h.port()).inport);
    if (!atIngress) {
      m.add(facts(h.port()).outport);
    }
    m.add(ip(be.version()));
    m.add(ipSrc(h.snatAddress()));
    m.add(ipDst(be));
    m.add(ipProto(h.vip().protocol().number()));
    m.add(l4Dst(h.backend().port()));
    m.add(flag(Field.FLAG_HAIRPIN, true));
    return m;
  }

  private static List<Action> back(Hairpin h) {
    return List.of(
        Actions.move(Field.ETH_SRC, Field.REG_MAC),
        Actions.move(Field.ETH_DST, Field.ETH_SRC),
        Actions.move(Field.REG_MAC, Field.ETH_DST),
        Actions.output(h.port().id()));
  }

  private void commit(boolean ingress) {
    Stage st = ingress ? Stages.SWITCH_IN_STATEFUL : Stages.SWITCH_OUT_STATEFUL;
    if (stateful) {
      if (ingress) {
        b.flow(st, 110, on(flag(Field.FLAG_LB, true)), next(st), path.cause("conntrack"));
      } else {
        // A router-kind outport has no zone: it never commits, although the ingress ct_state
        // it keeps may have let its stage ask for a commit.
        for (SwitchPort p : portsById) {
          if (p.kind() == PortKind.ROUTER) {
            b.flow(st, 110, on(facts(p).outport), next(st), path.cause("conntrack"));
          }
        }
        // A hairpinned packet belongs to the connection its ingress recorded; its ct_state comes
        // from the SNAT zone, so a commit here would record its SNATed tuple as a new connection.
        if (!hairpins().isEmpty()) {
          b.flow(st, 110, on(flag(Field.FLAG_HAIRPIN, true)), next(st), path.cause("conntrack"));
        }
      }
      // One per IP version: OpenFlow takes ct() only in flows that match IP.
      for (int v : new int[] {4, 6}) {
        b.flow(
            st, 100, on(flag(Field.FLAG_COMMIT, true), ctState(CtState.TRK, 0), ip(v)),
            List.of(Actions.ctCommit(ZONE), Actions.next(Stages.next(st))), path.cause("conntrack"));
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  /** An IPv4 address a port answers ARP requests for, and the MAC it answers with. */
  private record ArpAnswer(Ipv4Address address, MacAddress mac, FieldMatch tpa) {
    /** The answer, with its {@code arp.tpa} test made once for the two flows that test it. */
    ArpAnswer(Ipv4Address address, MacAddress mac) {
      this(address, mac, arpTpa(address));
    }
  }

  /**
   * The IPv4 addresses {@code p} answers for, each with its MAC: a VIF's own; a linked router
   * port's, and the NAT addresses of that port (a floating IP may answer with its own MAC).
   */
  private List<ArpAnswer> arpAnswers(SwitchPort p) {
    List<ArpAnswer> out = new ArrayList<>(2);
    if (p.kind() == PortKind.VIF && p.mac().isPresent()) {
      for (IpAddress a : p.ips()) {
        if (a instanceof Ipv4Address v4) {
          out.add(new ArpAnswer(v4, p.mac().get()));
        }
      }
    } else if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
      Optional<RouterPort> rp = ctx.topology().routerPortById(p.routerPort().get());
      if (rp.isPresent()) {
        for (var a : rp.get().addresses()) {
          if (a.address() instanceof Ipv4Address v4) {
            out.add(new ArpAnswer(v4, rp.get().mac()));
          }
        }
        for (NatRule n : ctx.natsOf(rp.get().id())) {
          if (n.externalIp() instanceof Ipv4Address v4) {
            out.add(new ArpAnswer(v4, RouterCompiler.answeringMac(n, rp.get())));
          }
        }
      }
    }
    return out;
  }

  private void arpResponder() {
    Stage st = Stages.SWITCH_IN_ARP_RESPONDER;
    ModelPath responder = path.cause("arp-responder");
    // The replies (50) do not name a port, so they keep the model's order (the first of two
    // equal flows stays). A request from the port that owns the address goes on (100); these
    // name their port, so they are made in port id order.
    java.util.Map<String, List<ArpAnswer>> answers = new java.util.HashMap<>();
    for (SwitchPort p : sw.ports()) {
      List<ArpAnswer> own = arpAnswers(p);
      answers.put(p.id(), own);
      for (ArpAnswer a : own) {
        b.flow(
            st, 50, on(arp(), arpOp(1), a.tpa()), arpReply(a.mac(), a.address()),
            responder);
      }
    }
    for (SwitchPort p : portsById) {
      for (ArpAnswer a : answers.getOrDefault(p.id(), List.of())) {
        b.flow(
            st, 100, on(facts(p).inport, arp(), arpOp(1), a.tpa()), next(st), portPath(p));
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  // The parts of every ARP reply that name no address, made once.
  private static final Action ETH_SRC_TO_DST = Actions.move(Field.ETH_SRC, Field.ETH_DST);
  private static final Action ARP_OP_REPLY = Actions.set(Field.ARP_OP, 2);
  private static final Action ARP_SHA_TO_THA = Actions.move(Field.ARP_SHA, Field.ARP_THA);
  private static final Action ARP_SPA_TO_TPA = Actions.move(Field.ARP_SPA, Field.ARP_TPA);

  /** The actions that turn an ARP request into the reply of {@code mac} for {@code address}. */
  static List<Action> arpReply(MacAddress mac, IpAddress address) {
    FieldValue m = FieldValue.of(mac);
    return ImmutableList.of(
        ETH_SRC_TO_DST,
        Actions.set(Field.ETH_SRC, m),
        ARP_OP_REPLY,
        ARP_SHA_TO_THA,
        Actions.set(Field.ARP_SHA, m),
        ARP_SPA_TO_TPA,
        Actions.set(Field.ARP_SPA, address),
        Actions.outputInport());
  }

  private void l2Lookup() {
    Stage st = Stages.SWITCH_IN_L2_LOOKUP;
    ModelPath lookup = path.cause("l2-lookup");
    List<Group.Bucket> flood = new ArrayList<>();
    List<Group.Bucket> unknown = new ArrayList<>();
    for (SwitchPort p : sw.ports()) {
      if (isEdge(p)) {
        flood.add(Group.Bucket.of(Actions.output(p.id())));
      }
      if (p.kind() == PortKind.LOCALNET || p.unknown()) {
        unknown.add(Group.Bucket.of(Actions.output(p.id())));
      }
      FieldMatch toMac =
          p.kind() == PortKind.VIF
              ? facts(p).ethDst
              : p.kind() == PortKind.ROUTER
                  ? p.routerPort()
                      .flatMap(rp -> ctx.topology().routerPortById(rp))
                      .map(rp -> ethDst(rp.mac()))
                      .orElse(null)
                  : null;
      if (toMac != null) {
        b.flow(st, 50, on(toMac), ImmutableList.of(Actions.output(p.id())), portPath(p));
      }
      if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
        // Floating IPs answering with their own MAC are reached through the router too.
        for (NatRule n : ctx.natsOf(p.routerPort().get())) {
          if (n.type() == NatType.FLOATING_IP && n.externalMac().isPresent()) {
            b.flow(
                st, 50, on(ethDst(n.externalMac().get())), List.of(Actions.output(p.id())),
                portPath(p));
          }
        }
      }
    }
    String floodName = lookup.toString();
    List<Action> toFlood;
    if (flood.isEmpty()) {
      toFlood = DROP;
    } else {
      b.group(Group.all(floodName, flood, true, lookup));
      toFlood = ImmutableList.of(Actions.group(floodName));
    }
    b.flow(st, 100, on(ethDstMulticast()), toFlood, lookup);
    if (sw.unknownUnicast() == UnknownUnicast.FLOOD) {
      b.flow(st, 0, on(), toFlood, lookup);
    } else {
      ModelPath uu = path.cause("unknown-unicast");
      if (unknown.isEmpty()) {
        b.flow(st, 0, on(), DROP, uu);
      } else {
        b.group(Group.all(uu.toString(), unknown, true, uu));
        b.flow(st, 0, on(), List.of(Actions.group(uu.toString())), uu);
      }
    }
  }

  // ---- egress ----

  private void portSecurityOut() {
    Stage ipStage = Stages.SWITCH_OUT_PORT_SECURITY_IP;
    Stage l2Stage = Stages.SWITCH_OUT_PORT_SECURITY_L2;
    // Broadcast and multicast destinations are fine for every port: one flow each per switch.
    Set<IpPrefix> everyone = new LinkedHashSet<>();
    everyone.add(IpPrefix.host(Ipv4Address.BROADCAST));
    for (IpPrefix s : sw.subnets()) {
      if (s.version() == 4) {
        everyone.add(IpPrefix.host(s.last()));
      }
    }
    everyone.add(IP4_MULTICAST);
    everyone.add(IP6_MULTICAST);
    boolean any = false;
    for (SwitchPort p : portsById) {
      if (p.kind() != PortKind.VIF || !p.portSecurity()) {
        continue;
      }
      any = true;
      PortFacts port = facts(p);
      ModelPath ps = port.portSecurity();
      FieldMatch out = port.outport;
      for (IpAddress a : p.ips()) {
        b.flow(ipStage, 100, on(out, ip(a.version()), ipDst(a)), next(ipStage), ps);
      }
      b.flow(ipStage, 90, on(out, ip(4)), DROP, ps);
      b.flow(ipStage, 90, on(out, ip(6)), DROP, ps);
      // The multicast test (01:00:00:00:00:00/01:00:00:00:00:00) sorts before a unicast MAC.
      b.flow(l2Stage, 100, on(out, ethDstMulticast()), next(l2Stage), ps);
      FieldMatch toMac = port.ethDst;
      if (toMac != null) {
        b.flow(l2Stage, 100, on(out, toMac), next(l2Stage), ps);
      }
      b.flow(l2Stage, 90, on(out), DROP, ps);
    }
    if (any) {
      for (IpPrefix a : everyone) {
        b.flow(ipStage, 110, on(ip(a.version()), ipDst(a)), next(ipStage), path);
      }
    }
    b.flow(ipStage, 0, on(), next(ipStage), path);
    b.flow(l2Stage, 0, on(), next(l2Stage), path);
  }

  private void output() {
    Stage st = Stages.SWITCH_OUT_OUTPUT;
    for (SwitchPort p : portsById) {
      List<Action> actions =
          p.kind() == PortKind.LOCALNET && p.vlan().isPresent()
              ? ImmutableList.of(Actions.pushVlan(p.vlan().get()), Actions.output(p.id()))
              : ImmutableList.of(Actions.output(p.id()));
      b.flow(st, 100, on(facts(p).outport), actions, portPath(p));
    }
    b.flow(st, 0, on(), DROP, path);
  }
}
