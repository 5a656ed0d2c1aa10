package io.nv.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DrawsTest {
  private static RandomGenerator draws(long... values) {
    return new ChoiceReplay(values, values.length + 10);
  }

  @Test
  void belowMapsZeroToZeroAndTheLargestDrawToTheTop() {
    assertThat(Draws.below(draws(0), 10)).isZero();
    assertThat(Draws.below(draws(-1L), 10)).isEqualTo(9);
    assertThat(Draws.below(draws(-1L), 0)).isEqualTo(-1L);
    assertThat(Draws.below(draws(Long.MIN_VALUE), 10)).isEqualTo(5);
  }

  @Test
  void belowIsMonotoneAndInRange() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      long n = i % 3 == 0 ? r.nextLong() : r.nextLong(1, 1000);
      long a = r.nextLong();
      long b = r.nextLong();
      if (Long.compareUnsigned(a, b) > 0) {
        long t = a;
        a = b;
        b = t;
      }
      long va = Draws.below(draws(a), n);
      long vb = Draws.below(draws(b), n);
      assertThat(Long.compareUnsigned(va, vb)).isLessThanOrEqualTo(0);
      assertThat(Long.compareUnsigned(vb, n)).isNegative();
    }
  }

  @Test
  void betweenShrinksTowardTheValueNearestZero() {
    assertThat(Draws.between(draws(), 5, 10)).isEqualTo(5);
    assertThat(Draws.between(draws(), -10, -5)).isEqualTo(-5);
    assertThat(Draws.between(draws(), -10, 10)).isZero();
    assertThat(Draws.between(draws(), Long.MIN_VALUE, Long.MAX_VALUE)).isZero();
    assertThat(Draws.between(draws(-1L), 5, 10)).isEqualTo(10);
    assertThat(Draws.between(draws(-1L), -10, -5)).isEqualTo(-10);
    assertThat(Draws.between(draws(-1L, -1L), -10, 10)).isEqualTo(-10);
    assertThat(Draws.between(draws(0, -1L), -10, 10)).isEqualTo(10);
    assertThat(Draws.between(draws(-1L, -1L), Long.MIN_VALUE, Long.MAX_VALUE))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(Draws.between(draws(0, -1L), Long.MIN_VALUE, Long.MAX_VALUE))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void betweenStaysInRangeAndReachesBothEnds() {
    long[][] ranges = {
      {0, 0},
      {3, 4},
      {-4, -3},
      {-1, 1},
      {-3, 100},
      {-100, 3},
      {Long.MIN_VALUE, -1},
      {0, Long.MAX_VALUE},
      {Long.MIN_VALUE, Long.MAX_VALUE}
    };
    SplittableRandom r = new SplittableRandom(11);
    for (long[] range : ranges) {
      boolean lo = false;
      boolean hi = false;
      for (int i = 0; i < 2000; i++) {
        long v = Draws.between(r, range[0], range[1]);
        assertThat(v).isBetween(range[0], range[1]);
        lo |= v == range[0];
        hi |= v == range[1];
      }
      if (range[1] - range[0] < 300 && range[1] - range[0] >= 0) {
        assertThat(lo && hi).as("both ends of %s..%s", range[0], range[1]).isTrue();
      }
    }
  }

  @Test
  void smallestDrawIsTheFirstDrawOfEachValue() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 5000; i++) {
      long n = i % 4 == 0 ? r.nextLong() : r.nextLong(1, 100_000);
      long k = Long.remainderUnsigned(r.nextLong(), n);
      long d = Draws.smallestDraw(k, n);
      assertThat(Draws.value(d, n)).isEqualTo(k);
      if (k != 0) {
        assertThat(Draws.value(d - 1, n)).isEqualTo(k - 1);
      }
    }
    assertThat(Draws.smallestDraw(0, 10)).isZero();
    assertThat(Draws.smallestDraw(12345, 0)).isEqualTo(12345);
  }

  @Test
  void recordersLearnTheBoundOfEachDraw() {
    // Side draws 0 and -1 pick the positive (0..5) and the negative (-5..-1) side of -5..5.
    ChoiceRecorder rec = new ChoiceRecorder(draws(7, 8, 0, 9, -1L, 9));
    Draws.below(rec, 10);
    rec.nextLong();
    Draws.between(rec, -5, 5);
    Draws.between(rec, -5, 5);
    assertThat(rec.bounds()).containsExactly(10, 0, 11, 6, 11, 5);
    ChoiceReplay replay = new ChoiceReplay(rec.draws(), 100);
    Draws.below(replay, 10);
    assertThat(replay.consumedBounds()).containsExactly(10);
  }

  @Test
  void betweenRejectsEmptyRanges() {
    assertThatThrownBy(() -> Draws.between(draws(), 2, 1)).hasMessageContaining("lo <= hi");
  }
}
