package io.nv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  static final String VL2 = ValidateCommandTest.EXAMPLES.resolve("vl2-flat.yaml").toString();

  @Test
  void vl2PlanForHv1NamesItsPeersAndTheInnerMtu() {
    CliRun r = CliRun.of("plan", VL2, "--host", "hv1");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("hv2").contains("hv3").contains("1442").doesNotContain("hv1 192.168.0.1, hv1");
  }

  @Test
  void jsonPlanAndKeysRoundTrip(@TempDir Path dir) throws IOException {
    Path keys = dir.resolve("keys.json");
    CliRun first = CliRun.of("plan", VL2, "--host", "hv1", "--format", "json", "--keys-out", keys.toString());
    assertThat(first.exitCode()).as(first.out()).isZero();
    assertThat(first.out()).contains("\"innerMtu\" : 1442").contains("\"host\" : \"hv2\"");
    assertThat(Files.readString(keys)).contains("flat");
    CliRun again = CliRun.of("plan", VL2, "--host", "hv1", "--format", "json", "--keys", keys.toString());
    assertThat(again.out()).isEqualTo(first.out());
  }

  /**
   * The JSON plan lists every object's keys in one order: a {@code Map.of} there printed them in
   * the order of the JVM's hash seed, a different document from run to run.
   */
  @Test
  void jsonPlanKeysComeInTheirDocumentedOrder() {
    String out = CliRun.of("plan", VL2, "--host", "hv1", "--format", "json").out();
    assertThat(out)
        .containsSubsequence("\"vtep\"", "\"address\"", "\"encapsulation\"", "\"udpPort\"", "\"peers\"")
        .containsSubsequence("\"peers\"", "\"host\"", "\"tunnelIp\"", "\"replication\"")
        .containsSubsequence("\"datapaths\"", "\"datapath\"", "\"key\"", "\"localPorts\"");
  }

  @Test
  void unknownHostIsAUsageError() {
    CliRun r = CliRun.of("plan", VL2, "--host", "hv9");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("hv9").contains("hv1");
  }

  @Test
  void brokenKeysFileIsReportedNotThrown(@TempDir Path dir) throws IOException {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, "{ not json");
    CliRun r = CliRun.of("plan", VL2, "--keys", keys.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).contains("keys.json");
  }
}
