package io.nv.testkit.internal;

import com.google.common.primitives.ImmutableLongArray;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Shrinks a failing choice sequence (Hypothesis style): edits the sequence — deletes chunks, zeroes
 * chunks, binary-searches each draw toward zero, moves a draw's value to a later draw — and keeps
 * an edit when replaying it still fails and the draws actually used are smaller in shortlex order
 * (shorter, then lexicographically smaller as unsigned numbers). Every accepted edit makes the
 * sequence strictly smaller and the number of replays is bounded, so shrinking always ends. Where a
 * draw's bound is known (see {@link ChoiceLog}) the searches run over its values rather than its
 * raw bits.
 *
 * <pre>{@code
 * ChoiceShrinker<Failure> s = new ChoiceShrinker<>(draws, bounds, failure, probe, 2000);
 * s.run();
 * s.best(); s.bestResult(); s.steps();
 * }</pre>
 *
 * @param <R> what a failing replay reports (the value and its failure)
 */
public final class ChoiceShrinker<R> {
  /** Replays one candidate sequence. */
  @FunctionalInterface
  public interface Probe<R> {
    /** The outcome when replaying {@code draws} fails the property, or null when it does not. */
    @Nullable Outcome<R> run(long[] draws);
  }

  /** A failing replay: the draws it used, their bounds, and what it reports. */
  public static final class Outcome<R> {
    final long[] draws;
    final long[] bounds;
    final R result;

    /**
     * {@code draws} are the draws the replay took, {@code bounds} their bounds (0 when unknown; may
     * be longer or shorter), {@code result} the failure.
     */
    public Outcome(long[] draws, long[] bounds, R result) {
      this.draws = draws.clone();
      this.bounds = bounds.clone();
      this.result = result;
    }
  }

  private static final int[] SMALL_CHUNKS = {8, 4, 2, 1};
  private static final int REDISTRIBUTE_WINDOW = 8;

  private final Probe<R> probe;
  private final int maxSteps;
  private final Set<ImmutableLongArray> tried = new HashSet<>();
  private long[] best;
  private long[] bounds;
  private R bestResult;
  private int steps;

  /**
   * Starts from the failing {@code draws} (with their {@code bounds}) that gave {@code result};
   * replays at most {@code maxSteps} candidates.
   */
  public ChoiceShrinker(long[] draws, long[] bounds, R result, Probe<R> probe, int maxSteps) {
    this.best = ChoiceReplay.trim(draws.clone());
    this.bounds = bounds.clone();
    this.bestResult = result;
    this.probe = probe;
    this.maxSteps = maxSteps;
  }

  /** Shrinks until no edit helps or the step budget is spent. */
  public void run() {
    boolean improved = true;
    while (improved && !exhausted()) {
      improved = deleteBlocks();
      improved = deleteChunks() || improved;
      improved = zeroChunks() || improved;
      improved = minimizeDraws() || improved;
      if (!improved) {
        improved = redistribute();
      }
    }
  }

  /** The smallest failing sequence found. */
  public long[] best() {
    return best.clone();
  }

  /** What the smallest failing sequence reported. */
  public R bestResult() {
    return bestResult;
  }

  /** Replays made. */
  public int steps() {
    return steps;
  }

  private boolean exhausted() {
    return steps >= maxSteps;
  }

  /** Large aligned blocks first: cheap big wins on long sequences. */
  private boolean deleteBlocks() {
    boolean any = false;
    for (int k = best.length / 2; k > SMALL_CHUNKS[0]; k /= 2) {
      for (int i = best.length - k; i >= 0 && !exhausted(); i -= k) {
        if (i + k <= best.length) {
          any = consider(remove(best, i, k)) || any;
        }
      }
    }
    return any;
  }

  private boolean deleteChunks() {
    boolean any = false;
    for (int k : SMALL_CHUNKS) {
      // Backwards, so a deletion leaves the positions still to visit in place.
      for (int i = best.length - k; i >= 0 && !exhausted(); i--) {
        if (i + k <= best.length) {
          any = consider(remove(best, i, k)) || any;
        }
      }
    }
    return any;
  }

  private boolean zeroChunks() {
    boolean any = false;
    for (int k : SMALL_CHUNKS) {
      for (int i = best.length - k; i >= 0 && !exhausted(); i--) {
        if (i + k <= best.length && !allZero(best, i, k)) {
          long[] c = best.clone();
          Arrays.fill(c, i, i + k, 0L);
          any = consider(c) || any;
        }
      }
    }
    return any;
  }

