package io.nv.testkit.internal;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A random source that replays a fixed choice sequence and then yields zeros, the simplest choice,
 * so any edited sequence still generates a value. Stops a generator that draws more than a limit
 * with {@link Overrun}.
 *
 * <pre>{@code
 * ChoiceReplay replay = new ChoiceReplay(new long[] {3, 0, 7}, 10_000);
 * T value = gen.generate(replay, size);
 * long[] used = replay.consumed();
 * }</pre>
 */
public final class ChoiceReplay implements RandomGenerator, ChoiceLog {
  private final long[] prefix;
  private final int limit;
  private long[] bounds = new long[16];
  private int count;

  /** Replays {@code prefix}, then zeros, for at most {@code limit} draws in all. */
  public ChoiceReplay(long[] prefix, int limit) {
    this.prefix = prefix.clone();
    this.limit = limit;
  }

  @Override
  public long nextLong() {
    if (count >= limit) {
      throw new Overrun();
    }
    if (count == bounds.length) {
      bounds = Arrays.copyOf(bounds, count * 2);
    }
    bounds[count] = 0;
    long v = count < prefix.length ? prefix[count] : 0L;
    count++;
    return v;
  }

  @Override
  public void boundLast(long n) {
    if (count > 0) {
      bounds[count - 1] = n;
    }
  }

  /** The draws actually taken, trailing zeros removed (replay gives those anyway). */
  public long[] consumed() {
    return trim(Arrays.copyOf(prefix, count));
  }

  /** The bound of each draw taken (0 when unknown), at least as long as {@link #consumed()}. */
  public long[] consumedBounds() {
    return Arrays.copyOf(bounds, count);
  }

  /** {@code draws} without trailing zeros. */
  public static long[] trim(long[] draws) {
    int n = draws.length;
    while (n > 0 && draws[n - 1] == 0) {
      n--;
    }
    return n == draws.length ? draws : Arrays.copyOf(draws, n);
  }

  /** Thrown when a replayed generator draws more than its limit; the candidate is dropped. */
  public static final class Overrun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Overrun() {
      // No stack trace: thrown often while shrinking and always caught.
      super("replay drew more choices than its limit", null, false, false);
    }
  }
}
