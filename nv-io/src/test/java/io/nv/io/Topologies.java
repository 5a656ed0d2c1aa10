package io.nv.io;

import io.nv.model.Peering;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyAction;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Small named test topologies, built by hand. */
final class Topologies {
  private Topologies() {}

  /** The text of a test resource. */
  static String resource(String name) {
    try (InputStream in = Topologies.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The three-tier example: three-tier.yaml and three-tier.json describe exactly this. */
  static Topology threeTier() {
    return new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addHost(host("hv1", "192.168.0.1"))
        .addHost(host("hv2", "192.168.0.2"))
        .addSwitch(tier("web", 1, "web1", 11, "web2", 12))
        .addSwitch(tier("app", 2, "app1", 21, "app2", 22))
        .addSwitch(tier("db", 3, "db1", 31, null, 0))
        .addRouter(
            new LogicalRouter.Builder()
                .id("r1")
                .tenant("acme")
                .addPort(routerPort("r1-web", 1))
                .addPort(routerPort("r1-app", 2))
                .addPort(routerPort("r1-db", 3))
                .build())
        .addPortGroup(group("web", "allow-http", "tcp.dst == 80", "web1", "web2"))
        .addPortGroup(
            group("app", "allow-web", "ip4.src == $web_ip4 && tcp.dst == 8080", "app1", "app2"))
        .addPortGroup(group("db", "allow-app", "ip4.src == $app_ip4 && tcp.dst == 5432", "db1"))
        .addLoadBalancer(
            new LoadBalancer.Builder()
                .id("web-lb")
                .tenant("acme")
                .addVip(
                    new Vip.Builder()
                        .id("http")
                        .address(ip("10.0.1.100"))
                        .protocol(IpProtocol.TCP)
                        .port(80)
                        .addBackend(Backend.of(ip("10.0.1.11"), 80))
                        .addBackend(Backend.of(ip("10.0.1.12"), 80))
                        .build())
                .addSwitch("web")
                .addSwitch("app")
                .build())
        .addBinding(new Binding("web1", "hv1"))
        .addBinding(new Binding("app1", "hv1"))
        .addBinding(new Binding("db1", "hv1"))
        .addBinding(new Binding("web2", "hv2"))
        .addBinding(new Binding("app2", "hv2"))
        .build();
  }

  private static Host host(String id, String ip) {
    return new Host.Builder().id(id).tunnelIp(ip(ip)).build();
  }

  private static LogicalSwitch tier(
      String id, int n, String vm1, int h1, @Nullable String vm2, int h2) {
    LogicalSwitch.Builder b =
        new LogicalSwitch.Builder()
            .id(id)
            .tenant("acme")
            .addSubnet(IpPrefix.parse("10.0." + n + ".0/24"))
            .addPort(
                new SwitchPort.Builder()
                    .id(id + "-r1")
                    .kind(PortKind.ROUTER)
                    .routerPort("r1-" + id)
                    .build())
            .addPort(vif(vm1, n, h1));
    if (vm2 != null) {
      b.addPort(vif(vm2, n, h2));
    }
    return b.build();
  }

  private static SwitchPort vif(String id, int n, int h) {
    return new SwitchPort.Builder()
        .id(id)
        .mac(MacAddress.parse(String.format("0a:00:00:%02x:00:%d", n, h)))
        .addIp(ip("10.0." + n + "." + h))
        .portSecurity(true)
        .build();
  }

  private static RouterPort routerPort(String id, int n) {
    return new RouterPort.Builder()
        .id(id)
        .mac(MacAddress.parse("0a:00:00:0" + n + ":00:01"))
        .addAddress(InterfaceAddress.parse("10.0." + n + ".1/24"))
        .build();
  }

  private static PortGroup group(String id, String acl, String match, String... ports) {
    return new PortGroup.Builder()
        .id(id)
        .tenant("acme")
        .addPorts(ports)
        .defaultDeny(DefaultDeny.TO_PORT)
        .addAcl(
            new AclRule.Builder()
                .id(acl)
                .priority(1000)
                .match(match)
                .action(AclAction.ALLOW_RELATED)
                .build())
        .build();
  }

  /** Every field of the format set, none to its default. */
  static Topology everything() {
    return new Topology.Builder()
        .encapsulation(Encapsulation.VXLAN)
        .addTenant(new Tenant.Builder().id("red").description("Red team: \"prod\" #1").build())
        .addTenant(Tenant.of("blue"))
        .addPeering(new Peering("red-blue", "red", "blue"))
        .addHost(
            new Host.Builder()
                .id("hv1")
                .tunnelIp(ip("2001:db8::1"))
                .addEncapsulation(Encapsulation.VXLAN)
                .addEncapsulation(Encapsulation.GENEVE)
                .underlayMtu(9000)
                .build())
        .addHost(
            new Host.Builder()
                .id("gw")
                .tunnelIp(ip("192.168.0.9"))
                .encapsulations(java.util.List.of())
                .build())
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("outside")
                .tenant("red")
                .addSubnet(IpPrefix.parse("203.0.113.0/24"))
                .addSubnet(IpPrefix.parse("2001:db8:1::/64"))
                .mtu(1400)
                .key(4000)
                .unknownUnicast(UnknownUnicast.FLOOD)
                .defaultDeny(DefaultDeny.BOTH)
                .addPort(
                    new SwitchPort.Builder()
                        .id("phys")
                        .kind(PortKind.LOCALNET)
                        .network("physnet1")
                        .vlan(42)
                        .key(7)
                        .unknown(true)
                        .build())
                .addPort(
                    new SwitchPort.Builder()
                        .id("12")
                        .mac(MacAddress.parse("12:34:56:12:34:56"))
                        .addIp(ip("203.0.113.5"))
                        .addIp(ip("2001:db8:1::5"))
                        .portSecurity(true)
                        .build())
                .addAcl(
                    new AclRule.Builder()
                        .id("deny-telnet")
                        .tier(2)
                        .priority(32767)
                        .direction(Direction.FROM_PORT)
                        .match("tcp.dst == 23 && inport == \"12\"")
                        .action(AclAction.REJECT)
                        .log(true)
                        .build())
                .addAcl(
                    new AclRule.Builder()
                        .id("pass")
                        .priority(0)
                        .match("ip6")
                        .action(AclAction.PASS)
                        .build())
                .build())
        .addRouter(
            new LogicalRouter.Builder()
                .id("edge")
                .tenant("red")
                .gateway("gw")
                .key(4001)
                .addPort(
                    new RouterPort.Builder()
                        .id("edge-out")
                        .key(1)
                        .mac(MacAddress.parse("0a:00:00:00:00:01"))
                        .addAddress(InterfaceAddress.parse("203.0.113.1/24"))
                        .addAddress(InterfaceAddress.parse("2001:db8:1::1/64"))
                        .build())
                .addRoute(
                    new StaticRoute.Builder()
                        .id("default")
                        .prefix(IpPrefix.parse("0.0.0.0/0"))
                        .nextHop(ip("203.0.113.254"))
                        .port("edge-out")
                        .build())
                .addRoute(
                    new StaticRoute.Builder()
                        .id("direct")
                        .prefix(IpPrefix.parse("198.51.100.0/24"))
                        .port("edge-out")
                        .build())
                .addPolicy(
                    new PolicyRoute.Builder()
                        .id("via-fw")
                        .priority(100)
                        .match("ip4.src == $admins")
                        .action(PolicyAction.REROUTE)
                        .addNextHop(ip("203.0.113.2"))
                        .addNextHop(ip("203.0.113.3"))
                        .build())
                .addNat(
                    new NatRule.Builder()
                        .id("snat")
                        .type(NatType.SNAT)
                        .externalIp(ip("203.0.113.10"))
                        .logical(IpPrefix.parse("10.0.0.0/8"))
                        .build())
                .addNat(
                    new NatRule.Builder()
                        .id("fip")
                        .type(NatType.FLOATING_IP)
                        .externalIp(ip("203.0.113.11"))
                        .logical(IpPrefix.parse("10.0.1.11/32"))
                        .logicalPort("12")
                        .externalMac(MacAddress.parse("0a:00:00:00:00:99"))
                        .build())
                .addNeighbour(
                    new StaticNeighbour.Builder()
                        .id("upstream")
                        .ip(ip("203.0.113.254"))
                        .mac(MacAddress.parse("02:00:00:00:00:01"))
                        .build())
                .build())
        .addAddressSet(
            new AddressSet.Builder()
                .id("admins")
                .tenant("red")
                .addAddress(IpPrefix.parse("192.0.2.0/28"))
                .addAddress(IpPrefix.parse("2001:db8::7/128"))
                .build())
        .addPortGroup(new PortGroup.Builder().id("all").tenant("red").addPorts("12").build())
        .addLoadBalancer(
            new LoadBalancer.Builder()
                .id("lb")
                .tenant("red")
                .addVip(
                    new Vip.Builder()
                        .id("dns")
                        .address(ip("203.0.113.53"))
                        .protocol(IpProtocol.UDP)
                        .port(53)
                        .addBackend(new Backend(ip("203.0.113.5"), 5353, 3, false))
                        .addBackend(Backend.of(ip("203.0.113.6"), 53))
                        .build())
                .addVip(
                    new Vip.Builder()
                        .id("v6")
                        .address(ip("2001:db8:1::53"))
                        .protocol(IpProtocol.TCP)
                        .port(443)
                        .addBackend(Backend.of(ip("2001:db8:1::5"), 8443))
                        .build())
                .addSelectionField(SelectionField.IP_SRC)
                .addSelectionField(SelectionField.TP_DST)
                .affinityTimeout(300)
                .hairpinAddress(ip("203.0.113.99"))
                .addSwitch("outside")
                .addRouter("edge")
                .build())
        .addBinding(new Binding("12", "hv1"))
        .build();
  }

  static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }
}
