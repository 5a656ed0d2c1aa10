package io.nv.model.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/errors.md documents every code of {@link ModelErrorCode}, and no code that is gone. */
class ErrorsDocTest {
  private static final Pattern HEADING = Pattern.compile("(?m)^### `([A-Z_]+)`$");

  /** The nv-model part of docs/errors.md (surefire runs in the module directory). */
  private static String modelSection() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "errors.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("## nv-model structural errors");
    int end = doc.indexOf("## nv-io document errors");
    assertThat(start).as("nv-model section").isNotNegative();
    assertThat(end).as("nv-io section after it").isGreaterThan(start);
    return doc.substring(start, end);
  }

  @Test
  void everyCodeHasItsSectionWithExampleAndFix() throws IOException {
    String section = modelSection();
    List<String> documented = HEADING.matcher(section).results().map(m -> m.group(1)).toList();
    List<String> codes = Arrays.stream(ModelErrorCode.values()).map(Enum::name).toList();

    assertThat(documented).containsExactlyInAnyOrderElementsOf(codes);
    for (String code : codes) {
      Matcher m = Pattern.compile("(?s)### `" + code + "`\\n(.*?)(?=\\n### |\\z)").matcher(section);
      assertThat(m.find()).isTrue();
      String body = m.group(1);
      assertThat(body).as(code).contains("```yaml", "**Fix**");
      assertThat(body).as(code + " shows the error line").containsPattern(": " + code + " \\S");
    }
  }
}
