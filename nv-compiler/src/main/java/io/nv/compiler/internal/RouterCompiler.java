package io.nv.compiler.internal;

import static io.nv.compiler.flow.FlowMatches.arp;
import static io.nv.compiler.flow.FlowMatches.arpOp;
import static io.nv.compiler.flow.FlowMatches.arpTpa;
import static io.nv.compiler.flow.FlowMatches.ctState;
import static io.nv.compiler.flow.FlowMatches.ethDst;
import static io.nv.compiler.flow.FlowMatches.flag;
import static io.nv.compiler.flow.FlowMatches.inport;
import static io.nv.compiler.flow.FlowMatches.ip;
import static io.nv.compiler.flow.FlowMatches.ipDst;
import static io.nv.compiler.flow.FlowMatches.ipProto;
import static io.nv.compiler.flow.FlowMatches.ipSrc;
import static io.nv.compiler.flow.FlowMatches.nextHop;
import static io.nv.compiler.flow.FlowMatches.outport;
import static io.nv.compiler.flow.FlowMatches.ttl;
import static io.nv.compiler.internal.DatapathBuilder.on;
import static io.nv.compiler.internal.Paths.next;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.model.ModelPath;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles one logical router into its pipelines as {@code docs/semantics.md} ("Router")
 * describes them: admission, un-SNAT, DNAT, IP input, longest-prefix routing over connected and
 * static routes (equal prefixes are ECMP select groups), policy routes, next-hop resolution, and
 * in egress un-DNAT, SNAT and delivery. NAT connections live in the router's DNAT and SNAT zones.
 *
 * <pre>{@code
 * LogicalDatapath r1 = new RouterCompiler(ctx, topology.routerById("r1").orElseThrow()).compile();
 * }</pre>
 */
public final class RouterCompiler {
  private static final List<Action> DROP = Paths.DROP;
  /** The hashed fields of ECMP groups, in the contract's order (docs/semantics.md, Routing). */
  private static final List<Field> ECMP4 =
      List.of(Field.IP4_SRC, Field.IP4_DST, Field.L4_SRC, Field.L4_DST);
  private static final List<Field> ECMP6 =
      List.of(Field.IP6_SRC, Field.IP6_DST, Field.L4_SRC, Field.L4_DST);

  private final CompileContext ctx;
  private final LogicalRouter router;
  private final DatapathBuilder b;
  private final ModelPath path;
  private final Action.Zone dnatZone;
  private final Action.Zone snatZone;
  private final Set<String> portIds = new HashSet<>();
  /**
   * The router's ports by id: stages whose flows each test one port make them in this order, the
   * order they sort in (as {@link SwitchCompiler}'s do).
   */
  private final List<RouterPort> portsById;

  /** A compiler of {@code router}. */
  public RouterCompiler(CompileContext ctx, LogicalRouter router) {
    this.ctx = ctx;
    this.router = router;
    this.b = new DatapathBuilder(Datapath.ofRouter(router.id()));
    this.path = router.path();
    // Loaded on entering the router (per host in physical tables), never by a logical flow.
    this.dnatZone = Action.Zone.register(Field.REG_DNAT_ZONE);
    this.snatZone = Action.Zone.register(Field.REG_SNAT_ZONE);
    router.ports().forEach(p -> portIds.add(p.id()));
    List<RouterPort> byId = new ArrayList<>(router.ports());
    byId.sort(Comparator.comparing(RouterPort::id));
    this.portsById = byId;
  }

  /** The router's pipelines. */
  public LogicalDatapath compile() {
    admission();
    unsnat();
    dnat();
    ipInput();
    routing();
    policies();
    arpResolve();
    undnat();
    snat();
    delivery();
    return b.build(ports());
  }

  private List<LogicalPort> ports() {
    List<LogicalPort> out = new ArrayList<>();
    for (RouterPort rp : router.ports()) {
      Optional<SwitchPort> link = ctx.linkOf(rp.id());
      Optional<LogicalSwitch> sw = link.flatMap(l -> ctx.switchOfLink(l.id()));
      LogicalPort lp =
          sw.isPresent()
              ? LogicalPort.linked(
                  rp.id(), LogicalPort.Role.ROUTER_PORT, Datapath.ofSwitch(sw.get().id()),
                  link.get().id())
              : LogicalPort.edge(rp.id(), LogicalPort.Role.ROUTER_PORT);
      if (router.gateway().isPresent() && ctx.isGatewayPort(rp.id())) {
        lp = lp.withGateway(router.gateway().get());
      }
      out.add(lp);
    }
    return out;
  }

