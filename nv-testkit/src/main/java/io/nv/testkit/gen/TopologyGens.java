package io.nv.testkit.gen;

import com.google.common.collect.ImmutableList;
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
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
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
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Shrinker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Generators of valid topologies, by construction: tenants that share address space, MACs and
 * hosts; switches with VIF, ROUTER and LOCALNET ports; routers with static routes (ECMP included),
 * policy routes, NAT and floating IPs, neighbours and gateways; ACLs on switches and port groups,
 * address sets, load balancers; hosts and bindings. Ids are unique per kind and name their place:
 * tenant {@code t0}, switch {@code t0s1}, port {@code t0s1p2}, router {@code t0r}.
 *
 * <pre>{@code
 * Property.forAll(TopologyGens.topologies())
 *     .shrinkWith(TopologyGens.shrinker())
 *     .check(t -> assertThat(Validator.validate(t).isValid()).isTrue());
 * }</pre>
 *
 * <p>Addressing: switch {@code j} of every tenant has subnet {@code 10.0.j.0/24}; VIF {@code i}
 * has {@code 10.0.j.(10+i)} and MAC {@code 0a:00:00:0j:00:(16+i)}; the router is {@code .1} with
 * MAC {@code 0a:00:01:00:0j:01}; an outside switch {@code 203.0.113.0/24} carries the uplink, the
 * upstream neighbour {@code .1} and NAT addresses; VIPs are {@code 172.16.0.n}. Tenants reuse all
 * of it, so isolation is tested on identical addresses.
 */
public final class TopologyGens {
  private static final Ipv4Address OUTSIDE_NET = Ipv4Address.parse("203.0.113.0");

  private TopologyGens() {}

  /** Valid topologies of {@link TopologyShape#DEFAULT}'s bounds. */
  public static Gen<Topology> topologies() {
    return topologies(TopologyShape.DEFAULT);
  }

  /** Valid topologies within {@code shape}. */
  public static Gen<Topology> topologies(TopologyShape shape) {
    return (random, size) -> new Builder(random, size, shape).build();
  }

  /** A shrinker that drops elements nothing refers to (bindings, ACLs, load balancers, routes…). */
  public static Shrinker<Topology> shrinker() {
    return t -> {
      List<Topology> out = new ArrayList<>();
      if (!t.loadBalancers().isEmpty()) {
        out.add(new Topology.Builder().from(t).loadBalancers(List.of()).build());
      }
      if (!t.bindings().isEmpty()) {
        out.add(new Topology.Builder().from(t).bindings(t.bindings().subList(1, t.bindings().size())).build());
      }
      List<LogicalSwitch> noAcl = t.switches().stream()
          .map(s -> new LogicalSwitch.Builder().from(s).acls(List.of()).build()).toList();
      if (!noAcl.equals(t.switches())) {
        out.add(new Topology.Builder().from(t).switches(noAcl).build());
      }
      List<LogicalRouter> bare = t.routers().stream()
          .map(r -> new LogicalRouter.Builder().from(r).routes(List.of()).policies(List.of()).nats(List.of()).build())
          .toList();
      if (!bare.equals(t.routers())) {
        out.add(new Topology.Builder().from(t).routers(bare).build());
      }
      return out.stream();
    };
  }

  /** Scales {@code bound} by the runner's size: 1 at size 0, the bound from size 40 on. */
  static int scaled(int bound, int size) {
    return Math.max(1, Math.min(bound, 1 + (bound * size) / 40));
  }

  /**
   * {@code drawn}, or the next ACL priority up (wrapping) that {@code used} does not hold yet; adds
   * it to {@code used}.
   */
  static int unusedPriority(int drawn, Set<Integer> used) {
    int p = drawn;
    while (!used.add(p)) {
      p = (p + 1) % 32768;
    }
    return p;
  }

  /** Builds one topology from the random draws. */
  private static final class Builder {
    private final RandomGenerator r;
    private final int size;
    private final TopologyShape shape;
    private final Topology.Builder t = new Topology.Builder();
    private final List<String> hosts = new ArrayList<>();

    Builder(RandomGenerator r, int size, TopologyShape shape) {
      this.r = r;
      this.size = size;
      this.shape = shape;
    }

    private int between(int lo, int hi) {
      return Gens.integers(lo, Math.max(lo, hi)).generate(r, size);
    }

    private boolean chance(int percent) {
      return between(0, 99) >= 100 - percent;
    }

