package io.nv.model.match;

/**
 * What is wrong with match text and where: a syntax error ({@code tcp.dst ==}) or a type error
 * ({@code tcp.dst == 10.0.0.1}, {@code tcp.dst == 70000}, {@code !ip4}).
 *
 * <pre>{@code
 * MatchSyntaxError e = Match.tryParse("tcp.dst == 70000").getLeft();
 * e.column();        // 12
 * e.message();       // "70000 does not fit in tcp.dst (a 16-bit integer field)"
 * e.expectedHint();  // "a number from 0 to 65535, like 80"
 * System.out.println(e.describe("tcp.dst == 70000"));
 * // tcp.dst == 70000
 * //            ^ column 12: 70000 does not fit in … (expected a number from 0 to 65535, like 80)
 * }</pre>
 *
 * @param column the 1-based column of the offending text (one past the end for a missing end)
 * @param message what is wrong, in words that say how to fix it
 * @param expectedHint what would be valid at that column
 */
public record MatchSyntaxError(int column, String message, String expectedHint) {
  /** Checks the column. */
  public MatchSyntaxError {
    if (column < 1) {
      throw new IllegalArgumentException("column " + column + " must be 1 or more");
    }
  }

  /** {@code text} on one line and a caret under the column with the message on the next. */
  public String describe(String text) {
    StringBuilder sb = new StringBuilder(text.length() * 2 + message.length() + 40);
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r';
      sb.append(lineBreak ? ' ' : c);
      if (i < column - 1) {
        caret.append(c == '\t' ? '\t' : ' ');
      }
    }
    return sb.append('\n').append(caret).append("^ ").append(this).toString();
  }

  /** {@code column N: message (expected hint)}. */
  @Override
  public String toString() {
    return "column " + column + ": " + message + " (expected " + expectedHint + ")";
  }
}
