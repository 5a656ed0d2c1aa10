package io.nv.model.acl;

/**
 * Zero-trust default of a switch or port group: IP traffic that no ACL allows is dropped. ARP and
 * the router's own replies still work.
 *
 * <pre>{@code
 * new PortGroup.Builder().defaultDeny(DefaultDeny.TO_PORT)…
 * }</pre>
 */
public enum DefaultDeny {
  /** Default allow. */
  OFF,
  /** Drop IP traffic to the ports that no to-port ACL allows. */
  TO_PORT,
  /** Drop IP traffic in both directions unless an ACL allows it. */
  BOTH
}
