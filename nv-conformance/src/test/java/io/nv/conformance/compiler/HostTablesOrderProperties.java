package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.TopologyGens;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every host's physical stages come out in canonical order (priority, highest first, then match),
 * as exports and byte-identical output rely on. The realization makes its flows in that order and
 * sorts a stage only when a flow arrives out of it, so this checks both paths on generated
 * topologies (LOCALNET ports, gateways, VXLAN, interface names that are not port ids).
 */
class HostTablesOrderProperties {
  private static final Comparator<Flow> CANONICAL =
      Comparator.comparingInt((Flow f) -> -f.priority()).thenComparing(Flow::match);

  @Test
  void everyHostsStagesAreInCanonicalOrder() {
    AtomicInteger flows = new AtomicInteger();
    Property.forAll(TopologyGens.topologies())
        .tries(500)
        .check(
            t -> {
              ValidatedTopology v =
                  Validator.validate(t).fold(e -> { throw new AssertionError("invalid: " + e); }, x -> x);
              Compilation c = Compilation.of(v).fold(e -> { throw new AssertionError("keys: " + e); }, x -> x);
              for (String h : c.hosts()) {
                HostTables tables = c.host(h);
                for (Stage s : Stages.of(Stage.Pipeline.PHYSICAL)) {
                  List<Flow> l = tables.flows(s);
                  List<Flow> sorted = new ArrayList<>(l);
                  sorted.sort(CANONICAL);
                  assertThat(l).as("host %s, stage %s", h, s).containsExactlyElementsOf(sorted);
                  flows.addAndGet(l.size());
                }
              }
            });
    assertThat(flows.get()).isGreaterThan(10_000);
  }
}
