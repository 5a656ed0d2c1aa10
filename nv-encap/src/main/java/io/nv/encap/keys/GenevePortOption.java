package io.nv.encap.keys;

/**
 * The value of OVN's Geneve option (class {@code 0x0102}, type {@code 0x80}, 4 bytes): the logical
 * ingress and egress ports of a tunnelled packet, packed as 1 reserved bit, a 15-bit ingress port
 * key and a 16-bit egress key (a port key, or a {@link MulticastGroup} key at 32768 and above).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|      ingress port (15)      |        egress port (16)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <pre>{@code
 * int v = new GenevePortOption(3, MulticastGroup.FLOOD.key()).encode();   // 0x00038000
 * GenevePortOption.decode(v).egress();                                    // 32768
 * }</pre>
 *
 * @param ingress the logical ingress port key, 0..32767 (0: none)
 * @param egress the logical egress key, 0..65535
 */
public record GenevePortOption(int ingress, int egress) {
  /** OVN's Geneve option class. */
  public static final int OPTION_CLASS = 0x0102;

  /** OVN's option type for port metadata (critical bit clear). */
  public static final int OPTION_TYPE = 0x80;

  /** The option value's length in bytes. */
  public static final int VALUE_LENGTH = 4;

  /** The option's length on the wire: its 4-byte header plus the value. */
  public static final int WIRE_LENGTH = 4 + VALUE_LENGTH;

  /** Checks the ranges. */
  public GenevePortOption {
    if (ingress < 0 || ingress > KeySpace.MAX_PORT_KEY) {
      throw new IllegalArgumentException(
          "ingress port key " + ingress + " does not fit 15 bits: use 0.." + KeySpace.MAX_PORT_KEY);
    }
    if (egress < 0 || egress > MulticastGroup.MAX_KEY) {
      throw new IllegalArgumentException(
          "egress key " + egress + " does not fit 16 bits: use 0.." + MulticastGroup.MAX_KEY);
    }
  }

  /** The 32-bit option value, reserved bit clear. */
  public int encode() {
    return ingress << 16 | egress;
  }

  /** Reads a 32-bit option value; the reserved bit is ignored, as receivers must. */
  public static GenevePortOption decode(int value) {
    return new GenevePortOption((value >>> 16) & KeySpace.MAX_PORT_KEY, value & 0xFFFF);
  }

  /** True when the egress key names a multicast group. */
  public boolean isMulticast() {
    return MulticastGroup.isGroupKey(egress);
  }
}
