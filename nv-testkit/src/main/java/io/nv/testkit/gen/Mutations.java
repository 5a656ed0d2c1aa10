package io.nv.testkit.gen;

import static io.nv.model.validate.ModelErrorCode.*;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Invalid mutations of valid topologies, each tagged with the error code it must produce: a
 * duplicated id, a dangling reference, a duplicated MAC or IP, an address outside its subnet,
 * overlapping router subnets, a router port claimed twice, a VIP on a port's address, a
 * cross-tenant link without peering, a binding to an unknown host or bound twice, an unreachable
 * next hop, a NAT address off the router, a host without the topology's encapsulation, a bad
 * match.
 *
 * <pre>{@code
 * Gen<Mutation> broken = Mutations.invalidTopologies();
 * Gen<Mutation> ofOne = Mutations.of(myTopology);   // mutations that apply to myTopology
 * }</pre>
 */
public final class Mutations {
  private Mutations() {}

  /** A valid generated topology with one mutation applied. */
  public static Gen<Mutation> invalidTopologies() {
    return TopologyGens.topologies().flatMap(Mutations::of);
  }

  /** The mutations that apply to {@code t} (at least one always does), one picked at random. */
  public static Gen<Mutation> of(Topology t) {
    List<Gen<Mutation>> gens = new ArrayList<>();
    gens.add(Gens.constant(duplicateTenant(t)));
    gens.add(Gens.constant(danglingTenant(t)));
    gens.add(Gens.constant(unknownHost(t)));
    gens.add(Gens.constant(encapsulation(t)));
    firstVif(t).ifPresent(p -> {
      gens.add(Gens.constant(boundTwice(t, p)));
      gens.add(Gens.constant(duplicateMac(t, p)));
      gens.add(Gens.constant(duplicateIp(t, p)));
      gens.add(Gens.constant(ipOutside(t, p)));
      gens.add(Gens.constant(vipOnPort(t, p)));
    });
    if (!t.routers().isEmpty()) {
      LogicalRouter r = t.routers().get(0);
      gens.add(Gens.constant(overlapping(t, r)));
      gens.add(Gens.constant(unreachableHop(t, r)));
      gens.add(Gens.constant(natOffPort(t, r)));
      routerLink(t, r).ifPresent(link -> gens.add(Gens.constant(claimedTwice(t, link))));
      gens.add(Gens.constant(crossTenant(t, r)));
    }
    gens.add(Gens.constant(badMatch(t)));
    gens.add(Gens.constant(danglingSet(t)));
    return Gens.oneOf(gens);
  }

  private static Topology.Builder copy(Topology t) {
    return new Topology.Builder().from(t);
  }

  private static Optional<SwitchPort> firstVif(Topology t) {
    return t.switches().stream().flatMap(s -> s.ports().stream())
        .filter(p -> p.kind() == PortKind.VIF && !p.ips().isEmpty()).findFirst();
  }

  private static Optional<SwitchPort> routerLink(Topology t, LogicalRouter r) {
    return t.switches().stream().flatMap(s -> s.ports().stream())
        .filter(p -> p.kind() == PortKind.ROUTER && p.routerPort().isPresent()
            && r.port(p.routerPort().get()).isPresent())
        .findFirst();
  }

  private static Topology mapSwitch(Topology t, String id, Function<LogicalSwitch, LogicalSwitch> f) {
    return copy(t).switches(t.switches().stream().map(s -> s.id().equals(id) ? f.apply(s) : s).toList()).build();
  }

  private static Topology mapRouter(Topology t, String id, Function<LogicalRouter, LogicalRouter> f) {
    return copy(t).routers(t.routers().stream().map(r -> r.id().equals(id) ? f.apply(r) : r).toList()).build();
  }

  private static Mutation duplicateTenant(Topology t) {
    return new Mutation("tenant " + t.tenants().get(0).id() + " listed twice", DUPLICATE_ID,
        copy(t).addTenant(t.tenants().get(0)).build());
  }

