package io.nv.model.validate;

import io.nv.model.Topology;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Topology} that passed validation: ids are unique, references resolve, addresses fit
 * their subnets, matches parse. Only {@link Validator} creates one, so the compiler, which accepts
 * nothing else, never sees an unvalidated topology.
 *
 * <pre>{@code
 * Validator.validate(topology).fold(
 *     errors -> { errors.forEach(System.out::println); return null; },
 *     valid -> compile(valid));
 * }</pre>
 */
public final class ValidatedTopology {
  private final Topology topology;

  ValidatedTopology(Topology topology) {
    this.topology = topology;
  }

  /** The validated topology. */
  public Topology topology() {
    return topology;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ValidatedTopology v && v.topology.equals(topology);
  }

  @Override
  public int hashCode() {
    return topology.hashCode();
  }

  @Override
  public String toString() {
    return "ValidatedTopology[" + topology + "]";
  }
}
