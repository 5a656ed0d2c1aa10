package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.export.openflow.OpenFlowExport;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.io.TopologyDocuments;
import io.nv.io.export.OpenFlowFiles;
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
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of docs/physical.md, measured and printed (not asserted: the build machine's speed
 * varies): flows per host of {@code examples/topologies/three-tier.yaml}, and of one host of a
 * 100-switch × 50-port topology on 100 hosts ({@link #scale}), with the time real OVS takes to
 * load that host's export ({@code load.sh}: groups with {@code -O OpenFlow15}, flows with {@code
 * --bundle}), median of three. What is asserted is that the loads happen and leave every flow in
 * the bridge.
 *
 * <pre>
 * mvn -B -ntp -o verify -pl nv-conformance -am -Dtest=PhysicalFiguresTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@ExtendWith(OvsHarnessExtension.class)
class PhysicalFiguresTest {
  static final int SWITCHES = 100;
  static final int PORTS = 50;
  static final int HOSTS = 100;

  @TempDir static Path dir;

  @Test
  void threeTierFlowsPerHost() throws Exception {
    Path file = Path.of("..", "examples", "topologies", "three-tier.yaml");
    ValidatedTopology v = TopologyDocuments.readAndValidate(file).validated().orElseThrow();
    Compilation c = Compilation.of(v).get();
    for (String h : c.hosts()) {
      HostTables t = c.host(h);
      OpenFlowExport e = OpenFlowFiles.write(t, dir.resolve("three-tier").resolve(h));
      long lines = e.flows().lines().count();
      assertThat(lines).isEqualTo(t.flowCount());
      System.out.printf("three-tier %s: %d flows (%d physical, %d datapaths), %d groups%n", h, lines,
          t.flows().size(), t.datapaths().size(), t.groups().size());
    }
  }

