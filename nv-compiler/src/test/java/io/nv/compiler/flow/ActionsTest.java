package io.nv.compiler.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.model.validate.Validator;
import io.nv.model.workload.OvnLike;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Actions that many flows take are values they share, not copies. */
class ActionsTest {
  @Test
  void nextOfAStageOfStagesIsOneSharedValueAndOfAnyOtherStageAnEqualOne() {
    for (Stage.Pipeline p : Stage.Pipeline.values()) {
      for (Stage st : Stages.of(p)) {
        Action next = Actions.next(st);
        assertThat(next).isEqualTo(new Action.NextStage(st)).isSameAs(Actions.next(st));
        // An equal stage that is not the one Stages holds still gets a next(stage) of its own.
        Stage copy = new Stage(st.pipeline(), st.name(), st.ordinal());
        assertThat(Actions.next(copy)).isEqualTo(next).isNotSameAs(next);
      }
    }
    Stage stranger = new Stage(Stage.Pipeline.SWITCH_INGRESS, "stranger", 99);
    assertThat(Actions.next(stranger)).isEqualTo(new Action.NextStage(stranger));
  }

  @Test
  void theFlowsOfADatapathThatDoOneThingShareOneListForIt() {
    LogicalDatapath d =
        LogicalCompiler.compile(Validator.validate(OvnLike.topology(2, 6, 2)).get())
            .datapaths()
            .stream()
            .filter(x -> x.datapath().kind() == Datapath.Kind.SWITCH)
            .findFirst()
            .orElseThrow();
    Map<Action, List<Action>> listOf = new IdentityHashMap<>();
    int single = 0;
    for (Flow f : d.flows()) {
      if (f.actions().size() == 1) {
        single++;
        List<Action> first = listOf.putIfAbsent(f.actions().get(0), f.actions());
        assertThat(first == null || first == f.actions()).as("flow %s", f).isTrue();
      }
    }
    // Drop, and the few stages flows go on to, stand for most of the switch's one-action flows.
    assertThat(listOf.size()).isLessThan(single / 2);
  }
}
