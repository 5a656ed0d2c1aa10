package io.nv.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Gens: ranges, distributions and that all-zero choices give the simplest value. */
class GensTest {
  /** The source shrinking aims at: every choice is 0. */
  private static final RandomGenerator ZEROS = () -> 0L;

  private static <T> List<T> samples(Gen<T> gen, int n, int size) {
    SplittableRandom r = new SplittableRandom(42);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(gen.generate(r, size));
    }
    return out;
  }

  @Test
  void zeroChoicesGiveTheSimplestValue() {
    assertThat(Gens.integers(5, 9).generate(ZEROS, 10)).isEqualTo(5);
    assertThat(Gens.integers(-9, -5).generate(ZEROS, 10)).isEqualTo(-5);
    assertThat(Gens.integers(-9, 9).generate(ZEROS, 10)).isZero();
    assertThat(Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE).generate(ZEROS, 10)).isZero();
    assertThat(Gens.integersWithEdges(3, 90).generate(ZEROS, 10)).isEqualTo(3);
    assertThat(Gens.booleans().generate(ZEROS, 10)).isFalse();
    assertThat(Gens.elements("x", "y").generate(ZEROS, 10)).isEqualTo("x");
    assertThat(Gens.oneOf(Gens.constant("x"), Gens.constant("y")).generate(ZEROS, 10))
        .isEqualTo("x");
    assertThat(
            Gens.frequency(
                    Gens.weighted(1, Gens.constant("x")), Gens.weighted(5, Gens.constant("y")))
                .generate(ZEROS, 10))
        .isEqualTo("x");
    assertThat(Gens.listOf(Gens.integers(1, 9), 2, 5).generate(ZEROS, 10)).containsExactly(1, 1);
    assertThat(Gens.setOf(Gens.integers(1, 9), 0, 5).generate(ZEROS, 10)).isEmpty();
    assertThat(Gens.optionals(Gens.integers(1, 9)).generate(ZEROS, 10)).isEmpty();
    assertThat(Gens.identifiers().generate(ZEROS, 10)).isEqualTo("a");
    assertThat(Gens.strings("xyz", 2, 4).generate(ZEROS, 10)).isEqualTo("xx");
    assertThat(Gens.shuffle(List.of(1, 2, 3)).generate(ZEROS, 10)).containsExactly(1, 2, 3);
    assertThat(Gens.subsetOf(List.of(1, 2, 3)).generate(ZEROS, 10)).isEmpty();
  }

  @Test
  void integersStayInRangeAndCoverIt() {
    assertThat(samples(Gens.integers(-3, 3), 2000, 10)).containsOnly(-3, -2, -1, 0, 1, 2, 3);
    assertThat(samples(Gens.integers(7, 7), 10, 10)).containsOnly(7);
    List<Integer> wide = samples(Gens.integers(Integer.MIN_VALUE, Integer.MAX_VALUE), 2000, 10);
    assertThat(wide).anyMatch(i -> i < -1_000_000).anyMatch(i -> i > 1_000_000);
    assertThat(samples(Gens.longs(10, 12), 300, 10)).containsOnly(10L, 11L, 12L);
    assertThatThrownBy(() -> Gens.integers(2, 1)).hasMessageContaining("lo <= hi");
  }

  @Test
  void edgeBiasedIntegersHitTheEdgesOften() {
    List<Integer> s = samples(Gens.integersWithEdges(-1000, 1_000_000), 1000, 10);
    assertThat(s).contains(-1000, -999, 0, 999_999, 1_000_000);
    assertThat(s.stream().filter(i -> i == 1_000_000).count()).isGreaterThan(20);
    assertThat(s).allMatch(i -> i >= -1000 && i <= 1_000_000);
    assertThat(samples(Gens.integersWithEdges(5, 5), 20, 10)).containsOnly(5);
  }

  @Test
  void frequencyFollowsTheWeights() {
    Gen<String> g =
        Gens.frequency(
            Gens.weighted(1, Gens.constant("rare")), Gens.weighted(9, Gens.constant("common")));
    long rare = samples(g, 10_000, 10).stream().filter("rare"::equals).count();
    assertThat(rare).isBetween(800L, 1200L);
    assertThatThrownBy(() -> Gens.weighted(0, Gens.constant(1))).hasMessageContaining("positive");
  }

  @Test
  void oneOfAndElementsCoverEveryChoice() {
    assertThat(samples(Gens.oneOf(Gens.constant(1), Gens.constant(2), Gens.constant(3)), 300, 10))
        .containsOnly(1, 2, 3)
        .contains(1, 2, 3);
    assertThat(samples(Gens.elements(List.of("a", "b")), 100, 10)).contains("a", "b");
    assertThatThrownBy(() -> Gens.elements(List.of())).hasMessageContaining("at least one");
  }

  @Test
  void listLengthsRespectMinMaxAndSize() {
    Gen<ImmutableList<Integer>> g = Gens.listOf(Gens.integers(0, 9), 2, 8);
    for (int size : new int[] {0, 1, 5, 100}) {
      List<ImmutableList<Integer>> s = samples(g, 500, size);
      int bound = Math.max(2, Math.min(8, size));
      assertThat(s).allMatch(l -> l.size() >= 2 && l.size() <= bound);
      assertThat(s).anyMatch(l -> l.size() == bound);
    }
    assertThat(samples(Gens.listOf(Gens.integers(0, 9)), 300, 0)).allMatch(List::isEmpty);
    assertThat(samples(Gens.listOf(Gens.integers(0, 9)), 300, 30))
        .allMatch(l -> l.size() <= 30)
        .anyMatch(l -> l.size() > 10);
    assertThatThrownBy(() -> Gens.listOf(Gens.integers(0, 9), 3, 2))
        .hasMessageContaining("min <= max");
  }

  @Test
  void setsHaveDistinctElementsAndFailWhenMinIsUnreachable() {
    List<ImmutableSet<Integer>> s = samples(Gens.setOf(Gens.integers(0, 20), 3, 10), 300, 50);
    assertThat(s).allMatch(x -> x.size() >= 3 && x.size() <= 10);
    assertThatThrownBy(() -> Gens.setOf(Gens.integers(0, 1), 3, 5).sample(1, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void shufflesArePermutationsAndSubsetsAreSubsets() {
    List<Integer> base = IntStream.range(0, 10).boxed().toList();
    Set<List<Integer>> seen = new HashSet<>();
    for (ImmutableList<Integer> p : samples(Gens.shuffle(base), 200, 10)) {
      assertThat(p).containsExactlyInAnyOrderElementsOf(base);
      seen.add(p);
    }
    assertThat(seen).hasSizeGreaterThan(150);
    for (ImmutableSet<Integer> sub : samples(Gens.subsetOf(base), 200, 10)) {
      assertThat(base).containsAll(sub);
      assertThat(sub.asList()).isSorted();
    }
  }

  @Test
  void identifiersAreLowerCaseNamesBoundedBySize() {
    assertThat(samples(Gens.identifiers(), 500, 100))
        .allMatch(s -> s.matches("[a-z][a-z0-9]{0,15}"))
        .anyMatch(s -> s.length() > 8);
    assertThat(samples(Gens.identifiers(), 200, 2)).allMatch(s -> s.length() <= 3);
  }

  @Test
  void zipSizedLazyAndOptionalsCompose() {
    assertThat(Gens.zip(Gens.constant(1), Gens.constant(2), Integer::sum).sample(1, 10))
        .isEqualTo(3);
    assertThat(
            Gens.zip(
                    Gens.constant("a"),
                    Gens.constant("b"),
                    Gens.constant("c"),
                    (a, b, c) -> a + b + c)
                .sample(1, 10))
        .isEqualTo("abc");
    assertThat(Gens.sized(Gens::constant).sample(1, 17)).isEqualTo(17);
    assertThat(Gens.constant(1).resize(3).map(x -> x + 1).sample(1, 10)).isEqualTo(2);
    assertThat(samples(Gens.optionals(Gens.constant(1)), 200, 10))
        .contains(Optional.empty(), Optional.of(1));
  }

  /** A recursive generator: trees of bounded depth through lazy and sized. */
  private static final Gen<String> TREES =
      Gens.sized(
          size ->
              size <= 1
                  ? Gens.constant("leaf")
                  : Gens.oneOf(
                      Gens.constant("leaf"),
                      Gens.zip(
                          Gens.lazy(() -> GensTest.TREES).resize(size / 2),
                          Gens.lazy(() -> GensTest.TREES).resize(size / 2),
                          (l, r) -> "(" + l + " " + r + ")")));

  @Test
  void lazyAllowsRecursiveGenerators() {
    Map<Boolean, Integer> nested = new HashMap<>();
    for (String t : samples(TREES, 200, 16)) {
      nested.merge(t.startsWith("("), 1, Integer::sum);
      assertThat(t.chars().filter(c -> c == '(').count()).isLessThanOrEqualTo(15);
    }
    assertThat(nested).containsKeys(true, false);
  }

  @Test
  void filterGivesUpWithAHint() {
    assertThatThrownBy(() -> Gens.integers(0, 9).filter(i -> i > 100).sample(1, 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generate the wanted values directly");
    assertThat(samples(Gens.integers(0, 9).filter(i -> i % 2 == 0), 100, 10))
        .allMatch(i -> i % 2 == 0);
  }

  @Test
  void sameSeedSameValues() {
    Gen<ImmutableList<String>> g = Gens.listOf(Gens.identifiers(), 0, 20);
    assertThat(g.sample(99, 30)).isEqualTo(g.sample(99, 30));
  }
}
