package io.nv.encap.codec;

import io.nv.model.addr.Ipv6Address;
import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over an {@link Ipv6} header.
 *
 * <pre>{@code
 * Ipv6Flyweight ip = new Ipv6Flyweight().wrap(buffer, 14);
 * ip.setVersionClassFlow(0, 0).setPayloadLength(64).setNextHeader(17).setHopLimit(64)
 *     .setSource(src.high(), src.low()).setDestination(dst.high(), dst.low());
 * }</pre>
 */
public final class Ipv6Flyweight extends Flyweight {
  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public Ipv6Flyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.IPV6;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Ipv6.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "IPv6 header needs 40 bytes");
    }
    if (version() != 6) {
      return fail(DecodeError.Kind.BAD_VERSION, offset, "IPv6 header with a version other than 6");
    }
    if (payloadLength() > available - Ipv6.HEADER_LENGTH) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Ipv6.PAYLOAD_LENGTH_OFFSET,
          "IPv6 payload length runs past the end of the bytes");
    }
    return DecodeError.Kind.NONE;
  }

  /** The version field (6 in a valid header). */
  public int version() {
    return u8(Ipv6.VERSION_CLASS_FLOW_OFFSET) >>> 4;
  }

  @Override
  public int headerLength() {
    return Ipv6.HEADER_LENGTH;
  }

  /** The traffic class. */
  public int trafficClass() {
    return buffer.getInt(offset) >>> 20 & 0xFF;
  }

  /** The flow label. */
  public int flowLabel() {
    return buffer.getInt(offset) & 0xFFFFF;
  }

  /** The payload length. */
  public int payloadLength() {
    return u16(Ipv6.PAYLOAD_LENGTH_OFFSET);
  }

  /** The next header (protocol) number. */
  public int nextHeader() {
    return u8(Ipv6.NEXT_HEADER_OFFSET);
  }

  /** The hop limit. */
  public int hopLimit() {
    return u8(Ipv6.HOP_LIMIT_OFFSET);
  }

  /** The source address's first 64 bits. */
  public long sourceHigh() {
    return buffer.getLong(offset + Ipv6.SOURCE_OFFSET);
  }

  /** The source address's last 64 bits. */
  public long sourceLow() {
    return buffer.getLong(offset + Ipv6.SOURCE_OFFSET + 8);
  }

  /** The destination address's first 64 bits. */
  public long destinationHigh() {
    return buffer.getLong(offset + Ipv6.DESTINATION_OFFSET);
  }

  /** The destination address's last 64 bits. */
  public long destinationLow() {
    return buffer.getLong(offset + Ipv6.DESTINATION_OFFSET + 8);
  }

  /** The source address (allocates). */
  public Ipv6Address sourceAddress() {
    return Ipv6Address.of(sourceHigh(), sourceLow());
  }

  /** The destination address (allocates). */
  public Ipv6Address destinationAddress() {
    return Ipv6Address.of(destinationHigh(), destinationLow());
  }

  /** The absolute index of the payload. */
  public int payloadOffset() {
    return offset + Ipv6.HEADER_LENGTH;
  }

  /** The partial sum of this header's pseudo-header for an upper layer of {@code length} bytes. */
  public long pseudoHeaderSum(int length) {
    return Checksums.sum(buffer, offset + Ipv6.SOURCE_OFFSET, 32) + nextHeader() + length;
  }

  /** Writes version 6, the traffic class and the flow label. */
  public Ipv6Flyweight setVersionClassFlow(int trafficClass, int flowLabel) {
    buffer.putInt(offset, 6 << 28 | trafficClass << 20 | flowLabel);
    return this;
  }

  /** Writes the payload length. */
  public Ipv6Flyweight setPayloadLength(int length) {
    put16(Ipv6.PAYLOAD_LENGTH_OFFSET, length);
    return this;
  }

  /** Writes the next header number. */
  public Ipv6Flyweight setNextHeader(int nextHeader) {
    put8(Ipv6.NEXT_HEADER_OFFSET, nextHeader);
    return this;
  }

  /** Writes the hop limit. */
  public Ipv6Flyweight setHopLimit(int hopLimit) {
    put8(Ipv6.HOP_LIMIT_OFFSET, hopLimit);
    return this;
  }

  /** Writes the source address. */
  public Ipv6Flyweight setSource(long high, long low) {
    buffer.putLong(offset + Ipv6.SOURCE_OFFSET, high);
    buffer.putLong(offset + Ipv6.SOURCE_OFFSET + 8, low);
    return this;
  }

  /** Writes the destination address. */
  public Ipv6Flyweight setDestination(long high, long low) {
    buffer.putLong(offset + Ipv6.DESTINATION_OFFSET, high);
    buffer.putLong(offset + Ipv6.DESTINATION_OFFSET + 8, low);
    return this;
  }
}
