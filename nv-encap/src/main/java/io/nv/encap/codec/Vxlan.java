package io.nv.encap.codec;

/**
 * A VXLAN header (RFC 7348): the I flag (always set when encoding, required when decoding) and a
 * 24-bit VXLAN network identifier. An Ethernet frame always follows.
 *
 * <p>Layout: flags (1, I = 0x08), reserved (3), VNI (3), reserved (1).
 *
 * <pre>{@code
 * Vxlan v = new Vxlan(5001);
 * v.length();   // 8
 * }</pre>
 *
 * @param vni the VXLAN network identifier, 0..0xffffff
 */
public record Vxlan(int vni) implements Header {
  /** The IANA-assigned UDP destination port. */
  public static final int UDP_PORT = 4789;
  /** Offset of the flags byte. */
  public static final int FLAGS_OFFSET = 0;
  /** Offset of the 24-bit VNI. */
  public static final int VNI_OFFSET = 4;
  /** Length of the header. */
  public static final int HEADER_LENGTH = 8;
  /** The I flag: the VNI is valid. */
  public static final int FLAG_I = 0x08;
  /** The largest VNI. */
  public static final int MAX_VNI = 0xFFFFFF;

  /** Checks the range. */
  public Vxlan {
    Ranges.check(vni, MAX_VNI, "VXLAN VNI");
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.VXLAN;
  }

  @Override
  public int length() {
    return HEADER_LENGTH;
  }
}
