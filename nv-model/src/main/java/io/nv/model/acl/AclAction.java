package io.nv.model.acl;

/**
 * What an ACL rule does with the packets it matches.
 *
 * <pre>{@code
 * new AclRule.Builder().action(AclAction.ALLOW_RELATED)…
 * }</pre>
 */
public enum AclAction {
  /** Let the packet through, statelessly (OVN's {@code allow-stateless}). */
  ALLOW,
  /** Let it through and commit the connection, so replies and related packets pass too. */
  ALLOW_RELATED,
  /** Drop silently. */
  DROP,
  /** Drop and answer: TCP RST, or ICMP unreachable (a controller punt with reason reject). */
  REJECT,
  /** Decide nothing here: continue with the next tier. */
  PASS
}
