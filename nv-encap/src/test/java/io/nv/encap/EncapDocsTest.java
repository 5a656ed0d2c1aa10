package io.nv.encap;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.keys.Keys;
import io.nv.encap.plan.EncapPlan;
import io.nv.encap.plan.MtuBudget;
import io.nv.model.placement.Encapsulation;
import io.nv.model.validate.ValidatedTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The docs say what the code does: every error code, the MTU table, the plan example. */
class EncapDocsTest {
  private static final Pattern HEADING = Pattern.compile("(?m)^### `([A-Z_]+)`$");

  /**
   * The section {@code heading} of {@code docs/<merged>}, or the whole {@code docs/<own>} while it
   * is a file of its own (surefire runs in the module directory).
   */
  private static String section(String own, String merged, String heading) throws IOException {
    Path file = Path.of("..", "docs", own);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8);
    }
    String doc = Files.readString(Path.of("..", "docs", merged), StandardCharsets.UTF_8);
    int start = doc.indexOf(heading);
    assertThat(start).as(heading + " in " + merged).isNotNegative();
    int end = doc.indexOf("\n## ", start + heading.length());
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  @Test
  void everyCodeHasItsSectionWithExampleAndFix() throws IOException {
    String section = section("errors-encap.md", "errors.md", "## nv-encap errors");
    List<String> documented = HEADING.matcher(section).results().map(m -> m.group(1)).toList();
    List<String> codes = Arrays.stream(EncapErrorCode.values()).map(Enum::name).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(codes);
    for (String code : codes) {
      Matcher m = Pattern.compile("(?s)### `" + code + "`\\n(.*?)(?=\\n### |\\z)").matcher(section);
      assertThat(m.find()).isTrue();
      String body = m.group(1);
      assertThat(body).as(code).containsPattern("```(yaml|json)").contains("**Fix**");
      assertThat(body).as(code + " shows the error line").containsPattern(": " + code + " \\S");
    }
  }

  @Test
  void theMtuTableIsTheCodes() throws IOException {
    String doc = section("encapsulation-keys.md", "encapsulation.md", "## MTU");
    Matcher geneve =
        Pattern.compile("(?m)^\\| Geneve with one option[^|]*\\| (\\d+) \\| (\\d+) \\|$")
            .matcher(doc);
    Matcher vxlan = Pattern.compile("(?m)^\\| VXLAN \\| (\\d+) \\| (\\d+) \\|$").matcher(doc);
    assertThat(geneve.find()).as("Geneve row").isTrue();
    assertThat(vxlan.find()).as("VXLAN row").isTrue();
    assertThat(Integer.parseInt(geneve.group(1)))
        .isEqualTo(MtuBudget.of(Encapsulation.GENEVE, 4, 1500).innerMtu());
    assertThat(Integer.parseInt(geneve.group(2)))
        .isEqualTo(MtuBudget.of(Encapsulation.GENEVE, 6, 1500).innerMtu());
    assertThat(Integer.parseInt(vxlan.group(1)))
        .isEqualTo(MtuBudget.of(Encapsulation.VXLAN, 4, 1500).innerMtu());
    assertThat(Integer.parseInt(vxlan.group(2)))
        .isEqualTo(MtuBudget.of(Encapsulation.VXLAN, 6, 1500).innerMtu());
    assertThat(doc).contains("Each inner 802.1Q tag costs " + MtuBudget.VLAN_TAG + " more");
  }

  @Test
  void thePlanExampleIsWhatToTextPrints() throws IOException {
    String doc = section("encapsulation-keys.md", "encapsulation.md", "## Plans");
    ValidatedTopology v = Fixtures.valid(Fixtures.vl2Flat());
    String text = EncapPlan.of(v, Keys.allocate(v).get(), "hv1").toText();
    assertThat(doc).contains("```\n" + text + "```\n");
  }
}
