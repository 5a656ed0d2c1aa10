package io.nv.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/ovn.md documents every export error and every approximation, and nothing that is gone. */
class OvnDocsTest {
  static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "ovn.md"), StandardCharsets.UTF_8);
  }

  @Test
  void everyErrorCodeHasItsRow() throws IOException {
    String doc = doc();
    String section = doc.substring(doc.indexOf("## Export errors"), doc.indexOf("### Approximations"));
    for (OvnErrorCode c : OvnErrorCode.values()) {
      assertThat(section).as(c.name()).contains("| `" + c.name() + "` |");
    }
    assertThat(section.split("\n\\| `[A-Z_]+` \\|", -1)).hasSize(OvnErrorCode.values().length + 1);
  }

  @Test
  void everyApproximationHasItsRow() throws IOException {
    String doc = doc();
    for (Approximation a : Approximation.values()) {
      String name = a.name().toLowerCase(Locale.ROOT).replace('_', '-');
      assertThat(doc).as(a.name()).contains("| `" + name + "` (`" + a.name() + "`) |");
    }
  }
}
