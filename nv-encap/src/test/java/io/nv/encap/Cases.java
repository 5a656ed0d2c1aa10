package io.nv.encap;

import java.util.SplittableRandom;

/**
 * Runs a property over seeded random cases. The master seed comes from {@code -Dnv.seed=N} or is
 * drawn fresh; a failure reports it with the case number, so the run can be replayed.
 *
 * <pre>{@code
 * Cases.run("udp round trip", 1000, r -> assertThat(...));
 * }</pre>
 */
public final class Cases {
  private Cases() {}

  /** One case of a property, given its own random source. */
  @FunctionalInterface
  public interface Case {
    /** Checks the property for values drawn from {@code random}. */
    void check(SplittableRandom random) throws Exception;
  }

  /** The master seed: {@code -Dnv.seed} or a fresh one. */
  public static long masterSeed() {
    String s = System.getProperty("nv.seed");
    return s != null ? Long.parseLong(s) : new SplittableRandom().nextLong();
  }

  /** Runs {@code count} cases of {@code property}, each with its own random source. */
  public static void run(String name, int count, Case property) {
    long seed = masterSeed();
    SplittableRandom master = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      SplittableRandom r = master.split();
      try {
        property.check(r);
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            name + " failed at case " + i + " of seed " + seed + " (replay with -Dnv.seed=" + seed
                + "): " + e.getMessage(), e);
      }
    }
  }
}
