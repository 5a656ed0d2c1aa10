package io.nv.encap.codec;

import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over an ICMP header, for IPv4 ({@link Icmp4}) or IPv6 ({@link Icmp6}): the
 * layouts are the same; only the checksum differs (ICMPv6 adds the IPv6 pseudo-header, so pass 0
 * as the pseudo-header sum for ICMPv4).
 *
 * <pre>{@code
 * IcmpFlyweight icmp = new IcmpFlyweight().wrap(buffer, 34, false);
 * icmp.setType(Icmp4.ECHO_REQUEST).setCode(0).setRest(0x00070001).updateChecksum(0, 64);
 * }</pre>
 */
public final class IcmpFlyweight extends Flyweight {
  private boolean v6;

  /** Views the header at {@code offset}: ICMPv6 when {@code v6}, else ICMPv4. */
  public IcmpFlyweight wrap(ByteBuffer buffer, int offset, boolean v6) {
    wrapAt(buffer, offset);
    this.v6 = v6;
    return this;
  }

  @Override
  public HeaderType headerType() {
    return v6 ? HeaderType.ICMP6 : HeaderType.ICMP4;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Icmp4.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "ICMP header needs 8 bytes");
    }
    return DecodeError.Kind.NONE;
  }

  @Override
  public int headerLength() {
    return Icmp4.HEADER_LENGTH;
  }

  /** The message type. */
  public int type() {
    return u8(Icmp4.TYPE_OFFSET);
  }

  /** The message code. */
  public int code() {
    return u8(Icmp4.CODE_OFFSET);
  }

  /** The checksum as found. */
  public int checksum() {
    return u16(Icmp4.CHECKSUM_OFFSET);
  }

  /** The 32 bits after the checksum. */
  public int rest() {
    return buffer.getInt(offset + Icmp4.REST_OFFSET);
  }

  /** The checksum a message of {@code length} bytes (header included) should carry. */
  public int computeChecksum(long pseudoHeaderSum, int length) {
    long sum = pseudoHeaderSum
        + Checksums.sum(buffer, offset, Icmp4.CHECKSUM_OFFSET)
        + Checksums.sum(buffer, offset + Icmp4.REST_OFFSET, length - Icmp4.REST_OFFSET);
    return Checksums.finish(sum);
  }

  /** True when the checksum of a message of {@code length} bytes verifies. */
  public boolean checksumOk(long pseudoHeaderSum, int length) {
    return Checksums.verifies(pseudoHeaderSum + Checksums.sum(buffer, offset, length));
  }

  /** Writes the type. */
  public IcmpFlyweight setType(int type) {
    put8(Icmp4.TYPE_OFFSET, type);
    return this;
  }

  /** Writes the code. */
  public IcmpFlyweight setCode(int code) {
    put8(Icmp4.CODE_OFFSET, code);
    return this;
  }

  /** Writes the checksum. */
  public IcmpFlyweight setChecksum(int checksum) {
    put16(Icmp4.CHECKSUM_OFFSET, checksum);
    return this;
  }

  /** Writes the 32 bits after the checksum. */
  public IcmpFlyweight setRest(int rest) {
    buffer.putInt(offset + Icmp4.REST_OFFSET, rest);
    return this;
  }

  /** Computes and writes the checksum; call when the payload is in place. */
  public IcmpFlyweight updateChecksum(long pseudoHeaderSum, int length) {
    return setChecksum(computeChecksum(pseudoHeaderSum, length));
  }
}
