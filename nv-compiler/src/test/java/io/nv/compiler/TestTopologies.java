package io.nv.compiler;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
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
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import java.util.function.UnaryOperator;

/**
 * Small named topologies for tests, in the manner of Batfish's {@code TestNetwork}, and editors
 * that change one element of a topology (copied from nv-model's validator tests, plus {@link
 * #vl2Flat()} and {@link #validated}).
 *
 * <pre>{@code
 * Topology t = TestTopologies.editPort(TestTopologies.threeTier(), "web2",
 *     p -> p.mac(MacAddress.parse("0a:00:00:01:00:11")));   // web2 now copies web1's MAC
 * }</pre>
 */
public final class TestTopologies {
  private TestTopologies() {}

  /**
   * Tenant acme's three tiers: switches web (10.0.1.0/24), app (10.0.2.0/24) and db (10.0.3.0/24)
   * behind router r1; VIFs web1, web2, app1, app2, db1 with port security; default-deny port groups
   * web, app, db whose ACLs let in HTTP, app traffic from web and Postgres from app; load balancer
   * web-lb (10.0.1.100 tcp 80 → web1, web2) on switches web and app; hosts hv1 and hv2.
   */
  public static Topology threeTier() {
    return new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addHost(host("hv1", "192.168.0.1"))
        .addHost(host("hv2", "192.168.0.2"))
        .addSwitch(
            tier(
                "acme",
                "web",
                "10.0.1.0/24",
                "web-r1",
                "r1-web",
                vif("web1", "10.0.1.11", "0a:00:00:01:00:11"),
                vif("web2", "10.0.1.12", "0a:00:00:01:00:12")))
        .addSwitch(
            tier(
                "acme",
                "app",
                "10.0.2.0/24",
                "app-r1",
                "r1-app",
                vif("app1", "10.0.2.21", "0a:00:00:02:00:21"),
                vif("app2", "10.0.2.22", "0a:00:00:02:00:22")))
        .addSwitch(
            tier(
                "acme",
                "db",
                "10.0.3.0/24",
                "db-r1",
                "r1-db",
                vif("db1", "10.0.3.31", "0a:00:00:03:00:31")))
        .addRouter(
            new LogicalRouter.Builder()
                .id("r1")
                .tenant("acme")
                .addPort(routerPort("r1-web", "10.0.1.1/24", "0a:00:00:01:00:01"))
                .addPort(routerPort("r1-app", "10.0.2.1/24", "0a:00:00:02:00:01"))
                .addPort(routerPort("r1-db", "10.0.3.1/24", "0a:00:00:03:00:01"))
                .build())
        .addPortGroup(zeroTrust("web", "allow-http", "tcp.dst == 80", "web1", "web2"))
        .addPortGroup(
            zeroTrust("app", "allow-web", "ip4.src == $web_ip4 && tcp.dst == 8080", "app1", "app2"))
        .addPortGroup(zeroTrust("db", "allow-app", "ip4.src == $app_ip4 && tcp.dst == 5432", "db1"))
        .addLoadBalancer(
            new LoadBalancer.Builder()
                .id("web-lb")
                .tenant("acme")
                .addVip(vip("http", "10.0.1.100", 80, "10.0.1.11", "10.0.1.12"))
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

  /**
   * Tenants red and blue with the very same addresses and MACs and no peering: each has switch
   * {@code <t>-net} (10.0.0.0/24, router link {@code <t>-net-r}) behind router {@code <t>-r} (port
   * {@code <t>-r-net}, 10.0.0.1), VIFs {@code <t>-vm1} (10.0.0.11, on hv1) and {@code <t>-vm2}
   * (10.0.0.12, on hv2), and load balancer {@code <t>-lb} with VIP 10.0.0.100 tcp 80.
   */
  public static Topology twoTenants() {
    Topology.Builder b =
        new Topology.Builder()
            .addHost(host("hv1", "192.168.0.1"))
            .addHost(host("hv2", "192.168.0.2"));
    for (String t : new String[] {"red", "blue"}) {
      b.addTenant(Tenant.of(t))
          .addSwitch(
              tier(
                  t,
                  t + "-net",
                  "10.0.0.0/24",
                  t + "-net-r",
                  t + "-r-net",
                  vif(t + "-vm1", "10.0.0.11", "0a:00:00:00:00:11"),
                  vif(t + "-vm2", "10.0.0.12", "0a:00:00:00:00:12")))
          .addRouter(
              new LogicalRouter.Builder()
                  .id(t + "-r")
                  .tenant(t)
                  .addPort(routerPort(t + "-r-net", "10.0.0.1/24", "0a:00:00:00:00:01"))
                  .build())
          .addLoadBalancer(
              new LoadBalancer.Builder()
                  .id(t + "-lb")
                  .tenant(t)
                  .addVip(vip("http", "10.0.0.100", 80, "10.0.0.11", "10.0.0.12"))
                  .addSwitch(t + "-net")
                  .build())
          .addBinding(new Binding(t + "-vm1", "hv1"))
          .addBinding(new Binding(t + "-vm2", "hv2"));
    }
    return b.build();
  }

  /**
   * VL2's flat network: tenant vl2, switch flat (10.1.0.0/16) with VIFs vm1, vm2, vm3 (10.1.0.1-3,
   * port security) on hosts hv1, hv2, hv3; no router, no ACLs.
   */
  public static Topology vl2Flat() {
    return new Topology.Builder()
        .addTenant(Tenant.of("vl2"))
        .addHost(host("hv1", "192.168.0.1"))
        .addHost(host("hv2", "192.168.0.2"))
        .addHost(host("hv3", "192.168.0.3"))
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("flat")
                .tenant("vl2")
                .addSubnet(IpPrefix.parse("10.1.0.0/16"))
                .addPort(vif("vm1", "10.1.0.1", "0a:01:00:00:00:01"))
                .addPort(vif("vm2", "10.1.0.2", "0a:01:00:00:00:02"))
                .addPort(vif("vm3", "10.1.0.3", "0a:01:00:00:00:03"))
                .build())
        .addBinding(new Binding("vm1", "hv1"))
        .addBinding(new Binding("vm2", "hv2"))
        .addBinding(new Binding("vm3", "hv3"))
        .build();
  }

  /**
   * {@code t} validated.
   *
   * @throws AssertionError listing the errors when {@code t} is invalid
   */
  public static ValidatedTopology validated(Topology t) {
    return Validator.validate(t)
        .fold(
            errors -> {
              throw new AssertionError("invalid test topology: " + errors.mkString("\n"));
            },
            v -> v);
  }

  // ---- pieces ----

  public static Host host(String id, String tunnelIp) {
    return new Host.Builder().id(id).tunnelIp(IpAddress.parse(tunnelIp)).build();
  }

  /** A VIF with one address and port security. */
  public static SwitchPort vif(String id, String ip, String mac) {
    return new SwitchPort.Builder()
        .id(id)
        .mac(MacAddress.parse(mac))
        .addIp(IpAddress.parse(ip))
        .portSecurity(true)
        .build();
  }

  /** The switch side of a link to {@code routerPort}. */
  public static SwitchPort routerLink(String id, String routerPort) {
    return new SwitchPort.Builder().id(id).kind(PortKind.ROUTER).routerPort(routerPort).build();
  }

  public static RouterPort routerPort(String id, String address, String mac) {
    return new RouterPort.Builder()
        .id(id)
        .mac(MacAddress.parse(mac))
        .addAddress(InterfaceAddress.parse(address))
        .build();
  }

  /**
   * Switch {@code id} on {@code subnet}: first the router link {@code link} to {@code routerPort},
   * then {@code vifs}.
   */
  public static LogicalSwitch tier(
      String tenant, String id, String subnet, String link, String routerPort, SwitchPort... vifs) {
    return new LogicalSwitch.Builder()
        .id(id)
        .tenant(tenant)
        .addSubnet(IpPrefix.parse(subnet))
        .addPort(routerLink(link, routerPort))
        .addPorts(vifs)
        .build();
  }

  /** Default-deny port group {@code id} of acme with one allow-related to-port ACL. */
  public static PortGroup zeroTrust(String id, String aclId, String match, String... ports) {
    return new PortGroup.Builder()
        .id(id)
        .tenant("acme")
        .addPorts(ports)
        .defaultDeny(DefaultDeny.TO_PORT)
        .addAcl(acl(aclId, match))
        .build();
  }

  public static AclRule acl(String id, String match) {
    return new AclRule.Builder()
        .id(id)
        .direction(Direction.TO_PORT)
        .priority(1000)
        .match(match)
        .action(AclAction.ALLOW_RELATED)
        .build();
  }

  /** A TCP VIP on {@code address:port} with backends on the same port. */
  public static Vip vip(String id, String address, int port, String... backends) {
    Vip.Builder b =
        new Vip.Builder()
            .id(id)
            .address(IpAddress.parse(address))
            .protocol(IpProtocol.TCP)
            .port(port);
    for (String be : backends) {
      b.addBackend(Backend.of(IpAddress.parse(be), port));
    }
    return b.build();
  }

  // ---- editors: each rebuilds the topology with one element changed ----

  public static Topology edit(Topology t, UnaryOperator<Topology.Builder> f) {
    return f.apply(new Topology.Builder().from(t)).build();
  }

  public static Topology editSwitch(Topology t, String id, UnaryOperator<LogicalSwitch.Builder> f) {
    return edit(
        t,
        b ->
            b.switches(
                t.switches().stream()
                    .map(
                        s ->
                            s.id().equals(id)
                                ? f.apply(new LogicalSwitch.Builder().from(s)).build()
                                : s)
                    .toList()));
  }

  public static Topology editPort(Topology t, String id, UnaryOperator<SwitchPort.Builder> f) {
    String sw =
        t.switchOfPort(id).orElseThrow(() -> new IllegalArgumentException("no port " + id)).id();
    return editSwitch(
        t,
        sw,
        s ->
            s.ports(
                t.switchById(sw).orElseThrow().ports().stream()
                    .map(
                        p ->
                            p.id().equals(id)
                                ? f.apply(new SwitchPort.Builder().from(p)).build()
                                : p)
                    .toList()));
  }

  public static Topology editRouter(Topology t, String id, UnaryOperator<LogicalRouter.Builder> f) {
    return edit(
        t,
        b ->
            b.routers(
                t.routers().stream()
                    .map(
                        r ->
                            r.id().equals(id)
                                ? f.apply(new LogicalRouter.Builder().from(r)).build()
                                : r)
                    .toList()));
  }

  public static Topology editRouterPort(Topology t, String id, UnaryOperator<RouterPort.Builder> f) {
    String router =
        t.routerOfPort(id)
            .orElseThrow(() -> new IllegalArgumentException("no router port " + id))
            .id();
    return editRouter(
        t,
        router,
        r ->
            r.ports(
                t.routerById(router).orElseThrow().ports().stream()
                    .map(
                        p ->
                            p.id().equals(id)
                                ? f.apply(new RouterPort.Builder().from(p)).build()
                                : p)
                    .toList()));
  }

  public static Topology editPortGroup(Topology t, String id, UnaryOperator<PortGroup.Builder> f) {
    return edit(
        t,
        b ->
            b.portGroups(
                t.portGroups().stream()
                    .map(
                        g ->
                            g.id().equals(id)
                                ? f.apply(new PortGroup.Builder().from(g)).build()
                                : g)
                    .toList()));
  }

  public static Topology editLoadBalancer(Topology t, String id, UnaryOperator<LoadBalancer.Builder> f) {
    return edit(
        t,
        b ->
            b.loadBalancers(
                t.loadBalancers().stream()
                    .map(
                        l ->
                            l.id().equals(id)
                                ? f.apply(new LoadBalancer.Builder().from(l)).build()
                                : l)
                    .toList()));
  }

  public static Topology editHost(Topology t, String id, UnaryOperator<Host.Builder> f) {
    return edit(
        t,
        b ->
            b.hosts(
                t.hosts().stream()
                    .map(h -> h.id().equals(id) ? f.apply(new Host.Builder().from(h)).build() : h)
                    .toList()));
  }
}
