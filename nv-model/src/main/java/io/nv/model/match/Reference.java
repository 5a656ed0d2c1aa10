package io.nv.model.match;

/**
 * A name a match refers to, with where it appears in the match text, so that validation can report
 * a dangling reference at its column.
 *
 * <pre>{@code
 * Match.referencesIn("outport == @db && ip4.src == $web_ip4").get();
 * // [@db at column 12, $web_ip4 at column 30]
 * }</pre>
 *
 * @param kind what the name names
 * @param name the name, without {@code $}, {@code @} or quotes
 * @param column the 1-based column of its {@code $}, {@code @} or opening quote
 */
public record Reference(Kind kind, String name, int column) {
  /**
   * What a reference names.
   *
   * <pre>{@code
   * Reference.Kind.ADDRESS_SET;   // $name
   * }</pre>
   */
  public enum Kind {
    /** {@code $name}: an address set, or {@code P_ip4} / {@code P_ip6} of port group {@code P}. */
    ADDRESS_SET,
    /** {@code @name}: a port group. */
    PORT_GROUP,
    /** {@code "name"} compared with {@code inport} or {@code outport}: a logical port. */
    PORT
  }

  /** Checks the column. */
  public Reference {
    if (column < 1) {
      throw new IllegalArgumentException("column " + column + " must be 1 or more");
    }
  }

  /** The reference as written, such as {@code $web_ip4}. */
  public String text() {
    return switch (kind) {
      case ADDRESS_SET -> "$" + name;
      case PORT_GROUP -> "@" + name;
      case PORT -> new Value.Str(name).toString();
    };
  }

  /** Such as {@code $web_ip4 at column 30}. */
  @Override
  public String toString() {
    return text() + " at column " + column;
  }
}
