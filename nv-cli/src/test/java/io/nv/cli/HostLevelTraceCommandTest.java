package io.nv.cli;

import static io.nv.cli.TraceCommandTest.THREE_TIER;
import static io.nv.cli.TraceCommandTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code nv trace --host-level}: the same verdicts, through the hosts' physical tables. */
class HostLevelTraceCommandTest {
  @Test
  void aRoutedConnectionCrossesTheTunnelBothWays() {
    CliRun r = CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "app2", "--tcp", "8080", "--host-level", "--reply");
    assertThat(r.out()).contains("hv1: physical", "hv1: router r1 ingress", "hv2: switch app egress");
    assertThat(r.out()).containsPattern("tunnel hv1 → hv2 \\(192\\.168\\.0\\.2\\): vni \\d+, option 0x[0-9a-f]{8}");
    assertThat(r.out()).containsPattern("tunnel hv2 → hv1 \\(192\\.168\\.0\\.1\\): vni \\d+, option 0x[0-9a-f]{8}");
    assertThat(r.out()).contains("verdict: delivered to app2");
    assertThat(lastLine(r)).isEqualTo("verdict: delivered to web1");
  }

  @Test
  void theVerdictIsTheLogicalTracersOne() {
    String[][] cases = {
      {"--from", "web1", "--to", "db1", "--tcp", "5432"},
      {"--from", "app1", "--to", "db1", "--tcp", "5432"},
      {"--from", "web1", "--to", "web2", "--icmp"},
      {"--from", "web2", "--to", "app1", "--tcp", "8080"},
    };
    for (String[] c : cases) {
      String[] logical = new String[c.length + 2];
      logical[0] = "trace";
      logical[1] = THREE_TIER;
      System.arraycopy(c, 0, logical, 2, c.length);
      String[] host = java.util.Arrays.copyOf(logical, logical.length + 1);
      host[logical.length] = "--host-level";
      assertThat(lastLine(CliRun.of(host))).as(String.join(" ", c)).isEqualTo(lastLine(CliRun.of(logical)));
    }
  }

  @Test
  void keysWithoutHostLevelIsAUsageError() {
    CliRun r = CliRun.of("trace", THREE_TIER, "--from", "web1", "--to", "app2", "--keys", "keys.json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--keys applies to the physical tables: add --host-level");
  }
}
