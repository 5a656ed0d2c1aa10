package io.nv.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The compilers' time per flow against the construct-only lower bound, measured in one JVM with
 * the compile and its bound interleaved operation by operation: each ratio compares operations
 * run a few milliseconds apart, so a machine whose speed drifts by a third within the hour (as
 * these shared machines do) moves both sides alike. JMH runs the two one after the other; use
 * this for the ratio and JMH for each side's own figures.
 *
 * <p>{@code physical}: each round runs hv0's physical compile ({@link
 * PhysicalCompileBenchmark#realize}), its flows-and-groups bound ({@link
 * ConstructOnlyBenchmark#physicalTables}) and its flows-only bound ({@link
 * ConstructOnlyBenchmark#physical}). {@code logical}: the logical compile ({@link
 * LogicalCompileBenchmark#compile}) and its bound ({@link ConstructOnlyBenchmark#logical}). The two
 * are run apart because the logical compile's garbage evicts the physical one's input from the
 * caches. The first third of the rounds warm up; of the rest it prints each side's fastest, tenth
 * percentile and median, and the ratios of each.
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -Xmx4g -cp nv-bench/target/benchmarks.jar io.nv.bench.BoundRatio 100x50x100 3000 physical
 * java -Xmx4g -cp nv-bench/target/benchmarks.jar io.nv.bench.BoundRatio 1000x20x100 450 physical
 * java -Xmx4g -cp nv-bench/target/benchmarks.jar io.nv.bench.BoundRatio 100x50x100 300 logical
 * }</pre>
 */
public final class BoundRatio {
  private BoundRatio() {}

  /** One side's times, in nanoseconds, one per round. */
  private record Side(String name, Supplier<Object> op, long[] times) {
    long percentile(int p, int from) {
      long[] t = Arrays.copyOfRange(times, from, times.length);
      Arrays.sort(t);
      return t[Math.min(t.length - 1, t.length * p / 100)];
    }
  }

  /**
   * Runs the rounds.
   *
   * @param args the ovn-like size ({@code SxPxH}, default {@code 100x50x100}), the number of
   *     rounds (default 1000) and which compile, {@code physical} (default) or {@code logical}
   */
  public static void main(String[] args) {
    String size = args.length > 0 ? args[0] : "100x50x100";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String which = args.length > 2 ? args[2] : "physical";
    if (rounds < 3) {
      throw new IllegalArgumentException("rounds must be at least 3, not " + rounds);
    }
    ConstructOnlyBenchmark bound = new ConstructOnlyBenchmark();
    bound.size = size;
    bound.setUp();
    Side[] sides;
    if (which.equals("physical")) {
      PhysicalCompileBenchmark physical = new PhysicalCompileBenchmark();
      physical.size = size;
      physical.setUp();
      sides = new Side[] {
        new Side("realize", physical::realize, new long[rounds]),
        new Side("flows+groups bound", bound::physicalTables, new long[rounds]),
        new Side("flows-only bound", bound::physical, new long[rounds]),
      };
    } else if (which.equals("logical")) {
      LogicalCompileBenchmark logical = new LogicalCompileBenchmark();
      logical.size = size;
      logical.setUp();
      sides = new Side[] {
        new Side("logical compile", logical::compile, new long[rounds]),
        new Side("logical bound", bound::logical, new long[rounds]),
      };
    } else {
      throw new IllegalArgumentException("which compile: physical or logical, not " + which);
    }
    int sink = 0;
    for (int r = 0; r < rounds; r++) {
      for (Side s : sides) {
        long t0 = System.nanoTime();
        Object out = s.op().get();
        s.times()[r] = System.nanoTime() - t0;
        sink += System.identityHashCode(out) & 1;
      }
    }
    int from = rounds / 3;
    if (sink < 0) {
      throw new AssertionError("unreachable: keeps the results alive");
    }
    System.out.printf(Locale.ROOT, "%s, %d rounds (%d measured), ms: fastest / p10 / median%n", size, rounds, rounds - from);
    for (Side s : sides) {
      System.out.printf(Locale.ROOT, "  %-20s %8.3f %8.3f %8.3f%n", s.name(),
          s.percentile(0, from) / 1e6, s.percentile(10, from) / 1e6, s.percentile(50, from) / 1e6);
    }
    for (int i = 1; i < sides.length; i++) {
      ratio(sides[0], sides[i], from);
    }
  }

  private static void ratio(Side compile, Side bound, int from) {
    System.out.printf(Locale.ROOT, "  %-16s / %-20s %5.2f× %5.2f× %5.2f×%n", compile.name(), bound.name(),
        (double) compile.percentile(0, from) / bound.percentile(0, from),
        (double) compile.percentile(10, from) / bound.percentile(10, from),
        (double) compile.percentile(50, from) / bound.percentile(50, from));
  }
}
