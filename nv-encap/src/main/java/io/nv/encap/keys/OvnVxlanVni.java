package io.nv.encap.keys;

/**
 * OVN's split of VXLAN's 24-bit VNI, the only metadata VXLAN carries: the low 12 bits are the
 * datapath key, the high 12 bits the logical egress key. On the wire, egress 0..2047 is a port key
 * and 2048..4095 a multicast group ({@code 2048 + n} for group key {@code 32768 + n}); the ingress
 * port does not travel. This follows ovn-controller's VXLAN encapsulation.
 *
 * <pre>
 *  bit 23          12 11            0
 * +------------------+---------------+
 * | egress (12)      | datapath (12) |
 * +------------------+---------------+
 * </pre>
 *
 * <pre>{@code
 * int vni = new OvnVxlanVni(5, MulticastGroup.FLOOD.key()).encode();   // 0x800005
 * OvnVxlanVni.decode(vni);   // OvnVxlanVni[datapath=5, egress=32768]
 * }</pre>
 *
 * @param datapath the datapath key, 0..4095
 * @param egress the logical egress key: a port key 0..2047 or a group key 32768..34815
 */
public record OvnVxlanVni(int datapath, int egress) {
  /** The first wire egress value that names a group. */
  public static final int WIRE_MIN_GROUP = 1 << 11;

  /** Checks the ranges. */
  public OvnVxlanVni {
    if (datapath < 0 || datapath > KeySpace.MAX_SPLIT_DATAPATH_KEY) {
      throw new IllegalArgumentException(
          "datapath key "
              + datapath
              + " does not fit OVN-split VXLAN: use 0.."
              + KeySpace.MAX_SPLIT_DATAPATH_KEY);
    }
    checkEgress(egress);
  }

  /** The 24-bit VNI. */
  public int encode() {
    return wireEgress(egress) << 12 | datapath;
  }

  /** Reads a 24-bit VNI (bits above 24 are ignored). */
  public static OvnVxlanVni decode(int vni) {
    int wire = (vni >>> 12) & 0xFFF;
    int egress = wire < WIRE_MIN_GROUP ? wire : MulticastGroup.MIN_KEY + (wire - WIRE_MIN_GROUP);
    return new OvnVxlanVni(vni & 0xFFF, egress);
  }

  /**
   * The 12-bit wire form of a logical egress key: a port key as is, group key {@code 32768 + n} as
   * {@code 2048 + n}.
   *
   * @throws IllegalArgumentException if the key does not fit (port above 2047, group above 34815)
   */
  public static int wireEgress(int egress) {
    checkEgress(egress);
    return MulticastGroup.isGroupKey(egress)
        ? WIRE_MIN_GROUP | (egress & (WIRE_MIN_GROUP - 1))
        : egress;
  }

  private static void checkEgress(int egress) {
    if (!(egress >= 0 && egress <= KeySpace.MAX_SPLIT_PORT_KEY)
        && !(egress >= MulticastGroup.MIN_KEY
            && egress < MulticastGroup.MIN_KEY + WIRE_MIN_GROUP)) {
      throw new IllegalArgumentException(
          "egress key "
              + egress
              + " does not fit OVN-split VXLAN: use a port key 0..2047 or a"
              + " group key 32768..34815");
    }
  }
}
