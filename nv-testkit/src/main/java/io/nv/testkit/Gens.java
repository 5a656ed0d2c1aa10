package io.nv.testkit;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.nv.testkit.internal.Draws;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Factories and combinators for {@link Gen}. Every generator here maps the draw 0 to its simplest
 * value (the lower bound or the value nearest 0, the first element, the shortest list) and larger
 * draws to larger values, so {@link Property}'s choice shrinking simplifies them without a shrinker
 * of their own.
 *
 * <pre>{@code
 * Gen<Integer> port = Gens.integersWithEdges(0, 65535);
 * Gen<ImmutableList<String>> names = Gens.listOf(Gens.identifiers(), 1, 5);
 * Gen<String> rule = Gens.zip(names, port, (n, p) -> n + ":" + p);
 * }</pre>
 */
public final class Gens {
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String LOWER_DIGITS = LOWER + "0123456789";
  private static final int IDENTIFIER_MAX = 16;

  private Gens() {}

  /** Always {@code value}. */
  public static <T> Gen<T> constant(T value) {
    return (random, size) -> value;
  }

  /**
   * Uniform integers in {@code lo..hi} (inclusive), shrinking toward the value nearest 0 in range.
   */
  public static Gen<Integer> integers(int lo, int hi) {
    checkRange(lo, hi);
    return (random, size) -> (int) Draws.between(random, lo, hi);
  }

  /** Uniform longs in {@code lo..hi} (inclusive), shrinking toward the value nearest 0 in range. */
  public static Gen<Long> longs(long lo, long hi) {
    checkRange(lo, hi);
    return (random, size) -> Draws.between(random, lo, hi);
  }

  /**
   * Integers in {@code lo..hi} where one value in four is an edge: {@code 0} (when in range),
   * {@code lo}, {@code hi}, {@code lo + 1}, {@code hi - 1}. Off-by-one bugs live at the edges, and
   * a uniform draw from a wide range almost never hits them.
   */
  public static Gen<Integer> integersWithEdges(int lo, int hi) {
    checkRange(lo, hi);
    Set<Integer> edges = new LinkedHashSet<>();
    if (lo <= 0 && 0 <= hi) {
      edges.add(0);
    }
    edges.addAll(List.of(lo, hi));
    if (lo < hi) {
      edges.addAll(List.of(lo + 1, hi - 1));
    }
    Gen<Integer> edge = elements(ImmutableList.copyOf(edges));
    Gen<Integer> uniform = integers(lo, hi);
    // Zero draws take the uniform branch, so the simplest value is the same as integers(lo, hi).
    return (random, size) ->
        Draws.below(random, 4) == 3 ? edge.generate(random, size) : uniform.generate(random, size);
  }

  /** {@code false} or {@code true}, shrinking to {@code false}. */
  public static Gen<Boolean> booleans() {
    return (random, size) -> Draws.below(random, 2) == 1;
  }

