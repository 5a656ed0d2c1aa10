package io.nv.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChoiceShrinkerTest {
  @Test
  void shortlexOrdersByLengthThenUnsignedValues() {
    assertThat(ChoiceShrinker.compare(new long[] {9}, new long[] {0, 0})).isNegative();
    assertThat(ChoiceShrinker.compare(new long[] {1, 2}, new long[] {1, 3})).isNegative();
    assertThat(ChoiceShrinker.compare(new long[] {Long.MAX_VALUE}, new long[] {-1L})).isNegative();
    assertThat(ChoiceShrinker.compare(new long[] {4}, new long[] {4})).isZero();
  }

  @Test
  void deletesUnneededDrawsAndLowersNeededOnes() {
    // Fails when any draw is at least 1000 (unsigned): the minimum is the single draw 1000.
    ChoiceShrinker.Probe<String> probe =
        d ->
            Arrays.stream(d).anyMatch(x -> Long.compareUnsigned(x, 1000) >= 0)
                ? new ChoiceShrinker.Outcome<>(d, new long[0], Arrays.toString(d))
                : null;
    long[] start = {5, -7L, 123_456, 0, 42, Long.MAX_VALUE};
    ChoiceShrinker<String> s = new ChoiceShrinker<>(start, new long[0], "start", probe, 10_000);
    s.run();
    assertThat(s.best()).containsExactly(1000);
    assertThat(s.bestResult()).isEqualTo("[1000]");
  }

  @Test
  void neverReplaysMoreThanTheBudget() {
    AtomicInteger calls = new AtomicInteger();
    // Fails only with all 500 draws non-zero: nothing can be deleted or zeroed, only lowered.
    ChoiceShrinker.Probe<String> probe =
        d -> {
          calls.incrementAndGet();
          return d.length == 500 && Arrays.stream(d).allMatch(x -> x != 0)
              ? new ChoiceShrinker.Outcome<>(d, new long[0], "x")
              : null;
        };
    long[] start = new long[500];
    Arrays.fill(start, -1L);
    ChoiceShrinker<String> s = new ChoiceShrinker<>(start, new long[0], "x", probe, 37);
    s.run();
    assertThat(calls).hasValue(37);
    assertThat(s.steps()).isEqualTo(37);
  }

  @Test
  void replayYieldsZerosPastTheEndAndStopsAtTheLimit() {
    ChoiceReplay r = new ChoiceReplay(new long[] {7, 0, 9}, 5);
    assertThat(new long[] {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()})
        .containsExactly(7, 0, 9, 0);
    assertThat(r.consumed()).containsExactly(7, 0, 9);
    r.nextLong();
    org.assertj.core.api.Assertions.assertThatThrownBy(r::nextLong)
        .isInstanceOf(ChoiceReplay.Overrun.class);
  }

  @Test
  void recorderKeepsEveryDraw() {
    ChoiceRecorder rec = new ChoiceRecorder(new java.util.SplittableRandom(1));
    long a = rec.nextLong();
    int b = rec.nextInt();
    boolean c = rec.nextBoolean();
    assertThat(rec.draws()).hasSize(3);
    assertThat(rec.draws()[0]).isEqualTo(a);
    assertThat((int) (rec.draws()[1] >>> 32)).isEqualTo(b);
    assertThat(rec.draws()[2] < 0).isEqualTo(c);
  }
}
