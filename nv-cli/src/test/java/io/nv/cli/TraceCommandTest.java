package io.nv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The three-tier expectations, through the nv command. */
class TraceCommandTest {
  static final String THREE_TIER = ValidateCommandTest.EXAMPLES.resolve("three-tier.yaml").toString();
  static final String VL2 = ValidateCommandTest.EXAMPLES.resolve("vl2-flat.yaml").toString();

  static String lastLine(CliRun r) {
    List<String> lines = r.out().lines().toList();
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    return lines.get(lines.size() - 1);
  }

  @Test
  void webToAppOnTheAppPortIsDelivered() {
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "app1", "--tcp", "8080")))
        .isEqualTo("verdict: delivered to app1");
  }

  @Test
  void webToDbIsDroppedByDbsDefaultDeny() {
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "db1", "--tcp", "5432")))
        .isEqualTo("verdict: dropped by port-group db / default-deny");
  }

  @Test
  void appToDbAndItsReplyAreDeliveredButDbCannotOpenToApp() {
    CliRun r = CliRun.of("trace", THREE_TIER, "--from", "app1", "--to", "db1", "--tcp", "5432", "--reply");
    assertThat(r.out()).contains("verdict: delivered to db1");
    assertThat(lastLine(r)).isEqualTo("verdict: delivered to app1");
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "db1", "--to", "app1", "--tcp", "5432")))
        .startsWith("verdict: dropped by ");
  }

  @Test
  void webToWebAllowsHttpOnly() {
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "web2", "--tcp", "80")))
        .isEqualTo("verdict: delivered to web2");
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "web2", "--tcp", "22")))
        .isEqualTo("verdict: dropped by port-group web / default-deny");
  }

  @Test
  void spoofedSourceIsDroppedByPortSecurity() {
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "app1", "--src", "10.0.1.99", "--tcp", "8080")))
        .isEqualTo("verdict: dropped by port web1 / port-security");
  }

  @Test
  void arpForANeighbourIsAnsweredByTheResponder() {
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "web1", "--dst", "10.0.1.12", "--arp")))
        .isEqualTo("verdict: replied by switch web / arp-responder");
  }

  @Test
  void broadcastInVl2ReachesEveryOtherVm() {
    assertThat(lastLine(CliRun.of("trace", VL2, "--packet",
            "inport == \"vm1\" && eth.dst == ff:ff:ff:ff:ff:ff && ip4.dst == 10.1.255.255 && udp.dst == 67")))
        .isEqualTo("verdict: delivered to vm2, vm3");
  }

  @Test
  void vipFromAppReachesAWebBackend() {
    assertThat(lastLine(CliRun.of("trace", THREE_TIER, "--from", "app1", "--dst", "10.0.1.100", "--tcp", "80")))
        .isIn("verdict: delivered to web1", "verdict: delivered to web2");
  }

  @Test
  void badUsageIsExitTwo() {
    assertThat(CliRun.of("trace", THREE_TIER, "--from", "nope", "--to", "app1").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("trace", THREE_TIER, "--from", "web1").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("trace", THREE_TIER, "--packet", "tcp.dst == (").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void compileLogicalPrintsFlowsWithProvenance() throws Exception {
    CliRun text = CliRun.of("compile", THREE_TIER, "--logical");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("datapath switch web").contains("port-group db / default-deny");
    CliRun json = CliRun.of("compile", THREE_TIER, "--logical", "--format", "json");
    assertThat(json.out()).contains("\"provenance\":\"port web1 / port-security\"");
    // One document, with one line per datapath head, flow and group.
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    int flows = 0;
    int groups = 0;
    for (var d : doc.get("datapaths")) {
      flows += d.get("flows").size();
      groups += d.get("groups").size();
    }
    assertThat(doc.get("flowCount").asInt()).isEqualTo(flows).isPositive();
    String[] lines = json.out().split("\n");
    assertThat(lines).filteredOn(l -> l.startsWith("{\"datapath\":")).hasSize(doc.get("datapaths").size());
    assertThat(lines).filteredOn(l -> l.startsWith("{\"stage\":")).hasSize(flows);
    assertThat(lines).filteredOn(l -> l.startsWith("{\"name\":")).hasSize(groups).isNotEmpty();
    assertThat(CliRun.of("compile", THREE_TIER, "--logical", "--format", "json").out()).isEqualTo(json.out());
    assertThat(CliRun.of("compile", THREE_TIER).exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
