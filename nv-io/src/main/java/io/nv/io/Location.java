package io.nv.io;

import java.util.Comparator;

/**
 * A place in a document: 1-based line and column, as editors count them (columns in characters).
 *
 * <pre>{@code
 * Location l = new Location(12, 7);
 * l.toString();   // "12:7"
 * }</pre>
 *
 * @param line the 1-based line
 * @param column the 1-based column
 */
public record Location(int line, int column) implements Comparable<Location> {
  private static final Comparator<Location> ORDER =
      Comparator.comparingInt(Location::line).thenComparingInt(Location::column);

  /** Checks both are 1-based. */
  public Location {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "line " + line + " and column " + column + " must both be 1 or more (they are 1-based)");
    }
  }

  /** Document order: by line, then column. */
  @Override
  public int compareTo(Location o) {
    return ORDER.compare(this, o);
  }

  /** {@code line:column}. */
  @Override
  public String toString() {
    return line + ":" + column;
  }
}