  private static Mutation danglingTenant(Topology t) {
    LogicalSwitch s = t.switches().get(0);
    return new Mutation("switch " + s.id() + " names tenant nosuch", DANGLING_REFERENCE,
        mapSwitch(t, s.id(), x -> new LogicalSwitch.Builder().from(x).tenant("nosuch").build()));
  }

  private static Mutation unknownHost(Topology t) {
    String port = firstVif(t).map(SwitchPort::id).orElse("nosuch-port");
    return new Mutation("binding to host nosuch", UNKNOWN_HOST,
        copy(t).bindings(t.bindings().stream().filter(b -> !b.port().equals(port)).toList())
            .addBinding(new Binding(port, "nosuch")).build());
  }

  private static Mutation encapsulation(Topology t) {
    Encapsulation other = t.encapsulation() == Encapsulation.GENEVE ? Encapsulation.VXLAN : Encapsulation.GENEVE;
    Host h = t.hosts().get(0);
    return new Mutation("host " + h.id() + " speaks only " + other, ENCAPSULATION_UNSUPPORTED,
        copy(t).hosts(t.hosts().stream()
            .map(x -> x.id().equals(h.id()) ? new Host.Builder().from(x).encapsulations(List.of(other)).build() : x)
            .toList()).build());
  }

  private static Mutation boundTwice(Topology t, SwitchPort p) {
    return new Mutation("port " + p.id() + " bound twice", PORT_BOUND_TWICE,
        copy(t).addBinding(new Binding(p.id(), t.hosts().get(0).id())).build());
  }

  private static String switchOf(Topology t, SwitchPort p) {
    return t.switchOfPort(p.id()).orElseThrow().id();
  }

  private static SwitchPort clone(SwitchPort p, String id) {
    return new SwitchPort.Builder().from(p).id(id).build();
  }

  private static Mutation duplicateMac(Topology t, SwitchPort p) {
    SwitchPort twin = new SwitchPort.Builder().from(clone(p, p.id() + "-twin"))
        .ips(List.of()).build();
    return new Mutation("port " + twin.id() + " copies " + p.id() + "'s MAC", DUPLICATE_MAC,
        mapSwitch(t, switchOf(t, p), s -> new LogicalSwitch.Builder().from(s).addPort(twin).build()));
  }

  private static Mutation duplicateIp(Topology t, SwitchPort p) {
    SwitchPort twin = new SwitchPort.Builder().from(clone(p, p.id() + "-twin"))
        .mac(io.nv.model.addr.MacAddress.parse("0a:ee:ee:ee:ee:ee")).build();
    return new Mutation("port " + twin.id() + " copies " + p.id() + "'s IP", DUPLICATE_IP,
        mapSwitch(t, switchOf(t, p), s -> new LogicalSwitch.Builder().from(s).addPort(twin).build()));
  }

  private static Mutation ipOutside(Topology t, SwitchPort p) {
    SwitchPort moved = new SwitchPort.Builder().from(p).ips(List.of(Ipv4Address.parse("198.51.100.77"))).build();
    return new Mutation("port " + p.id() + " moved to 198.51.100.77", IP_OUTSIDE_SUBNET,
        mapSwitch(t, switchOf(t, p), s -> new LogicalSwitch.Builder().from(s)
            .ports(s.ports().stream().map(x -> x.id().equals(p.id()) ? moved : x).toList()).build()));
  }

  private static Mutation vipOnPort(Topology t, SwitchPort p) {
    LogicalSwitch s = t.switchOfPort(p.id()).orElseThrow();
    LoadBalancer lb = new LoadBalancer.Builder().id("mutant-lb").tenant(s.tenant())
        .addVip(new Vip.Builder().id("v").address(p.ips().get(0)).protocol(IpProtocol.TCP).port(80)
            .addBackend(Backend.of(p.ips().get(0), 80)).build())
        .addSwitch(s.id()).build();
    return new Mutation("VIP on port " + p.id() + "'s address", VIP_CONFLICT, copy(t).addLoadBalancer(lb).build());
  }

