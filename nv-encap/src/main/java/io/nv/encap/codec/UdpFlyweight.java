package io.nv.encap.codec;

import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over a {@link Udp} header. Checksums take the partial sum of the enclosing
 * IP header's pseudo-header ({@link Ipv4Flyweight#pseudoHeaderSum}, {@link
 * Ipv6Flyweight#pseudoHeaderSum}) and cover the datagram as far as the UDP length field says.
 *
 * <pre>{@code
 * UdpFlyweight udp = new UdpFlyweight().wrap(buffer, 34);
 * udp.setSourcePort(49152).setDestinationPort(Geneve.UDP_PORT).setLength(100).setChecksum(0);
 * }</pre>
 */
public final class UdpFlyweight extends Flyweight {
  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public UdpFlyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.UDP;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Udp.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "UDP header needs 8 bytes");
    }
    int length = length();
    if (length < Udp.HEADER_LENGTH) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Udp.LENGTH_OFFSET,
          "UDP length shorter than the header");
    }
    if (length > available) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Udp.LENGTH_OFFSET,
          "UDP length runs past the end of the bytes");
    }
    return DecodeError.Kind.NONE;
  }

  @Override
  public int headerLength() {
    return Udp.HEADER_LENGTH;
  }

  /** The source port. */
  public int sourcePort() {
    return u16(Udp.SOURCE_PORT_OFFSET);
  }

  /** The destination port. */
  public int destinationPort() {
    return u16(Udp.DESTINATION_PORT_OFFSET);
  }

  /** The length field: header and payload. */
  public int length() {
    return u16(Udp.LENGTH_OFFSET);
  }

  /** The checksum as found; 0 means none was computed. */
  public int checksum() {
    return u16(Udp.CHECKSUM_OFFSET);
  }

  /** The absolute index of the payload. */
  public int payloadOffset() {
    return offset + Udp.HEADER_LENGTH;
  }

  /**
   * The checksum the datagram should carry, given the partial sum of its pseudo-header; a
   * computed zero is sent as 0xffff, since zero means "no checksum".
   */
  public int computeChecksum(long pseudoHeaderSum) {
    long sum = pseudoHeaderSum
        + Checksums.sum(buffer, offset, Udp.CHECKSUM_OFFSET)
        + Checksums.sum(buffer, offset + Udp.HEADER_LENGTH, length() - Udp.HEADER_LENGTH);
    int c = Checksums.finish(sum);
    return c == 0 ? 0xFFFF : c;
  }

  /** True when the checksum verifies against the pseudo-header sum (false for a zero checksum). */
  public boolean checksumOk(long pseudoHeaderSum) {
    return checksum() != 0 && Checksums.verifies(pseudoHeaderSum + Checksums.sum(buffer, offset, length()));
  }

  /** Writes the source port. */
  public UdpFlyweight setSourcePort(int port) {
    put16(Udp.SOURCE_PORT_OFFSET, port);
    return this;
  }

  /** Writes the destination port. */
  public UdpFlyweight setDestinationPort(int port) {
    put16(Udp.DESTINATION_PORT_OFFSET, port);
    return this;
  }

  /** Writes the length. */
  public UdpFlyweight setLength(int length) {
    put16(Udp.LENGTH_OFFSET, length);
    return this;
  }

  /** Writes the checksum. */
  public UdpFlyweight setChecksum(int checksum) {
    put16(Udp.CHECKSUM_OFFSET, checksum);
    return this;
  }

  /** Computes and writes the checksum; call when the payload is in place. */
  public UdpFlyweight updateChecksum(long pseudoHeaderSum) {
    return setChecksum(computeChecksum(pseudoHeaderSum));
  }
}
