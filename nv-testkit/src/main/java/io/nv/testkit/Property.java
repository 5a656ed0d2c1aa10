package io.nv.testkit;

import com.google.common.hash.Hashing;
import io.nv.testkit.internal.ChoiceRecorder;
import io.nv.testkit.internal.ChoiceReplay;
import io.nv.testkit.internal.ChoiceShrinker;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.platform.commons.annotation.Testable;
import org.opentest4j.TestAbortedException;

/**
 * A property-test runner for JUnit Jupiter: checks a condition on many generated values and, when
 * one fails, shrinks it to a simple counterexample and throws a {@link PropertyFailure} that says
 * how to replay it.
 *
 * <pre>{@code
 * @Test
 * void prefixesContainTheirNetwork() {
 *   Property.forAll(AddressGens.prefixes())
 *       .tries(1000)
 *       .check(p -> assertThat(p.contains(p.network())).isTrue());
 * }
 * }</pre>
 *
 * <p><b>Tries and size.</b> Each try generates one value with a size that grows from 0 on the first
 * try to {@link #maxSize} halfway through, so early failures are small. A check that calls JUnit's
 * {@code Assumptions.assume…} with a false assumption discards the value; too many discards fail
 * the property.
 *
 * <p><b>Seeds.</b> By default the seed is fixed per test: a hash of the test class and method, so
 * every run (on CI too) checks the same values and a failure shows up again on the next run. Set
 * one explicitly with {@link #seed}. The system property {@code nv.seed} overrides both: {@code
 * -Dnv.seed=N} replays a reported failure, {@code -Dnv.seed=random} explores new values (the report
 * prints the seed it drew). {@code -Dnv.tries=N} sets every property's tries to N, {@code
 * -Dnv.tries=x10} multiplies them (a nightly deep run), {@code x0.1} divides them.
 *
 * <p><b>Shrinking.</b> Values are generated through a recording random source. A failing value is
 * shrunk by replaying edited choice sequences (chunks deleted, draws zeroed or lowered by binary
 * search) and keeping edits that still fail, so every generator shrinks without a shrinker of its
 * own. A {@link Shrinker} given with {@link #shrinkWith} is applied afterwards. The number of
 * candidate values tried is bounded by {@link #maxShrinkSteps}, so shrinking always ends.
 *
 * <p>A {@code Property} is immutable; each setter returns a changed copy.
 *
 * @param <T> the type of values checked
 */
public final class Property<T> {
  /** System property that sets the seed of every property: a number, or {@code random}. */
  public static final String SEED_PROPERTY = "nv.seed";

  /** System property that sets ({@code 5000}) or scales ({@code x10}) every property's tries. */
  public static final String TRIES_PROPERTY = "nv.tries";

  private static final int DEFAULT_TRIES = 100;
  private static final int DEFAULT_MAX_SIZE = 100;
  private static final int DEFAULT_SHRINK_STEPS = 2000;
  private static final int MAX_DISCARD_FACTOR = 10;
  private static final long FALLBACK_SEED = 0x6e76_7465_7374L;

  private final Gen<T> gen;
  private final int tries;
  private final @Nullable Long seed;
  private final int maxSize;
  private final int maxShrinkSteps;
  private final @Nullable Shrinker<T> shrinker;

  private Property(
      Gen<T> gen,
      int tries,
      @Nullable Long seed,
      int maxSize,
      int maxShrinkSteps,
      @Nullable Shrinker<T> shrinker) {
    this.gen = gen;
    this.tries = tries;
    this.seed = seed;
    this.maxSize = maxSize;
    this.maxShrinkSteps = maxShrinkSteps;
    this.shrinker = shrinker;
  }

