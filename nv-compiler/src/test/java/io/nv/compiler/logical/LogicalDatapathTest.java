package io.nv.compiler.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.model.ModelPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A datapath's flows by stage, whether they come stage by stage or not. */
class LogicalDatapathTest {
  private static final Datapath WEB = Datapath.ofSwitch("web");
  private static final ModelPath P = ModelPath.parse("switch web");

  private static Flow flow(Stage stage, int priority) {
    return Flow.of(stage, priority, FlowMatch.of(FlowMatches.datapath(WEB)), List.of(Actions.drop()), P);
  }

  private static LogicalDatapath of(List<Flow> flows) {
    return LogicalDatapath.of(WEB, List.of(LogicalPort.edge("p1", LogicalPort.Role.VIF)), flows, List.of());
  }

  @Test
  void flowsAreFoundByStageWhetherTheyComeStageByStageOrNot() {
    Flow a1 = flow(Stages.SWITCH_IN_PORT_SECURITY, 2);
    Flow a2 = flow(Stages.SWITCH_IN_PORT_SECURITY, 1);
    Flow b1 = flow(Stages.SWITCH_IN_PRE_ACL, 5);
    Flow b2 = flow(Stages.SWITCH_IN_PRE_ACL, 4);
    Flow c1 = flow(Stages.SWITCH_IN_ACL_TIER0, 7);
    // Stage by stage (each stage a view of its range), and coming back to stages (gathered).
    for (List<Flow> given : List.of(List.of(a1, a2, b1, b2, c1), List.of(a1, b1, a2, c1, b2))) {
      LogicalDatapath d = of(given);
      assertThat(d.flows()).as("%s", given).containsExactlyElementsOf(given);
      assertThat(d.flows(Stages.SWITCH_IN_PORT_SECURITY)).as("%s", given).containsExactly(a1, a2);
      assertThat(d.flows(Stages.SWITCH_IN_PRE_ACL)).as("%s", given).containsExactly(b1, b2);
      assertThat(d.flows(Stages.SWITCH_IN_ACL_TIER0)).as("%s", given).containsExactly(c1);
      assertThat(d.flows(Stages.SWITCH_IN_LB_UNSNAT)).as("%s", given).isEmpty();
    }
  }

  @Test
  void aFlowOfAnotherKindOfDatapathIsRefusedWhereverItComes() {
    Flow a1 = flow(Stages.SWITCH_IN_PORT_SECURITY, 2);
    Flow b1 = flow(Stages.SWITCH_IN_PRE_ACL, 5);
    Flow router =
        Flow.of(Stages.of(Stage.Pipeline.ROUTER_INGRESS).get(0), 1, FlowMatch.ANY, List.of(Actions.drop()), P);
    assertThatThrownBy(() -> of(List.of(a1, router)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not to");
    // After a stage comes back, the rest are still checked.
    assertThatThrownBy(() -> of(List.of(a1, b1, a1, router)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not to");
  }
}
