package io.nv.testkit;

import java.util.stream.Stream;

/**
 * A domain shrinker: proposes simpler values than a failing one, simplest first. {@link Property}
 * applies it after its generic choice shrinking, for domains where a structural step (drop a switch
 * with all its ports, drop an ACL rule) beats editing random choices. Candidates must be strictly
 * simpler in some sense, or shrinking can cycle (the runner's step budget still ends it).
 *
 * <pre>{@code
 * Shrinker<ImmutableList<Integer>> dropOne = list ->
 *     IntStream.range(0, list.size()).mapToObj(i -> ImmutableList.<Integer>builder()
 *         .addAll(list.subList(0, i)).addAll(list.subList(i + 1, list.size())).build());
 * Property.forAll(Gens.listOf(Gens.integers(0, 9), 0, 50)).shrinkWith(dropOne).check(...);
 * }</pre>
 *
 * @param <T> the type of values shrunk
 */
@FunctionalInterface
public interface Shrinker<T> {
  /** Simpler candidates than {@code value}, the most promising first; may be empty. */
  Stream<T> shrink(T value);

  /** This shrinker's candidates, then {@code next}'s. */
  default Shrinker<T> andThen(Shrinker<T> next) {
    return value -> Stream.concat(shrink(value), next.shrink(value));
  }

  /** The shrinker that proposes nothing. */
  static <T> Shrinker<T> none() {
    return value -> Stream.empty();
  }
}
