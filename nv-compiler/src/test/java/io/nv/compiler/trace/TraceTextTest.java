package io.nv.compiler.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.fixtures.TestTopologies;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.model.packet.Packets;
import org.junit.jupiter.api.Test;

class TraceTextTest {
  final Tracer tracer =
      Tracer.of(LogicalCompiler.compile(TestTopologies.validated(TestTopologies.threeTier())));
  final Trace trace =
      tracer.trace(
          "web1",
          Packets.tcp(TracerTest.WEB1, TracerTest.R1_WEB, TracerTest.WEB1_IP, TracerTest.DB1_IP, 40000, 5432));

  @Test
  void detailedTextShowsPipelinesFlowsProvenanceAndVerdict() {
    String text = TraceText.render(trace, true);
    assertThat(text)
        .startsWith("packet: eth.src=0a:00:00:01:00:11")
        .contains("ingress(dp=\"switch web\", inport=\"web1\")\n---------------------------------------\n")
        .contains(" 0. port-security (priority 90): inport=\"web1\", eth.src=0a:00:00:01:00:11, eth.type=0x0800, ip4.src=10.0.1.11\n")
        .contains("    /* port web1 / port-security */\n")
        .contains("ingress(dp=\"router r1\", inport=\"r1-web\")")
        .contains("egress(dp=\"switch db\", inport=\"db-r1\", outport=\"db1\")")
        .contains("reg.nexthop4 = ip4.dst; outport = \"r1-db\"; next(policy);")
        .contains("ip.ttl--; eth.src = 0a:00:00:03:00:01; eth.dst = 0a:00:00:03:00:31; output(\"r1-db\");")
        .contains("ct(zone ")
        .endsWith("\nverdict: dropped by port-group db / default-deny\n");
  }

  @Test
  void summaryTextIsOneLinePerStep() {
    String text = TraceText.render(trace, false);
    assertThat(text)
        .contains(" 5. acl-default: drop;  /* port-group db / default-deny */\n")
        .doesNotContain("priority")
        .endsWith("verdict: dropped by port-group db / default-deny\n");
    assertThat(text.lines().filter(l -> l.matches("\\s*\\d+\\. .*")).count())
        .isEqualTo(trace.steps().size());
  }
}