  private List<NatRule> nats(RouterPort rp, NatType... types) {
    List<NatRule> out = new ArrayList<>();
    for (NatRule n : ctx.natsOf(rp.id())) {
      if (List.of(types).contains(n.type())) {
        out.add(n);
      }
    }
    return out;
  }

  /** The MAC a NAT rule's external address answers with: a floating IP's own, or its port's. */
  static MacAddress answeringMac(NatRule n, RouterPort port) {
    return n.type() == NatType.FLOATING_IP && n.externalMac().isPresent()
        ? n.externalMac().get()
        : port.mac();
  }

  private void admission() {
    Stage st = Stages.ROUTER_IN_ADMISSION;
    ModelPath nonIp = path.cause("non-ip");
    for (RouterPort rp : portsById) {
      ModelPath rpp = rp.path(path);
      FieldMatch in = inport(rp.id());
      for (FieldMatch dst : List.of(ethDst(rp.mac()), ethDst(MacAddress.BROADCAST))) {
        for (InterfaceAddress a : rp.addresses()) {
          if (a.address() instanceof Ipv4Address) {
            b.flow(
                st, 100, on(in, dst, arp(), arpOp(1), arpTpa(a.address())),
                SwitchCompiler.arpReply(rp.mac(), a.address()), rpp.cause("arp"));
          }
        }
        for (NatRule n : ctx.natsOf(rp.id())) {
          if (n.externalIp() instanceof Ipv4Address) {
            b.flow(
                st, 100, on(in, dst, arp(), arpOp(1), arpTpa(n.externalIp())),
                SwitchCompiler.arpReply(answeringMac(n, rp), n.externalIp()), rpp.cause("arp"));
          }
        }
        b.flow(st, 90, on(in, dst, arp()), DROP, nonIp);
      }
      List<MacAddress> macs = new ArrayList<>();
      macs.add(rp.mac());
      for (NatRule n : nats(rp, NatType.FLOATING_IP)) {
        n.externalMac().ifPresent(macs::add);
      }
      for (MacAddress mac : macs) {
        b.flow(st, 80, on(in, ethDst(mac), ip(4)), next(st), rpp);
        b.flow(st, 80, on(in, ethDst(mac), ip(6)), next(st), rpp);
      }
    }
    b.flow(st, 0, on(), DROP, nonIp);
  }

