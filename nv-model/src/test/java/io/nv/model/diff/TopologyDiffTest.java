package io.nv.model.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AclAction;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.placement.Binding;
import io.nv.model.fixtures.TestTopologies;
import org.junit.jupiter.api.Test;

class TopologyDiffTest {
  final Topology t = TestTopologies.threeTier();

  @Test
  void aTopologyEqualsItself() {
    assertThat(TopologyDiff.between(t, t).isEmpty()).isTrue();
  }

  @Test
  void aMigrationIsExactlyOneBindingChange() {
    Topology moved = new Topology.Builder().from(t)
        .bindings(t.bindings().stream()
            .map(b -> b.port().equals("web1") ? new Binding("web1", "hv2") : b).toList())
        .build();
    assertThat(TopologyDiff.between(t, moved).changes())
        .containsExactly(new Change(Change.Kind.CHANGED, ModelPath.of("binding", "web1")));
  }

  @Test
  void aNewAclRuleIsAddedUnderItsSwitchWithoutChangingTheSwitch() {
    LogicalSwitch web = t.switchById("web").orElseThrow();
    LogicalSwitch web2 = new LogicalSwitch.Builder().from(web)
        .addAcl(new AclRule.Builder().id("no-ssh").priority(5).match("tcp.dst == 22").action(AclAction.DROP).build())
        .build();
    Topology after = new Topology.Builder().from(t)
        .switches(t.switches().stream().map(s -> s.id().equals("web") ? web2 : s).toList()).build();
    assertThat(TopologyDiff.between(t, after).changes())
        .containsExactly(new Change(Change.Kind.ADDED, ModelPath.parse("switch web / acl no-ssh")));
    assertThat(TopologyDiff.between(after, t).changes())
        .containsExactly(new Change(Change.Kind.REMOVED, ModelPath.parse("switch web / acl no-ssh")));
  }
}