    Topology build() {
      boolean vxlan = chance(15);
      t.encapsulation(vxlan ? Encapsulation.VXLAN : Encapsulation.GENEVE);
      int nHosts = between(1, scaled(shape.maxHosts(), size));
      for (int h = 0; h < nHosts; h++) {
        String id = "hv" + h;
        hosts.add(id);
        Host.Builder hb = new Host.Builder().id(id).tunnelIp(Ipv4Address.of(192, 168, h / 250, 1 + h % 250));
        if (vxlan) {
          hb.encapsulations(List.of(Encapsulation.GENEVE, Encapsulation.VXLAN));
        }
        t.addHost(hb.build());
      }
      int nTenants = between(1, scaled(shape.maxTenants(), size));
      for (int k = 0; k < nTenants; k++) {
        tenant(k);
      }
      return t.build();
    }

    private String host() {
      return hosts.get(between(0, hosts.size() - 1));
    }

    private void tenant(int k) {
      String tenant = "t" + k;
      t.addTenant(Tenant.of(tenant));
      int nSwitches = between(1, scaled(shape.maxSwitchesPerTenant(), size));
      boolean routed = shape.routing() && chance(70);
      boolean outside = routed && chance(50);
      List<LogicalSwitch.Builder> switches = new ArrayList<>();
      List<String> vifs = new ArrayList<>();
      List<IpAddress> vifIps = new ArrayList<>();
      LogicalRouter.Builder router = new LogicalRouter.Builder().id(tenant + "r").tenant(tenant);
      List<IpPrefix> connected = new ArrayList<>();
      for (int j = 0; j < nSwitches; j++) {
        String sid = tenant + "s" + j;
        IpPrefix subnet = IpPrefix.parse("10.0." + j + ".0/24");
        LogicalSwitch.Builder sb = new LogicalSwitch.Builder().id(sid).tenant(tenant).addSubnet(subnet);
        int nPorts = between(0, scaled(shape.maxPortsPerSwitch(), size));
        for (int i = 0; i < nPorts; i++) {
          String pid = sid + "p" + i;
          IpAddress ip = Ipv4Address.of(10, 0, j, 10 + i);
          sb.addPort(
              new SwitchPort.Builder()
                  .id(pid)
                  .mac(MacAddress.of(0x0a0000000000L | ((long) j << 16) | (16 + i)))
                  .addIp(ip)
                  .portSecurity(chance(70))
                  .unknown(chance(5))
                  .build());
          vifs.add(pid);
          vifIps.add(ip);
          t.addBinding(new Binding(pid, host()));
        }
        if (chance(10)) {
          SwitchPort.Builder ln = new SwitchPort.Builder().id(sid + "ln").kind(PortKind.LOCALNET).network("physnet");
          if (chance(50)) {
            ln.vlan(between(1, 4094));
          }
          sb.addPort(ln.build());
        }
        if (routed && (j == 0 || chance(80))) {
          String rp = tenant + "r-s" + j;
          router.addPort(
              new RouterPort.Builder()
                  .id(rp)
                  .mac(MacAddress.of(0x0a0001000001L | ((long) j << 8)))
                  .addAddress(InterfaceAddress.of(Ipv4Address.of(10, 0, j, 1), 24))
                  .build());
          sb.addPort(new SwitchPort.Builder().id(sid + "-r").kind(PortKind.ROUTER).routerPort(rp).build());
          connected.add(subnet);
        }
        switches.add(sb);
      }
      if (outside) {
        String sid = tenant + "out";
        LogicalSwitch.Builder ob =
            new LogicalSwitch.Builder().id(sid).tenant(tenant).addSubnet(IpPrefix.of(OUTSIDE_NET, 24));
        ob.addPort(new SwitchPort.Builder().id(tenant + "up").kind(PortKind.LOCALNET).network("external").build());
        String rp = tenant + "r-out";
        router.addPort(
            new RouterPort.Builder()
                .id(rp)
                .mac(MacAddress.parse("0a:00:01:00:ff:01"))
                .addAddress(InterfaceAddress.parse("203.0.113.2/24"))
                .build());
        ob.addPort(new SwitchPort.Builder().id(sid + "-r").kind(PortKind.ROUTER).routerPort(rp).build());
        switches.add(ob);
        router.addNeighbour(
            new StaticNeighbour.Builder()
                .id("upstream")
                .ip(Ipv4Address.parse("203.0.113.1"))
                .mac(MacAddress.parse("02:00:00:00:00:01"))
                .build());
        router.addRoute(
            new StaticRoute.Builder().id("default").prefix(IpPrefix.parse("0.0.0.0/0"))
                .nextHop(Ipv4Address.parse("203.0.113.1")).build());
        if (chance(70)) {
          router.addNat(
              new NatRule.Builder().id("snat").type(NatType.SNAT)
                  .externalIp(Ipv4Address.parse("203.0.113.10"))
                  .logical(IpPrefix.parse("10.0.0.0/16")).build());
        }
        if (!vifs.isEmpty() && chance(60)) {
          int v = between(0, vifs.size() - 1);
          NatRule.Builder fip =
              new NatRule.Builder().id("fip").type(NatType.FLOATING_IP)
                  .externalIp(Ipv4Address.parse("203.0.113.20"))
                  .logical(IpPrefix.host(vifIps.get(v)))
                  .logicalPort(vifs.get(v));
          if (chance(20)) {
            fip.externalMac(MacAddress.parse("0a:00:01:00:ff:20"));
          }
          router.addNat(fip.build());
        }
        if (!vifs.isEmpty() && chance(60)) {
          router.addNat(
              new NatRule.Builder().id("dnat").type(NatType.DNAT)
                  .externalIp(Ipv4Address.parse("203.0.113.30"))
                  .logical(IpPrefix.host(vifIps.get(between(0, vifs.size() - 1)))).build());
        }
        // Stateful NAT needs a gateway host; floating IPs alone may do without.
        boolean stateful =
            router.build().nats().stream().anyMatch(n -> n.type() != NatType.FLOATING_IP);
        if (stateful || chance(50)) {
          router.gateway(host());
        }
      }
      if (routed) {
        routes(router, connected, vifIps);
      }
      if (shape.policy()) {
        policy(tenant, switches, vifs, vifIps);
      }
      for (LogicalSwitch.Builder sb : switches) {
        t.addSwitch(sb.build());
      }
      if (routed) {
        t.addRouter(router.build());
      }
    }

