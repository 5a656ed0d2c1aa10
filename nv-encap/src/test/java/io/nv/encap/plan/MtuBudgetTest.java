package io.nv.encap.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.encap.Fixtures;
import io.nv.model.placement.Encapsulation;
import org.junit.jupiter.api.Test;

/** The MTU table of DESIGN.md and docs/encapsulation.md, checked against the code. */
class MtuBudgetTest {
  @Test
  void theTableAtA1500Underlay() {
    assertThat(MtuBudget.of(Encapsulation.GENEVE, 4, 1500).innerMtu()).isEqualTo(1442);
    assertThat(MtuBudget.of(Encapsulation.GENEVE, 6, 1500).innerMtu()).isEqualTo(1422);
    assertThat(MtuBudget.of(Encapsulation.VXLAN, 4, 1500).innerMtu()).isEqualTo(1450);
    assertThat(MtuBudget.of(Encapsulation.VXLAN, 6, 1500).innerMtu()).isEqualTo(1430);
  }

  @Test
  void eachInnerVlanTagCostsFour() {
    for (Encapsulation e : Encapsulation.values()) {
      for (int v : new int[] {4, 6}) {
        MtuBudget b = MtuBudget.of(e, v, 1500);
        assertThat(b.withVlanTags(1).innerMtu()).isEqualTo(b.innerMtu() - 4);
        assertThat(b.withVlanTags(2).innerMtu()).isEqualTo(b.innerMtu() - 8);
      }
    }
  }

  @Test
  void theArithmeticIsSpelledOut() {
    assertThat(MtuBudget.of(Encapsulation.GENEVE, 4, 1500).arithmetic())
        .isEqualTo("1500 - (20 + 8 + 8 + 8 + 14) = 1442");
    assertThat(MtuBudget.of(Encapsulation.VXLAN, 6, 9000).withVlanTags(1).arithmetic())
        .isEqualTo("9000 - (40 + 8 + 8 + 14 + 4) = 8926");
    assertThat(MtuBudget.of(Encapsulation.GENEVE, 6, 1500).costs())
        .extracting(MtuBudget.Cost::what)
        .containsExactly(
            "outer IPv6 header",
            "UDP header",
            "Geneve header",
            "Geneve option (OVN ports, with its 4-byte header)",
            "inner Ethernet header");
  }

  @Test
  void aHostsBudgetFollowsItsTunnelAddressAndUnderlay() {
    assertThat(MtuBudget.of(Fixtures.host("hv1", "2001:db8::1"), Encapsulation.GENEVE).innerMtu())
        .isEqualTo(1422);
    assertThat(MtuBudget.of(Fixtures.host("hv1", "192.168.0.1"), Encapsulation.VXLAN).innerMtu())
        .isEqualTo(1450);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> MtuBudget.of(Encapsulation.GENEVE, 5, 1500))
        .hasMessageContaining("4 nor 6");
    assertThatThrownBy(() -> MtuBudget.of(Encapsulation.GENEVE, 4, 1500).withVlanTags(-1))
        .hasMessageContaining("negative");
  }
}
