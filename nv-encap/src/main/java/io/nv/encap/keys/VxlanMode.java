package io.nv.encap.keys;

/**
 * How VXLAN's 24-bit VNI is used, the only metadata VXLAN carries. Ignored under Geneve, which
 * carries full keys (24-bit datapath in the VNI, ports in OVN's option).
 *
 * <pre>{@code
 * Keys.allocate(validated, VxlanMode.VNI_PER_SWITCH, Optional.empty());
 * }</pre>
 */
public enum VxlanMode {
  /**
   * OVN's split, the default: the VNI's low 12 bits are the datapath key (1..4095), its high 12
   * bits the logical egress port (0..2047 a port key, 2048..4095 a multicast group); no ingress
   * port travels. See {@link OvnVxlanVni}.
   */
  OVN_SPLIT,
  /**
   * One VNI per logical switch (1..16777215), like Linux VXLAN devices and hardware VTEPs: the
   * receiving host finds the egress port by destination MAC. Routers are never tunnelled (routing
   * happens on the sending host), so their keys never reach the wire.
   */
  VNI_PER_SWITCH;

  /** The name used in key files: {@code ovn-split}, {@code vni-per-switch}. */
  public String text() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
