package io.nv.conformance.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.ovn.Approximation;
import io.nv.ovn.ExportOptions;
import io.nv.ovn.NorthboundExport;
import io.nv.ovn.OvnExporter;
import io.nv.testkit.Gen;
import io.nv.testkit.gen.TopologyGens;
import io.nv.testkit.gen.TopologyShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports load into a real OVN: {@code ovn-northd} accepts every export, with every feature the
 * model has (static routes and ECMP, policies, NAT and floating IPs, neighbours, gateways, load
 * balancers on routers), without an error or warning in its log; the {@code ovn-nbctl} script
 * inserts exactly the rows of the JSON transaction.
 */
class OvnExportLoadTest {
  static final TopologyShape SHAPE = new TopologyShape(2, 3, 4, 3, true, true);
  static OvnSandbox ovn;

  @BeforeAll
  static void start() {
    ovn = OvnSandbox.start();
  }

  @AfterAll
  static void stop() {
    if (ovn != null) {
      ovn.close();
    }
  }

  @BeforeEach
  void empty() {
    ovn.clear();
  }

  /**
   * A generated topology made exportable: PASS rules become ALLOW (OVN 23.03 has no pass), and a
   * router with NAT but no gateway gets one (OVN ignores NAT without a gateway port). Tiers are
   * left alone: the export flattens them.
   */
  static Topology exportable(Topology t) {
    String host = t.hosts().get(0).id();
    return new Topology.Builder()
        .from(t)
        .switches(t.switches().stream().map(s -> new LogicalSwitch.Builder().from(s).acls(noPass(s.acls())).build()).toList())
        .portGroups(t.portGroups().stream().map(g -> new PortGroup.Builder().from(g).acls(noPass(g.acls())).build()).toList())
        .routers(
            t.routers().stream()
                .map(r -> r.nats().isEmpty() || r.gateway().isPresent()
                    ? r
                    : new LogicalRouter.Builder().from(r).gateway(host).build())
                .toList())
        .build();
  }

  private static List<AclRule> noPass(List<AclRule> rules) {
    return rules.stream()
        .map(a -> a.action() == AclAction.PASS ? new AclRule.Builder().from(a).action(AclAction.ALLOW).build() : a)
        .toList();
  }

  static NorthboundExport export(Topology t) {
    var v = Validator.validate(t);
    assertThat(v.isValid()).as(() -> "invalid: " + v.getError()).isTrue();
    var nb = OvnExporter.export(v.get(), ExportOptions.allowing(Approximation.FLATTEN_TIERS));
    assertThat(nb.isValid()).as(() -> "cannot export: " + nb.getError().toList()).isTrue();
    return nb.get();
  }

  @Test
  void northdAcceptsEveryGeneratedExportWithEveryFeature() {
    Gen<Topology> gen = TopologyGens.topologies(SHAPE).map(OvnExportLoadTest::exportable);
    SplittableRandom random = new SplittableRandom(0x6e62L);
    int routes = 0;
    int nats = 0;
    int policies = 0;
    int gateways = 0;
    for (int i = 0; i < 20; i++) {
      Topology t = gen.generate(random, 40 + 3 * i);
      NorthboundExport nb = export(t);
      routes += nb.rows("Logical_Router_Static_Route").size();
      nats += nb.rows("NAT").size();
      policies += nb.rows("Logical_Router_Policy").size();
      gateways += nb.rows("Gateway_Chassis").size();
      ovn.clear();
      ovn.load(nb.transaction());
      assertThat(ovn.northdProblems()).as("ovn-northd's log after topology %d:\n%s", i, t).isEmpty();
    }
    assertThat(routes).isPositive();
    assertThat(nats).isPositive();
    assertThat(policies).isPositive();
    assertThat(gateways).isPositive();
  }

  @Test
  void theNbctlScriptInsertsTheRowsOfTheTransaction(@TempDir Path dir) throws IOException {
    Gen<Topology> gen = TopologyGens.topologies(SHAPE).map(OvnExportLoadTest::exportable);
    SplittableRandom random = new SplittableRandom(0x6e6263L);
    List<Topology> cases = new java.util.ArrayList<>();
    cases.add(ThreeTierOvnTest.example("three-tier.yaml").topology());
    cases.add(ThreeTierOvnTest.example("two-tenants.yaml").topology());
    for (int i = 0; i < 6; i++) {
      cases.add(gen.generate(random, 50 + 8 * i));
    }
    for (Topology t : cases) {
      NorthboundExport nb = export(t);
      ovn.clear();
      ovn.load(nb.transaction());
      List<String> fromJson = NbDump.of(ovn);
      ovn.clear();
      Path script = dir.resolve("load.sh");
      Files.writeString(script, nb.nbctlScript());
      ovn.loadScript(script);
      List<String> fromScript = NbDump.of(ovn);
      assertThat(fromScript).as("rows loaded by the script").isEqualTo(fromJson);
      assertThat(fromJson).hasSize(nb.rows().size());
    }
    assertThat(ovn.northdProblems()).isEmpty();
  }

  @Test
  void theHarnessSeesNorthdsWarnings() {
    // The check above must be able to fail: a chassis nobody registered is a northd warning.
    try (OvnSandbox own = OvnSandbox.start()) {
      own.load(export(ThreeTierOvnTest.example("three-tier.yaml").topology()).transaction());
      assertThat(own.northdProblems()).isEmpty();
      own.nbctl("lsp-set-options", "web1", "requested-chassis=nowhere");
      own.sync();
      assertThat(own.northdProblems()).anyMatch(l -> l.contains("|WARN|") && l.contains("nowhere"));
    }
  }

  @Test
  void anEmptyTopologyExportsToAnEmptyTransaction() {
    ValidatedTopology empty = Validator.validate(new Topology.Builder().build()).get();
    NorthboundExport nb = OvnExporter.export(empty).get();
    assertThat(nb.transaction()).isEqualTo("[\"OVN_Northbound\"\n]\n");
    ovn.load(nb.transaction());
    assertThat(NbDump.of(ovn)).isEmpty();
  }
}
