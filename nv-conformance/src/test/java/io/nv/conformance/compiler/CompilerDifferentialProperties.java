package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
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
import org.junit.jupiter.api.Test;

/**
 * The compiler checked against the reference semantics: over generated (topology, packet
 * sequence) cases — a new connection, its reply, an unrelated packet, ARP — the tracer's verdict
 * and delivered headers equal the semantics'. Connection state carries from step to step on both
 * sides.
 */
class CompilerDifferentialProperties {

  @Test
  void tracerAgreesWithTheReferenceSemantics() {
    Property.forAll(ScenarioGens.scenarios())
        .tries(10_000)
        .shrinkWith(ScenarioGens.shrinker())
        .check(CompilerDifferentialProperties::agree);
  }

  static void agree(Scenario s) {
    ValidatedTopology v =
        Validator.validate(s.topology()).fold(e -> { throw new AssertionError("invalid: " + e); }, x -> x);
    Semantics semantics = Semantics.of(v);
    Tracer tracer = Tracer.of(LogicalCompiler.compile(v));
    ConnectionTable expectedState = ConnectionTable.EMPTY;
    ConntrackTable actualState = ConntrackTable.empty();
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
    }
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
