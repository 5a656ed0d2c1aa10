package io.nv.cli;

import static io.nv.cli.TraceCommandTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing and NAT table of docs/trace.md, through the nv command. */
class RoutingTraceCommandTest {
  static final String NAT = ValidateCommandTest.EXAMPLES.resolve("routing-nat.yaml").toString();
  static final String POLICY = ValidateCommandTest.EXAMPLES.resolve("routing-policy.yaml").toString();
  static final String TENANTS = ValidateCommandTest.EXAMPLES.resolve("two-tenants.yaml").toString();

  /** The {@code output to P: …} lines of a run, in order. */
  static List<String> outputs(CliRun r) {
    return r.out().lines().filter(l -> l.startsWith("output to ")).toList();
  }

  @Test
  void theLongestPrefixWins() {
    CliRun r = CliRun.of("trace", POLICY, "--from", "vm1", "--dst", "192.0.2.200", "--tcp", "443");
    assertThat(lastLine(r)).isEqualTo("verdict: delivered to wan-uplink");
    assertThat(outputs(r)).singleElement().asString().contains("eth.dst=02:00:c6:12:00:03");
  }

  @Test
  void ecmpSpreadsFlowsAndKeepsEachOnOneMember() {
    CliRun a = CliRun.of("trace", POLICY, "--from", "vm1", "--dst", "192.0.2.9", "--tcp", "443", "--src-port", "49152");
    CliRun b = CliRun.of("trace", POLICY, "--from", "vm1", "--dst", "192.0.2.9", "--tcp", "443", "--src-port", "49153");
    assertThat(outputs(a)).singleElement().asString().contains("eth.dst=02:00:c6:12:00:02");
    assertThat(outputs(b)).singleElement().asString().contains("eth.dst=02:00:c6:12:00:03");
    CliRun again = CliRun.of("trace", POLICY, "--from", "vm1", "--dst", "192.0.2.9", "--tcp", "443", "--src-port", "49152");
    assertThat(outputs(again)).isEqualTo(outputs(a));
  }

  @Test
  void policiesDropAndReroute() {
    assertThat(lastLine(CliRun.of("trace", POLICY, "--from", "vm1", "--dst", "8.8.8.8", "--tcp", "23")))
        .isEqualTo("verdict: dropped by router lab-r / policy no-telnet");
    CliRun rerouted = CliRun.of("trace", POLICY, "--from", "vm2", "--dst", "8.8.8.8", "--tcp", "443");
    assertThat(outputs(rerouted)).singleElement().asString().contains("eth.dst=02:00:c6:12:00:03");
    CliRun routed = CliRun.of("trace", POLICY, "--from", "vm1", "--dst", "8.8.8.8", "--tcp", "443");
    assertThat(outputs(routed)).singleElement().asString().contains("eth.dst=02:00:c6:12:00:02");
  }

  @Test
  void ttlOneIsPunted() {
    assertThat(lastLine(CliRun.of("trace", NAT, "--from", "a1", "--to", "b1", "--ttl", "1")))
        .isEqualTo("verdict: punted (icmp-time-exceeded) by router edge / ttl");
  }

  @Test
  void snatRewritesTheSourceAndUnNatsTheReply() {
    CliRun r = CliRun.of("trace", NAT, "--from", "a1", "--dst", "198.51.100.7", "--tcp", "80", "--reply");
    assertThat(r.out()).contains("verdict: delivered to uplink");
    assertThat(lastLine(r)).isEqualTo("verdict: delivered to a1");
    assertThat(outputs(r)).hasSize(2);
    assertThat(outputs(r).get(0)).contains("ip4.src=203.0.113.10 ip4.dst=198.51.100.7");
    assertThat(outputs(r).get(1)).contains("ip4.src=198.51.100.7 ip4.dst=10.10.1.11");
  }

  @Test
  void theFloatingIpIsReachableFromOutsideAndLeavesAsItself() {
    CliRun in = CliRun.of("trace", NAT, "--from", "uplink", "--src", "198.51.100.7", "--dst", "203.0.113.20", "--tcp", "22", "--reply");
    assertThat(in.out()).contains("verdict: delivered to a2");
    assertThat(lastLine(in)).isEqualTo("verdict: delivered to uplink");
    assertThat(outputs(in).get(0)).contains("eth.dst=0a:00:0a:0a:01:12 ip4.src=198.51.100.7 ip4.dst=10.10.1.12");
    assertThat(outputs(in).get(1)).contains("ip4.src=203.0.113.20 ip4.dst=198.51.100.7");
    CliRun out = CliRun.of("trace", NAT, "--from", "a2", "--dst", "198.51.100.7", "--udp", "53");
    assertThat(outputs(out)).singleElement().asString().contains("ip4.src=203.0.113.20");
  }

  @Test
  void theGatewayHostIsNamedWhereItTakesOver() {
    CliRun r = CliRun.of("trace", NAT, "--from", "a1", "--dst", "198.51.100.7", "--tcp", "80", "--detailed");
    assertThat(r.out()).contains("gateway port edge-out: handled on gateway host gw1", "NAT to 203.0.113.10:49152");
  }

  @Test
  void aLocalnetPortNeedsASourceAddress() {
    CliRun r = CliRun.of("trace", NAT, "--from", "uplink", "--dst", "203.0.113.20");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("LOCALNET port", "--src");
  }

  @Test
  void anotherTenantsAddressesReachTheSendersOwnTenant() {
    assertThat(lastLine(CliRun.of("trace", TENANTS, "--from", "red1", "--to", "blue2")))
        .isEqualTo("verdict: delivered to red2");
    assertThat(lastLine(CliRun.of("trace", TENANTS, "--from", "blue1", "--to", "red2", "--tcp", "80")))
        .isEqualTo("verdict: delivered to blue2");
  }
}
