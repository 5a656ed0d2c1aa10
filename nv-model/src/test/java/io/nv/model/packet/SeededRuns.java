package io.nv.model.packet;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * A minimal property runner until nv-testkit's is available: runs a property on many seeds, and a
 * failure names its seed; {@code -Dnv.seed=SEED} replays that one case.
 */
public final class SeededRuns {
  private static final long BASE_SEED = 0x6e76_6d61_7463_6800L;

  private SeededRuns() {}

  /** Runs {@code property} on {@code cases} seeds (or on {@code -Dnv.seed} alone). */
  public static void forAll(int cases, LongConsumer property) {
    Long replay = Long.getLong("nv.seed");
    SplittableRandom seeds = new SplittableRandom(BASE_SEED);
    for (int i = 0; i < (replay == null ? cases : 1); i++) {
      long seed = replay == null ? seeds.nextLong() : replay;
      try {
        property.accept(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "case " + i + " failed; replay with -Dnv.seed=" + seed + ": " + e.getMessage(), e);
      }
    }
  }
}
