package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.Location;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Line and column of every offset, against a count done character by character here. */
class LineIndexTest {
  private static final String[] PIECES = {
    "a", "b", " ", "é", "\uD83D\uDE00", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\n\n"
  };

  @Test
  void everyOffsetHasTheLineAndColumnCountedByHand() {
    Random r = new Random(0x6c696e65L);
    for (int n = 0; n < 500; n++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      // Half the texts break lines with '\n' only (the fast path), half with any break.
      int kinds = n % 2 == 0 ? 6 : PIECES.length;
      for (int i = 0; i < len; i++) {
        sb.append(PIECES[r.nextInt(kinds)]);
      }
      String text = sb.toString();
      for (boolean yaml : new boolean[] {true, false}) {
        LineIndex index = LineIndex.of(text, yaml);
        for (int off = 0; off <= text.length(); off++) {
          if (off > 0 && off < text.length() && Character.isLowSurrogate(text.charAt(off))) {
            continue; // inside a code point
          }
          Location expected = byHand(text, off, yaml);
          assertThat(index.at(off)).as("%s at %d of %s", yaml ? "YAML" : "JSON", off, escape(text))
              .isEqualTo(expected);
          assertThat(index.lineOf(off)).isEqualTo(expected.line());
        }
        // Each line starts where the hand count starts it, and the count of lines agrees.
        Location end = byHand(text, text.length(), yaml);
        assertThat(index.lineCount()).isEqualTo(end.line());
        for (int line = 1; line <= index.lineCount(); line++) {
          assertThat(index.at(index.lineStart(line))).isEqualTo(new Location(line, 1));
        }
        boolean onlyNewlines =
            text.indexOf('\r') < 0 && !(yaml && text.chars().anyMatch(c -> c == 0x85 || c == 0x2028 || c == 0x2029));
        assertThat(index.newlinesOnly()).as(escape(text)).isEqualTo(onlyNewlines);
      }
    }
  }

  private static Location byHand(String text, int offset, boolean yaml) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; ) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        if (i + 1 == offset) {
          return new Location(line, column + 1); // between '\r' and its '\n'
        }
        i += 2;
        line++;
        column = 1;
      } else if (c == '\n' || c == '\r' || (yaml && (c == '\u0085' || c == '\u2028' || c == '\u2029'))) {
        i++;
        line++;
        column = 1;
      } else {
        i += Character.charCount(text.codePointAt(i));
        column++;
      }
    }
    return new Location(line, column);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return sb.toString();
  }
}
