package io.nv.encap.codec;

import io.nv.model.addr.Ipv4Address;
import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over an {@link Ipv4} header.
 *
 * <pre>{@code
 * Ipv4Flyweight ip = new Ipv4Flyweight().wrap(buffer, 14);
 * ip.setVersionAndHeaderLength(20).setTotalLength(84).setTtl(64).setProtocol(17)
 *     .setSource(src.bits()).setDestination(dst.bits()).updateChecksum();
 * }</pre>
 */
public final class Ipv4Flyweight extends Flyweight {
  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public Ipv4Flyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.IPV4;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Ipv4.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "IPv4 header needs 20 bytes");
    }
    int versionIhl = u8(Ipv4.VERSION_IHL_OFFSET);
    if (versionIhl >>> 4 != 4) {
      return fail(DecodeError.Kind.BAD_VERSION, offset, "IPv4 header with a version other than 4");
    }
    int hl = (versionIhl & 0xF) * 4;
    if (hl < Ipv4.HEADER_LENGTH) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset, "IPv4 IHL below 5");
    }
    if (hl > available) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset, "IPv4 IHL runs past the end of the bytes");
    }
    int total = totalLength();
    if (total < hl) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Ipv4.TOTAL_LENGTH_OFFSET,
          "IPv4 total length shorter than the header");
    }
    if (total > available) {
      return fail(DecodeError.Kind.BAD_LENGTH, offset + Ipv4.TOTAL_LENGTH_OFFSET,
          "IPv4 total length runs past the end of the bytes");
    }
    return DecodeError.Kind.NONE;
  }

  /** The version field (4 in a valid header). */
  public int version() {
    return u8(Ipv4.VERSION_IHL_OFFSET) >>> 4;
  }

  @Override
  public int headerLength() {
    return (u8(Ipv4.VERSION_IHL_OFFSET) & 0xF) * 4;
  }

  /** The DSCP, 0..63. */
  public int dscp() {
    return u8(Ipv4.TOS_OFFSET) >>> 2;
  }

  /** The ECN bits, 0..3. */
  public int ecn() {
    return u8(Ipv4.TOS_OFFSET) & 3;
  }

  /** The total length: header and payload. */
  public int totalLength() {
    return u16(Ipv4.TOTAL_LENGTH_OFFSET);
  }

  /** The identification. */
  public int identification() {
    return u16(Ipv4.IDENTIFICATION_OFFSET);
  }

  /** The DF flag. */
  public boolean dontFragment() {
    return (u16(Ipv4.FRAGMENT_OFFSET) & Ipv4.DONT_FRAGMENT_BIT) != 0;
  }

  /** The MF flag. */
  public boolean moreFragments() {
    return (u16(Ipv4.FRAGMENT_OFFSET) & Ipv4.MORE_FRAGMENTS_BIT) != 0;
  }

  /** The fragment offset in 8-byte units. */
  public int fragmentOffset() {
    return u16(Ipv4.FRAGMENT_OFFSET) & 0x1FFF;
  }

  /** True when the packet is a fragment (MF set or fragment offset not zero). */
  public boolean isFragment() {
    return (u16(Ipv4.FRAGMENT_OFFSET) & (Ipv4.MORE_FRAGMENTS_BIT | 0x1FFF)) != 0;
  }

  /** The TTL. */
  public int ttl() {
    return u8(Ipv4.TTL_OFFSET);
  }

  /** The protocol number. */
  public int protocol() {
    return u8(Ipv4.PROTOCOL_OFFSET);
  }

  /** The header checksum as found. */
  public int checksum() {
    return u16(Ipv4.CHECKSUM_OFFSET);
  }

  /** The source address's 32 bits. */
  public int source() {
    return buffer.getInt(offset + Ipv4.SOURCE_OFFSET);
  }

  /** The destination address's 32 bits. */
  public int destination() {
    return buffer.getInt(offset + Ipv4.DESTINATION_OFFSET);
  }

  /** The source address (allocates). */
  public Ipv4Address sourceAddress() {
    return Ipv4Address.of(source());
  }

  /** The destination address (allocates). */
  public Ipv4Address destinationAddress() {
    return Ipv4Address.of(destination());
  }

  /** The absolute index of the payload. */
  public int payloadOffset() {
    return offset + headerLength();
  }

  /** The payload length: total length less header length. */
  public int payloadLength() {
    return totalLength() - headerLength();
  }

  /** The header checksum the header should carry. */
  public int computeChecksum() {
    long sum = Checksums.sum(buffer, offset, Ipv4.CHECKSUM_OFFSET)
        + Checksums.sum(buffer, offset + Ipv4.SOURCE_OFFSET, headerLength() - Ipv4.SOURCE_OFFSET);
    return Checksums.finish(sum);
  }

  /** True when the header checksum verifies. */
  public boolean checksumOk() {
    int hl = headerLength();
    if (hl == Ipv4.HEADER_LENGTH) {
      // The usual header, unrolled: five words.
      long sum = (buffer.getInt(offset) & 0xFFFF_FFFFL)
          + (buffer.getInt(offset + 4) & 0xFFFF_FFFFL)
          + (buffer.getInt(offset + 8) & 0xFFFF_FFFFL)
          + (buffer.getInt(offset + 12) & 0xFFFF_FFFFL)
          + (buffer.getInt(offset + 16) & 0xFFFF_FFFFL);
      return Checksums.verifies(sum);
    }
    return Checksums.verifies(Checksums.sum(buffer, offset, hl));
  }

  /** The partial sum of this header's pseudo-header for an upper layer of {@code length} bytes. */
  public long pseudoHeaderSum(int length) {
    return Checksums.ipv4PseudoHeader(source(), destination(), protocol(), length);
  }

  /** Writes version 4 and the IHL for a header of {@code headerLength} bytes (20..60). */
  public Ipv4Flyweight setVersionAndHeaderLength(int headerLength) {
    put8(Ipv4.VERSION_IHL_OFFSET, 0x40 | headerLength >>> 2);
    return this;
  }

  /** Writes the DSCP and ECN. */
  public Ipv4Flyweight setTos(int dscp, int ecn) {
    put8(Ipv4.TOS_OFFSET, dscp << 2 | ecn);
    return this;
  }

  /** Writes the total length. */
  public Ipv4Flyweight setTotalLength(int totalLength) {
    put16(Ipv4.TOTAL_LENGTH_OFFSET, totalLength);
    return this;
  }

  /** Writes the identification. */
  public Ipv4Flyweight setIdentification(int identification) {
    put16(Ipv4.IDENTIFICATION_OFFSET, identification);
    return this;
  }

  /** Writes the flags and fragment offset. */
  public Ipv4Flyweight setFragment(boolean dontFragment, boolean moreFragments, int offset8) {
    put16(
        Ipv4.FRAGMENT_OFFSET,
        (dontFragment ? Ipv4.DONT_FRAGMENT_BIT : 0)
            | (moreFragments ? Ipv4.MORE_FRAGMENTS_BIT : 0)
            | offset8);
    return this;
  }

  /** Writes the TTL. */
  public Ipv4Flyweight setTtl(int ttl) {
    put8(Ipv4.TTL_OFFSET, ttl);
    return this;
  }

  /** Writes the protocol number. */
  public Ipv4Flyweight setProtocol(int protocol) {
    put8(Ipv4.PROTOCOL_OFFSET, protocol);
    return this;
  }

  /** Writes the header checksum. */
  public Ipv4Flyweight setChecksum(int checksum) {
    put16(Ipv4.CHECKSUM_OFFSET, checksum);
    return this;
  }

  /** Writes the source address. */
  public Ipv4Flyweight setSource(int address) {
    buffer.putInt(offset + Ipv4.SOURCE_OFFSET, address);
    return this;
  }

  /** Writes the destination address. */
  public Ipv4Flyweight setDestination(int address) {
    buffer.putInt(offset + Ipv4.DESTINATION_OFFSET, address);
    return this;
  }

  /** Computes and writes the header checksum; call after every other field is written. */
  public Ipv4Flyweight updateChecksum() {
    return setChecksum(computeChecksum());
  }
}