    private void routes(LogicalRouter.Builder router, List<IpPrefix> connected, List<IpAddress> vifIps) {
      List<IpAddress> hops = vifIps.stream().filter(ip -> connected.stream().anyMatch(n -> n.contains(ip))).toList();
      if (hops.isEmpty()) {
        return;
      }
      int nRoutes = between(0, 2);
      for (int n = 0; n < nRoutes; n++) {
        IpPrefix prefix = IpPrefix.parse("192.168." + (100 + n) + ".0/24");
        router.addRoute(
            new StaticRoute.Builder().id("r" + n).prefix(prefix)
                .nextHop(hops.get(between(0, hops.size() - 1))).build());
        if (chance(30)) {
          router.addRoute(
              new StaticRoute.Builder().id("r" + n + "b").prefix(prefix)
                  .nextHop(hops.get(between(0, hops.size() - 1))).build());
        }
      }
      if (chance(30)) {
        router.addRoute(
            new StaticRoute.Builder().id("host").prefix(IpPrefix.parse("192.168.100.7/32"))
                .nextHop(hops.get(between(0, hops.size() - 1))).build());
      }
      if (chance(20)) {
        // Longer than the connected /24: longest prefix match picks it.
        router.addRoute(
            new StaticRoute.Builder().id("half").prefix(IpPrefix.parse("10.0.0.128/25"))
                .nextHop(hops.get(between(0, hops.size() - 1))).build());
      }
      if (chance(15)) {
        // Out of a port, without a next hop: the destination itself is the next hop.
        router.addRoute(
            new StaticRoute.Builder().id("direct").prefix(IpPrefix.parse("192.168.102.0/24"))
                .port(router.build().ports().get(0).id()).build());
      }
      int nPolicies = between(0, 2);
      Set<Integer> priorities = new HashSet<>();
      for (int n = 0; n < nPolicies; n++) {
        PolicyAction a = PolicyAction.values()[between(0, 2)];
        String match =
            switch (between(0, 3)) {
              case 0 -> "ip4.dst == 192.168." + (100 + n) + ".0/24 && tcp.dst == "
                  + PacketGens.ACL_PORTS.get(between(0, PacketGens.ACL_PORTS.size() - 1));
              case 1 -> "ip4.src == 10.0." + between(0, 2) + ".0/24 && ip4.dst == 10.0." + between(0, 2) + ".0/24";
              case 2 -> "udp.dst == 53 || icmp4";
              default -> "ip4.dst == 8.8.8.0/24 && inport == \"" + router.build().ports().get(0).id() + "\"";
            };
        PolicyRoute.Builder pb = new PolicyRoute.Builder().id("pol" + n)
            .priority(unusedPriority(between(1, 1000), priorities))
            .match(match)
            .action(a);
        if (a == PolicyAction.REROUTE) {
          pb.addNextHop(hops.get(between(0, hops.size() - 1)));
          if (chance(30)) {
            IpAddress second = hops.get(between(0, hops.size() - 1));
            if (!pb.build().nextHops().contains(second)) {
              pb.addNextHop(second);
            }
          }
        }
        router.addPolicy(pb.build());
      }
    }

