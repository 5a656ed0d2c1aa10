package io.nv.compiler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Stages;
import io.nv.model.ModelPath;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DatapathBuilder#sortInStageOrder} puts a stage's flows in the order a stable sort by
 * {@link Flow#IN_STAGE_ORDER} gives, object for object (the merge of equal flows keeps the first
 * one made, so the order of equal flows matters): over stages with few priorities and with more
 * than it places by counting, with repeated matches, in order, nearly in order and shuffled.
 */
class StageOrderProperties {
  /** A flow's priority and match, drawn from small pools so that equal flows are common. */
  record Spec(int priority, int port, int mac) {}

  static Flow flow(Spec s, int serial) {
    FlowMatch m =
        FlowMatch.of(
            FlowMatches.inport("p" + s.port()),
            FieldMatch.exact(Field.ETH_SRC, FieldValue.of(s.mac())));
    // The serial in the provenance tells equal flows apart in failure messages.
    return Flow.of(
        Stages.SWITCH_IN_PORT_SECURITY, s.priority(), m, List.of(Actions.drop()),
        ModelPath.parse("port p" + s.port() + " / flow f" + serial));
  }

  /**
   * A stage's flows and how they are arranged before sorting: 0 as generated, 1 in order but for
   * the last flow moved to the front, 2 in order.
   */
  record Case(ImmutableList<Spec> specs, int arrangement) {}

  static final Gen<ImmutableList<Spec>> STAGES =
      (r, size) -> {
        int priorities = Gens.elements(1, 2, 5, 32, 33, 100).generate(r, size);
        Gen<Spec> spec =
            Gens.zip(
                Gens.integers(0, priorities - 1).map(p -> 1000 - p * 10),
                Gens.integers(0, 12),
                Gens.integers(0, 3),
                Spec::new);
        return Gens.listOf(spec, 0, 300).generate(r, size);
      };

  @Test
  void sortsAsAStableSortByStageOrder() {
    Property.forAll(Gens.zip(STAGES, Gens.integers(0, 2), Case::new))
        .tries(400)
        .check(
            c -> {
              ImmutableList<Spec> specs = c.specs();
              int arrangement = c.arrangement();
              List<Flow> flows = new ArrayList<>();
              for (int i = 0; i < specs.size(); i++) {
                flows.add(flow(specs.get(i), i));
              }
              if (arrangement > 0) {
                flows.sort(Flow.IN_STAGE_ORDER);
              }
              if (arrangement == 1 && flows.size() > 1) {
                flows.add(0, flows.remove(flows.size() - 1));
              }
              List<Flow> expected = new ArrayList<>(flows);
              expected.sort(Flow.IN_STAGE_ORDER);
              // Sorted in place within a larger array, whose other slots it must leave alone.
              Flow[] actual = new Flow[flows.size() + 2];
              for (int i = 0; i < flows.size(); i++) {
                actual[i + 1] = flows.get(i);
              }
              DatapathBuilder.sortInStageOrder(actual, 1, flows.size() + 1);
              assertThat(actual[0]).isNull();
              assertThat(actual[flows.size() + 1]).isNull();
              for (int i = 0; i < expected.size(); i++) {
                assertThat(actual[i + 1]).as("flow %d", i).isSameAs(expected.get(i));
              }
            });
  }
}
