package io.nv.model.validate;

import io.vavr.collection.Seq;

/**
 * A validation step contributed by another module (nv-encap checks MTU budgets and key spaces). It
 * runs on a structurally valid topology and returns its errors, with its own {@link ErrorCode}s.
 *
 * <p>{@link Validator#validate(io.nv.model.Topology, Iterable)} runs the checks it is given side by
 * side, on the common fork-join pool: a check is a function of the topology, sharing nothing
 * mutable with the others (a topology is immutable, so reading it from several threads is safe).
 *
 * <pre>{@code
 * TopologyCheck mtu = topology -> List.empty();   // no errors
 * Validator.validate(topology, List.of(mtu));
 * }</pre>
 */
@FunctionalInterface
public interface TopologyCheck {
  /** Every problem this check finds; empty when there is none. */
  Seq<ModelError> check(ValidatedTopology topology);
}
