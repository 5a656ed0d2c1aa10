package io.nv.testkit.internal;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Turns raw 64-bit draws into bounded numbers so that a smaller draw always gives a simpler number:
 * the choice shrinker lowers draws and relies on that order. The JDK's bounded methods use
 * rejection and bit tricks that do not keep it, hence this class.
 *
 * <pre>{@code
 * long port = Draws.below(random, 65536);   // draw 0 gives 0, larger draws larger ports
 * }</pre>
 */
public final class Draws {
  private Draws() {}

  /**
   * A value in {@code [0, n)}, {@code n} read as unsigned and {@code 0} meaning 2<sup>64</sup>;
   * monotone in the draw (the high half of draw × n).
   */
  public static long below(RandomGenerator random, long n) {
    long draw = random.nextLong();
    if (random instanceof ChoiceLog log) {
      log.boundLast(n);
    }
    return value(draw, n);
  }

  /** The value {@link #below} makes of {@code draw} for bound {@code n}. */
  public static long value(long draw, long n) {
    return n == 0 ? draw : unsignedMultiplyHigh(draw, n);
  }

  /** The smallest draw whose value below {@code n} is {@code k} (both unsigned, k < n). */
  public static long smallestDraw(long k, long n) {
    if (n == 0) {
      return k;
    }
    // ceil(k * 2^64 / n): below 2^64 because k < n.
    BigInteger num = unsigned(k).shiftLeft(64).add(unsigned(n)).subtract(BigInteger.ONE);
    return num.divide(unsigned(n)).longValue();
  }

  private static BigInteger unsigned(long n) {
    BigInteger b = BigInteger.valueOf(n);
    return n >= 0 ? b : b.add(BigInteger.ONE.shiftLeft(64));
  }

  /**
   * A value in {@code [lo, hi]}, uniform, that shrinks toward the value nearest zero: toward {@code
   * lo} when {@code lo >= 0}, toward {@code hi} when {@code hi <= 0}, toward 0 otherwise. A range
   * across zero takes two draws, side then magnitude, so that each draw is monotone.
   */
  public static long between(RandomGenerator random, long lo, long hi) {
    if (lo > hi) {
      throw new IllegalArgumentException(
          "empty range " + lo + ".." + hi + ": pass lo <= hi (bounds are inclusive)");
    }
    long n = hi - lo + 1; // unsigned; wraps to 0 for the full range, which below() reads as 2^64
    if (lo >= 0) {
      return lo + below(random, n);
    }
    if (hi <= 0) {
      return hi - below(random, n);
    }
    long side = below(random, n);
    if (Long.compareUnsigned(side, hi) <= 0) {
      return below(random, hi + 1);
    }
    long negatives = -lo; // unsigned, up to 2^63
    return -(1 + below(random, negatives));
  }

  /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18). */
  static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }
}
