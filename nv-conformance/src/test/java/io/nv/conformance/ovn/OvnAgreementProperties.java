package io.nv.conformance.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.semantics.Semantics;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.ovn.NorthboundExport;
import io.nv.ovn.OvnExporter;
import io.nv.testkit.Gen;
import io.nv.testkit.gen.PacketGens;
import io.nv.testkit.gen.Scenario;
import io.nv.testkit.gen.ScenarioGens;
import io.nv.testkit.gen.TopologyGens;
import io.nv.testkit.gen.TopologyShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * nv and OVN agree: over generated topologies of the subset both express ({@link OvnSubset}), each
 * exported and loaded into a real {@code ovn-northd}, every packet of generated scenarios (a new
 * connection, its reply, a later packet, an unrelated packet, ARP) gets the same verdict from nv's
 * reference semantics, from nv's tracer over the compiled flows, and from {@code ovn-trace}:
 * delivered to the same ports, dropped, replied, or punted for the same reason. Connection state
 * carries from step to step (ovn-trace is told it, see {@link OvnJudge}). The subset includes
 * routing and NAT ({@link OvnSubset#ROUTING}); every other topology has a router with NAT, every
 * fourth an ECMP group or a rerouting policy, and topologies with a router get scenarios aimed at
 * it ({@link RoutingScenarios}). Each routing feature must be exercised by a least number of
 * agreeing packets ({@link Coverage#ROUTING_MINIMUM}).
 *
 * <p>Where OVN behaves differently by design, the case is recognised by {@link OvnDifferences}
 * (each documented in docs/ovn.md and pinned by {@code OvnDifferencesTest}) and counted apart; any
 * other disagreement fails the property with the scenario and all three explanations. The seed is
 * fixed ({@code -Dnv.seed=N} changes it); {@code -Dnv.ovn.topologies=N} changes the count.
 */
class OvnAgreementProperties {
  static final TopologyShape SHAPE = new TopologyShape(2, 3, 4, 3, true, true);
  static final int TOPOLOGIES = Integer.getInteger("nv.ovn.topologies", 24);
  static final int SCENARIOS = 8;
  /** Scenarios aimed at the routers ({@link RoutingScenarios}), per topology that has one. */
  static final int ROUTED_SCENARIOS = 8;

  @Test
  void nvAndOvnTraceAgreeOnGeneratedTopologies() {
    long seed = Long.getLong("nv.seed", 0x6f766e5f74726163L);
    SplittableRandom random = new SplittableRandom(seed);
    Gen<Topology> topologies =
        TopologyGens.topologies(SHAPE)
            .map(OvnSubset.ROUTING::apply)
            .filter(t -> !PacketGens.entryPorts(t).isEmpty());
    // Every other topology has a router with NAT (so a gateway, an uplink and a neighbour).
    Gen<Topology> natted = topologies.filter(t -> t.routers().stream().anyMatch(r -> !r.nats().isEmpty()));
    // And every fourth an ECMP group or a rerouting policy.
    Gen<Topology> multipath =
        topologies.filter(
            t -> t.routers().stream()
                .anyMatch(
                    r -> r.policies().stream().anyMatch(p -> p.action() == io.nv.model.l3.PolicyAction.REROUTE)
                        || r.routes().stream().map(x -> x.prefix()).distinct().count() < r.routes().size()));
    int packets = 0;
    int agreeing = 0;
    Map<String, Integer> verdicts = new java.util.TreeMap<>();
    Map<String, Integer> covered = new java.util.TreeMap<>();
    Map<String, Integer> coveredByDifferences = new java.util.TreeMap<>();
    int topologiesRun = 0;
    List<String> disagreements = new ArrayList<>();
    Map<String, Integer> differences = new LinkedHashMap<>();
    List<String> unsimulated = new ArrayList<>();
    int traces = 0;
    long traceNanos = 0;
    try (OvnSandbox ovn = OvnSandbox.start()) {
      for (int i = 0; i < TOPOLOGIES; i++) {
        int size = 30 + (70 * i) / Math.max(1, TOPOLOGIES - 1);
        Topology t = (i % 2 == 1 ? natted : i % 4 == 2 ? multipath : topologies).generate(random, size);
        var v = Validator.validate(t);
        assertThat(v.isValid()).as(() -> "generated invalid: " + v.getError()).isTrue();
        ValidatedTopology valid = v.get();
        var exported = OvnExporter.export(valid);
        assertThat(exported.isValid()).as(() -> "cannot export: " + exported.getError().toList()).isTrue();
        NorthboundExport nb = exported.get();
        ovn.clear();
        ovn.load(nb.transaction());
        topologiesRun++;
        Gen<Scenario> scenarios = ScenarioGens.scenarios(t);
        Optional<Gen<Scenario>> routed = RoutingScenarios.of(t, Semantics.of(valid));
        int count = SCENARIOS + (routed.isPresent() ? ROUTED_SCENARIOS : 0);
        for (int k = 0; k < count; k++) {
          Scenario s = (k < SCENARIOS ? scenarios : routed.orElseThrow()).generate(random, size);
          OvnRun run = new OvnRun(ovn, valid);
          int n = 0;
          for (Scenario.Step step : s.steps()) {
            n++;
            packets++;
            OvnRun.Step r = run.send(step.port(), step.packet());
            if (r.agrees()) {
              agreeing++;
              OvnVerdict got = r.ovn();
              verdicts.merge(got.kind() == OvnVerdict.Kind.DELIVERED ? "delivered" : got.toString(), 1, Integer::sum);
              Coverage.of(valid.topology(), r).forEach(c -> covered.merge(c, 1, Integer::sum));
              continue;
            }
            if (r.tracerAgrees() && !r.simulable()) {
              unsimulated.add(OvnVerdict.of(r.nv()) + " / " + r.ovn() + "\n" + s + "\n" + r.explain());
              continue;
            }
            String known = r.tracerAgrees() ? OvnDifferences.classify(valid.topology(), r) : null;
            if (known != null) {
              differences.merge(known, 1, Integer::sum);
              Coverage.of(valid.topology(), r).forEach(c -> coveredByDifferences.merge(c, 1, Integer::sum));
              continue;
            }
            disagreements.add(
                "DISAGREEMENT nv=" + OvnVerdict.of(r.nv()) + " ovn=" + r.ovn() + " tracer=" + r.tracerAgrees() + "\n"
                + "topology " + i + " (size " + size + "), scenario " + k + ", step " + n + "\n" + s + "\n"
                    + r.explain());
          }
          traces += run.judge().traces();
          traceNanos += run.judge().traceNanos();
        }
      }
      assertThat(ovn.northdProblems()).as("ovn-northd's log").isEmpty();
      System.out.printf(
          "OVN agreement: %d topologies, %d packets, %d agree %s covering %s, %d ovn-trace runs (%.1f ms each),"
              + " %d known differences %s (covering %s), %d not simulable by ovn-trace, %d disagreements%n",
          topologiesRun, packets, agreeing, verdicts, covered, traces, traceNanos / 1e6 / Math.max(1, traces), differences.values().stream().mapToInt(x -> x).sum(),
          differences, coveredByDifferences, unsimulated.size(), disagreements.size());
    }
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target", "ovn-disagreements.txt"), String.join("\n\n========\n\n", disagreements));
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target", "ovn-unsimulated.txt"), String.join("\n\n========\n\n", unsimulated));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(disagreements).as(String.join("\n\n========\n\n", disagreements.subList(0, Math.min(3, disagreements.size())))).isEmpty();
    assertThat(topologiesRun).isGreaterThanOrEqualTo(20);
    assertThat(agreeing).as("packets on which all three agree").isGreaterThanOrEqualTo(500);
    // The generated cases reach every kind of verdict both sides can give.
    assertThat(verdicts.keySet())
        .contains("delivered", "dropped", "replied", "punted (reject)");
    assertThat(covered.keySet()).as("what the agreeing packets exercised").containsAll(Coverage.ALL);
    Coverage.ROUTING_MINIMUM.forEach(
        (feature, least) ->
            assertThat(covered.getOrDefault(feature, 0))
                .as("agreeing packets that exercise %s (of %s)", feature, covered)
                .isGreaterThanOrEqualTo(least));
  }
}
