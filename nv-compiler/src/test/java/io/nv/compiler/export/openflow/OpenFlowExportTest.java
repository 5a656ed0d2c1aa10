package io.nv.compiler.export.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.physical.Compilation;
import io.nv.model.fixtures.TestTopologies;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the exporter writes matches that OpenFlow takes differently from the IR: register
 * sub-fields of one register in one test, and the conntrack prerequisites of the connection's
 * original tuple. Real OVS loads the result (nv-conformance's OVS tests); these pin the text.
 */
class OpenFlowExportTest {
  static final List<String> FLOWS =
      OpenFlowExport.of(
              Compilation.of(TestTopologies.validated(TestTopologies.threeTier())).get().host("hv1"))
          .flows()
          .lines()
          .toList();

  @Test
  void subFieldsOfOneRegisterAreOneTest() {
    // lb-hairpin tests flags.lb = 1 and flags.hairpin = 0, both in reg10: ovs-ofctl keeps only the
    // last of two tests of one field, so they must be one value/mask.
    assertThat(FLOWS).isNotEmpty().noneMatch(l -> l.matches(".*[ ,](reg\\d+)=[^,]*,(?:.*,)?\\1=.*actions=.*"));
    assertThat(FLOWS).anyMatch(l -> l.contains("reg10=0x2/0x6,") && l.contains("ct_nw_dst=10.0.1.100"));
  }

  @Test
  void theOriginalTupleComesWithAValidConnectionAndItsProtocol() {
    List<String> tuple = FLOWS.stream().filter(l -> l.contains("ct_nw_dst=")).toList();
    assertThat(tuple).isNotEmpty().allSatisfy(l -> {
      assertThat(l).containsPattern("ct_state=[^,]*(\\+est|\\+new|\\+rpl|-inv)");
      assertThat(l).contains("ct_tp_dst=0x50", "ct_nw_proto=6");
    });
    // The hairpin commit names no state of its own: it gets +trk-inv.
    assertThat(tuple).anyMatch(l -> l.contains("ct_state=-inv+trk") && l.contains("ct(commit"));
  }
}
