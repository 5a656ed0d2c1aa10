package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.export.openflow.OpenFlowExport;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.io.TopologyDocuments;
import io.nv.io.export.OpenFlowFiles;
import io.nv.model.Topology;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.model.workload.OvnLike;
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

  /** The ovn-like workload of docs/performance.md: 100 switches of 50 VIFs on 100 hosts. */
  static Topology scale() {
    return OvnLike.topology(SWITCHES, PORTS, HOSTS);
  }
}
