package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.ConnectionTable;
import io.nv.model.semantics.Evaluation;
import io.nv.model.semantics.Semantics;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.Scenario;
import io.nv.testkit.gen.ScenarioGens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The compiler checked against the reference semantics: over generated (topology, packet
 * sequence) cases — a new connection, its reply, an unrelated packet, ARP — the tracer's verdict
 * and delivered headers equal the semantics'. Connection state carries from step to step on both
 * sides.
 */
class CompilerDifferentialProperties {

  /**
   * What the cases must exercise, each at least {@link #MIN_HITS} times over the run: a feature is
   * hit when a step of the reference semantics' explanation contains its text (or the verdict,
   * for the last ones). A generator change that stops reaching one fails the test.
   */
  private static final ImmutableMap<String, String> FEATURES =
      ImmutableMap.<String, String>builder()
          .put("static route", "/ route ")
          .put("ECMP", "ECMP member")
          .put("connected route", " is connected to ")
          .put("policy allow", "): allow")
          .put("policy drop", "policy (priority")
          .put("policy reroute", "): reroute via")
          .put("SNAT of a new connection", "new connection, ip.src")
          .put("un-SNAT of a reply", "un-snat: reply of")
          .put("floating IP inbound", ": floating IP 203.0.113.20 is")
          .put("floating IP outbound", ": floating IP: ip.src")
          .put("DNAT of a new connection", "new connection, ip.dst")
          .put("un-DNAT of a reply", "un-dnat: reply of")
          .put("static neighbour", "eth.dst 02:00:00:00:00:01")
          .put("gateway", "is handled on gateway host")
          .put("load balancer", "new connection to backend")
          .put("delivered to an outside port", "delivered to t0up")
          .put("punted arp-request", "verdict: punted (arp-request)")
          .put("punted icmp-time-exceeded", "verdict: punted (icmp-time-exceeded)")
          .put("no route", "/ no-route")
          .build();

  private static final int MIN_HITS = 10;

  @Test
  void tracerAgreesWithTheReferenceSemantics() {
    Map<String, Integer> hits = new ConcurrentHashMap<>();
    Property.forAll(ScenarioGens.scenarios())
        .tries(10_000)
        .shrinkWith(ScenarioGens.shrinker())
        .check(s -> tally(agree(s), hits));
    SoftAssertions soft = new SoftAssertions();
    for (String feature : FEATURES.keySet()) {
      soft.assertThat(hits.getOrDefault(feature, 0)).as("cases exercising %s", feature).isGreaterThanOrEqualTo(MIN_HITS);
    }
    soft.assertAll();
  }

  private static void tally(List<String> explanations, Map<String, Integer> hits) {
    FEATURES.forEach(
        (feature, text) -> {
          if (explanations.stream().anyMatch(e -> e.contains(text))) {
            hits.merge(feature, 1, Integer::sum);
          }
        });
  }

  /** Checks one scenario; returns the reference semantics' explanation of each step. */
  static List<String> agree(Scenario s) {
    ValidatedTopology v =
        Validator.validate(s.topology()).fold(e -> { throw new AssertionError("invalid: " + e); }, x -> x);
    Semantics semantics = Semantics.of(v);
    Tracer tracer = Tracer.of(LogicalCompiler.compile(v));
    ConnectionTable expectedState = ConnectionTable.EMPTY;
    ConntrackTable actualState = ConntrackTable.empty();
    List<String> explanations = new ArrayList<>();
    int i = 0;
    for (Scenario.Step step : s.steps()) {
      Evaluation expected = semantics.evaluate(step.port(), step.packet(), expectedState);
      Trace actual = tracer.trace(step.port(), step.packet(), actualState);
      int n = ++i;
      assertThat(normalize(actual.verdict()))
          .as(() -> "step " + n + " from " + step.port() + ": " + step.packet()
              + "\n-- reference semantics --\n" + expected.explain() + "\n" + Verdict.describe(expected.verdict())
              + "\n-- tracer --\n" + TraceText.render(actual, true) + Verdict.describe(actual.verdict()))
          .isEqualTo(normalize(expected.verdict()));
      expectedState = expected.table();
      actualState = actual.table();
      explanations.add(expected.explain() + "\n" + expected.verdict());
    }
    return explanations;
  }

  /** Verdicts compared without the packets' logical inport/outport annotations. */
  static Verdict normalize(Verdict v) {
    if (v instanceof Verdict.Delivered d) {
      return new Verdict.Delivered(
          d.outputs().stream()
              .map(o -> new Verdict.Output(o.port(), strip(o.packet())))
              .collect(ImmutableList.toImmutableList()));
    }
    if (v instanceof Verdict.Replied r) {
      return new Verdict.Replied(r.by(), strip(r.reply()));
    }
    return v;
  }

  private static Packet strip(Packet p) {
    return p.withoutInport().withoutOutport();
  }
}
