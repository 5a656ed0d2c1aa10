package io.nv.testkit.gen;

/**
 * Bounds for generated topologies; the runner's size scales each count up to its bound.
 *
 * <pre>{@code
 * Gen<Topology> big = TopologyGens.topologies(TopologyShape.LARGE);
 * Gen<Topology> flat = TopologyGens.topologies(new TopologyShape(1, 1, 20, 3, false, false));
 * }</pre>
 *
 * @param maxTenants tenants, 1..
 * @param maxSwitchesPerTenant switches per tenant, 1..
 * @param maxPortsPerSwitch VIF ports per switch, 0..200
 * @param maxHosts hosts, 1..250
 * @param routing whether tenants get routers (routes, ECMP, policies, NAT, gateways)
 * @param policy whether to add ACLs, address sets, port groups and load balancers
 */
public record TopologyShape(
    int maxTenants,
    int maxSwitchesPerTenant,
    int maxPortsPerSwitch,
    int maxHosts,
    boolean routing,
    boolean policy) {
  /** Small topologies with every feature: the default for properties. */
  public static final TopologyShape DEFAULT = new TopologyShape(3, 4, 8, 6, true, true);

  /** Up to thousands of ports. */
  public static final TopologyShape LARGE = new TopologyShape(2, 20, 100, 200, true, true);

  /** Checks the bounds. */
  public TopologyShape {
    if (maxTenants < 1 || maxSwitchesPerTenant < 1 || maxHosts < 1 || maxHosts > 250) {
      throw new IllegalArgumentException(
          "a shape needs at least one tenant, switch and host (and at most 250 hosts)");
    }
    if (maxPortsPerSwitch < 0 || maxPortsPerSwitch > 200) {
      throw new IllegalArgumentException("maxPortsPerSwitch must be in 0..200");
    }
  }
}
