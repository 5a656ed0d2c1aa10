package io.nv.encap.keys;

import io.nv.model.placement.Encapsulation;

/**
 * The key ranges one encapsulation (and, for VXLAN, one {@link VxlanMode}) can carry. Key 0 is
 * reserved in every space, as in OVN.
 *
 * <table>
 *   <caption>Key spaces</caption>
 *   <tr><th>space</th><th>datapath keys</th><th>port keys per datapath</th><th>zones</th></tr>
 *   <tr><td>Geneve</td><td>1..16777215</td><td>1..32767</td><td>1..65535</td></tr>
 *   <tr><td>VXLAN, OVN split</td><td>1..4095</td><td>1..2047</td><td>1..65535</td></tr>
 *   <tr><td>VXLAN, VNI per switch</td><td>1..16777215</td><td>1..32767</td><td>1..65535</td></tr>
 * </table>
 *
 * <pre>{@code
 * KeySpace s = KeySpace.of(Encapsulation.VXLAN, VxlanMode.OVN_SPLIT);
 * s.maxDatapathKey();   // 4095
 * s.maxPortKey();       // 2047
 * }</pre>
 *
 * @param encapsulation the tunnel encapsulation
 * @param vxlanMode how VXLAN's VNI is used (meaningless under Geneve, kept as given)
 */
public record KeySpace(Encapsulation encapsulation, VxlanMode vxlanMode) {
  /** The largest 24-bit VNI, the largest datapath key under Geneve. */
  public static final int MAX_VNI = (1 << 24) - 1;

  /** The largest 15-bit logical port key (the ingress field of OVN's Geneve option). */
  public static final int MAX_PORT_KEY = (1 << 15) - 1;

  /** The largest datapath key in OVN-split VXLAN (12 bits). */
  public static final int MAX_SPLIT_DATAPATH_KEY = (1 << 12) - 1;

  /** The largest unicast port key in OVN-split VXLAN (egress 0..2047; 2048..4095 are groups). */
  public static final int MAX_SPLIT_PORT_KEY = (1 << 11) - 1;

  /** The largest conntrack zone (16 bits). */
  public static final int MAX_ZONE = (1 << 16) - 1;

  /** The space of {@code encapsulation} with {@code vxlanMode}. */
  public static KeySpace of(Encapsulation encapsulation, VxlanMode vxlanMode) {
    return new KeySpace(encapsulation, vxlanMode);
  }

  /** True for VXLAN in {@link VxlanMode#OVN_SPLIT}: 12-bit keys, no ingress port on the wire. */
  public boolean isSplitVxlan() {
    return encapsulation == Encapsulation.VXLAN && vxlanMode == VxlanMode.OVN_SPLIT;
  }

  /** The largest datapath key (the smallest is 1). */
  public int maxDatapathKey() {
    return isSplitVxlan() ? MAX_SPLIT_DATAPATH_KEY : MAX_VNI;
  }

  /** The largest logical port key of one datapath (the smallest is 1). */
  public int maxPortKey() {
    return isSplitVxlan() ? MAX_SPLIT_PORT_KEY : MAX_PORT_KEY;
  }

  /** The largest conntrack zone (the smallest is 1). */
  public int maxZone() {
    return MAX_ZONE;
  }

  /** True when the ingress port travels with tunnelled packets (all but OVN-split VXLAN). */
  public boolean carriesIngressPort() {
    return encapsulation == Encapsulation.GENEVE;
  }

  /** {@code Geneve}, {@code VXLAN (ovn-split)} or {@code VXLAN (vni-per-switch)}, for messages. */
  @Override
  public String toString() {
    return encapsulation == Encapsulation.GENEVE ? "Geneve" : "VXLAN (" + vxlanMode.text() + ")";
  }
}
