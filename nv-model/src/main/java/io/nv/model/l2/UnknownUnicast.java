package io.nv.model.l2;

/**
 * Where a switch sends unicast frames for a MAC it does not know.
 *
 * <pre>{@code
 * new LogicalSwitch.Builder().unknownUnicast(UnknownUnicast.FLOOD)…
 * }</pre>
 */
public enum UnknownUnicast {
  /** As OVN: only to ports that accept unknown destinations (LOCALNET, or flagged unknown). */
  UNKNOWN_PORTS,
  /** Like a learning-less bridge: to every port but the ingress one. */
  FLOOD
}
