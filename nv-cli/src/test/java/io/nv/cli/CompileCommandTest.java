package io.nv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.TopologyDocuments;
import io.nv.model.validate.Validator;
import io.nv.ovn.OvnExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
  static final Path THREE_TIER_PATH = ValidateCommandTest.EXAMPLES.resolve("three-tier.yaml");
  static final String THREE_TIER = THREE_TIER_PATH.toString();

  static String exported() {
    return OvnExporter.export(
            Validator.validate(TopologyDocuments.read(THREE_TIER_PATH).get().topology()).get())
        .get()
        .transaction();
  }

  @Test
  void ovnNbWritesTheTransactionToStandardOutputWithoutLogical() {
    CliRun r = CliRun.of("compile", THREE_TIER, "--format", "ovn-nb");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(exported()).startsWith("[\"OVN_Northbound\",\n");
  }

  @Test
  void outputGoesToTheFileNamedByO(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("three-tier.json");
    CliRun r = CliRun.of("compile", THREE_TIER, "--format", "ovn-nb", "-o", json.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("wrote 25 OVN_Northbound rows to " + json + "\n");
    assertThat(Files.readString(json)).isEqualTo(exported());
    Path sh = dir.resolve("three-tier.sh");
    CliRun script = CliRun.of("compile", THREE_TIER, "--format", "ovn-nbctl", "--output", sh.toString());
    assertThat(script.exitCode()).isZero();
    assertThat(Files.readString(sh)).startsWith("#!/bin/sh\n").contains("ovn-nbctl \"$@\"");
    Path flows = dir.resolve("flows.txt");
    CliRun logical = CliRun.of("compile", THREE_TIER, "--logical", "-o", flows.toString());
    assertThat(logical.exitCode()).isZero();
    assertThat(Files.readString(flows)).startsWith("datapath ");
  }

  @Test
  void theLogicalPipelinesArePrintedAsBefore() {
    CliRun r = CliRun.of("compile", THREE_TIER, "--logical");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("datapath ").contains("[port-group db / default-deny]");
    assertThat(CliRun.of("compile", THREE_TIER, "--logical", "--format", "json").out()).startsWith("{");
  }

  @Test
  void badCombinationsAreUsageErrors() {
    assertThat(CliRun.of("compile", THREE_TIER).exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("compile", THREE_TIER, "--logical", "--format", "ovn-nb").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("compile", THREE_TIER, "--format", "ovs").exitCode()).isEqualTo(ExitCodes.USAGE);
    CliRun unknown = CliRun.of("compile", THREE_TIER, "--format", "ovn-nb", "--approximate", "magic");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("flatten-tiers", "flood-through-unknown");
    assertThat(CliRun.of("compile", THREE_TIER, "--logical", "--approximate", "flatten-tiers").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void whatOvnCannotExpressIsAnErrorAtItsLineUnlessApproximated(@TempDir Path dir) throws IOException {
    String text = Files.readString(THREE_TIER_PATH)
        .replace(
            "action: allow-related}\n  - id: app",
            "action: allow-related}\n      - {id: later, tier: 1, priority: 5, match: \"udp\", action: drop}\n  - id: app");
    assertThat(text).contains("id: later");
    Path tiers = dir.resolve("tiers.yaml");
    Files.writeString(tiers, text);
    CliRun r = CliRun.of("compile", tiers.toString(), "--format", "ovn-nb");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(r.out()).matches("(?s)" + java.util.regex.Pattern.quote(tiers.toString())
        + ":\\d+:\\d+: ACL_TIERS port-group web / acl later: OVN 23.03 has one ACL tier.*\n");
    CliRun flat = CliRun.of("compile", tiers.toString(), "--format", "ovn-nb", "--approximate", "flatten-tiers");
    assertThat(flat.exitCode()).isZero();
    assertThat(flat.err()).contains("nv: approximation: port-group web / acl later: tier 1 priority 5 exported at OVN priority");
    assertThat(flat.out()).startsWith("[\"OVN_Northbound\"");
  }

  @Test
  void anUnwritableOutputIsExitTwo(@TempDir Path dir) {
    Path nowhere = dir.resolve("missing").resolve("x.json");
    CliRun r = CliRun.of("compile", THREE_TIER, "--format", "ovn-nb", "-o", nowhere.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).contains("cannot write");
  }

  @Test
  void theProcesssOwnStandardOutputGetsTheSameBytesAsAWriter() {
    // Main.run(String...) prints to System.out, where large outputs go as bytes, not through the
    // writer a caller passes: both must give the same text, in order with the writer's lines.
    java.io.PrintStream saved = System.out;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
      code = Main.run("compile", THREE_TIER, "--logical", "--format", "json");
    } finally {
      System.setOut(saved);
    }
    assertThat(code).isZero();
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(CliRun.of("compile", THREE_TIER, "--logical", "--format", "json").out())
        .startsWith("{\"flowCount\":")
        .endsWith("]}\n");
  }

  @Test
  void theLogicalJsonWrittenToAFileIsWhatStandardOutputGets(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("logical.json");
    CliRun r = CliRun.of("compile", THREE_TIER, "--logical", "--format", "json", "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("wrote ").endsWith(" to " + out + "\n");
    assertThat(Files.readString(out)).isEqualTo(CliRun.of("compile", THREE_TIER, "--logical", "--format", "json").out());
    assertThat(dir.resolve("logical.json.partial")).doesNotExist();
  }

  @Test
  void aFailedWriteLeavesTheEarlierFileAsItWas(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("logical.json");
    Files.writeString(out, "earlier");
    // The file beside the target cannot be opened (a directory is there), so the write fails.
    Files.createDirectories(dir.resolve("logical.json.partial").resolve("x"));
    CliRun r = CliRun.of("compile", THREE_TIER, "--logical", "--format", "json", "-o", out.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).contains("cannot write");
    assertThat(Files.readString(out)).isEqualTo("earlier");
  }
}
