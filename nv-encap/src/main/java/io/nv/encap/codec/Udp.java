package io.nv.encap.codec;

/**
 * A UDP header (RFC 768). The length and checksum are computed when encoding; over IPv4 the
 * checksum may be left out (sent as zero), over IPv6 it is required (RFC 8200 §8.1).
 *
 * <p>Layout: source port (2), destination port (2), length (2), checksum (2).
 *
 * <pre>{@code
 * Udp u = Udp.of(49152, Geneve.UDP_PORT);                  // with a checksum
 * Udp v = Udp.withoutChecksum(49152, Vxlan.UDP_PORT);      // zero checksum, IPv4 only
 * }</pre>
 *
 * @param sourcePort 0..65535
 * @param destinationPort 0..65535
 * @param checksummed whether the checksum is computed (else sent as zero)
 */
public record Udp(int sourcePort, int destinationPort, boolean checksummed) implements Header {
  /** Offset of the source port. */
  public static final int SOURCE_PORT_OFFSET = 0;
  /** Offset of the destination port. */
  public static final int DESTINATION_PORT_OFFSET = 2;
  /** Offset of the length. */
  public static final int LENGTH_OFFSET = 4;
  /** Offset of the checksum. */
  public static final int CHECKSUM_OFFSET = 6;
  /** Length of the header. */
  public static final int HEADER_LENGTH = 8;

  /** Checks the ranges. */
  public Udp {
    Ranges.check(sourcePort, 0xFFFF, "UDP source port");
    Ranges.check(destinationPort, 0xFFFF, "UDP destination port");
  }

  /** A header whose checksum is computed. */
  public static Udp of(int sourcePort, int destinationPort) {
    return new Udp(sourcePort, destinationPort, true);
  }

  /** A header sent with a zero checksum (allowed over IPv4 only). */
  public static Udp withoutChecksum(int sourcePort, int destinationPort) {
    return new Udp(sourcePort, destinationPort, false);
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.UDP;
  }

  @Override
  public int length() {
    return HEADER_LENGTH;
  }
}
