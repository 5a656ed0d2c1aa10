package io.nv.model.match;

/**
 * A comparison operator of the match language. {@code ==} and {@code !=} apply to every field
 * (except that nominal fields take only {@code ==}); the ordering operators apply to ordinal
 * integer fields ({@link Field#isOrdered()}).
 *
 * <pre>{@code
 * Matches.compare(Field.TCP_DST, Relation.LT, Value.of(1024));   // tcp.dst < 1024
 * }</pre>
 */
public enum Relation {
  /** {@code ==}: equal to the value, or to one of a set's values. */
  EQ("=="),
  /** {@code !=}: different from the value, or from every value of a set. */
  NE("!="),
  /** {@code <}. */
  LT("<"),
  /** {@code <=}. */
  LE("<="),
  /** {@code >}. */
  GT(">"),
  /** {@code >=}. */
  GE(">=");

  private final String symbol;

  Relation(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written, such as {@code <=}. */
  public String symbol() {
    return symbol;
  }

  /** True for {@code < <= > >=}. */
  public boolean isOrdering() {
    return this != EQ && this != NE;
  }

  /** Whether {@code a} relates to {@code b} by this operator (unsigned comparison). */
  public boolean test(long a, long b) {
    int c = Long.compareUnsigned(a, b);
    return switch (this) {
      case EQ -> c == 0;
      case NE -> c != 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
    };
  }

  /** The operator as written. */
  @Override
  public String toString() {
    return symbol;
  }
}
