package io.nv.testkit.internal;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A random source that passes draws from another source through and records every one, with its
 * bound when known, so a failing value can be generated again from its choices and shrunk.
 *
 * <p>{@link RandomGenerator}'s other methods all derive from {@link #nextLong()}, so recording that
 * one method records every choice.
 *
 * <pre>{@code
 * ChoiceRecorder rec = new ChoiceRecorder(new SplittableRandom(seed));
 * T value = gen.generate(rec, size);
 * long[] choices = rec.draws();
 * }</pre>
 */
public final class ChoiceRecorder implements RandomGenerator, ChoiceLog {
  private final RandomGenerator source;
  private long[] draws = new long[16];
  private long[] bounds = new long[16];
  private int count;

  /** Records draws taken from {@code source}. */
  public ChoiceRecorder(RandomGenerator source) {
    this.source = source;
  }

  @Override
  public long nextLong() {
    long v = source.nextLong();
    if (count == draws.length) {
      draws = Arrays.copyOf(draws, count * 2);
      bounds = Arrays.copyOf(bounds, count * 2);
    }
    bounds[count] = 0;
    draws[count++] = v;
    return v;
  }

  @Override
  public void boundLast(long n) {
    if (count > 0) {
      bounds[count - 1] = n;
    }
  }

  /** The draws taken so far, in order. */
  public long[] draws() {
    return Arrays.copyOf(draws, count);
  }

  /** The bound of each draw (0 when unknown), parallel to {@link #draws()}. */
  public long[] bounds() {
    return Arrays.copyOf(bounds, count);
  }
}
