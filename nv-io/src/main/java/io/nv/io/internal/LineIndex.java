package io.nv.io.internal;

import io.nv.io.Location;
import java.util.Arrays;

/**
 * Line starts of a text, to turn character offsets into {@link Location}s and back. Columns count
 * code points, as YAML's reader does.
 *
 * <pre>{@code
 * LineIndex lines = LineIndex.of("a: 1\nb: 2\n", true);
 * lines.at(5);                        // 2:1
 * lines.offset(new Location(2, 4));   // 8
 * }</pre>
 */
public final class LineIndex {
  private final String text;
  private final int[] starts;
  private final boolean newlinesOnly;

  private LineIndex(String text, int[] starts, boolean newlinesOnly) {
    this.text = text;
    this.starts = starts;
    this.newlinesOnly = newlinesOnly;
  }

  /**
   * The index of {@code text}; {@code yamlBreaks} also counts NEL, LS and PS as line breaks, as
   * YAML 1.1 does.
   */
  public static LineIndex of(String text, boolean yamlBreaks) {
    int[] s = new int[16];
    int n = 0;
    s[n++] = 0;
    if (text.indexOf('\r') < 0
        && !(yamlBreaks
            && (text.indexOf('\u0085') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0))) {
      // Only '\n' breaks lines (nearly every document): let String.indexOf find them.
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (n == s.length) {
          s = Arrays.copyOf(s, n * 2);
        }
        s[n++] = i + 1;
      }
      return new LineIndex(text, Arrays.copyOf(s, n), true);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak;
      if (c == '\r') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        lineBreak = true;
      } else {
        lineBreak = c == '\n' || (yamlBreaks && (c == '\u0085' || c == '\u2028' || c == '\u2029'));
      }
      if (lineBreak) {
        if (n == s.length) {
          s = Arrays.copyOf(s, n * 2);
        }
        s[n++] = i + 1;
      }
    }
    return new LineIndex(text, Arrays.copyOf(s, n), false);
  }

  /** Whether only {@code '\n'} breaks the text's lines (no CR, and for YAML no NEL, LS or PS). */
  public boolean newlinesOnly() {
    return newlinesOnly;
  }

  /** The number of lines (a text that ends with a break has an empty last line). */
  public int lineCount() {
    return starts.length;
  }

  /** The offset where line {@code line} (1-based) starts. */
  public int lineStart(int line) {
    return starts[line - 1];
  }

  /** The 1-based line of the character at {@code offset}. */
  public int lineOf(int offset) {
    int i = Arrays.binarySearch(starts, Math.max(0, Math.min(offset, text.length())));
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** The text indexed. */
  public String text() {
    return text;
  }

  /** The location of the character at {@code offset} (clamped to the text). */
  public Location at(long offset) {
    int off = (int) Math.max(0, Math.min(offset, text.length()));
    int line = lineOf(off);
    return new Location(line, text.codePointCount(starts[line - 1], off) + 1);
  }

  /** The character offset of {@code location}, or -1 when it lies outside the text. */
  public int offset(Location location) {
    if (location.line() > starts.length) {
      return -1;
    }
    int start = starts[location.line() - 1];
    int end = location.line() < starts.length ? starts[location.line()] : text.length();
    if (location.column() - 1 > text.codePointCount(start, end)) {
      return -1;
    }
    return text.offsetByCodePoints(start, location.column() - 1);
  }
}
