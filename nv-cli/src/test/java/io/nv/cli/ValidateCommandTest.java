package io.nv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  static final Path EXAMPLES = Path.of("..", "examples", "topologies");

  @Test
  void examplesAreValid() {
    CliRun r =
        CliRun.of(
            "validate",
            EXAMPLES.resolve("three-tier.yaml").toString(),
            EXAMPLES.resolve("vl2-flat.yaml").toString(),
            EXAMPLES.resolve("two-tenants.yaml").toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "OK " + EXAMPLES.resolve("three-tier.yaml") + ": 1 tenants, 3 switches, 1 routers, 8 ports, 2 hosts",
            "OK " + EXAMPLES.resolve("vl2-flat.yaml") + ": 1 tenants, 1 switches, 0 routers, 3 ports, 3 hosts",
            "OK " + EXAMPLES.resolve("two-tenants.yaml") + ": 2 tenants, 2 switches, 2 routers, 6 ports, 2 hosts");
  }

  @Test
  void brokenCopyPrintsEveryErrorWithItsLocation(@TempDir Path dir) throws IOException {
    String text = Files.readString(EXAMPLES.resolve("three-tier.yaml"))
        .replace("ips: [10.0.1.12]", "ips: [10.9.1.12]")          // outside the subnet
        .replace("{port: web2, host: hv2}", "{port: web2, host: hv9}") // unknown host
        .replace("portSecurity: true}\n  - id: app", "portSecurity: true, colour: red}\n  - id: app");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, text);
    CliRun r = CliRun.of("validate", broken.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).allMatch(l -> l.matches("\\Q" + broken + "\\E:\\d+:\\d+: [A-Z_]+ .+: .+"), "every line is file:line:col: CODE path: message");
    assertThat(String.join("\n", lines))
        .contains("IP_OUTSIDE_SUBNET port web2: ")
        .contains("UNKNOWN_HOST binding web2: ");
  }

  @Test
  void unknownFieldIsAProblemNotAFailure(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("t.yaml");
    Files.writeString(f, "apiVersion: nv/v1\nkind: Topology\ncolour: red\n");
    CliRun r = CliRun.of("validate", f.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(r.out()).startsWith(f + ":3:1: UNKNOWN_FIELD topology: ");
  }

  @Test
  void unparseableOrMissingFilesExitTwoWithoutStackTrace(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "apiVersion: [nv/v1\n  kind: {{{\n");
    CliRun r = CliRun.of("validate", f.toString(), dir.resolve("missing.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).contains(f.toString()).contains("missing.yaml");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.of("validate").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("validate", "--nope", "x.yaml").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void versionAndHelpDocumentExitCodes() {
    assertThat(CliRun.of("--version").out()).startsWith("nv ");
    CliRun help = CliRun.of("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Exit codes:").contains("validate");
  }
}
