package io.nv.model.addr;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A 48-bit Ethernet MAC address, written {@code 0a:00:00:01:00:11}.
 *
 * <pre>{@code
 * MacAddress mac = MacAddress.parse("0a:00:00:01:00:11");
 * mac.isMulticast();   // false
 * MacAddress.BROADCAST.toString();   // "ff:ff:ff:ff:ff:ff"
 * }</pre>
 */
public final class MacAddress implements Comparable<MacAddress> {
  /** The broadcast address {@code ff:ff:ff:ff:ff:ff}. */
  public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
  /** The all-zero address. */
  public static final MacAddress ZERO = new MacAddress(0L);

  private static final long MASK = 0xFFFF_FFFF_FFFFL;
  private final long bits;

  private MacAddress(long bits) {
    this.bits = bits;
  }

  /** The address whose 48 low bits are {@code bits}; higher bits must be zero. */
  public static MacAddress of(long bits) {
    if ((bits & ~MASK) != 0) {
      throw new IllegalArgumentException(
          "MAC address needs 48 bits, got 0x" + Long.toHexString(bits) + ": mask with 0xffffffffffff");
    }
    return new MacAddress(bits);
  }

  /** Parses six hex bytes separated by colons (or dashes). */
  public static MacAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a MAC address: '" + text + "' (write six hex bytes, like 0a:00:00:01:00:11)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<MacAddress> tryParse(String text) {
    if (text.length() != 17) {
      return Optional.empty();
    }
    long v = 0;
    for (int i = 0; i < 6; i++) {
      int hi = Character.digit(text.charAt(i * 3), 16);
      int lo = Character.digit(text.charAt(i * 3 + 1), 16);
      if (hi < 0 || lo < 0) {
        return Optional.empty();
      }
      if (i < 5) {
        char sep = text.charAt(i * 3 + 2);
        if (sep != ':' && sep != '-') {
          return Optional.empty();
        }
      }
      v = (v << 8) | (hi << 4) | lo;
    }
    return Optional.of(new MacAddress(v));
  }

  /** The 48 bits as a long. */
  public long bits() {
    return bits;
  }

  /** Byte {@code i} (0 = first on the wire), 0..255. */
  public int byteAt(int i) {
    return (int) (bits >>> (8 * (5 - i))) & 0xFF;
  }

  /** The six bytes in wire order. */
  public byte[] toBytes() {
    byte[] b = new byte[6];
    for (int i = 0; i < 6; i++) {
      b[i] = (byte) byteAt(i);
    }
    return b;
  }

  /** True for group addresses (the I/G bit is set), broadcast included. */
  public boolean isMulticast() {
    return (byteAt(0) & 1) != 0;
  }

  /** True for {@code ff:ff:ff:ff:ff:ff}. */
  public boolean isBroadcast() {
    return bits == MASK;
  }

  @Override
  public int compareTo(MacAddress o) {
    return Long.compare(bits, o.bits);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MacAddress m && m.bits == bits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bits);
  }

  @Override
  public String toString() {
    return appendTo(new StringBuilder(17), bits).toString();
  }

  /**
   * Appends the address whose 48 low bits are {@code bits} to {@code sb}, as {@link #toString}
   * writes it, without making the address or its text: for writers of many flows.
   *
   * <pre>{@code
   * MacAddress.appendTo(new StringBuilder("eth.src="), 0x0a0000010011L);   // eth.src=0a:00:00:01:00:11
   * }</pre>
   */
  public static StringBuilder appendTo(StringBuilder sb, long bits) {
    for (int shift = 40; shift >= 0; shift -= 8) {
      int b = (int) (bits >>> shift) & 0xFF;
      if (shift < 40) {
        sb.append(':');
      }
      sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
    }
    return sb;
  }
}
