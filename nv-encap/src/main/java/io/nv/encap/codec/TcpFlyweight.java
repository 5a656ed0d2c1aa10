package io.nv.encap.codec;

import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over a {@link Tcp} header. TCP has no length field, so checksums take the
 * segment length (the IP payload length) as well as the pseudo-header's partial sum.
 *
 * <pre>{@code
 * TcpFlyweight tcp = new TcpFlyweight().wrap(buffer, 34);
 * if (tcp.validate(end) == DecodeError.Kind.NONE && (tcp.flags() & Tcp.SYN) != 0) { ... }
 * }</pre>
 */
public final class TcpFlyweight extends Flyweight {
  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public TcpFlyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.TCP;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Tcp.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "TCP header needs 20 bytes");
    }
    int hl = headerLength();
    if (hl < Tcp.HEADER_LENGTH) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Tcp.DATA_OFFSET_FLAGS_OFFSET,
          "TCP data offset below 5");
    }
    if (hl > available) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Tcp.DATA_OFFSET_FLAGS_OFFSET,
          "TCP data offset runs past the end of the bytes");
    }
    return DecodeError.Kind.NONE;
  }

  @Override
  public int headerLength() {
    return (u8(Tcp.DATA_OFFSET_FLAGS_OFFSET) >>> 4) * 4;
  }

  /** The source port. */
  public int sourcePort() {
    return u16(Tcp.SOURCE_PORT_OFFSET);
  }

  /** The destination port. */
  public int destinationPort() {
    return u16(Tcp.DESTINATION_PORT_OFFSET);
  }

  /** The sequence number, 0..2³²−1. */
  public long sequence() {
    return buffer.getInt(offset + Tcp.SEQUENCE_OFFSET) & 0xFFFF_FFFFL;
  }

  /** The acknowledgment number, 0..2³²−1. */
  public long acknowledgment() {
    return buffer.getInt(offset + Tcp.ACKNOWLEDGMENT_OFFSET) & 0xFFFF_FFFFL;
  }

  /** The nine flag bits ({@link Tcp#FIN} … {@link Tcp#NS}). */
  public int flags() {
    return u16(Tcp.DATA_OFFSET_FLAGS_OFFSET) & 0x1FF;
  }

  /** The window. */
  public int window() {
    return u16(Tcp.WINDOW_OFFSET);
  }

  /** The checksum as found. */
  public int checksum() {
    return u16(Tcp.CHECKSUM_OFFSET);
  }

  /** The urgent pointer. */
  public int urgentPointer() {
    return u16(Tcp.URGENT_POINTER_OFFSET);
  }

  /** The absolute index of the payload. */
  public int payloadOffset() {
    return offset + headerLength();
  }

  /** The checksum a segment of {@code segmentLength} bytes (header included) should carry. */
  public int computeChecksum(long pseudoHeaderSum, int segmentLength) {
    long sum = pseudoHeaderSum
        + Checksums.sum(buffer, offset, Tcp.CHECKSUM_OFFSET)
        + Checksums.sum(buffer, offset + Tcp.URGENT_POINTER_OFFSET,
            segmentLength - Tcp.URGENT_POINTER_OFFSET);
    return Checksums.finish(sum);
  }

  /** True when the checksum of a segment of {@code segmentLength} bytes verifies. */
  public boolean checksumOk(long pseudoHeaderSum, int segmentLength) {
    return Checksums.verifies(pseudoHeaderSum + Checksums.sum(buffer, offset, segmentLength));
  }

  /** Writes the source port. */
  public TcpFlyweight setSourcePort(int port) {
    put16(Tcp.SOURCE_PORT_OFFSET, port);
    return this;
  }

  /** Writes the destination port. */
  public TcpFlyweight setDestinationPort(int port) {
    put16(Tcp.DESTINATION_PORT_OFFSET, port);
    return this;
  }

  /** Writes the sequence number (its 32 low bits). */
  public TcpFlyweight setSequence(long sequence) {
    buffer.putInt(offset + Tcp.SEQUENCE_OFFSET, (int) sequence);
    return this;
  }

  /** Writes the acknowledgment number (its 32 low bits). */
  public TcpFlyweight setAcknowledgment(long acknowledgment) {
    buffer.putInt(offset + Tcp.ACKNOWLEDGMENT_OFFSET, (int) acknowledgment);
    return this;
  }

  /** Writes the data offset for a header of {@code headerLength} bytes and the nine flag bits. */
  public TcpFlyweight setHeaderLengthAndFlags(int headerLength, int flags) {
    put16(Tcp.DATA_OFFSET_FLAGS_OFFSET, (headerLength >>> 2) << 12 | flags);
    return this;
  }

  /** Writes the window. */
  public TcpFlyweight setWindow(int window) {
    put16(Tcp.WINDOW_OFFSET, window);
    return this;
  }

  /** Writes the checksum. */
  public TcpFlyweight setChecksum(int checksum) {
    put16(Tcp.CHECKSUM_OFFSET, checksum);
    return this;
  }

  /** Writes the urgent pointer. */
  public TcpFlyweight setUrgentPointer(int urgentPointer) {
    put16(Tcp.URGENT_POINTER_OFFSET, urgentPointer);
    return this;
  }

  /** Computes and writes the checksum; call when the payload is in place. */
  public TcpFlyweight updateChecksum(long pseudoHeaderSum, int segmentLength) {
    return setChecksum(computeChecksum(pseudoHeaderSum, segmentLength));
  }
}
