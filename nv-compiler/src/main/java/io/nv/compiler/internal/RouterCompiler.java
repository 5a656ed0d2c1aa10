package io.nv.compiler.internal;

import static io.nv.compiler.flow.FlowMatches.arp;
import static io.nv.compiler.flow.FlowMatches.arpOp;
import static io.nv.compiler.flow.FlowMatches.arpTpa;
import static io.nv.compiler.flow.FlowMatches.ethDst;
import static io.nv.compiler.flow.FlowMatches.inport;
import static io.nv.compiler.flow.FlowMatches.ip;
import static io.nv.compiler.flow.FlowMatches.ipDst;
import static io.nv.compiler.flow.FlowMatches.ipProto;
import static io.nv.compiler.flow.FlowMatches.nextHop;
import static io.nv.compiler.flow.FlowMatches.outport;
import static io.nv.compiler.flow.FlowMatches.ttl;

import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.model.ModelPath;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles one logical router into its pipelines: connected routing as {@code docs/semantics.md}
 * describes it. Static routes, policies, NAT and router load balancers (part 2) are not compiled:
 * their stages pass packets on, so a topology that has them compiles as if it had none.
 *
 * <pre>{@code
 * LogicalDatapath r1 = new RouterCompiler(ctx, topology.routerById("r1").orElseThrow()).compile();
 * }</pre>
 */
public final class RouterCompiler {
  private static final List<Action> DROP = Paths.DROP;

  private final CompileContext ctx;
  private final LogicalRouter router;
  private final DatapathBuilder b;
  private final ModelPath path;

  /** A compiler of {@code router}. */
  public RouterCompiler(CompileContext ctx, LogicalRouter router) {
    this.ctx = ctx;
    this.router = router;
    this.b = new DatapathBuilder(Datapath.ofRouter(router.id()));
    this.path = router.path();
  }

  /** The router's pipelines. */
  public LogicalDatapath compile() {
    admission();
    ipInput();
    pass(Stages.ROUTER_IN_UNSNAT);
    pass(Stages.ROUTER_IN_DNAT);
    routing();
    pass(Stages.ROUTER_IN_POLICY);
    pass(Stages.ROUTER_IN_ECMP);
    arpResolve();
    pass(Stages.ROUTER_OUT_SNAT);
    delivery();
    return b.build(ports());
  }

  private List<LogicalPort> ports() {
    List<LogicalPort> out = new ArrayList<>();
    for (RouterPort rp : router.ports()) {
      Optional<SwitchPort> link = ctx.linkOf(rp.id());
      Optional<LogicalSwitch> sw = link.flatMap(l -> ctx.switchOfLink(l.id()));
      out.add(
          sw.isPresent()
              ? LogicalPort.linked(
                  rp.id(), LogicalPort.Role.ROUTER_PORT, Datapath.ofSwitch(sw.get().id()),
                  link.get().id())
              : LogicalPort.edge(rp.id(), LogicalPort.Role.ROUTER_PORT));
    }
    return out;
  }

  private void flow(Stage stage, int priority, List<FieldMatch> match, List<Action> actions, ModelPath prov) {
    b.flow(stage, priority, b.match(match), actions, prov);
  }

  private static List<Action> next(Stage stage) {
    return Paths.next(stage);
  }

  private void pass(Stage st) {
    flow(st, 0, List.of(), next(st), path);
  }

  private void admission() {
    Stage st = Stages.ROUTER_IN_ADMISSION;
    ModelPath nonIp = path.cause("non-ip");
    for (RouterPort rp : router.ports()) {
      ModelPath rpp = rp.path(path);
      FieldMatch in = inport(rp.id());
      for (FieldMatch dst : List.of(ethDst(rp.mac()), ethDst(MacAddress.BROADCAST))) {
        for (InterfaceAddress a : rp.addresses()) {
          if (a.address() instanceof Ipv4Address) {
            flow(
                st, 100, List.of(in, dst, arp(), arpOp(1), arpTpa(a.address())),
                SwitchCompiler.arpReply(rp.mac(), a.address()), rpp.cause("arp"));
          }
        }
        flow(st, 90, List.of(in, dst, arp()), DROP, nonIp);
      }
      flow(st, 80, List.of(in, ethDst(rp.mac()), ip(4)), next(st), rpp);
      flow(st, 80, List.of(in, ethDst(rp.mac()), ip(6)), next(st), rpp);
    }
    flow(st, 0, List.of(), DROP, nonIp);
  }

