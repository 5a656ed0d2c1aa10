package io.nv.conformance.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.packet.Packets;
import io.nv.ovn.NorthboundExport;
import io.nv.testkit.gen.TopologyGens;
import io.nv.testkit.gen.TopologyShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How long OVN takes for nv's exports, as docs/ovn.md reports: ovn-northd's sync of an export
 * (northd paused while the transaction loads, then timed from resume to {@code ovn-nbctl
 * --wait=sb sync}), and one {@code ovn-trace}. Prints the figures and writes them to {@code
 * target/ovn-timings.txt}; run it alone with
 *
 * <pre>
 * mvn -B -ntp verify -pl nv-conformance -am -Dtest=OvnTimingTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class OvnTimingTest {
  static final int RUNS = 5;

  @Test
  void syncAndTraceTimes() throws IOException {
    Topology generated =
        OvnExportLoadTest.exportable(
            TopologyGens.topologies(new TopologyShape(3, 10, 40, 10, true, true)).generate(new SplittableRandom(7), 100));
    List<String> lines = new ArrayList<>();
    try (OvnSandbox ovn = OvnSandbox.start()) {
      lines.add(sync(ovn, "three-tier.yaml", OvnExportLoadTest.export(ThreeTierOvnTest.example("three-tier.yaml").topology())));
      lines.add(sync(ovn, "generated topology", OvnExportLoadTest.export(generated)));

      ovn.clear();
      ovn.load(OvnExportLoadTest.export(ThreeTierOvnTest.example("three-tier.yaml").topology()).transaction());
      String microflow =
          Microflows.of(
              "web1",
              Packets.tcp(ThreeTierOvnTest.WEB1, ThreeTierOvnTest.R1_WEB, ThreeTierOvnTest.WEB1_IP, ThreeTierOvnTest.APP1_IP, 40000, 8080));
      List<Long> traces = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        long t0 = System.nanoTime();
        ovn.trace(List.of("--summary", "--ct=new", "--ct=new"), microflow);
        traces.add(System.nanoTime() - t0);
      }
      lines.add(String.format("ovn-trace, three-tier web1 -> app1 (routed): median %.1f ms over %d runs", median(traces), traces.size()));
      assertThat(ovn.northdProblems()).isEmpty();
    }
    lines.forEach(System.out::println);
    Files.write(Path.of("target", "ovn-timings.txt"), lines);
  }

  /** Ports of the large export: 500 switches of 200 VIFs. */
  static final int LARGE_SWITCHES = Integer.getInteger("nv.ovn.large.switches", 500);

  /**
   * A 100k-port export (tens of megabytes of JSON) loads into NB through the sandbox's path (the
   * database socket, not a command line, whose size the kernel bounds), with northd paused: the
   * database's time, not northd's.
   */
  @Test
  void aHundredThousandPortExportLoadsOverTheSocket() throws IOException {
    Topology.Builder b = new Topology.Builder().addTenant(io.nv.model.Tenant.of("t"));
    b.addHost(new io.nv.model.placement.Host.Builder().id("hv0").tunnelIp(io.nv.model.addr.Ipv4Address.parse("192.168.0.1")).build());
    int ports = 0;
    for (int j = 0; j < LARGE_SWITCHES; j++) {
      io.nv.model.l2.LogicalSwitch.Builder sw =
          new io.nv.model.l2.LogicalSwitch.Builder().id("s" + j).tenant("t")
              .addSubnet(io.nv.model.addr.IpPrefix.parse("10." + (j / 256) + "." + (j % 256) + ".0/24"));
      for (int i = 0; i < 200; i++) {
        sw.addPort(
            new io.nv.model.l2.SwitchPort.Builder()
                .id("s" + j + "p" + i)
                .mac(io.nv.model.addr.MacAddress.of(0x0a0000000000L | ((long) j << 8) | i))
                .addIp(io.nv.model.addr.Ipv4Address.parse("10." + (j / 256) + "." + (j % 256) + "." + (10 + i)))
                .portSecurity(true)
                .build());
        ports++;
      }
      b.addSwitch(sw.build());
    }
    long t0 = System.nanoTime();
    NorthboundExport nb = OvnExportLoadTest.export(b.build());
    long exported = System.nanoTime();
    String tx = nb.transaction();
    List<String> lines = new ArrayList<>();
    try (OvnSandbox ovn = OvnSandbox.start()) {
      ovn.northdCtl("pause");
      long t1 = System.nanoTime();
      ovn.transact(tx);
      long loaded = System.nanoTime();
      String count =
          ovn.transact("[\"OVN_Northbound\",{\"op\":\"select\",\"table\":\"Logical_Switch_Port\",\"where\":[],\"columns\":[\"name\"]}]");
      assertThat(count.split("\"name\"", -1).length - 1).isEqualTo(ports);
      ovn.transact("[\"OVN_Northbound\",{\"op\":\"delete\",\"table\":\"Logical_Switch\",\"where\":[]}]");
      ovn.northdCtl("resume");
      lines.add(String.format(
          "a %d-port export (%d NB rows, %.1f MB of JSON): validated and exported in %.1f s, loaded into NB over the socket in %.1f s",
          ports, nb.rows().size(), tx.length() / 1e6, (exported - t0) / 1e9, (loaded - t1) / 1e9));
      // northd's database connection receives the 100k rows even while paused: its "long poll
      // interval" notes (module timeval) are about this machine's load, not about the export.
      assertThat(ovn.northdProblems()).filteredOn(l -> !l.contains("|timeval|")).isEmpty();
    }
    lines.forEach(System.out::println);
    Files.write(Path.of("target", "ovn-large-load.txt"), lines);
  }

  /** Loads {@code nb} with northd paused, then times northd's work until SB is written. */
  private static String sync(OvnSandbox ovn, String what, NorthboundExport nb) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      ovn.clear();
      ovn.northdCtl("pause");
      ovn.transact(nb.transaction());
      long t0 = System.nanoTime();
      ovn.northdCtl("resume");
      ovn.sync();
      times.add(System.nanoTime() - t0);
    }
    double ms = median(times);
    assertThat(ms).isLessThan(30_000);
    return String.format("northd sync, %s (%d NB rows): median %.0f ms over %d runs", what, nb.rows().size(), ms, RUNS);
  }

  private static double median(List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    s.sort(null);
    return s.get(s.size() / 2) / 1e6;
  }
}
