package io.nv.model.acl;

/**
 * Where an ACL rule applies: as traffic leaves a port into the switch, or as it is delivered to a
 * port.
 *
 * <pre>{@code
 * new AclRule.Builder().direction(Direction.TO_PORT)…
 * }</pre>
 */
public enum Direction {
  /** Switch ingress: traffic sent by the port (OVN's {@code from-lport}). */
  FROM_PORT,
  /** Switch egress: traffic delivered to the port (OVN's {@code to-lport}). */
  TO_PORT
}