  private void ipInput() {
    Stage st = Stages.ROUTER_IN_IP_INPUT;
    for (RouterPort rp : router.ports()) {
      ModelPath rpp = rp.path(path);
      for (InterfaceAddress ia : rp.addresses()) {
        IpAddress a = ia.address();
        boolean v4 = a.version() == 4;
        FieldMatch type =
            v4 ? FlowMatches.icmp4Type(8) : FlowMatches.icmp6Type(128);
        flow(
            st, 100, List.of(ip(a.version()), ipDst(a), ipProto(v4 ? 1 : 58), type),
            echoReply(a), rpp.cause("icmp-echo"));
        flow(st, 90, List.of(ip(a.version()), ipDst(a)), DROP, rpp.cause("local"));
      }
    }
    ModelPath ttlPath = path.cause("ttl");
    List<Action> expired = List.of(Actions.controller(PuntReason.ICMP_TIME_EXCEEDED));
    for (int v : new int[] {4, 6}) {
      flow(st, 50, List.of(ip(v), ttl(0)), expired, ttlPath);
      flow(st, 50, List.of(ip(v), ttl(1)), expired, ttlPath);
    }
    flow(st, 0, List.of(), next(st), path);
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

  private void routing() {
    Stage st = Stages.ROUTER_IN_ROUTING;
    for (RouterPort rp : router.ports()) {
      for (InterfaceAddress ia : rp.addresses()) {
        int v = ia.address().version();
        List<FieldMatch> m =
            ia.length() == 0 ? List.of(ip(v)) : List.of(ip(v), ipDst(ia.subnet()));
        flow(
            st, 2 * ia.length() + 1, m,
            List.of(
                Actions.decTtl(),
                Actions.move(
                    v == 4 ? Field.IP4_DST : Field.IP6_DST,
                    v == 4 ? Field.REG_NEXTHOP4 : Field.REG_NEXTHOP6),
                Actions.set(Field.ETH_SRC, rp.mac()),
                Actions.setOutport(rp.id()),
                Actions.next(Stages.next(st))),
            rp.path(path));
      }
    }
    flow(st, 0, List.of(), DROP, path.cause("no-route"));
  }

  private void arpResolve() {
    Stage st = Stages.ROUTER_IN_ARP_RESOLVE;
    for (RouterPort rp : router.ports()) {
      FieldMatch out = outport(rp.id());
      Optional<LogicalSwitch> sw = ctx.linkOf(rp.id()).flatMap(l -> ctx.switchOfLink(l.id()));
      if (sw.isPresent()) {
        for (SwitchPort p : sw.get().ports()) {
          if (p.kind() != PortKind.VIF || p.mac().isEmpty()) {
            continue;
          }
          ModelPath portPath = p.path();
          for (IpAddress a : p.ips()) {
            if (onSubnet(rp, a)) {
              flow(
                  st, 100, List.of(out, nextHop(a)),
                  List.of(Actions.set(Field.ETH_DST, p.mac().get()), Actions.output(rp.id())),
                  portPath);
            }
          }
        }
      }
      flow(
          st, 50, List.of(out), List.of(Actions.controller(PuntReason.ARP_REQUEST)),
          rp.path(path).cause("arp-resolve"));
    }
    flow(st, 0, List.of(), DROP, path.cause("no-route"));
  }

  private static boolean onSubnet(RouterPort rp, IpAddress a) {
    for (InterfaceAddress ia : rp.addresses()) {
      if (ia.subnet().contains(a)) {
        return true;
      }
    }
    return false;
  }

  private void delivery() {
    Stage st = Stages.ROUTER_OUT_DELIVERY;
    for (RouterPort rp : router.ports()) {
      flow(st, 100, List.of(outport(rp.id())), List.of(Actions.output(rp.id())), rp.path(path));
    }
    flow(st, 0, List.of(), DROP, path);
  }
}
