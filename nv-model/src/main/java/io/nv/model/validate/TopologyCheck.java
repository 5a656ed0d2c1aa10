package io.nv.model.validate;

import io.vavr.collection.Seq;

/**
 * A validation step contributed by another module (nv-encap checks MTU budgets and key spaces). It
 * runs on a structurally valid topology and returns its errors, with its own {@link ErrorCode}s.
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
