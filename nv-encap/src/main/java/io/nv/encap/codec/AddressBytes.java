package io.nv.encap.codec;

import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;

/**
 * Reads and writes nv's address types ({@link MacAddress}, {@link Ipv4Address}, {@link
 * Ipv6Address}) in network byte order at absolute indices of a big-endian {@link ByteBuffer}. The
 * {@code …Bits} forms work on primitives and allocate nothing.
 *
 * <pre>{@code
 * ByteBuffer b = ByteBuffer.allocate(16);
 * AddressBytes.putMac(b, 0, MacAddress.parse("0a:00:00:00:00:01"));
 * AddressBytes.mac(b, 0);   // 0a:00:00:00:00:01
 * }</pre>
 */
public final class AddressBytes {
  private AddressBytes() {}

  /** The 48 bits of the MAC address at {@code offset}. */
  public static long macBits(ByteBuffer buffer, int offset) {
    return (buffer.getShort(offset) & 0xFFFFL) << 32 | (buffer.getInt(offset + 2) & 0xFFFF_FFFFL);
  }

  /** Writes the 48 low bits of {@code bits} as a MAC address at {@code offset}. */
  public static void putMacBits(ByteBuffer buffer, int offset, long bits) {
    buffer.putShort(offset, (short) (bits >>> 32));
    buffer.putInt(offset + 2, (int) bits);
  }

  /** The MAC address at {@code offset}. */
  public static MacAddress mac(ByteBuffer buffer, int offset) {
    return MacAddress.of(macBits(buffer, offset));
  }

  /** Writes {@code mac} at {@code offset}. */
  public static void putMac(ByteBuffer buffer, int offset, MacAddress mac) {
    putMacBits(buffer, offset, mac.bits());
  }

  /** The IPv4 address at {@code offset}. */
  public static Ipv4Address ipv4(ByteBuffer buffer, int offset) {
    return Ipv4Address.of(buffer.getInt(offset));
  }

  /** Writes {@code address} at {@code offset}. */
  public static void putIpv4(ByteBuffer buffer, int offset, Ipv4Address address) {
    buffer.putInt(offset, address.bits());
  }

  /** The IPv6 address at {@code offset}. */
  public static Ipv6Address ipv6(ByteBuffer buffer, int offset) {
    return Ipv6Address.of(buffer.getLong(offset), buffer.getLong(offset + 8));
  }

  /** Writes {@code address} at {@code offset}. */
  public static void putIpv6(ByteBuffer buffer, int offset, Ipv6Address address) {
    buffer.putLong(offset, address.high());
    buffer.putLong(offset + 8, address.low());
  }
}
