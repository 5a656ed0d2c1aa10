package io.nv.compiler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Range decomposition, intersection and complement of alternatives, checked value by value over
 * the whole 16-bit space against the sets they stand for. Seeded; {@code -Dnv.seed=…} replays.
 */
class RangesProperties {
  static boolean[] members(List<FieldMatch> alts) {
    boolean[] in = new boolean[65536];
    for (int v = 0; v < 65536; v++) {
      for (FieldMatch m : alts) {
        if (m.matches(FieldValue.of(v))) {
          in[v] = true;
          break;
        }
      }
    }
    return in;
  }

  static int minimalCover(int lo, int hi, int low, int high) {
    if (hi < low || lo > high) {
      return 0;
    }
    if (low <= lo && hi <= high) {
      return 1;
    }
    int mid = lo + (hi - lo) / 2;
    return minimalCover(lo, mid, low, high) + minimalCover(mid + 1, hi, low, high);
  }

  static List<FieldMatch> randomAlternatives(SplittableRandom r) {
    List<FieldMatch> out = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    boolean prefixes = r.nextBoolean();
    for (int i = 0; i < n; i++) {
      if (prefixes) {
        int lo = r.nextInt(65536);
        int hi = Math.min(65535, lo + r.nextInt(5000));
        out.addAll(Ranges.prefixes(Field.L4_DST, lo, hi));
      } else {
        int mask = 1 + r.nextInt(0xffff);
        out.add(FieldMatch.masked(Field.L4_DST, r.nextInt(65536), mask));
      }
    }
    return out;
  }

  @Test
  void rangesBecomeMinimalPrefixCovers() {
    long seed = Long.getLong("nv.seed", new SplittableRandom().nextLong());
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 30; i++) {
      int lo = r.nextInt(65536);
      int hi = r.nextInt(3) == 0 ? 65535 : Math.min(65535, lo + r.nextInt(40000));
      List<FieldMatch> p = Ranges.prefixes(Field.L4_DST, lo, hi);
      boolean[] in = members(p);
      for (int v = 0; v < 65536; v++) {
        assertThat(in[v]).as("seed %d: %d in [%d, %d]", seed, v, lo, hi).isEqualTo(v >= lo && v <= hi);
      }
      assertThat(p).as("seed %d", seed).hasSize(minimalCover(0, 65535, lo, hi));
    }
  }

  @Test
  void intersectionsAndComplementsAreExact() {
    long seed = Long.getLong("nv.seed", new SplittableRandom().nextLong());
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 20; i++) {
      List<FieldMatch> a = randomAlternatives(r);
      List<FieldMatch> b = randomAlternatives(r);
      boolean[] ia = members(a);
      boolean[] ib = members(b);
      boolean[] and = members(Constraints.intersect(a, b));
      List<FieldMatch> not = Constraints.complement(Field.L4_DST, a);
      boolean[] na = not == null ? null : members(not);
      for (int v = 0; v < 65536; v++) {
        assertThat(and[v]).as("seed %d: %d in %s and %s", seed, v, a, b).isEqualTo(ia[v] && ib[v]);
        if (na != null) {
          assertThat(na[v]).as("seed %d: %d not in %s", seed, v, a).isEqualTo(!ia[v]);
        }
      }
    }
  }

  @Test
  void wideFieldsDecomposeToo() {
    List<FieldMatch> all = Ranges.toPrefixes(
        Field.IP6_SRC,
        Ranges.complement(
            Ranges.intervals(List.of(FieldMatch.exact(Field.IP6_SRC, FieldValue.of(0, 0)))), 128));
    assertThat(all).hasSize(128);
    assertThat(Constraints.complement(Field.IP6_SRC, all)).containsExactly(FieldMatch.exact(Field.IP6_SRC, FieldValue.of(0, 0)));
  }
}
