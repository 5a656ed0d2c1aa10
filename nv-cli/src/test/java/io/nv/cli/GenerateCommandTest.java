package io.nv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.TopologyDocuments;
import io.nv.model.workload.OvnLike;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nv generate ovn-like}: the documents it writes read back as the workload, in both formats. */
class GenerateCommandTest {
  @Test
  void writesTheWorkloadAsYamlOrJson(@TempDir Path dir) throws IOException {
    for (String name : new String[] {"t.yaml", "t.json"}) {
      Path out = dir.resolve(name);
      CliRun r = CliRun.of("generate", "ovn-like", "--switches", "3", "--ports", "5", "--hosts", "2", "-o", out.toString());
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).isEqualTo("wrote 3 switches, 15 ports, 2 hosts to " + out + System.lineSeparator());
      assertThat(TopologyDocuments.read(out).get().topology()).isEqualTo(OvnLike.topology(3, 5, 2));
    }
    assertThat(Files.readString(dir.resolve("t.json"))).startsWith("{");
  }

  @Test
  void theSameArgumentsWriteTheSameBytes(@TempDir Path dir) throws IOException {
    CliRun.of("generate", "ovn-like", "--switches", "4", "--ports", "6", "--hosts", "3", "--acls", "9", "-o", dir.resolve("a.yaml").toString());
    CliRun.of("generate", "ovn-like", "--switches", "4", "--ports", "6", "--hosts", "3", "--acls", "9", "-o", dir.resolve("b.yaml").toString());
    assertThat(Files.readAllBytes(dir.resolve("a.yaml"))).isEqualTo(Files.readAllBytes(dir.resolve("b.yaml")));
    assertThat(TopologyDocuments.read(dir.resolve("a.yaml")).get().topology()).isEqualTo(OvnLike.topology(4, 6, 3, 9));
  }

  @Test
  void countsOutOfRangeAndUnknownWorkloadsAreUsageErrors(@TempDir Path dir) {
    String out = dir.resolve("x.yaml").toString();
    CliRun acls = CliRun.of("generate", "ovn-like", "--switches", "1", "--ports", "1", "--hosts", "1", "--acls", "1001", "-o", out);
    assertThat(acls.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(acls.err()).contains("acls = 1001 is not in 0..1000");
    CliRun ports = CliRun.of("generate", "ovn-like", "--switches", "1", "--ports", "251", "--hosts", "1", "-o", out);
    assertThat(ports.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ports.err()).contains("ports = 251 is not in 1..250");
    CliRun kind = CliRun.of("generate", "fat-tree", "--switches", "1", "--ports", "1", "--hosts", "1", "-o", out);
    assertThat(kind.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(kind.err()).contains("unknown workload 'fat-tree': the workloads are [ovn-like]");
    assertThat(dir.resolve("x.yaml")).doesNotExist();
  }
}
