package io.nv.encap.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable view of one header at an offset of a {@link ByteBuffer}: getters read fields and
 * setters write them in place, at absolute indices, without allocating. A flyweight is mutable and
 * not thread-safe; keep one per thread and {@code wrap} it again for each packet.
 *
 * <p>Reading bytes of unknown origin: call {@link #validate(int)} first. It never throws on bad
 * bytes; it returns {@link DecodeError.Kind#NONE} or the kind of problem (a shared constant, no
 * allocation), and {@link #faultOffset()} and {@link #faultMessage()} say more. Getters are safe
 * once validation passed; before that they may throw {@link IndexOutOfBoundsException}.
 *
 * <pre>{@code
 * UdpFlyweight udp = new UdpFlyweight();
 * if (udp.wrap(buffer, 34).validate(buffer.limit()) == DecodeError.Kind.NONE) {
 *   int port = udp.destinationPort();
 * }
 * }</pre>
 */
public abstract sealed class Flyweight
    permits EthernetFlyweight,
        Ipv4Flyweight,
        Ipv6Flyweight,
        UdpFlyweight,
        TcpFlyweight,
        IcmpFlyweight,
        VxlanFlyweight,
        GeneveFlyweight {
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  ByteBuffer buffer = NOTHING;
  int offset;
  // A flag, not a reference, on the hot path: a reference store costs a GC write barrier.
  private boolean faulted;
  private DecodeError.Kind fault = DecodeError.Kind.NONE;
  private int faultOffset;
  private String faultText = "";
  private int limit;

  Flyweight() {}

  final void wrapAt(ByteBuffer buffer, int offset) {
    if (buffer.order() != ByteOrder.BIG_ENDIAN) {
      throw new IllegalArgumentException(
          "headers are big-endian: call buffer.order(ByteOrder.BIG_ENDIAN) before wrapping");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset + " is negative");
    }
    if (!sameBuffer(buffer)) {
      this.buffer = buffer;
    }
    this.offset = offset;
    this.faulted = false;
  }

  @SuppressWarnings("ReferenceEquality") // identity: is it the very same buffer object?
  private boolean sameBuffer(ByteBuffer b) {
    return this.buffer == b;
  }

  /** The buffer this flyweight views. */
  public final ByteBuffer buffer() {
    return buffer;
  }

  /** The absolute index of the header's first byte. */
  public final int offset() {
    return offset;
  }

  /** Which header this flyweight reads. */
  public abstract HeaderType headerType();

  /** The header's length in bytes, options included, as its fields say. */
  public abstract int headerLength();

  /**
   * Checks that the header lies within {@code [offset, limit)} and that its version, flags and
   * length fields are consistent with that; checksums are not checked here. Never throws on bad
   * bytes.
   *
   * @param limit the absolute index just past the last byte that belongs to this header and what
   *     it carries; at most {@code buffer().limit()}
   * @return {@link DecodeError.Kind#NONE} when the header is well formed, else the problem
   */
  public final DecodeError.Kind validate(int limit) {
    if (limit > buffer.limit()) {
      throw new IllegalArgumentException(
          "limit " + limit + " is past the buffer's limit " + buffer.limit());
    }
    this.limit = limit;
    faulted = false;
    if (offset > limit) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "the header starts past the limit");
    }
    return check(limit - offset);
  }

  /** Checks the header with {@code available} bytes from the offset to the limit. */
  abstract DecodeError.Kind check(int available);

  /**
   * {@code wrap} and {@link #validate(int)} in one, for readers that checked the buffer's order
   * and their bounds once already; true when the header is well formed.
   */
  final boolean wrapValid(ByteBuffer buffer, int offset, int limit) {
    if (!sameBuffer(buffer)) {
      this.buffer = buffer;
    }
    this.offset = offset;
    this.limit = limit;
    faulted = false;
    if (offset > limit) {
      fail(DecodeError.Kind.TRUNCATED, offset, "the header starts past the limit");
      return false;
    }
    return check(limit - offset) == DecodeError.Kind.NONE;
  }

  final DecodeError.Kind fail(DecodeError.Kind kind, int at, String text) {
    faulted = true;
    fault = kind;
    faultOffset = at;
    faultText = text;
    return kind;
  }

  /** The result of the last {@link #validate(int)}. */
  public final DecodeError.Kind fault() {
    return faulted ? fault : DecodeError.Kind.NONE;
  }

  /** Where the last validation found its problem (an absolute index). */
  public final int faultOffset() {
    return faultOffset;
  }

  /** The last validation's problem in words (allocates: for error paths). */
  public final String faultMessage() {
    if (!faulted) {
      return "no problem";
    }
    return faultText + " (header at byte " + offset + ", " + Math.max(0, limit - offset)
        + " bytes up to the limit)";
  }

  /** The last validation's problem as a {@link DecodeError}, offsets relative to {@code base}. */
  final DecodeError toError(int base) {
    return new DecodeError(headerType(), faultOffset - base, fault(), faultMessage());
  }

  final int u8(int at) {
    return buffer.get(offset + at) & 0xFF;
  }

  final int u16(int at) {
    return buffer.getShort(offset + at) & 0xFFFF;
  }

  final int u24(int at) {
    return u8(at) << 16 | u16(at + 1);
  }

  final void put8(int at, int v) {
    buffer.put(offset + at, (byte) v);
  }

  final void put16(int at, int v) {
    buffer.putShort(offset + at, (short) v);
  }

  final void put24(int at, int v) {
    buffer.put(offset + at, (byte) (v >>> 16));
    buffer.putShort(offset + at + 1, (short) v);
  }
}
