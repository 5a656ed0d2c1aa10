package io.nv.model.lb;

/**
 * A header field hashed to pick a load-balancer backend (OVN's {@code selection_fields}).
 *
 * <pre>{@code
 * new LoadBalancer.Builder().addSelectionField(SelectionField.IP_SRC)…   // source affinity
 * }</pre>
 */
public enum SelectionField {
  /** Ethernet source. */
  ETH_SRC,
  /** Ethernet destination. */
  ETH_DST,
  /** IP source. */
  IP_SRC,
  /** IP destination. */
  IP_DST,
  /** Transport source port. */
  TP_SRC,
  /** Transport destination port. */
  TP_DST
}