  private boolean minimizeDraws() {
    boolean any = false;
    for (int i = 0; i < best.length && !exhausted(); i++) {
      if (best[i] == 0) {
        continue;
      }
      if (consider(with(best, i, 0))) {
        any = true;
        continue;
      }
      long n = bound(i);
      any = (n == 0 ? minimizeRaw(i) : minimizeValue(i, n)) || any;
    }
    return any;
  }

  /** Binary search over the raw draw: 64 replays at most. */
  private boolean minimizeRaw(int i) {
    boolean any = false;
    // Invariant: draw lo does not fail (or was not tried), draw hi fails.
    long lo = 0;
    long hi = best[i];
    while (Long.compareUnsigned(hi - lo, 1) > 0 && !exhausted()) {
      long mid = lo + ((hi - lo) >>> 1);
      if (consider(with(best, i, mid))) {
        any = true;
        if (i >= best.length || best[i] != mid) {
          break; // the structure changed under us; later passes pick it up
        }
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return any;
  }

  /** Binary search over the values below {@code n}: log2(n) replays at most. */
  private boolean minimizeValue(int i, long n) {
    long v = Draws.value(best[i], n);
    // The smallest draw with the same value is the same choice, written more simply.
    boolean any = consider(with(best, i, Draws.smallestDraw(v, n)));
    long lo = 0;
    long hi = v;
    while (Long.compareUnsigned(hi - lo, 1) > 0 && !exhausted()) {
      long mid = lo + ((hi - lo) >>> 1);
      long draw = Draws.smallestDraw(mid, n);
      if (consider(with(best, i, draw))) {
        any = true;
        if (i >= best.length || best[i] != draw) {
          break;
        }
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return any;
  }

  /**
   * Moves value from draw i to a later draw j: turns two small list elements into one large one
   * (then i's element can go), and lets a value reached through a rare branch be reached through
   * the plain branch with a larger draw. With equal known bounds it moves as much value as j can
   * take; otherwise it zeroes i and adds its raw draw to j, saturating.
   */
  private boolean redistribute() {
    boolean any = false;
    for (int i = 0; i < best.length && !exhausted(); i++) {
      for (int j = i + 1; j < Math.min(best.length, i + 1 + REDISTRIBUTE_WINDOW); j++) {
        if (exhausted() || i >= best.length || j >= best.length || best[i] == 0) {
          break;
        }
        long[] c = best.clone();
        long n = bound(i);
        if (n != 0 && n == bound(j)) {
          long vi = Draws.value(best[i], n);
          long vj = Draws.value(best[j], n);
          long room = n - 1 - vj;
          long move = Long.compareUnsigned(vi, room) <= 0 ? vi : room;
          if (move == 0) {
            continue;
          }
          c[i] = Draws.smallestDraw(vi - move, n);
          c[j] = Draws.smallestDraw(vj + move, n);
        } else {
          long sum = best[i] + best[j];
          c[i] = 0;
          c[j] = Long.compareUnsigned(sum, best[j]) < 0 ? -1L : sum;
        }
        any = consider(c) || any;
      }
    }
    return any;
  }

  private long bound(int i) {
    return i < bounds.length ? bounds[i] : 0;
  }

  private boolean consider(long[] candidate) {
    long[] c = ChoiceReplay.trim(candidate);
    if (compare(c, best) >= 0 || !tried.add(ImmutableLongArray.copyOf(c))) {
      return false;
    }
    steps++;
    Outcome<R> o = probe.run(c);
    if (o == null) {
      return false;
    }
    long[] used = ChoiceReplay.trim(o.draws);
    if (compare(used, best) >= 0) {
      return false;
    }
    best = used;
    bounds = o.bounds;
    bestResult = o.result;
    return true;
  }

  /** Shortlex order: shorter first, then lexicographic as unsigned numbers. */
  static int compare(long[] a, long[] b) {
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    return Arrays.compareUnsigned(a, b);
  }

  private static long[] remove(long[] a, int from, int k) {
    long[] c = new long[a.length - k];
    System.arraycopy(a, 0, c, 0, from);
    System.arraycopy(a, from + k, c, from, a.length - from - k);
    return c;
  }

  private static long[] with(long[] a, int i, long v) {
    long[] c = a.clone();
    c[i] = v;
    return c;
  }

  private static boolean allZero(long[] a, int from, int k) {
    for (int i = from; i < from + k; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
