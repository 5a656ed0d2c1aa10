package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceStep;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.Scenario;
import io.nv.testkit.gen.ScenarioGens;
import org.junit.jupiter.api.Test;

/**
 * A quick run of generated topologies through the compiler and the tracer: every topology
 * compiles, and every packet of its scenario finds a flow in every table it visits (a table miss
 * means a stage lacks its default flow).
 */
class CompilerSmokeProperties {

  @Test
  void everyTracedPacketFindsAFlowInEveryTable() {
    Property.forAll(ScenarioGens.scenarios())
        .tries(500)
        .shrinkWith(ScenarioGens.shrinker())
        .check(CompilerSmokeProperties::noTableMiss);
  }

  static void noTableMiss(Scenario s) {
    ValidatedTopology v =
        Validator.validate(s.topology()).fold(e -> { throw new AssertionError("invalid: " + e); }, x -> x);
    LogicalPipelines pipelines = LogicalCompiler.compile(v);
    Tracer tracer = Tracer.of(pipelines);
    ConntrackTable table = ConntrackTable.empty();
    for (Scenario.Step step : s.steps()) {
      Trace trace = tracer.trace(step.port(), step.packet(), table);
      for (TraceStep st : trace.steps()) {
        assertThat(st.flow())
            .as(() -> "table miss from " + step.port() + ": " + step.packet() + "\n"
                + TraceText.render(trace, true))
            .isPresent();
      }
      table = trace.table();
    }
  }
}
