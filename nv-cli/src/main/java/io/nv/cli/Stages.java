package io.nv.cli;

import com.google.common.collect.ImmutableList;
import io.nv.encap.check.EncapChecks;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.validate.TopologyCheck;

/** The validation checks every command runs after nv-model's structural ones. */
final class Stages {
  private Stages() {}

  /** Checks contributed by later stages (encapsulation), with OVN's VXLAN split. */
  static ImmutableList<TopologyCheck> checks() {
    return checks(VxlanMode.OVN_SPLIT);
  }

  /** Checks contributed by later stages, for a VXLAN mode. */
  static ImmutableList<TopologyCheck> checks(VxlanMode mode) {
    return ImmutableList.copyOf(EncapChecks.all(mode));
  }
}
