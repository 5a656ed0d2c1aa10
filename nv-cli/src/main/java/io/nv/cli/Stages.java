package io.nv.cli;

import com.google.common.collect.ImmutableList;
import io.nv.model.validate.TopologyCheck;

/** The validation checks every command runs after nv-model's structural ones. */
final class Stages {
  private Stages() {}

  /** Checks contributed by later stages (encapsulation), in order. */
  static ImmutableList<TopologyCheck> checks() {
    return ImmutableList.of();
  }
}