  private void unsnat() {
    Stage st = Stages.ROUTER_IN_UNSNAT;
    for (RouterPort rp : portsById) {
      Set<IpAddress> seen = new HashSet<>();
      for (NatRule n : nats(rp, NatType.SNAT)) {
        IpAddress e = n.externalIp();
        if (seen.add(e)) {
          b.flow(
              st, 100, on(inport(rp.id()), ip(e.version()), ipDst(e)),
              List.of(Actions.ct(snatZone, Action.Nat.APPLY, Stages.next(st))),
              n.path(path));
        }
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  private void dnat() {
    Stage st = Stages.ROUTER_IN_DNAT;
    for (RouterPort rp : portsById) {
      for (NatRule n : nats(rp, NatType.FLOATING_IP, NatType.DNAT)) {
        IpAddress e = n.externalIp();
        IpAddress l = n.logical().network();
        List<FieldMatch> m = List.of(inport(rp.id()), ip(e.version()), ipDst(e));
        List<Action> actions =
            n.type() == NatType.FLOATING_IP
                ? List.of(Actions.set(dstField(e), l), Actions.next(Stages.next(st)))
                : List.of(Actions.ctCommit(dnatZone, Action.Nat.dnat(l, 0), Stages.next(st)));
        b.flow(st, 100, m, actions, n.path(path));
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  private static Field dstField(IpAddress a) {
    return a.version() == 4 ? Field.IP4_DST : Field.IP6_DST;
  }

  private static Field srcField(IpAddress a) {
    return a.version() == 4 ? Field.IP4_SRC : Field.IP6_SRC;
  }

  private void ipInput() {
    Stage st = Stages.ROUTER_IN_IP_INPUT;
    Set<IpAddress> own = new HashSet<>();
    for (RouterPort rp : router.ports()) {
      ModelPath rpp = rp.path(path);
      for (InterfaceAddress ia : rp.addresses()) {
        if (own.add(ia.address())) {
          local(st, ia.address(), rpp);
        }
      }
    }
    // NAT addresses still in ip.dst after un-SNAT and DNAT are the router's own too.
    for (RouterPort rp : router.ports()) {
      for (NatRule n : ctx.natsOf(rp.id())) {
        if (own.add(n.externalIp())) {
          local(st, n.externalIp(), rp.path(path));
        }
      }
    }
    ModelPath ttlPath = path.cause("ttl");
    List<Action> expired = ImmutableList.of(Actions.controller(PuntReason.ICMP_TIME_EXCEEDED));
    for (int v : new int[] {4, 6}) {
      b.flow(st, 50, on(ip(v), ttl(0)), expired, ttlPath);
      b.flow(st, 50, on(ip(v), ttl(1)), expired, ttlPath);
    }
    b.flow(st, 0, on(), next(st), path);
  }

  /** Echo requests to {@code a} are answered, other traffic to it dropped, by port {@code rpp}. */
  private void local(Stage st, IpAddress a, ModelPath rpp) {
    boolean v4 = a.version() == 4;
    FieldMatch type = v4 ? FlowMatches.icmp4Type(8) : FlowMatches.icmp6Type(128);
    b.flow(
        st, 100, on(ip(a.version()), ipDst(a), ipProto(v4 ? 1 : 58), type),
        echoReply(a), rpp.cause("icmp-echo"));
    b.flow(st, 90, on(ip(a.version()), ipDst(a)), DROP, rpp.cause("local"));
  }

  /** Swaps addresses (the request's eth.dst is the arrival port's MAC), type 0/129, TTL 255. */
  private static List<Action> echoReply(IpAddress own) {
    boolean v4 = own.version() == 4;
    return List.of(
        Actions.move(Field.ETH_SRC, Field.REG_MAC),
        Actions.move(Field.ETH_DST, Field.ETH_SRC),
        Actions.move(Field.REG_MAC, Field.ETH_DST),
        Actions.move(v4 ? Field.IP4_SRC : Field.IP6_SRC, v4 ? Field.IP4_DST : Field.IP6_DST),
        Actions.set(v4 ? Field.IP4_SRC : Field.IP6_SRC, own),
        Actions.set(v4 ? Field.ICMP4_TYPE : Field.ICMP6_TYPE, v4 ? 0 : 129),
        Actions.set(Field.IP_TTL, 255),
        Actions.outputInport());
  }

  /**
   * The routing decision as actions: the next hop (a constant, or ip.dst when {@code nextHop} is
   * empty) into the next-hop register, the out port, then {@code then}.
   */
  private static List<Action> decide(int version, Optional<IpAddress> nextHop, String out, Stage then) {
    Field reg = version == 4 ? Field.REG_NEXTHOP4 : Field.REG_NEXTHOP6;
    Action hop =
        nextHop.isPresent()
            ? Actions.set(reg, nextHop.get())
            : Actions.move(version == 4 ? Field.IP4_DST : Field.IP6_DST, reg);
    return List.of(hop, Actions.setOutport(out), Actions.next(then));
  }

  private void routing() {
    Stage st = Stages.ROUTER_IN_ROUTING;
    Stage then = Stages.next(st);
    // Connected routes: priority 2 * length + 2, above static routes of the same length (2 *
    // length + 1), and every route above the no-route drop at 0.
    for (RouterPort rp : router.ports()) {
      for (InterfaceAddress ia : rp.addresses()) {
        int v = ia.address().version();
        b.flow(
            st, 2 * ia.length() + 2, prefixMatch(v, ia.subnet()),
            decide(v, Optional.empty(), rp.id(), then), rp.path(path));
      }
    }
    // Static routes: one flow per prefix; several routes of one prefix form an ECMP group.
    Map<IpPrefix, List<StaticRoute>> byPrefix = new TreeMap<>();
    for (StaticRoute r : router.routes()) {
      byPrefix.computeIfAbsent(r.prefix(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<IpPrefix, List<StaticRoute>> e : byPrefix.entrySet()) {
      IpPrefix prefix = e.getKey();
      int v = prefix.version();
      List<StaticRoute> members = new ArrayList<>(e.getValue());
      members.sort(Comparator.comparing(StaticRoute::id));
      List<List<Action>> choices = new ArrayList<>();
      for (StaticRoute r : members) {
        Optional<RouterPort> out =
            r.port().flatMap(router::port).or(() -> r.nextHop().flatMap(nh -> CompileContext.natPort(router, nh)));
        if (out.isEmpty()) {
          continue; // validation guarantees a port
        }
        choices.add(decide(v, r.nextHop(), out.get().id(), then));
      }
      if (choices.isEmpty()) {
        continue;
      }
      ModelPath prov = members.size() == 1 ? members.get(0).path(path) : path.child("route-group", groupName(prefix));
      b.flow(st, 2 * prefix.length() + 1, prefixMatch(v, prefix), ecmp(choices, v, prov), prov);
    }
    b.flow(st, 0, on(), DROP, path.cause("no-route"));
  }

  /** {@code 10.0.0.0/8} as an id-like name: {@code 10.0.0.0_8}. */
  private static String groupName(IpPrefix prefix) {
    return prefix.toString().replace('/', '_').replace(':', '.');
  }

  private static List<FieldMatch> prefixMatch(int version, IpPrefix prefix) {
    return prefix.length() == 0 ? List.of(ip(version)) : List.of(ip(version), ipDst(prefix));
  }

  /** One choice as is; several as an ECMP select group over them, one bucket each. */
  private List<Action> ecmp(List<List<Action>> choices, int version, ModelPath prov) {
    if (choices.size() == 1) {
      return choices.get(0);
    }
    List<Group.Bucket> buckets = new ArrayList<>();
    for (List<Action> c : choices) {
      buckets.add(Group.Bucket.of(1, c));
    }
    String name = prov.toString();
    b.group(Group.select(name, buckets, version == 4 ? ECMP4 : ECMP6, prov));
    return List.of(Actions.group(name));
  }

  private void policies() {
    Stage st = Stages.ROUTER_IN_POLICY;
    Stage then = Stages.next(st);
    MatchTranslator.Scope scope = scope();
    List<Conj> ipOnly = MatchTranslator.translate(io.nv.model.match.Matches.ip(), scope);
    for (PolicyRoute pr : router.policies()) {
      ModelPath pp = pr.path(path);
      List<Action> actions =
          switch (pr.action()) {
            case ALLOW -> List.of(Actions.next(then));
            case DROP -> DROP;
            case REROUTE -> reroute(pr, then, pp);
          };
      List<Conj> dnf = MatchTranslator.and(ipOnly, MatchTranslator.translate(ctx.match(pr.match()), scope));
      Conjunctions.emit(b, st, 1 + Math.max(0, Math.min(32767, pr.priority())), dnf, actions, pp);
    }
    b.flow(st, 0, on(), next(st), path);
  }

  private List<Action> reroute(PolicyRoute pr, Stage then, ModelPath pp) {
    List<List<Action>> choices = new ArrayList<>();
    int version = 4;
    for (IpAddress nh : pr.nextHops()) {
      Optional<RouterPort> out = CompileContext.natPort(router, nh);
      if (out.isPresent()) {
        version = nh.version();
        choices.add(decide(nh.version(), Optional.of(nh), out.get().id(), then));
      }
    }
    return choices.isEmpty() ? DROP : ecmp(choices, version, pp);
  }

  private MatchTranslator.Scope scope() {
    return new MatchTranslator.Scope() {
      @Override
      public boolean hasPort(String port) {
        return portIds.contains(port);
      }

      @Override
      public List<IpPrefix> addressSet(String name) {
        return ctx.addressSet(name);
      }

      @Override
      public List<String> portGroupMembers(String group) {
        return List.of(); // port groups hold switch ports, never a router's
      }
    };
  }

  private void arpResolve() {
    Stage st = Stages.ROUTER_IN_ARP_RESOLVE;
    for (RouterPort rp : portsById) {
      FieldMatch out = outport(rp.id());
      Optional<LogicalSwitch> sw = ctx.linkOf(rp.id()).flatMap(l -> ctx.switchOfLink(l.id()));
      if (sw.isPresent()) {
        // A VIF of the linked switch (100), another router's port on it (95), a neighbour (90).
        for (SwitchPort p : sw.get().ports()) {
          if (p.kind() != PortKind.VIF || p.mac().isEmpty()) {
            continue;
          }
          for (IpAddress a : p.ips()) {
            b.flow(st, 100, on(out, ip(a.version()), nextHop(a)), resolved(rp, p.mac().get()), p.path());
          }
        }
        for (RouterPort other : ctx.routerPortsOn(sw.get().id())) {
          if (portIds.contains(other.id())) {
            continue;
          }
          for (InterfaceAddress a : other.addresses()) {
            b.flow(st, 95, on(out, ip(a.address().version()), nextHop(a.address())), resolved(rp, other.mac()), rp.path(path));
          }
        }
        for (StaticNeighbour n : router.neighbours()) {
          // dec_ttl needs an IP match in OpenFlow; only IP packets get here anyway.
          b.flow(st, 90, on(out, ip(n.ip().version()), nextHop(n.ip())), resolved(rp, n.mac()), n.path(path));
        }
      }
      b.flow(
          st, 50, on(out), List.of(Actions.controller(PuntReason.ARP_REQUEST)),
          rp.path(path).cause("arp-resolve"));
    }
    b.flow(st, 0, on(), DROP, path.cause("no-route"));
  }

  /** TTL decremented, MACs for the next hop, out of {@code rp}. */
  private static List<Action> resolved(RouterPort rp, MacAddress nextHop) {
    return ImmutableList.of(
        Actions.decTtl(),
        Actions.set(Field.ETH_SRC, rp.mac()),
        Actions.set(Field.ETH_DST, nextHop),
        Actions.output(rp.id()));
  }

  private void undnat() {
    Stage st = Stages.ROUTER_OUT_UNDNAT;
    Set<IpAddress> seen = new HashSet<>();
    for (RouterPort rp : router.ports()) {
      for (NatRule n : nats(rp, NatType.DNAT)) {
        IpAddress l = n.logical().network();
        if (seen.add(l)) {
          b.flow(
              st, 100, on(ip(l.version()), ipSrc(l)),
              List.of(
                  Actions.setFlag(Field.FLAG_UNDNAT),
                  Actions.ct(dnatZone, Action.Nat.APPLY, Stages.next(st))),
              n.path(path));
        }
      }
    }
    b.flow(st, 0, on(), next(st), path);
  }

  private void snat() {
    Stage st = Stages.ROUTER_OUT_SNAT;
    Stage then = Stages.next(st);
    boolean anyDnat = false;
    for (RouterPort rp : router.ports()) {
      anyDnat |= !nats(rp, NatType.DNAT).isEmpty();
      for (NatRule n : nats(rp, NatType.FLOATING_IP, NatType.SNAT)) {
        IpAddress e = n.externalIp();
        if (n.logical().version() != e.version()) {
          continue; // validation rejects mixed families
        }
        List<FieldMatch> m = List.of(outport(rp.id()), ip(e.version()), ipSrc(n.logical()));
        List<Action> actions;
        if (n.type() == NatType.FLOATING_IP) {
          List<Action> a = new ArrayList<>();
          a.add(Actions.set(srcField(e), e));
          n.externalMac().ifPresent(mac -> a.add(Actions.set(Field.ETH_SRC, mac)));
          a.add(Actions.next(then));
          actions = a;
        } else {
          actions = List.of(Actions.ctCommit(snatZone, Action.Nat.snat(e), then));
        }
        b.flow(st, 100 + n.logical().length(), m, actions, n.path(path));
      }
    }
    if (anyDnat) {
      // A reply the un-DNAT stage translated keeps its source (docs/semantics.md, Router 8).
      b.flow(
          st, 400,
          on(
              flag(Field.FLAG_UNDNAT, true), ctState(CtState.TRK | CtState.EST | CtState.RPL, 0)),
          next(st), path.cause("un-dnat"));
    }
    b.flow(st, 0, on(), next(st), path);
  }

  private void delivery() {
    Stage st = Stages.ROUTER_OUT_DELIVERY;
    for (RouterPort rp : portsById) {
      b.flow(st, 100, on(outport(rp.id())), ImmutableList.of(Actions.output(rp.id())), rp.path(path));
    }
    b.flow(st, 0, on(), DROP, path);
  }
}
