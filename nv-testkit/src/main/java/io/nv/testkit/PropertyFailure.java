package io.nv.testkit;

/**
 * The {@link AssertionError} a failing {@link Property} throws: the message holds the seed, the
 * try, the original and the shrunk counterexample and the replay command; the cause is the failure
 * of the shrunk counterexample. Tests of properties can read the parts directly.
 *
 * <pre>{@code
 * PropertyFailure f = catchThrowableOfType(PropertyFailure.class,
 *     () -> Property.forAll(Gens.integers(0, 5000)).checkBoolean(i -> i < 1000));
 * f.counterexample();   // 1000
 * }</pre>
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final int tryNumber;
  private final transient Object original;
  private final transient Object counterexample;
  private final int shrinkSteps;

  PropertyFailure(
      String message,
      Throwable cause,
      long seed,
      int tryNumber,
      Object original,
      Object counterexample,
      int shrinkSteps) {
    super(message, cause);
    this.seed = seed;
    this.tryNumber = tryNumber;
    this.original = original;
    this.counterexample = counterexample;
    this.shrinkSteps = shrinkSteps;
  }

  /** The seed that replays this failure with {@code -Dnv.seed=}. */
  public long seed() {
    return seed;
  }

  /** Which try failed first, counting from 1. */
  public int tryNumber() {
    return tryNumber;
  }

  /** The first failing value, as generated. */
  public Object original() {
    return original;
  }

  /** The failing value after shrinking. */
  public Object counterexample() {
    return counterexample;
  }

  /** How many candidate values shrinking tried. */
  public int shrinkSteps() {
    return shrinkSteps;
  }
}