    private static final String[] TO_PORT_MATCHES = {
      "tcp.dst == %d", "ip4 && tcp.dst == {80, 443}", "ip4.src == 10.0.0.0/8 && tcp.dst == 22",
      "udp.dst == 53", "ip4.src == $%s", "icmp4", "tcp.dst >= 1000 && tcp.dst <= 2000"
    };

    private void policy(String tenant, List<LogicalSwitch.Builder> switches, List<String> vifs, List<IpAddress> vifIps) {
      // A tenant's switch and group rules can meet in one stage, where equal priorities would be
      // unspecified (docs/semantics.md): draw them without repetition.
      Set<Integer> priorities = new HashSet<>();
      List<String> sets = new ArrayList<>();
      int nSets = between(0, 2);
      for (int n = 0; n < nSets; n++) {
        String id = tenant + "as" + n;
        sets.add(id);
        t.addAddressSet(
            new AddressSet.Builder().id(id).tenant(tenant)
                .addAddress(IpPrefix.parse("10.0." + n + ".0/28"))
                .addAddress(IpPrefix.parse("192.0.2." + (n * 16) + "/28")).build());
      }
      for (int s = 0; s < switches.size(); s++) {
        int nAcls = between(0, 3);
        for (int n = 0; n < nAcls; n++) {
          switches.get(s).addAcl(acl("a" + n, sets, vifs, false, priorities));
        }
        if (chance(20)) {
          switches.get(s).defaultDeny(chance(70) ? DefaultDeny.TO_PORT : DefaultDeny.BOTH);
        }
      }
      if (!vifs.isEmpty()) {
        int nGroups = between(0, 2);
        for (int n = 0; n < nGroups; n++) {
          ImmutableList<String> members = Gens.subsetOf(vifs).generate(r, size).asList();
          if (members.isEmpty()) {
            members = ImmutableList.of(vifs.get(0));
          }
          PortGroup.Builder gb = new PortGroup.Builder().id(tenant + "pg" + n).tenant(tenant).ports(members)
              .defaultDeny(chance(60) ? DefaultDeny.TO_PORT : chance(30) ? DefaultDeny.BOTH : DefaultDeny.OFF);
          int nAcls = between(0, 3);
          for (int a = 0; a < nAcls; a++) {
            gb.addAcl(acl("g" + a, sets, vifs, true, priorities));
          }
          t.addPortGroup(gb.build());
        }
        if (chance(40)) {
          LoadBalancer.Builder lb = new LoadBalancer.Builder().id(tenant + "lb").tenant(tenant);
          Vip.Builder vip = new Vip.Builder().id("http").address(Ipv4Address.parse("172.16.0.1"))
              .protocol(chance(80) ? IpProtocol.TCP : IpProtocol.UDP).port(80);
          int nb = between(1, Math.min(3, vifIps.size()));
          for (int b = 0; b < nb; b++) {
            vip.addBackend(new Backend(vifIps.get(b), 8080, between(1, 3), !chance(20)));
          }
          lb.addVip(vip.build());
          for (LogicalSwitch.Builder s : switches) {
            if (chance(60)) {
              lb.addSwitch(s.build().id());
            }
          }
          if (chance(40)) {
            lb.hairpinAddress(Ipv4Address.parse("172.16.255.254"));
          }
          if (chance(25)) {
            lb.affinityTimeout(between(1, 600));
          } else if (chance(30)) {
            for (SelectionField f : SelectionField.values()) {
              if (chance(50)) {
                lb.addSelectionField(f);
              }
            }
          }
          t.addLoadBalancer(lb.build());
        }
      }
    }

    private AclRule acl(
        String id, List<String> sets, List<String> vifs, boolean group, Set<Integer> priorities) {
      boolean toPort = chance(70);
      String match;
      if (!toPort && !vifs.isEmpty() && !group && chance(30)) {
        match = "inport == \"" + vifs.get(between(0, vifs.size() - 1)) + "\" && ip4";
      } else {
        String shape = TO_PORT_MATCHES[between(0, TO_PORT_MATCHES.length - 1)];
        if (shape.contains("$%s")) {
          match = sets.isEmpty() ? "ip4" : String.format(shape, sets.get(between(0, sets.size() - 1)));
        } else {
          match = shape.contains("%d") ? String.format(shape, between(1, 65535)) : shape;
        }
      }
      AclAction[] actions = AclAction.values();
      return new AclRule.Builder()
          .id(id)
          .tier(chance(20) ? 1 : 0)
          .priority(unusedPriority(between(0, 32767), priorities))
          .direction(toPort ? Direction.TO_PORT : Direction.FROM_PORT)
          .match(match)
          .action(actions[between(0, actions.length - 1)])
          .log(chance(10))
          .build();
    }
  }
}
