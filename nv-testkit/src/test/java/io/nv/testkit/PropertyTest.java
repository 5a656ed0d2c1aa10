package io.nv.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner itself: tries, sizes, seeds, replay, shrinking and the failure report. */
class PropertyTest {
  private @Nullable String savedSeed;
  private @Nullable String savedTries;

  // The runner's own tests check exact seeds and try counts, so a -Dnv.seed or -Dnv.tries given
  // to the whole build must not leak into them.
  @BeforeEach
  void clearSystemProperties() {
    savedSeed = System.clearProperty(Property.SEED_PROPERTY);
    savedTries = System.clearProperty(Property.TRIES_PROPERTY);
  }

  @AfterEach
  void restoreSystemProperties() {
    restore(Property.SEED_PROPERTY, savedSeed);
    restore(Property.TRIES_PROPERTY, savedTries);
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void passingPropertyRunsEveryTry() {
    AtomicInteger count = new AtomicInteger();
    Property.forAll(Gens.integers(0, 10)).tries(250).check(i -> count.incrementAndGet());
    assertThat(count).hasValue(250);
  }

  @Test
  void defaultIsOneHundredTries() {
    AtomicInteger count = new AtomicInteger();
    Property.forAll(Gens.booleans()).checkBoolean(b -> count.incrementAndGet() > 0);
    assertThat(count).hasValue(100);
  }

  @Test
  void sizeGrowsFromZeroToMaxHalfwayThrough() {
    List<Integer> sizes = new ArrayList<>();
    Gen<Integer> size = (random, s) -> s;
    Property.forAll(size).tries(100).maxSize(50).check(sizes::add);
    assertThat(sizes.get(0)).isZero();
    assertThat(sizes).isSorted();
    assertThat(sizes.get(49)).isLessThan(50);
    assertThat(sizes.subList(50, 100)).containsOnly(50);
  }

  @Test
  void intsShrinkToExactlyTheBoundary() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.integers(Integer.MIN_VALUE, Integer.MAX_VALUE))
                    .checkBoolean(i -> i < 1000));
    assertThat(f.counterexample()).isEqualTo(1000);
    assertThat((Integer) f.original()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void boundedIntsShrinkToExactlyTheBoundary() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(Gens.integers(0, 1_000_000)).checkBoolean(i -> i < 1000));
    assertThat(f.counterexample()).isEqualTo(1000);
  }

  @Test
  void edgeBiasedIntsShrinkToExactlyTheBoundary() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.integersWithEdges(0, 65535))
                    .tries(1000)
                    .checkBoolean(i -> i < 1000));
    assertThat(f.counterexample()).isEqualTo(1000);
  }

  @Test
  void edgeValuesShrinkThroughThePlainBranch() {
    // A failure first met as the edge 65535 or 65534 must still shrink to 1000, not stop at the
    // edge.
    int edgeOriginals = 0;
    for (long seed = 0; seed < 40; seed++) {
      Property<Integer> p = Property.forAll(Gens.integersWithEdges(0, 65535)).seed(seed);
      PropertyFailure f =
          catchThrowableOfType(PropertyFailure.class, () -> p.checkBoolean(i -> i < 1000));
      if ((Integer) f.original() >= 65534) {
        edgeOriginals++;
      }
      assertThat(f.counterexample()).as("seed %s from %s", seed, f.original()).isEqualTo(1000);
    }
    assertThat(edgeOriginals).isPositive();
  }

  @Test
  void negativeCounterexamplesShrinkTowardZero() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(Gens.integers(-100_000, 100_000)).checkBoolean(i -> i > -500));
    assertThat(f.counterexample()).isEqualTo(-500);
  }

  @Test
  void listSumShrinksToASingleMinimalElement() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.listOf(Gens.integers(0, 1000)))
                    .checkBoolean(l -> l.stream().mapToInt(i -> i).sum() < 100));
    assertThat(f.counterexample()).isEqualTo(List.of(100));
    assertThat(f.getMessage()).contains("[100]").contains(f.original().toString());
  }

  @Test
  void listSumOfSmallElementsShrinksToTheShortlexMinimum() {
    // No element reaches 100 alone: shrinking must move value between elements to drop one, and
    // ends at the fewest elements with the earliest as small as possible.
    for (long seed = 0; seed < 5; seed++) {
      Property<ImmutableList<Integer>> p =
          Property.forAll(Gens.listOf(Gens.integers(0, 60))).seed(seed);
      PropertyFailure f =
          catchThrowableOfType(
              PropertyFailure.class,
              () -> p.checkBoolean(l -> l.stream().mapToInt(i -> i).sum() < 100));
      assertThat(f.counterexample()).as("seed %s", seed).isEqualTo(List.of(40, 60));
    }
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.listOf(Gens.integers(0, 30)))
                    .checkBoolean(l -> l.stream().mapToInt(i -> i).sum() < 100));
    assertThat(f.counterexample()).isEqualTo(List.of(10, 30, 30, 30));
  }

  @Test
  void alwaysFailingPropertyShrinksToTheSimplestValue() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.listOf(Gens.identifiers(), 3, 20))
                    .check(
                        l -> {
                          throw new IllegalStateException("boom");
                        }));
    assertThat(f.tryNumber()).isEqualTo(1);
    assertThat(f.counterexample()).isEqualTo(List.of("a", "a", "a"));
    assertThat(f.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void reportHasSeedTryCounterexamplesCauseAndReplayCommand() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.integers(0, 100_000))
                    .seed(4711)
                    .check(i -> assertThat(i).isLessThan(1000)));
    assertThat(f.seed()).isEqualTo(4711);
    assertThat(f.getMessage())
        .contains("seed 4711")
        .contains("Property failed on try " + f.tryNumber() + " of 100")
        .contains("Shrunk counterexample")
        .contains("\n  1000\n")
        .contains("Original counterexample:\n  " + f.original())
        .contains("-Dnv.seed=4711")
        .contains(
            "mvn -pl nv-testkit -am test"
                + " -Dtest=PropertyTest#reportHasSeedTryCounterexamplesCauseAndReplayCommand"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dnv.seed=4711");
    // The cause is the shrunk value's failure; the first failure is kept as suppressed.
    assertThat(f.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("1000");
    assertThat(f.getSuppressed()).hasSize(1);
    assertThat(f.getSuppressed()[0]).hasMessageContaining(f.original().toString());
  }

  @Test
  void sameSeedReplaysTheSameFirstFailure() {
    Property<ImmutableList<Integer>> p =
        Property.forAll(Gens.listOf(Gens.integers(0, 50))).seed(12345).tries(500);
    PropertyFailure a =
        catchThrowableOfType(PropertyFailure.class, () -> p.checkBoolean(l -> l.size() < 20));
    PropertyFailure b =
        catchThrowableOfType(PropertyFailure.class, () -> p.checkBoolean(l -> l.size() < 20));
    assertThat(a.tryNumber()).isGreaterThan(1).isEqualTo(b.tryNumber());
    assertThat(a.original()).isEqualTo(b.original());
    assertThat(a.counterexample()).isEqualTo(b.counterexample());
    assertThat(a.getMessage()).isEqualTo(b.getMessage());

    PropertyFailure other =
        catchThrowableOfType(
            PropertyFailure.class, () -> p.seed(54321).checkBoolean(l -> l.size() < 20));
    assertThat(other.original()).isNotEqualTo(a.original());
  }

  @Test
  void defaultSeedIsAHashOfTheTestName() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(Gens.integers(0, 10)).checkBoolean(i -> i < 5));
    long expected =
        Hashing.farmHashFingerprint64()
            .hashUnencodedChars("io.nv.testkit.PropertyTest#defaultSeedIsAHashOfTheTestName")
            .asLong();
    assertThat(f.seed()).isEqualTo(expected);
  }

  @Test
  void seedSystemPropertyOverridesTheSeedAndReplays() {
    Property<Integer> p = Property.forAll(Gens.integers(0, 1_000_000)).seed(1);
    PropertyFailure first =
        catchThrowableOfType(PropertyFailure.class, () -> p.checkBoolean(i -> i % 7 != 3));
    System.setProperty(Property.SEED_PROPERTY, "99");
    PropertyFailure overridden =
        catchThrowableOfType(PropertyFailure.class, () -> p.checkBoolean(i -> i % 7 != 3));
    assertThat(overridden.seed()).isEqualTo(99);

    System.setProperty(Property.SEED_PROPERTY, Long.toString(first.seed()));
    PropertyFailure replayed =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(Gens.integers(0, 1_000_000)).checkBoolean(i -> i % 7 != 3));
    assertThat(replayed.tryNumber()).isEqualTo(first.tryNumber());
    assertThat(replayed.original()).isEqualTo(first.original());
  }

  @Test
  void randomSeedIsReportedAndReplays() {
    System.setProperty(Property.SEED_PROPERTY, "random");
    Property<Integer> p = Property.forAll(Gens.integers(0, 1_000_000)).tries(1000);
    PropertyFailure f =
        catchThrowableOfType(PropertyFailure.class, () -> p.checkBoolean(i -> i % 97 != 0));
    System.clearProperty(Property.SEED_PROPERTY);
    PropertyFailure again =
        catchThrowableOfType(
            PropertyFailure.class, () -> p.seed(f.seed()).checkBoolean(i -> i % 97 != 0));
    assertThat(again.original()).isEqualTo(f.original());
    assertThat(f.getMessage()).contains("-Dnv.seed=" + f.seed());
  }

  @Test
  void badSeedPropertySaysWhatToPass() {
    System.setProperty(Property.SEED_PROPERTY, "0x12");
    assertThatThrownBy(() -> Property.forAll(Gens.booleans()).checkBoolean(b -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dnv.seed=0x12 is not a seed");
  }

  @Test
  void triesSystemPropertySetsOrScalesTries() {
    AtomicInteger count = new AtomicInteger();
    System.setProperty(Property.TRIES_PROPERTY, "7");
    Property.forAll(Gens.booleans()).tries(1000).check(b -> count.incrementAndGet());
    assertThat(count).hasValue(7);

    count.set(0);
    System.setProperty(Property.TRIES_PROPERTY, "x3");
    Property.forAll(Gens.booleans()).tries(40).check(b -> count.incrementAndGet());
    assertThat(count).hasValue(120);

    count.set(0);
    System.setProperty(Property.TRIES_PROPERTY, "x0.001");
    Property.forAll(Gens.booleans()).tries(40).check(b -> count.incrementAndGet());
    assertThat(count).hasValue(1);

    System.setProperty(Property.TRIES_PROPERTY, "many");
    assertThatThrownBy(() -> Property.forAll(Gens.booleans()).check(b -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x10");
  }

  @Test
  void shrinkingStopsAtTheStepBudget() {
    Gen<ImmutableList<Long>> big = Gens.listOf(Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE), 50, 200);
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(big)
                    .maxShrinkSteps(40)
                    .checkBoolean(l -> l.stream().mapToLong(x -> x).sum() == 12345));
    assertThat(f.shrinkSteps()).isLessThanOrEqualTo(40);

    PropertyFailure none =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(big).maxShrinkSteps(0).checkBoolean(l -> false));
    assertThat(none.shrinkSteps()).isZero();
    assertThat(none.counterexample()).isSameAs(none.original());
  }

  @Test
  void domainShrinkerRunsAfterChoiceShrinking() {
    // Scrambled draws defeat choice shrinking; the domain shrinker still finds the boundary.
    Gen<Integer> scrambled =
        (random, size) -> new SplittableRandom(random.nextLong()).nextInt(0, 1_000_000);
    Shrinker<Integer> smaller = i -> Stream.of(i / 2, i - 1).filter(c -> c >= 0);
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(scrambled).shrinkWith(smaller).checkBoolean(i -> i < 500));
    assertThat(f.counterexample()).isEqualTo(500);
  }

  @Test
  void checkBooleanSaysWhichValueIsFalse() {
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> Property.forAll(Gens.integers(0, 10)).checkBoolean(i -> i < 3));
    assertThat(f.getCause()).hasMessage("property is false for 3");
  }

  // The two tests below use JUnit's assumptions inside a property on purpose: discarding a value
  // with a false assumption is the kit's feature under test. Neither test is ever skipped.
  @Test
  void failedAssumptionsDiscardValues() {
    AtomicInteger checked = new AtomicInteger();
    Property.forAll(Gens.integers(0, 1000))
        .tries(200)
        .check(
            i -> {
              assumeTrue(i % 2 == 0);
              assertThat(i % 2).isZero();
              checked.incrementAndGet();
            });
    assertThat(checked).hasValue(200);
  }

  @Test
  void tooManyDiscardsFailThePropertyWithAHint() {
    assertThatThrownBy(
            () -> Property.forAll(Gens.integers(0, 1000)).tries(10).check(i -> assumeTrue(false)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("generate the wanted values directly");
  }

  @Test
  void generatorFailureNamesTheTryAndTheSeed() {
    Gen<Integer> broken =
        (random, size) -> {
          throw new UnsupportedOperationException("no");
        };
    assertThatThrownBy(() -> Property.forAll(broken).seed(3).check(i -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generator failed on try 1")
        .hasMessageContaining("-Dnv.seed=3")
        .hasCauseInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void flakyPropertyIsReportedUnshrunk() {
    AtomicBoolean first = new AtomicBoolean(true);
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class,
            () ->
                Property.forAll(Gens.integers(0, 1000)).checkBoolean(i -> !first.getAndSet(false)));
    assertThat(f.getMessage()).contains("Not shrunk");
    assertThat(f.counterexample()).isSameAs(f.original());
  }

  @Test
  void arraysArePrintedByContent() {
    Gen<int[]> arrays =
        Gens.listOf(Gens.integers(0, 9), 2, 2).map(l -> new int[] {l.get(0), l.get(1)});
    PropertyFailure f =
        catchThrowableOfType(
            PropertyFailure.class, () -> Property.forAll(arrays).checkBoolean(a -> false));
    assertThat(f.getMessage()).contains("[0, 0]");
  }

  @Test
  void settersCheckTheirArguments() {
    Property<Boolean> p = Property.forAll(Gens.booleans());
    assertThatThrownBy(() -> p.tries(0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> p.maxSize(-1)).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> p.maxShrinkSteps(-1)).hasMessageContaining("must not be negative");
  }
}
