package io.nv.compiler.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlowTest {
  static final ModelPath P = ModelPath.parse("switch web / acl a");

  @Test
  void terminalActionsComeLast() {
    assertThatThrownBy(
            () ->
                Flow.of(Stages.SWITCH_IN_LB, 1, FlowMatch.ANY,
                    List.of(Actions.drop(), Actions.decTtl()), P))
        .hasMessageContaining("put it last");
    assertThat(
            Flow.of(Stages.SWITCH_IN_LB, 1, FlowMatch.ANY,
                    List.of(Actions.controller(PuntReason.LOG), Actions.drop()), P)
                .actions())
        .hasSize(2);
  }

  @Test
  void conjunctionsStandAlone() {
    assertThatThrownBy(
            () ->
                Flow.of(Stages.SWITCH_IN_LB, 1, FlowMatch.ANY,
                    List.of(Actions.conjunction(1, 1, 2), Actions.drop()), P))
        .hasMessageContaining("no other action");
    Flow f = Flow.of(Stages.SWITCH_IN_LB, 1, FlowMatch.ANY, List.of(Actions.conjunction(1, 2, 2)), P);
    assertThat(f.isConjunctive()).isTrue();
    assertThatThrownBy(() -> Actions.conjunction(1, 3, 2)).hasMessageContaining("out of range");
  }

  @Test
  void cookiesAreTheProvenanceHash() {
    Flow f = Flow.of(Stages.SWITCH_IN_LB, 1, FlowMatch.ANY, List.of(), P);
    assertThat(f.cookie()).isEqualTo(Flow.cookieOf(ModelPath.parse("switch web / acl a")));
    assertThat(Flow.cookieOf(P)).isNotEqualTo(Flow.cookieOf(ModelPath.parse("switch web / acl b")));
    assertThat(f.toString()).isEqualTo("lb priority=1 * actions=drop [switch web / acl a]");
  }

  @Test
  void actionsPrintLikeFlowText() {
    assertThat(Actions.ct(Action.Zone.register(Field.REG_ZONE), Action.Nat.APPLY, Stages.SWITCH_IN_ACL_TIER0))
        .hasToString("ct(zone=reg.zone, nat, table=acl-tier0)");
    assertThat(
            Actions.ctCommit(Action.Zone.of(7), Action.Nat.dnat(IpAddress.parse("10.0.1.11"), 80),
                Stages.SWITCH_IN_LB_HAIRPIN))
        .hasToString("ct(commit, zone=7, nat(dst=10.0.1.11:80), table=lb-hairpin)");
    assertThat(Actions.move(Field.ETH_SRC, Field.ETH_DST)).hasToString("eth.dst = eth.src");
    assertThat(Actions.set(Field.ARP_OP, 2)).hasToString("arp.op = 2");
    assertThat(Actions.setOutport("web1")).hasToString("outport = \"web1\"");
    assertThatThrownBy(
            () -> new Action.Conntrack(false, Action.Zone.of(1), Action.Nat.APPLY, Optional.empty()))
        .hasMessageContaining("must recirculate");
    assertThatThrownBy(() -> Actions.move(Field.ETH_SRC, Field.IP4_DST)).hasMessageContaining("one width");
  }

  @Test
  void stagesChain() {
    assertThat(Stages.next(Stages.SWITCH_IN_PORT_SECURITY)).isEqualTo(Stages.SWITCH_IN_LB_UNSNAT);
    assertThatThrownBy(() -> Stages.next(Stages.SWITCH_OUT_OUTPUT)).hasMessageContaining("last stage");
    assertThat(Stages.aclTier(false, 2)).isEqualTo(Stages.SWITCH_OUT_ACL_TIER2);
    assertThat(Stages.SWITCH_OUT_ACL_TIER2).hasToString("switch egress / acl-tier2");
    for (Stage.Pipeline p : Stage.Pipeline.values()) {
      List<Stage> stages = Stages.of(p);
      for (int i = 0; i < stages.size(); i++) {
        assertThat(stages.get(i).ordinal()).isEqualTo(i);
        assertThat(stages.get(i).pipeline()).isEqualTo(p);
      }
    }
  }

  @Test
  void selectGroupsNeedSelectionFields() {
    assertThatThrownBy(
            () -> Group.select("g", List.of(Group.Bucket.of(Actions.drop())), List.of(), P))
        .hasMessageContaining("selection fields");
    Group g =
        Group.select(
            "g", List.of(Group.Bucket.of(3, List.of(Actions.drop())), Group.Bucket.of(Actions.drop())),
            List.of(Field.IP4_SRC), P);
    assertThat(g.totalWeight()).isEqualTo(4);
  }
}
