package io.nv.testkit.internal;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A random source that passes draws from another source through and records every one, so a
 * failing value can be generated again from its choices and shrunk.
 *
 * <p>{@link RandomGenerator}'s other methods all derive from {@link #nextLong()}, so recording
 * that one method records every choice.
 *
 * <pre>{@code
 * ChoiceRecorder rec = new ChoiceRecorder(new SplittableRandom(seed));
 * T value = gen.generate(rec, size);
 * long[] choices = rec.draws();
 * }</pre>
 */
public final class ChoiceRecorder implements RandomGenerator {
  private final RandomGenerator source;
  private long[] draws = new long[16];
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
    }
    draws[count++] = v;
    return v;
  }

  /** The draws taken so far, in order. */
  public long[] draws() {
    return Arrays.copyOf(draws, count);
  }
}
