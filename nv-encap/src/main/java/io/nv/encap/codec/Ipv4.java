package io.nv.encap.codec;

import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;

/**
 * An IPv4 header (RFC 791). The total length and header checksum are computed when encoding.
 *
 * <p>Layout: version/IHL (1), DSCP/ECN (1), total length (2), identification (2), flags/fragment
 * offset (2), TTL (1), protocol (1), header checksum (2), source (4), destination (4), options
 * (IHL × 4 − 20).
 *
 * <pre>{@code
 * Ipv4 ip = Ipv4.of(Ipv4Address.parse("192.168.0.1"), Ipv4Address.parse("192.168.0.2"), IpProtocol.UDP);
 * ip.ttl();            // 64
 * ip.dontFragment();   // true
 * }</pre>
 *
 * @param dscp differentiated services code point, 0..63
 * @param ecn explicit congestion notification, 0..3
 * @param identification 0..65535
 * @param dontFragment the DF flag
 * @param moreFragments the MF flag
 * @param fragmentOffset in 8-byte units, 0..8191
 * @param ttl time to live, 0..255
 * @param protocol what follows
 * @param source the source address
 * @param destination the destination address
 * @param options raw options, a multiple of 4 bytes, at most 40
 */
public record Ipv4(
    int dscp,
    int ecn,
    int identification,
    boolean dontFragment,
    boolean moreFragments,
    int fragmentOffset,
    int ttl,
    IpProtocol protocol,
    Ipv4Address source,
    Ipv4Address destination,
    ByteString options)
    implements Header {
  /** Offset of the version and IHL byte. */
  public static final int VERSION_IHL_OFFSET = 0;
  /** Offset of the DSCP and ECN byte. */
  public static final int TOS_OFFSET = 1;
  /** Offset of the total length. */
  public static final int TOTAL_LENGTH_OFFSET = 2;
  /** Offset of the identification. */
  public static final int IDENTIFICATION_OFFSET = 4;
  /** Offset of the flags and fragment offset. */
  public static final int FRAGMENT_OFFSET = 6;
  /** Offset of the TTL. */
  public static final int TTL_OFFSET = 8;
  /** Offset of the protocol. */
  public static final int PROTOCOL_OFFSET = 9;
  /** Offset of the header checksum. */
  public static final int CHECKSUM_OFFSET = 10;
  /** Offset of the source address. */
  public static final int SOURCE_OFFSET = 12;
  /** Offset of the destination address. */
  public static final int DESTINATION_OFFSET = 16;
  /** Length of a header without options. */
  public static final int HEADER_LENGTH = 20;
  /** Length of a header with the most options (IHL 15). */
  public static final int MAX_HEADER_LENGTH = 60;
  /** The DF bit in the 16-bit flags/fragment-offset field. */
  public static final int DONT_FRAGMENT_BIT = 0x4000;
  /** The MF bit in the 16-bit flags/fragment-offset field. */
  public static final int MORE_FRAGMENTS_BIT = 0x2000;

  /** Checks the ranges. */
  public Ipv4 {
    Ranges.check(dscp, 63, "DSCP");
    Ranges.check(ecn, 3, "ECN");
    Ranges.check(identification, 0xFFFF, "identification");
    Ranges.check(fragmentOffset, 0x1FFF, "fragment offset");
    Ranges.check(ttl, 255, "TTL");
    if (options.length() % 4 != 0 || options.length() > MAX_HEADER_LENGTH - HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "IPv4 options take a multiple of 4 bytes, at most 40; got " + options.length()
              + ": pad them with end-of-option-list (0) bytes");
    }
  }

  /** A header with TTL 64, DF set, identification 0 and no options. */
  public static Ipv4 of(Ipv4Address source, Ipv4Address destination, IpProtocol protocol) {
    return new Ipv4(0, 0, 0, true, false, 0, 64, protocol, source, destination, ByteString.EMPTY);
  }

  /** True when this header is of a fragment (MF set or offset not zero): L4 is not decoded. */
  public boolean isFragment() {
    return moreFragments || fragmentOffset != 0;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.IPV4;
  }

  @Override
  public int length() {
    return HEADER_LENGTH + options.length();
  }
}