  /** One of {@code values}, uniformly, shrinking toward the first. */
  public static <T> Gen<T> elements(Collection<? extends T> values) {
    ImmutableList<T> list = ImmutableList.copyOf(values);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("elements() needs at least one value to choose from");
    }
    return (random, size) -> list.get(index(random, list.size()));
  }

  /** One of {@code values}, uniformly, shrinking toward the first. */
  @SafeVarargs
  public static <T> Gen<T> elements(T... values) {
    return elements(Arrays.asList(values));
  }

  /** A value of one of {@code gens}, picked uniformly, shrinking toward the first generator. */
  public static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
    ImmutableList<Gen<? extends T>> list = ImmutableList.copyOf(gens);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("oneOf() needs at least one generator");
    }
    return (random, size) -> list.get(index(random, list.size())).generate(random, size);
  }

  /** A value of one of {@code gens}, picked uniformly, shrinking toward the first generator. */
  @SafeVarargs
  public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    return oneOf(Arrays.asList(gens));
  }

  /**
   * A generator with a weight for {@link #frequency}.
   *
   * <pre>{@code
   * Gens.frequency(Gens.weighted(9, Gens.constant("ok")), Gens.weighted(1, Gens.constant("odd")));
   * }</pre>
   *
   * @param weight how often, relative to the other choices; positive
   * @param gen the generator
   * @param <T> the type of values
   */
  public record Weighted<T>(int weight, Gen<? extends T> gen) {
    /** Checks the weight. */
    public Weighted {
      if (weight <= 0) {
        throw new IllegalArgumentException("weight " + weight + " must be positive");
      }
    }
  }

  /** {@code gen} with a {@code weight} for {@link #frequency}. */
  public static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /**
   * A value of one of the generators, picked in proportion to the weights, shrinking toward the
   * first choice: put the simplest, or most common, first.
   */
  public static <T> Gen<T> frequency(List<? extends Weighted<? extends T>> choices) {
    ImmutableList<Weighted<? extends T>> list = ImmutableList.copyOf(choices);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("frequency() needs at least one weighted generator");
    }
    long total = list.stream().mapToLong(Weighted::weight).sum();
    return (random, size) -> {
      long k = Draws.below(random, total);
      for (Weighted<? extends T> w : list) {
        k -= w.weight();
        if (k < 0) {
          return w.gen().generate(random, size);
        }
      }
      throw new AssertionError("unreachable: the draw is below the total weight");
    };
  }

  /** Like {@link #frequency(List)}. */
  @SafeVarargs
  public static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    return frequency(Arrays.asList(choices));
  }

  /**
   * Lists of {@code min..max} elements, no longer than the runner's size allows (but at least
   * {@code min}); shrink to shorter lists with simpler elements. Each element past {@code min} is
   * preceded by a "one more?" choice, so deleting an element's choices deletes just that element.
   */
  public static <T> Gen<ImmutableList<T>> listOf(Gen<T> element, int min, int max) {
    checkLengths(min, max);
    return (random, size) -> {
      int hi = lengthBound(min, max, size);
      ImmutableList.Builder<T> b = ImmutableList.builderWithExpectedSize(min);
      for (int n = 0; n < min; n++) {
        b.add(element.generate(random, size));
      }
      for (int n = min; n < hi && more(random, hi - min); n++) {
        b.add(element.generate(random, size));
      }
      return b.build();
    };
  }

  /** Lists of up to {@code size} elements. */
  public static <T> Gen<ImmutableList<T>> listOf(Gen<T> element) {
    return listOf(element, 0, Integer.MAX_VALUE);
  }

  /**
   * Sets of {@code min..max} distinct elements (bounded by size like {@link #listOf}), in the order
   * generated; {@code .asList()} gives a list without duplicates. Fails with an {@link
   * IllegalStateException} when the element generator cannot produce {@code min} distinct values.
   */
  public static <T> Gen<ImmutableSet<T>> setOf(Gen<T> element, int min, int max) {
    checkLengths(min, max);
    return (random, size) -> {
      int hi = lengthBound(min, max, size);
      Set<T> set = new LinkedHashSet<>();
      int misses = 0;
      while (set.size() < min) {
        if (!set.add(element.generate(random, size)) && ++misses > 100 + 10 * min) {
          throw new IllegalStateException(
              "setOf() found only "
                  + set.size()
                  + " distinct values of the "
                  + min
                  + " needed: lower min or widen the element generator");
        }
      }
      for (int tries = 0; set.size() < hi && tries < 2 * hi + 10 && more(random, hi - min); ) {
        if (!set.add(element.generate(random, size))) {
          tries++;
        }
      }
      return ImmutableSet.copyOf(set);
    };
  }

  /** The generated values {@code Optional.empty()} (one in four, and the simplest) or present. */
  public static <T> Gen<Optional<T>> optionals(Gen<T> gen) {
    return (random, size) ->
        Draws.below(random, 4) == 0 ? Optional.empty() : Optional.of(gen.generate(random, size));
  }

  /** {@code f} of a value of each generator. */
  public static <A, B, R> Gen<R> zip(
      Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    return (random, size) -> f.apply(a.generate(random, size), b.generate(random, size));
  }

  /**
   * A function of three arguments, for {@link #zip(Gen, Gen, Gen, Function3)}.
   *
   * <pre>{@code
   * Gens.zip(Gens.identifiers(), Gens.integers(0, 9), Gens.booleans(), (n, i, b) -> n + i + b);
   * }</pre>
   *
   * @param <A> the first argument
   * @param <B> the second argument
   * @param <C> the third argument
   * @param <R> the result
   */
  @FunctionalInterface
  public interface Function3<A, B, C, R> {
    /** Applies the function. */
    R apply(A a, B b, C c);
  }

  /** {@code f} of a value of each generator. */
  public static <A, B, C, R> Gen<R> zip(
      Gen<A> a, Gen<B> b, Gen<C> c, Function3<? super A, ? super B, ? super C, ? extends R> f) {
    return (random, size) ->
        f.apply(a.generate(random, size), b.generate(random, size), c.generate(random, size));
  }

  /** The generator {@code f} gives for the runner's current size. */
  public static <T> Gen<T> sized(IntFunction<? extends Gen<? extends T>> f) {
    return (random, size) -> f.apply(size).generate(random, size);
  }

  /**
   * The generator {@code gen} supplies, made on first use: for recursive generators that refer to
   * themselves. Pair it with {@link #sized} or {@link Gen#resize} to bound the depth.
   */
  public static <T> Gen<T> lazy(Supplier<? extends Gen<? extends T>> gen) {
    Supplier<? extends Gen<? extends T>> memo = Suppliers.memoize(gen::get);
    return (random, size) -> Objects.requireNonNull(memo.get()).generate(random, size);
  }

  /**
   * Strings of {@code min..max} characters from {@code alphabet}, bounded by size like {@link
   * #listOf}; shrink to fewer characters, each toward the alphabet's first.
   */
  public static Gen<String> strings(String alphabet, int min, int max) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("strings() needs a non-empty alphabet");
    }
    Gen<Character> c = elements(alphabet.chars().mapToObj(i -> (char) i).toList());
    return listOf(c, min, max).map(Gens::join);
  }

  /**
   * Identifiers such as {@code web1} or {@code r}: a lower-case letter, then lower-case letters and
   * digits, at most 16 characters and at most size + 1; shrink to {@code "a"}.
   */
  public static Gen<String> identifiers() {
    Gen<Character> first = elements(LOWER.chars().mapToObj(i -> (char) i).toList());
    Gen<String> rest = strings(LOWER_DIGITS, 0, IDENTIFIER_MAX - 1);
    return zip(first, rest, (f, r) -> f + r);
  }

  /** The elements of {@code values} in a random order, shrinking toward the given order. */
  public static <T> Gen<ImmutableList<T>> shuffle(Collection<? extends T> values) {
    ImmutableList<T> list = ImmutableList.copyOf(values);
    return (random, size) -> {
      List<T> out = new ArrayList<>(list);
      // Fisher-Yates forward; draw 0 swaps an element with itself, so zeros keep the order.
      for (int i = 0; i < out.size() - 1; i++) {
        int j = i + index(random, out.size() - i);
        T t = out.get(i);
        out.set(i, out.get(j));
        out.set(j, t);
      }
      return ImmutableList.copyOf(out);
    };
  }

  /** Subsets of {@code values}, each element in or out with even odds, in the given order. */
  public static <T> Gen<ImmutableSet<T>> subsetOf(Collection<? extends T> values) {
    ImmutableList<T> list = ImmutableList.copyOf(values);
    Gen<Boolean> in = booleans();
    return (random, size) -> {
      ImmutableSet.Builder<T> b = ImmutableSet.builder();
      for (T v : list) {
        if (in.generate(random, size)) {
          b.add(v);
        }
      }
      return b.build();
    };
  }

  private static int index(RandomGenerator random, int n) {
    return (int) Draws.below(random, n);
  }

  /**
   * "One more element?", with about {@code span / 2} more elements on average; draw 0 says no, so
   * zeros end the list.
   */
  private static boolean more(RandomGenerator random, int span) {
    return Draws.below(random, 1 + (span + 1) / 2) != 0;
  }

  private static int lengthBound(int min, int max, int size) {
    return Math.max(min, Math.min(max, Math.max(0, size)));
  }

  private static String join(List<Character> chars) {
    StringBuilder sb = new StringBuilder(chars.size());
    chars.forEach(sb::append);
    return sb.toString();
  }

  private static void checkRange(long lo, long hi) {
    if (lo > hi) {
      throw new IllegalArgumentException(
          "empty range " + lo + ".." + hi + ": pass lo <= hi (bounds are inclusive)");
    }
  }

  private static void checkLengths(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException(
          "lengths " + min + ".." + max + " are not 0 <= min <= max");
    }
  }
}
