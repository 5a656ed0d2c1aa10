package io.nv.testkit.internal;

/**
 * A random source that keeps the bound of each draw, when the generator says it: {@link Draws}
 * reports the {@code n} of {@code below(random, n)}, so the shrinker can search a draw's values
 * ({@code log2 n} replays) rather than its 64 raw bits, and move value between two list elements.
 *
 * <pre>{@code
 * long d = random.nextLong();
 * if (random instanceof ChoiceLog log) { log.boundLast(n); }
 * }</pre>
 */
public interface ChoiceLog {
  /** The last draw was used as a value below {@code n} (unsigned; 0 for a raw 64-bit draw). */
  void boundLast(long n);
}
