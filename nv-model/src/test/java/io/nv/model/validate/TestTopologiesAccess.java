package io.nv.model.validate;

import io.nv.model.Topology;

/** Opens the package-private test fixtures to tests in other packages. */
public final class TestTopologiesAccess {
  private TestTopologiesAccess() {}

  /** The three-tier fixture. */
  public static Topology threeTier() {
    return TestTopologies.threeTier();
  }

  /** The two-tenant fixture. */
  public static Topology twoTenants() {
    return TestTopologies.twoTenants();
  }
}
