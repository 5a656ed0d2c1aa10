package io.nv.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The "nv-io document errors" section of docs/errors.md documents every {@link DocumentErrorCode},
 * and each example prints exactly the lines shown under it.
 */
class DocumentErrorsDocTest {
  private static final Pattern HEADING = Pattern.compile("(?m)^### `([A-Z_]+)`$");
  private static final Pattern EXAMPLE =
      Pattern.compile("(?s)```(yaml|json|sh)\\n(.*?)```\\n\\n```\\n(.*?)```\\n");

  /** The section (surefire runs in the module directory). */
  private static String section() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "errors.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("## nv-io document errors");
    int end = doc.indexOf("\n## ", start + 1);
    assertThat(start).as("nv-io section").isNotNegative();
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  @Test
  void everyCodeHasItsSectionWithAnExampleThatPrintsWhatIsShown() throws IOException {
    String section = section();
    List<String> documented = HEADING.matcher(section).results().map(m -> m.group(1)).toList();
    List<String> codes = Arrays.stream(DocumentErrorCode.values()).map(Enum::name).toList();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(codes);

    for (String code : codes) {
      Matcher m = Pattern.compile("(?s)### `" + code + "`\\n(.*?)(?=\\n### |\\z)").matcher(section);
      assertThat(m.find()).isTrue();
      String body = m.group(1);
      assertThat(body).as(code).contains("**Fix**");
      Matcher example = EXAMPLE.matcher(body);
      assertThat(example.find()).as(code + " has an example and its output").isTrue();
      String shown = example.group(3);
      assertThat(shown).as(code + " shows the error line").containsPattern(": " + code + " \\S");
      assertThat(printed(example.group(1), example.group(2))).as(code).isEqualTo(shown);
    }
  }

  /** What {@code nv validate} prints for the example: every error, one line each. */
  private static String printed(String kind, String example) {
    DocumentCheck c;
    String source;
    if (kind.equals("sh")) {
      source = example.trim().replaceFirst("^nv validate ", "");
      c = TopologyDocuments.readAndValidate(Path.of(source));
    } else {
      Format f = kind.equals("json") ? Format.JSON : Format.YAML;
      source = "topology." + kind;
      c = TopologyDocuments.readAndValidate(example, source, f);
    }
    StringBuilder out = new StringBuilder();
    ImmutableList<LocatedError> errors = c.errors();
    errors.forEach(e -> out.append(e.format(source)).append('\n'));
    return out.toString();
  }
}
