package io.nv.compiler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.model.ModelPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the builder keeps of the action lists compilers hand it. */
class DatapathBuilderTest {
  private static final ModelPath PATH = ModelPath.parse("switch web");

  @Test
  void aMutableListIsCopiedAtEachFlowSoALaterChangeIsNotLost() {
    DatapathBuilder b = new DatapathBuilder(Datapath.ofSwitch("web"));
    List<Action> actions = new ArrayList<>();
    actions.add(Actions.setFlag(Field.FLAG_COMMIT));
    b.flow(Stages.SWITCH_IN_PORT_SECURITY, 10, b.match(FlowMatches.inport("a")), actions, PATH);
    actions.add(Actions.drop());
    b.flow(Stages.SWITCH_IN_PORT_SECURITY, 20, b.match(FlowMatches.inport("b")), actions, PATH);
    actions.clear();
    LogicalDatapath d = b.build(List.of());
    List<Flow> flows = d.flows(Stages.SWITCH_IN_PORT_SECURITY);
    assertThat(flows).extracting(Flow::priority).containsExactly(20, 10);
    assertThat(flows.get(0).actions()).hasSize(2);
    assertThat(flows.get(1).actions()).hasSize(1);
  }

  @Test
  void flowsThatDropOrGoOnShareOneListPerActionWhateverListTheyGive() {
    DatapathBuilder b = new DatapathBuilder(Datapath.ofSwitch("web"));
    b.flow(Stages.SWITCH_IN_PORT_SECURITY, 1, b.match(FlowMatches.inport("a")), List.of(Actions.drop()), PATH);
    b.flow(Stages.SWITCH_IN_PORT_SECURITY, 2, b.match(FlowMatches.inport("b")), Paths.DROP, PATH);
    b.flow(Stages.SWITCH_IN_PORT_SECURITY, 3, b.match(FlowMatches.inport("c")), new ArrayList<>(List.of(Actions.drop())), PATH);
    List<Flow> flows = b.build(List.of()).flows(Stages.SWITCH_IN_PORT_SECURITY);
    assertThat(flows).hasSize(3);
    assertThat(flows.get(1).actions()).isSameAs(flows.get(0).actions());
    assertThat(flows.get(2).actions()).isSameAs(flows.get(0).actions());
  }
}