  private static Mutation overlapping(Topology t, LogicalRouter r) {
    IpPrefix net = r.ports().get(0).addresses().get(0).subnet();
    RouterPort extra = new RouterPort.Builder().id(r.id() + "-overlap")
        .mac(io.nv.model.addr.MacAddress.parse("0a:ee:00:00:00:01"))
        .addAddress(InterfaceAddress.of(net.last(), Math.max(1, net.length() - 1)))
        .build();
    return new Mutation("router " + r.id() + " gets a port overlapping " + net, OVERLAPPING_SUBNETS,
        mapRouter(t, r.id(), x -> new LogicalRouter.Builder().from(x).addPort(extra).build()));
  }

  private static Mutation unreachableHop(Topology t, LogicalRouter r) {
    StaticRoute bad = new StaticRoute.Builder().id("mutant").prefix(IpPrefix.parse("198.18.0.0/15"))
        .nextHop(Ipv4Address.parse("198.51.100.1")).build();
    return new Mutation("route via 198.51.100.1 on " + r.id(), NEXT_HOP_UNREACHABLE,
        mapRouter(t, r.id(), x -> new LogicalRouter.Builder().from(x).addRoute(bad).build()));
  }

  private static Mutation natOffPort(Topology t, LogicalRouter r) {
    NatRule bad = new NatRule.Builder().id("mutant").type(NatType.SNAT)
        .externalIp(Ipv4Address.parse("198.51.100.9")).logical(IpPrefix.parse("10.0.0.0/16")).build();
    return new Mutation("SNAT to 198.51.100.9 on " + r.id(), NAT_ADDRESS_NOT_ON_PORT,
        mapRouter(t, r.id(), x -> new LogicalRouter.Builder().from(x).addNat(bad).build()));
  }

  private static Mutation claimedTwice(Topology t, SwitchPort link) {
    SwitchPort twin = clone(link, link.id() + "-twin");
    return new Mutation("router port " + link.routerPort().orElseThrow() + " claimed twice", PEERING_MISMATCH,
        mapSwitch(t, switchOf(t, link), s -> new LogicalSwitch.Builder().from(s).addPort(twin).build()));
  }

  private static Mutation crossTenant(Topology t, LogicalRouter r) {
    String other = "mutant-tenant";
    RouterPort rp = new RouterPort.Builder().id(r.id() + "-x")
        .mac(io.nv.model.addr.MacAddress.parse("0a:ee:00:00:00:02"))
        .addAddress(InterfaceAddress.parse("100.64.0.1/24")).build();
    LogicalSwitch foreign = new LogicalSwitch.Builder().id("mutant-switch").tenant(other)
        .addSubnet(IpPrefix.parse("100.64.0.0/24"))
        .addPort(new SwitchPort.Builder().id("mutant-link").kind(PortKind.ROUTER).routerPort(rp.id()).build())
        .build();
    return new Mutation("router " + r.id() + " linked into tenant " + other, CROSS_TENANT_LINK,
        new Topology.Builder().from(mapRouter(t, r.id(), x -> new LogicalRouter.Builder().from(x).addPort(rp).build()))
            .addTenant(Tenant.of(other)).addSwitch(foreign).build());
  }

  private static Mutation danglingSet(Topology t) {
    LogicalSwitch s = t.switches().get(0);
    AclRule bad = new AclRule.Builder().id("mutant").priority(1).match("ip4.src == $nosuch").action(AclAction.DROP).build();
    return new Mutation("ACL on switch " + s.id() + " names address set nosuch", DANGLING_REFERENCE,
        mapSwitch(t, s.id(), x -> new LogicalSwitch.Builder().from(x).addAcl(bad).build()));
  }

  private static Mutation badMatch(Topology t) {
    LogicalSwitch s = t.switches().get(0);
    AclRule bad = new AclRule.Builder().id("mutant").priority(1).match("tcp.dst == (80").action(AclAction.DROP).build();
    return new Mutation("unbalanced ACL match on switch " + s.id(), BAD_MATCH,
        mapSwitch(t, s.id(), x -> new LogicalSwitch.Builder().from(x).addAcl(bad).build()));
  }
}
