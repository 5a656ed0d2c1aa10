package io.nv.model.placement;

/**
 * The tunnel encapsulation between hosts.
 *
 * <pre>{@code
 * new Topology.Builder().encapsulation(Encapsulation.VXLAN)…
 * }</pre>
 */
public enum Encapsulation {
  /** RFC 8926 Geneve, with OVN's port option; the default. */
  GENEVE,
  /** RFC 7348 VXLAN. */
  VXLAN
}
