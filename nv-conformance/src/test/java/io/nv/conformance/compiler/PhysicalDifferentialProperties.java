package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTraceText;
import io.nv.compiler.trace.HostTracer;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.Scenario;
import io.nv.testkit.gen.ScenarioGens;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The physical realization keeps the logical meaning: over generated (topology, packet sequence)
 * cases, the host-level tracer — each host's own tables, tunnels between them, a conntrack table
 * per host — gives the logical tracer's verdict and delivered headers. The logical tracer is
 * checked against the reference semantics in {@link CompilerDifferentialProperties}, so this
 * closes the chain semantics → logical pipelines → per-host tables.
 */
class PhysicalDifferentialProperties {

  @Test
  void hostTablesAgreeWithTheLogicalPipelines() {
    AtomicInteger tunnelled = new AtomicInteger();
    Map<String, Integer> kinds = new ConcurrentHashMap<>();
    Property.forAll(ScenarioGens.scenarios())
        .tries(3_000)
        // Shrinking keeps every binding: an unbound VIF is on no host, so host tables cannot run it.
        .shrinkWith(x -> ScenarioGens.shrinker().shrink(x).filter(PhysicalDifferentialProperties::allBound))
        .check(
            s -> {
              int t = agree(s, kinds);
              tunnelled.addAndGet(t);
            });
    // The cases cross hosts, and end every way a packet can.
    assertThat(tunnelled.get()).isGreaterThan(1000);
    assertThat(kinds).containsKeys("delivered", "dropped", "replied", "punted");
  }

  /** Checks one scenario; returns how many tunnel crossings it made. */
  static int agree(Scenario s, Map<String, Integer> kinds) {
    ValidatedTopology v =
        Validator.validate(s.topology()).fold(e -> { throw new AssertionError("invalid: " + e); }, x -> x);
    Compilation c = Compilation.of(v).fold(e -> { throw new AssertionError("keys: " + e); }, x -> x);
    Tracer logical = Tracer.of(c.logical());
    HostTracer physical = HostTracer.of(c);
    ConntrackTable logicalState = ConntrackTable.empty();
    HostConntrack hostState = HostConntrack.empty();
    int tunnels = 0;
    int n = 0;
    for (Scenario.Step step : s.steps()) {
      Trace expected = logical.trace(step.port(), step.packet(), logicalState);
      HostTrace actual = physical.trace(step.port(), step.packet(), hostState);
      int i = ++n;
      assertThat(CompilerDifferentialProperties.normalize(actual.verdict()))
          .as(() -> "step " + i + " from " + step.port() + ": host tables " + actual.verdict()
              + ", logical " + expected.verdict() + "; " + step.packet()
              + "\n-- host tables --\n" + HostTraceText.render(actual, true)
              + "\n-- logical tracer --\n" + TraceText.render(expected, false))
          .isEqualTo(CompilerDifferentialProperties.normalize(expected.verdict()));
      logicalState = expected.table();
      hostState = actual.table();
      tunnels += actual.tunnels().size();
      kinds.merge(kind(expected.verdict()), 1, Integer::sum);
    }
    return tunnels;
  }

  private static boolean allBound(Scenario s) {
    return s.topology().switches().stream()
        .flatMap(sw -> sw.ports().stream())
        .filter(p -> p.kind() == io.nv.model.l2.PortKind.VIF)
        .allMatch(p -> s.topology().hostOf(p.id()).isPresent());
  }

  private static String kind(Verdict v) {
    return v.toString().split(" ")[1];
  }
}
