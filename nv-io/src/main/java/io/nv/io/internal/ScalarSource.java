package io.nv.io.internal;

import org.jspecify.annotations.Nullable;

/**
 * Maps a character of a scalar's text back to where it was written, so an error inside a match
 * expression points at its token in the document, whether the text was written plain, quoted (with
 * escapes, as JSON writes every {@code "inport == \"web1\""}), folded over several lines or as a
 * block.
 *
 * <pre>{@code
 * String src = "match: \"inport == \\\"web1\\\"\"";
 * ScalarSource.offset(src, 7, Node.ScalarStyle.DOUBLE_QUOTED, "inport == \"web1\"", 10);  // 18
 * }</pre>
 *
 * <p>The source is walked from the scalar's start and matched against the text it decodes to:
 * characters and escapes must match one for one; white space and line breaks in either may be
 * skipped, since line folding, indentation and chomping add or remove them. Positions of non-blank
 * characters therefore come out exact; when the walk cannot match the text, there is no answer
 * rather than a wrong one. Linear in the length of the scalar.
 */
final class ScalarSource {
  private ScalarSource() {}

  /** A decoded escape sequence and how many source characters it takes. */
  private record Escape(String text, int length) {}

  /**
   * The offset in {@code src} of the character at {@code index} of {@code text} (just past the last
   * non-blank character for {@code index == text.length()}), where {@code text} is the value of the
   * scalar written at offset {@code start} in {@code style}; -1 when it cannot be told.
   */
  static int offset(String src, int start, Node.ScalarStyle style, String text, int index) {
    if (index < 0 || index > text.length() || start < 0 || start >= src.length()) {
      return -1;
    }
    int p = start;
    switch (style) {
      case DOUBLE_QUOTED, SINGLE_QUOTED -> {
        if (src.charAt(p) != (style == Node.ScalarStyle.DOUBLE_QUOTED ? '"' : '\'')) {
          return -1;
        }
        p++;
      }
      case BLOCK -> {
        // The header (| or >, indicators, a comment) ends with the line; the content follows.
        while (p < src.length() && !isBreak(src.charAt(p))) {
          p++;
        }
        if (p == src.length()) {
          return -1;
        }
      }
      case PLAIN -> {}
    }
    int k = 0;
    int pastLast = -1;
    while (true) {
      if (k == text.length()) {
        return pastLast; // index == text.length(): just past the last character matched
      }
      if (p >= src.length()) {
        return -1;
      }
      char c = src.charAt(p);
      char t = text.charAt(k);
      if (style == Node.ScalarStyle.DOUBLE_QUOTED && c == '"') {
        return -1; // the string closed before the text was matched
      }
      if (style == Node.ScalarStyle.SINGLE_QUOTED && c == '\'') {
        if (p + 1 >= src.length() || src.charAt(p + 1) != '\'' || t != '\'') {
          return -1;
        }
        if (k == index) {
          return p;
        }
        k++;
        p += 2;
        pastLast = p;
        continue;
      }
      if (style == Node.ScalarStyle.DOUBLE_QUOTED && c == '\\') {
        Escape e = escape(src, p);
        if (e == null) {
          return -1;
        }
        if (e.text().isEmpty()) {
          p += e.length(); // an escaped line break joins the lines
          continue;
        }
        if (!text.startsWith(e.text(), k)) {
          return -1;
        }
        if (index < k + e.text().length()) {
          return p;
        }
        k += e.text().length();
        p += e.length();
        pastLast = p;
        continue;
      }
      if (isBlank(c)) {
        if (isBlank(t)) {
          if (k == index) {
            return p;
          }
          k++;
        }
        p++;
        continue;
      }
      if (c == t) {
        if (k == index) {
          return p;
        }
        k++;
        p++;
        pastLast = p;
        continue;
      }
      if (isBlank(t)) {
        // White space the parser put in (a folded line break): it stands before this character.
        if (k == index) {
          return p;
        }
        k++;
        continue;
      }
      return -1;
    }
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || isBreak(c);
  }

  /** The escape sequence at {@code p} (a backslash) of a double-quoted YAML or JSON string. */
  private static @Nullable Escape escape(String src, int p) {
    if (p + 1 >= src.length()) {
      return null;
    }
    char e = src.charAt(p + 1);
    String simple =
        switch (e) {
          case '0' -> "\0";
          case 'a' -> "\u0007";
          case 'b' -> "\b";
          case 't', '\t' -> "\t";
          case 'n' -> "\n";
          case 'v' -> "\u000B";
          case 'f' -> "\f";
          case 'r' -> "\r";
          case 'e' -> "\u001B";
          case ' ' -> " ";
          case '"' -> "\"";
          case '/' -> "/";
          case '\\' -> "\\";
          case 'N' -> "\u0085";
          case '_' -> "\u00A0";
          case 'L' -> "\u2028";
          case 'P' -> "\u2029";
          default -> null;
        };
    if (simple != null) {
      return new Escape(simple, 2);
    }
    if (e == '\r' && p + 2 < src.length() && src.charAt(p + 2) == '\n') {
      return new Escape("", 3);
    }
    if (isBreak(e)) {
      return new Escape("", 2);
    }
    int digits =
        switch (e) {
          case 'x' -> 2;
          case 'u' -> 4;
          case 'U' -> 8;
          default -> 0;
        };
    if (digits == 0 || p + 2 + digits > src.length()) {
      return null;
    }
    int cp = 0;
    for (int i = p + 2; i < p + 2 + digits; i++) {
      char h = src.charAt(i);
      int d = h < 128 ? Character.digit(h, 16) : -1;
      if (d < 0) {
        return null;
      }
      cp = cp * 16 + d;
    }
    if (!Character.isValidCodePoint(cp)) {
      return null;
    }
    return new Escape(new String(Character.toChars(cp)), 2 + digits);
  }
}
