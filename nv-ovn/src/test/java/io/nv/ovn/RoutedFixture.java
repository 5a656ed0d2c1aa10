package io.nv.ovn;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyAction;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.placement.Binding;

/**
 * Every routing element the model has, as nv-conformance's {@code ovn/routed.yaml}: a default
 * route, an ECMP pair, an on-link route, two policies, SNAT, DNAT, a floating IP, a static
 * neighbour, a gateway and a load balancer on the router.
 */
final class RoutedFixture {
  private RoutedFixture() {}

  static Topology topology() {
    LogicalSwitch inside =
        TestTopologies.tier(
            "acme", "inside", "10.0.1.0/24", "inside-r", "r-in",
            TestTopologies.vif("vm1", "10.0.1.11", "0a:00:00:01:00:11"),
            TestTopologies.vif("vm2", "10.0.1.12", "0a:00:00:01:00:12"));
    LogicalSwitch outside =
        new LogicalSwitch.Builder()
            .from(TestTopologies.tier("acme", "outside", "203.0.113.0/24", "outside-r", "r-out"))
            .addPort(new SwitchPort.Builder().id("up").kind(PortKind.LOCALNET).network("external").build())
            .build();
    LogicalRouter r =
        new LogicalRouter.Builder()
            .id("r")
            .tenant("acme")
            .gateway("hv1")
            .addPort(TestTopologies.routerPort("r-in", "10.0.1.1/24", "0a:00:00:01:00:01"))
            .addPort(TestTopologies.routerPort("r-out", "203.0.113.2/24", "0a:00:00:ff:00:01"))
            .addRoute(route("default", "0.0.0.0/0", "203.0.113.1"))
            .addRoute(route("lab-a", "192.168.100.0/24", "10.0.1.11"))
            .addRoute(route("lab-b", "192.168.100.0/24", "10.0.1.12"))
            .addRoute(new StaticRoute.Builder().id("onlink").prefix(IpPrefix.parse("198.51.100.0/24")).port("r-out").build())
            .addPolicy(new PolicyRoute.Builder().id("no-telnet").priority(100).match("tcp.dst == 23").action(PolicyAction.DROP).build())
            .addPolicy(
                new PolicyRoute.Builder().id("via-vm1").priority(50)
                    .match("ip4.src == 10.0.1.12 && ip4.dst == 192.0.2.0/24")
                    .action(PolicyAction.REROUTE).addNextHop(IpAddress.parse("10.0.1.11")).build())
            .addNat(nat("snat", NatType.SNAT, "203.0.113.10", "10.0.1.0/24").build())
            .addNat(nat("web", NatType.DNAT, "203.0.113.30", "10.0.1.12/32").build())
            .addNat(
                nat("fip", NatType.FLOATING_IP, "203.0.113.20", "10.0.1.11/32")
                    .logicalPort("vm1").externalMac(MacAddress.parse("02:00:00:00:00:20")).build())
            .addNeighbour(
                new StaticNeighbour.Builder().id("upstream").ip(IpAddress.parse("203.0.113.1"))
                    .mac(MacAddress.parse("02:00:00:00:00:01")).build())
            .build();
    return new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addHost(TestTopologies.host("hv1", "192.168.0.1"))
        .addHost(TestTopologies.host("hv2", "192.168.0.2"))
        .addSwitch(inside)
        .addSwitch(outside)
        .addRouter(r)
        .addLoadBalancer(
            new LoadBalancer.Builder().id("public").tenant("acme")
                .addVip(TestTopologies.vip("http", "203.0.113.40", 80, "10.0.1.11", "10.0.1.12"))
                .addSwitch("inside").build())
        .addBinding(new Binding("vm1", "hv1"))
        .addBinding(new Binding("vm2", "hv2"))
        .build();
  }

  private static StaticRoute route(String id, String prefix, String nextHop) {
    return new StaticRoute.Builder().id(id).prefix(IpPrefix.parse(prefix)).nextHop(IpAddress.parse(nextHop)).build();
  }

  private static NatRule.Builder nat(String id, NatType type, String external, String logical) {
    return new NatRule.Builder().id(id).type(type).externalIp(IpAddress.parse(external)).logical(IpPrefix.parse(logical));
  }
}
