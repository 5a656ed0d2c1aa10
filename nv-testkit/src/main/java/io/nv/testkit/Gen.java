package io.nv.testkit;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of values: a function of a seeded random source and a size. The size bounds how big a
 * value may grow (list lengths, topology element counts); a property runner grows it from small to
 * large so that early failures are simple.
 *
 * <p>Generators draw every random choice from the given source and from nowhere else, so the same
 * source gives the same value; {@link Property} shrinks a failing value by replaying simpler
 * choices. Draw smaller numbers for simpler values (zero is the simplest choice). Generators built
 * from {@link Gens} do so already; a hand-written generator should build on them rather than on
 * {@code random.nextInt(bound)}, whose JDK algorithm does not keep that order.
 *
 * <pre>{@code
 * Gen<Integer> port = Gens.integers(1, 65535);
 * Gen<String> name = port.map(p -> "p" + p);
 * String v = name.generate(new SplittableRandom(42), 10);
 * }</pre>
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {
  /** Generates one value from {@code random}, no bigger than {@code size} allows. */
  T generate(RandomGenerator random, int size);

  /** A generator of {@code f} applied to this generator's values. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    return (random, size) -> f.apply(generate(random, size));
  }

  /** A generator that uses this generator's value to pick the next generator. */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    return (random, size) -> f.apply(generate(random, size)).generate(random, size);
  }

  /**
   * A generator of this generator's values that satisfy {@code p}; gives up with an {@link
   * IllegalStateException} after 1,000 rejections in a row (a sign the filter should be a
   * generator).
   */
  default Gen<T> filter(Predicate<? super T> p) {
    return (random, size) -> {
      for (int i = 0; i < 1000; i++) {
        T v = generate(random, size);
        if (p.test(v)) {
          return v;
        }
      }
      throw new IllegalStateException(
          "filter rejected 1000 values in a row: generate the wanted values directly instead");
    };
  }

  /** A generator that ignores the runner's size and uses {@code size} instead. */
  default Gen<T> resize(int size) {
    return (random, ignored) -> generate(random, size);
  }

  /** One value from a fresh source seeded with {@code seed}: for examples and debugging. */
  default T sample(long seed, int size) {
    return generate(new SplittableRandom(seed), size);
  }
}