  @Test
  void oneHostOfAHundredSwitchesLoadsIntoOvs(OvsHarness ovs) throws Exception {
    long tb = System.nanoTime();
    Topology t = scale();
    long t0 = System.nanoTime();
    ValidatedTopology v = Validator.validate(t)
        .fold(e -> { throw new AssertionError("invalid: " + e.take(5).toJavaList()); }, x -> x);
    long t1 = System.nanoTime();
    Compilation c = Compilation.of(v).get();
    HostTables hv0 = c.host("hv0");
    long t2 = System.nanoTime();
    Path export = dir.resolve("scale").resolve("hv0");
    OpenFlowExport e = OpenFlowFiles.write(hv0, export);
    long t3 = System.nanoTime();
    long flows = e.flows().lines().count();
    System.out.printf("scale: %d switches x %d VIFs on %d hosts; built %.1f s, validated %.1f s;"
            + " hv0: %d VIFs, %d datapaths, %d flows (%d physical), %d groups, realized in %.1f s,"
            + " written in %.1f s (flows.txt %.1f MB)%n",
        SWITCHES, PORTS, HOSTS, (t0 - tb) / 1e9, (t1 - t0) / 1e9, hv0.ports().ports().size(), hv0.datapaths().size(),
        flows, hv0.flows().size(), hv0.groups().size(), (t2 - t1) / 1e9, (t3 - t2) / 1e9,
        Files.size(export.resolve("flows.txt")) / 1e6);
    OfCtl.checkFlows(export.resolve("flows.txt"));
    ovs.reset(export);
    List<Double> loads = new ArrayList<>();
    List<Double> bundles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long s = System.nanoTime();
      ovs.load("hv0");
      loads.add((System.nanoTime() - s) / 1e9);
      ovs.ofctl("hv0", "-O", "OpenFlow13", "del-flows", OvsHarness.INTEGRATION_BRIDGE);
      s = System.nanoTime();
      ovs.ofctl("hv0", "-O", "OpenFlow13", "--bundle", "add-flows", OvsHarness.INTEGRATION_BRIDGE,
          export.resolve("flows.txt").toString());
      bundles.add((System.nanoTime() - s) / 1e9);
    }
    String dump = ovs.ofctl("hv0", "-O", "OpenFlow13", "dump-aggregate", OvsHarness.INTEGRATION_BRIDGE);
    assertThat(dump).contains("flow_count=" + flows);
    loads.sort(null);
    bundles.sort(null);
    System.out.printf("scale hv0 into OVS: load.sh %s s (median %.2f s), ovs-ofctl --bundle add-flows alone %s s"
        + " (median %.2f s)%n", loads, loads.get(1), bundles, bundles.get(1));
  }

  /**
   * 100 switches × 50 VIFs behind one router, on 100 hosts: switch {@code i} has subnet {@code
   * 10.(i/256).(i%256).0/24}; its VIF {@code j} MAC {@code 0a:00:(i/256):(i%256):(j/256):(j%256)},
   * IP {@code 10.(i/256).(i%256).(j+2)}, port security, on host {@code (i·50 + j) mod 100}; router
   * lr0 has {@code .1} on every switch; every switch has four ACLs (to-port 1000 {@code ip4 &&
   * tcp.dst == 80} allow-related; to-port 900 {@code ip4.src == 10.0.0.0/8 && tcp.dst == 22}
   * allow-related; from-port 800 {@code udp.dst == 53} allow; to-port 100 {@code ip4} drop) and
   * load balancer lb0 (VIP 172.31.255.100 tcp 80 → 10.0.0.3:8080, 10.0.0.4:8080, 10.0.0.5:8080);
   * host {@code hv h} has tunnel IP {@code 192.168.(h/256).(h%256)}.
   */
  static Topology scale() {
    Topology.Builder t = new Topology.Builder().addTenant(Tenant.of("t"));
    for (int h = 0; h < HOSTS; h++) {
      t.addHost(new Host.Builder().id("hv" + h).tunnelIp(Ipv4Address.of(192, 168, h / 256, h % 256)).build());
    }
    LogicalRouter.Builder router = new LogicalRouter.Builder().id("lr0").tenant("t");
    LoadBalancer.Builder lb = new LoadBalancer.Builder().id("lb0").tenant("t")
        .addVip(new Vip.Builder().id("http").address(Ipv4Address.parse("172.31.255.100"))
            .protocol(IpProtocol.TCP).port(80)
            .addBackend(new Backend(Ipv4Address.parse("10.0.0.3"), 8080, 1, true))
            .addBackend(new Backend(Ipv4Address.parse("10.0.0.4"), 8080, 1, true))
            .addBackend(new Backend(Ipv4Address.parse("10.0.0.5"), 8080, 1, true))
            .build());
    for (int i = 0; i < SWITCHES; i++) {
      String sw = "ls" + i;
      int hi = i / 256;
      int lo = i % 256;
      LogicalSwitch.Builder s = new LogicalSwitch.Builder().id(sw).tenant("t")
          .addSubnet(IpPrefix.parse("10." + hi + "." + lo + ".0/24"));
      for (int j = 0; j < PORTS; j++) {
        String port = sw + "p" + j;
        s.addPort(new SwitchPort.Builder().id(port)
            .mac(MacAddress.of(0x0a0000000000L | (long) hi << 24 | (long) lo << 16 | (long) (j / 256) << 8 | (j % 256)))
            .addIp(Ipv4Address.of(10, hi, lo, j + 2))
            .portSecurity(true)
            .build());
        t.addBinding(new Binding(port, "hv" + ((i * PORTS + j) % HOSTS)));
      }
      String rp = "lr0-" + sw;
      router.addPort(new RouterPort.Builder().id(rp)
          .mac(MacAddress.of(0x0a0100000001L | (long) hi << 24 | (long) lo << 16))
          .addAddress(InterfaceAddress.of(Ipv4Address.of(10, hi, lo, 1), 24))
          .build());
      s.addPort(new SwitchPort.Builder().id(sw + "-lr0").kind(PortKind.ROUTER).routerPort(rp).build());
      s.addAcl(acl("http", Direction.TO_PORT, 1000, "ip4 && tcp.dst == 80", AclAction.ALLOW_RELATED));
      s.addAcl(acl("ssh", Direction.TO_PORT, 900, "ip4.src == 10.0.0.0/8 && tcp.dst == 22", AclAction.ALLOW_RELATED));
      s.addAcl(acl("dns", Direction.FROM_PORT, 800, "udp.dst == 53", AclAction.ALLOW));
      s.addAcl(acl("deny", Direction.TO_PORT, 100, "ip4", AclAction.DROP));
      t.addSwitch(s.build());
      lb.addSwitch(sw);
    }
    return t.addRouter(router.build()).addLoadBalancer(lb.build()).build();
  }

  private static AclRule acl(String id, Direction d, int priority, String match, AclAction action) {
    return new AclRule.Builder().id(id).tier(0).priority(priority).direction(d).match(match).action(action).build();
  }
}
