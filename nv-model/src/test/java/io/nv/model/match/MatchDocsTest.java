package io.nv.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/match-language.md true: its examples parse and its error table is what nv says. */
class MatchDocsTest {
  private static final Path DOC = Path.of("..", "docs", "match-language.md");

  @Test
  void examplesParseAndPrintAsWritten() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int open = lines.indexOf("```");
    List<String> examples = new ArrayList<>();
    for (String line : lines.subList(open + 1, lines.size())) {
      if (line.equals("```")) {
        break;
      }
      examples.add(line.substring(0, line.indexOf(" #")).strip());
    }
    assertThat(examples).hasSize(5);
    for (String text : examples) {
      assertThat(Match.parse(text).toString()).isEqualTo(text);
    }
  }

  @Test
  void errorTableMatchesTheParser() throws IOException {
    int rows = 0;
    for (String line : Files.readAllLines(DOC)) {
      List<String> cells = Splitter.onPattern("(?<!\\\\)\\|").splitToList(line);
      if (cells.size() != 5
          || !cells.get(1).strip().startsWith("`")
          || !cells.get(2).strip().matches("\\d+")) {
        continue;
      }
      String text = unescape(cells.get(1).strip());
      text = text.substring(1, text.length() - 1);
      String message = unescape(cells.get(3).strip());
      String expectedHint = null;
      int hint = message.indexOf(" (expected ");
      if (hint >= 0) {
        expectedHint = message.substring(hint + " (expected ".length(), message.length() - 1);
        message = message.substring(0, hint);
      }
      message = message.replace(" …", "");

      MatchSyntaxError e = Match.tryParse(text).getLeft();

      assertThat(e.column()).as(text).isEqualTo(Integer.parseInt(cells.get(2).strip()));
      assertThat(e.message()).as(text).startsWith(message);
      if (expectedHint != null) {
        assertThat(e.expectedHint()).as(text).isEqualTo(expectedHint);
      }
      rows++;
    }
    assertThat(rows).isEqualTo(9);
  }

  private static String unescape(String cell) {
    return cell.replace("\\|", "|");
  }
}
