package io.nv.model.l3;

/**
 * The kind of a NAT rule.
 *
 * <pre>{@code
 * new NatRule.Builder().type(NatType.FLOATING_IP)…
 * }</pre>
 */
public enum NatType {
  /** Rewrite the source of traffic from the logical prefix to the external address. */
  SNAT,
  /** Rewrite the destination external address to the logical address. */
  DNAT,
  /** Both, for one VM: OVN's {@code dnat_and_snat}. */
  FLOATING_IP
}
