package io.nv.encap.codec;

import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over a {@link Vxlan} header. Reserved bits are ignored when reading and
 * written as zero.
 *
 * <pre>{@code
 * VxlanFlyweight vx = new VxlanFlyweight().wrap(buffer, 42);
 * vx.set(5001);
 * vx.vni();   // 5001
 * }</pre>
 */
public final class VxlanFlyweight extends Flyweight {
  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public VxlanFlyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.VXLAN;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Vxlan.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "VXLAN header needs 8 bytes");
    }
    if ((flags() & Vxlan.FLAG_I) == 0) {
      return fail(DecodeError.Kind.BAD_FLAGS, offset, "VXLAN I flag is clear (RFC 7348 §5)");
    }
    return DecodeError.Kind.NONE;
  }

  @Override
  public int headerLength() {
    return Vxlan.HEADER_LENGTH;
  }

  /** The flags byte. */
  public int flags() {
    return u8(Vxlan.FLAGS_OFFSET);
  }

  /** The VNI. */
  public int vni() {
    return u24(Vxlan.VNI_OFFSET);
  }

  /** The absolute index of the inner frame. */
  public int payloadOffset() {
    return offset + Vxlan.HEADER_LENGTH;
  }

  /** Writes the whole header: the I flag, this VNI, zero reserved bits. */
  public VxlanFlyweight set(int vni) {
    buffer.putInt(offset, Vxlan.FLAG_I << 24);
    buffer.putInt(offset + Vxlan.VNI_OFFSET, vni << 8);
    return this;
  }
}