  /** A property over the values of {@code gen}: 100 tries, sizes up to 100, seed per test. */
  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(gen, DEFAULT_TRIES, null, DEFAULT_MAX_SIZE, DEFAULT_SHRINK_STEPS, null);
  }

  /** Checks {@code tries} values (before {@code -Dnv.tries} applies). */
  public Property<T> tries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries " + tries + " must be at least 1");
    }
    return new Property<>(gen, tries, seed, maxSize, maxShrinkSteps, shrinker);
  }

  /** Uses {@code seed} instead of the per-test seed ({@code -Dnv.seed} still wins). */
  public Property<T> seed(long seed) {
    return new Property<>(gen, tries, seed, maxSize, maxShrinkSteps, shrinker);
  }

  /** The size the last half of the tries use; sizes grow from 0 up to it. */
  public Property<T> maxSize(int maxSize) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize " + maxSize + " must not be negative");
    }
    return new Property<>(gen, tries, seed, maxSize, maxShrinkSteps, shrinker);
  }

  /** At most {@code steps} candidate values are checked while shrinking; 0 turns shrinking off. */
  public Property<T> maxShrinkSteps(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("maxShrinkSteps " + steps + " must not be negative");
    }
    return new Property<>(gen, tries, seed, maxSize, steps, shrinker);
  }

  /** Also shrinks with {@code shrinker}, after the generic choice shrinking. */
  public Property<T> shrinkWith(Shrinker<T> shrinker) {
    return new Property<>(gen, tries, seed, maxSize, maxShrinkSteps, shrinker);
  }

  /**
   * Checks that {@code check} returns normally for every generated value; a thrown exception or
   * assertion error is a failure, a failed JUnit assumption discards the value.
   *
   * @throws PropertyFailure for a failing value, after shrinking it
   */
  public void check(ThrowingConsumer<? super T> check) {
    new Run(check).execute();
  }

  /** Checks that {@code predicate} holds for every generated value. */
  public void checkBoolean(Predicate<? super T> predicate) {
    check(
        v -> {
          if (!predicate.test(v)) {
            throw new AssertionError("property is false for " + describe(v));
          }
        });
  }

  /** One execution of the property: settings resolved, then tries, then shrinking. */
  private final class Run {
    private final ThrowingConsumer<? super T> check;
    private final CallSite site = CallSite.find();
    private final long seed;
    private final int tries;

    Run(ThrowingConsumer<? super T> check) {
      this.check = check;
      this.seed = resolveSeed(Property.this.seed, site);
      this.tries = resolveTries(Property.this.tries);
    }

    void execute() {
      SplittableRandom master = new SplittableRandom(seed);
      int passed = 0;
      int discarded = 0;
      for (int attempt = 0; passed < tries; attempt++) {
        int size = sizeFor(attempt);
        ChoiceRecorder recorder = new ChoiceRecorder(master.split());
        T value;
        try {
          value = gen.generate(recorder, size);
        } catch (RuntimeException | StackOverflowError e) {
          throw new IllegalStateException(
              "the generator failed on try " + (attempt + 1) + " (size " + size + "); " + replay(),
              e);
        }
        Throwable failure = run(value);
        if (failure == null) {
          passed++;
        } else if (failure instanceof TestAbortedException) {
          if (++discarded > MAX_DISCARD_FACTOR * tries) {
            throw new AssertionError(
                "gave up after "
                    + discarded
                    + " values failed an assumption and only "
                    + passed
                    + " passed: generate the wanted values directly instead of assuming; "
                    + replay());
          }
        } else {
          throw shrink(attempt + 1, size, recorder.draws(), recorder.bounds(), value, failure);
        }
      }
    }

    private int sizeFor(int attempt) {
      long ramp = Math.max(1, tries / 2);
      return (int) Math.min(maxSize, (long) attempt * maxSize / ramp);
    }

    private @Nullable Throwable run(T value) {
      try {
        check.accept(value);
        return null;
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
          throw e;
        }
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return t;
      }
    }

    private boolean isDiscard(Throwable t) {
      return t instanceof TestAbortedException;
    }

    private PropertyFailure shrink(
        int tryNumber,
        int size,
        long[] draws,
        long[] bounds,
        T original,
        Throwable originalFailure) {
      Failed<T> start = new Failed<>(original, originalFailure);
      int budget = maxShrinkSteps;
      // With a domain shrinker, keep half the budget for it.
      int choiceBudget = shrinker == null ? budget : budget / 2;
      int replayLimit = Math.max(2 * draws.length, draws.length + 10_000);
      ChoiceShrinker.Probe<Failed<T>> probe =
          candidate -> {
            ChoiceReplay replay = new ChoiceReplay(candidate, replayLimit);
            T v;
            try {
              v = gen.generate(replay, size);
            } catch (RuntimeException | StackOverflowError e) {
              return null; // an edited sequence the generator cannot use (e.g. a filter gives up)
            }
            Throwable f = run(v);
            return f == null || isDiscard(f)
                ? null
                : new ChoiceShrinker.Outcome<>(
                    replay.consumed(), replay.consumedBounds(), new Failed<>(v, f));
          };
      boolean reproduced = budget == 0 || probe.run(draws) != null;
      Failed<T> best = start;
      int steps = 0;
      if (reproduced && budget > 0) {
        ChoiceShrinker<Failed<T>> choices =
            new ChoiceShrinker<>(draws, bounds, start, probe, Math.max(0, choiceBudget - 1));
        choices.run();
        best = choices.bestResult();
        steps = 1 + choices.steps();
        Shrunk<T> domain = shrinkDomain(best, budget - steps);
        best = domain.failed;
        steps += domain.steps;
      }
      String message = report(tryNumber, size, original, best, steps, reproduced);
      PropertyFailure pf =
          new PropertyFailure(message, best.failure, seed, tryNumber, original, best.value, steps);
      if (best.failure != originalFailure) {
        pf.addSuppressed(originalFailure);
      }
      return pf;
    }

    private Shrunk<T> shrinkDomain(Failed<T> from, int budget) {
      Failed<T> best = from;
      int steps = 0;
      Shrinker<T> shrinker = Property.this.shrinker;
      if (shrinker == null) {
        return new Shrunk<>(best, steps);
      }
      boolean improved = true;
      while (improved && steps < budget) {
        improved = false;
        try (Stream<T> candidates = shrinker.shrink(best.value)) {
          Iterator<T> it = candidates.iterator();
          while (steps < budget && it.hasNext()) {
            T c = it.next();
            steps++;
            Throwable f = run(c);
            if (f != null && !isDiscard(f)) {
              best = new Failed<>(c, f);
              improved = true;
              break;
            }
          }
        }
      }
      return new Shrunk<>(best, steps);
    }

    private String report(
        int tryNumber, int size, T original, Failed<T> best, int steps, boolean reproduced) {
      StringBuilder sb = new StringBuilder();
      sb.append("Property failed on try ")
          .append(tryNumber)
          .append(" of ")
          .append(tries)
          .append(" (seed ")
          .append(seed)
          .append(", size ")
          .append(size)
          .append(")\n");
      if (reproduced) {
        sb.append("Shrunk counterexample (")
            .append(steps)
            .append(" shrink steps):\n  ")
            .append(describe(best.value))
            .append('\n');
      } else {
        sb.append("Not shrunk: generating the same value again did not fail, so the property")
            .append(" depends on more than the value (time, shared state, randomness)\n");
      }
      sb.append("Original counterexample:\n  ").append(describe(original)).append('\n');
      sb.append("Failure: ").append(truncate(String.valueOf(best.failure))).append('\n');
      sb.append(replay());
      return sb.toString();
    }

    private String replay() {
      return "Replay with -D"
          + SEED_PROPERTY
          + "="
          + seed
          + ", e.g.\n  mvn -pl "
          + site.module
          + " -am test -Dtest="
          + site.test
          + " -Dsurefire.failIfNoSpecifiedTests=false -D"
          + SEED_PROPERTY
          + "="
          + seed;
    }
  }

  private static final class Failed<T> {
    final T value;
    final Throwable failure;

    Failed(T value, Throwable failure) {
      this.value = value;
      this.failure = failure;
    }
  }

  private static final class Shrunk<T> {
    final Failed<T> failed;
    final int steps;

    Shrunk(Failed<T> failed, int steps) {
      this.failed = failed;
      this.steps = steps;
    }
  }

  /** Where the property runs: the test method (for the default seed) and its Maven module. */
  private static final class CallSite {
    final String id;
    final String test;
    final String module;

    private CallSite(String id, String test, String module) {
      this.id = id;
      this.test = test;
      this.module = module;
    }

    static CallSite find() {
      List<StackWalker.StackFrame> frames =
          StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
              .walk(
                  s ->
                      s.filter(f -> !isRunnerClass(f.getClassName()))
                          .limit(64)
                          .collect(Collectors.toList()));
      Optional<StackWalker.StackFrame> frame =
          frames.stream()
              .filter(CallSite::isTestMethod)
              .findFirst()
              .or(() -> frames.stream().findFirst());
      String module = moduleName();
      if (frame.isEmpty()) {
        return new CallSite("", "Class#method", module);
      }
      StackWalker.StackFrame f = frame.get();
      Class<?> c = f.getDeclaringClass();
      String pkg = c.getPackageName();
      String simple = pkg.isEmpty() ? c.getName() : c.getName().substring(pkg.length() + 1);
      return new CallSite(
          c.getName() + "#" + f.getMethodName(), simple + "#" + f.getMethodName(), module);
    }

    private static boolean isRunnerClass(String name) {
      String p = Property.class.getName();
      return name.equals(p) || name.startsWith(p + "$");
    }

    private static boolean isTestMethod(StackWalker.StackFrame f) {
      for (Method m : f.getDeclaringClass().getDeclaredMethods()) {
        if (m.getName().equals(f.getMethodName())) {
          for (Annotation a : m.getAnnotations()) {
            Class<? extends Annotation> type = a.annotationType();
            if (type.isAnnotationPresent(Testable.class)
                || Arrays.stream(type.getAnnotations())
                    .anyMatch(meta -> meta.annotationType().isAnnotationPresent(Testable.class))) {
              return true;
            }
          }
        }
      }
      return false;
    }

    private static String moduleName() {
      // Surefire sets basedir and runs in the module directory.
      String dir = System.getProperty("basedir", System.getProperty("user.dir", ""));
      Path name = dir.isEmpty() ? null : Path.of(dir).getFileName();
      return name == null ? "MODULE" : name.toString();
    }
  }

  static long resolveSeed(@Nullable Long explicit, CallSite site) {
    String p = System.getProperty(SEED_PROPERTY, "").trim();
    if (p.equalsIgnoreCase("random")) {
      return new SecureRandom().nextLong();
    }
    if (!p.isEmpty()) {
      try {
        return Long.parseLong(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "-D"
                + SEED_PROPERTY
                + "="
                + p
                + " is not a seed: pass the number a failure printed, or random",
            e);
      }
    }
    if (explicit != null) {
      return explicit;
    }
    return site.id.isEmpty()
        ? FALLBACK_SEED
        : Hashing.farmHashFingerprint64().hashUnencodedChars(site.id).asLong();
  }

  static int resolveTries(int tries) {
    String p = System.getProperty(TRIES_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    if (p.isEmpty()) {
      return tries;
    }
    try {
      if (p.startsWith("x")) {
        double factor = Double.parseDouble(p.substring(1));
        if (!(factor > 0) || Double.isInfinite(factor)) {
          throw new NumberFormatException("factor must be positive");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(tries * factor)));
      }
      int n = Integer.parseInt(p);
      if (n < 1) {
        throw new NumberFormatException("tries must be at least 1");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D"
              + TRIES_PROPERTY
              + "="
              + p
              + " is not a number of tries (5000) or a factor (x10, x0.5)",
          e);
    }
  }

  static String describe(@Nullable Object v) {
    if (v instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    if (v != null && v.getClass().isArray()) {
      return Arrays.deepToString(new Object[] {v}).replaceAll("^\\[|\\]$", "");
    }
    return String.valueOf(v);
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + " …";
  }
}
