package io.nv.model.workload;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.Direction;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
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
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale workload shaped like OVN's own benchmarks: tenant {@code t}; switches {@code
 * ls0…ls{N-1}}, switch i on {@code 10.(i/256).(i%256).0/24} with VIFs {@code ls{i}-p{j}} (j < M ≤
 * 250: MAC {@code 0a:00:(i/256):(i%256):(j/256):(j%256)}, IP {@code 10.(i/256).(i%256).(j+2)},
 * port security); router {@code lr0} at {@code .1} on every switch (MAC {@code
 * 0a:01:(i/256):(i%256):00:01}); on every switch four ACLs — to-port 1000 {@code ip4 && tcp.dst
 * == 80} allow-related, to-port 900 {@code ip4.src == 10.0.0.0/8 && tcp.dst == 22}
 * allow-related, from-port 800 {@code udp.dst == 53} allow, to-port 100 {@code ip4} drop — and
 * one load balancer (VIP 172.31.255.100 tcp 80 → 10.0.0.3:8080, 10.0.0.4:8080, 10.0.0.5:8080)
 * on all of them; hosts {@code hv0…hv{H-1}} at {@code 192.168.(h/256).(h%256)}, Geneve, underlay
 * MTU 1500; VIF j of switch i on host (i·M + j) mod H.
 *
 * <p>{@link #topology(int, int, int, int)} varies the number of ACLs on every switch, to show how
 * flow counts grow with them: the first of the four rules above, in that order, when fewer, and
 * after them rule k (k ≥ 4) to-port at priority 2000 + k, {@code ip4 && tcp.dst == 10000 + k}
 * allow-related.
 *
 * <pre>{@code
 * Topology t = OvnLike.topology(100, 50, 100);       // 5,000 VIFs on 100 hosts
 * Topology u = OvnLike.topology(100, 50, 100, 64);   // the same, with 64 ACLs on every switch
 * }</pre>
 */
public final class OvnLike {
  /** The most VIFs per switch (the last octet must stay below .255). */
  public static final int MAX_PORTS = 250;

  /** The ACLs on every switch unless told otherwise: the workload's four. */
  public static final int DEFAULT_ACLS = 4;

  /** The most ACLs per switch {@link #topology(int, int, int, int)} makes. */
  public static final int MAX_ACLS = 1000;

  private static final String TENANT = "t";
  private static final Ipv4Address VIP = Ipv4Address.parse("172.31.255.100");

  private OvnLike() {}

  /**
   * The workload with {@code switches} switches of {@code ports} VIFs on {@code hosts} hosts.
   *
   * @throws IllegalArgumentException when a count is out of range (switches 1..65536, ports
   *     1..250, hosts 1..65536)
   */
  public static Topology topology(int switches, int ports, int hosts) {
    return topology(switches, ports, hosts, DEFAULT_ACLS);
  }

  /**
   * The workload with {@code acls} ACLs on every switch instead of four (see the class comment).
   *
   * @throws IllegalArgumentException when a count is out of range (as above, and acls 0..1000)
   */
  public static Topology topology(int switches, int ports, int hosts, int acls) {
    check(switches, 1, 65536, "switches");
    check(ports, 1, MAX_PORTS, "ports");
    check(hosts, 1, 65536, "hosts");
    check(acls, 0, MAX_ACLS, "acls");
    List<AclRule> rules = rules(acls);
    Topology.Builder t = new Topology.Builder().addTenant(Tenant.of(TENANT)).encapsulation(Encapsulation.GENEVE);
    for (int h = 0; h < hosts; h++) {
      t.addHost(
          new Host.Builder().id("hv" + h).tunnelIp(Ipv4Address.of(192, 168, h / 256, h % 256)).underlayMtu(1500).build());
    }
    LogicalRouter.Builder lr = new LogicalRouter.Builder().id("lr0").tenant(TENANT);
    LoadBalancer.Builder lb = new LoadBalancer.Builder().id("lb0").tenant(TENANT);
    Vip.Builder vip = new Vip.Builder().id("http").address(VIP).protocol(IpProtocol.TCP).port(80);
    for (int b = 3; b <= 5; b++) {
      vip.addBackend(Backend.of(Ipv4Address.of(10, 0, 0, b), 8080));
    }
    lb.addVip(vip.build());
    for (int i = 0; i < switches; i++) {
      int hi = i / 256;
      int lo = i % 256;
      String ls = "ls" + i;
      String rp = "lr0-" + ls;
      LogicalSwitch.Builder s =
          new LogicalSwitch.Builder().id(ls).tenant(TENANT).addSubnet(IpPrefix.of(Ipv4Address.of(10, hi, lo, 0), 24));
      s.addPort(new SwitchPort.Builder().id(ls + "-lr0").kind(PortKind.ROUTER).routerPort(rp).build());
      for (int j = 0; j < ports; j++) {
        String id = ls + "-p" + j;
        s.addPort(
            new SwitchPort.Builder()
                .id(id)
                .mac(MacAddress.of(0x0a00_0000_0000L | ((long) hi << 24) | ((long) lo << 16) | ((long) (j / 256) << 8) | (j % 256)))
                .addIp(Ipv4Address.of(10, hi, lo, j + 2))
                .portSecurity(true)
                .build());
        t.addBinding(new Binding(id, "hv" + Math.floorMod((long) i * ports + j, hosts)));
      }
      s.addAllAcls(rules);
      t.addSwitch(s.build());
      lr.addPort(
          new RouterPort.Builder()
              .id(rp)
              .mac(MacAddress.of(0x0a01_0000_0001L | ((long) hi << 24) | ((long) lo << 16)))
              .addAddress(InterfaceAddress.of(Ipv4Address.of(10, hi, lo, 1), 24))
              .build());
      lb.addSwitch(ls);
    }
    return t.addRouter(lr.build()).addLoadBalancer(lb.build()).build();
  }

  /** Every switch's rules: the first {@code n} of the four, then the extra ones. */
  private static List<AclRule> rules(int n) {
    List<AclRule> four =
        List.of(
            acl("http", Direction.TO_PORT, 1000, "ip4 && tcp.dst == 80", AclAction.ALLOW_RELATED),
            acl("ssh", Direction.TO_PORT, 900, "ip4.src == 10.0.0.0/8 && tcp.dst == 22", AclAction.ALLOW_RELATED),
            acl("dns", Direction.FROM_PORT, 800, "udp.dst == 53", AclAction.ALLOW),
            acl("deny", Direction.TO_PORT, 100, "ip4", AclAction.DROP));
    List<AclRule> rules = new ArrayList<>(four.subList(0, Math.min(n, four.size())));
    for (int k = four.size(); k < n; k++) {
      rules.add(acl("tcp" + (10000 + k), Direction.TO_PORT, 2000 + k, "ip4 && tcp.dst == " + (10000 + k), AclAction.ALLOW_RELATED));
    }
    return rules;
  }

  private static AclRule acl(String id, Direction d, int priority, String match, AclAction action) {
    return new AclRule.Builder().id(id).direction(d).priority(priority).match(match).action(action).build();
  }

  private static void check(int n, int min, int max, String what) {
    if (n < min || n > max) {
      throw new IllegalArgumentException(what + " = " + n + " is not in " + min + ".." + max);
    }
  }

  /** The ids of the workload's hosts, for callers that loop over them. */
  public static List<String> hostIds(int hosts) {
    return java.util.stream.IntStream.range(0, hosts).mapToObj(h -> "hv" + h).toList();
  }
}
