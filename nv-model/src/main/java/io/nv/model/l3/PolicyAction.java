package io.nv.model.l3;

/**
 * What a policy route does with matching packets, after routing.
 *
 * <pre>{@code
 * new PolicyRoute.Builder().action(PolicyAction.DROP)…
 * }</pre>
 */
public enum PolicyAction {
  /** Keep the routing decision. */
  ALLOW,
  /** Drop the packet. */
  DROP,
  /** Send it to the policy's next hop instead. */
  REROUTE
}
