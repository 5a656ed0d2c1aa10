package io.nv.model.addr;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 address over an {@code int}.
 *
 * <pre>{@code
 * Ipv4Address a = Ipv4Address.parse("10.0.1.11");
 * a.bits();   // 0x0a00010b
 * Ipv4Address.of(0x0a00010b).equals(a);   // true
 * }</pre>
 */
public final class Ipv4Address implements IpAddress {
  /** 0.0.0.0 */
  public static final Ipv4Address ANY = new Ipv4Address(0);
  /** 255.255.255.255 */
  public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

  private final int bits;

  private Ipv4Address(int bits) {
    this.bits = bits;
  }

  /** The address with these 32 bits. */
  public static Ipv4Address of(int bits) {
    return new Ipv4Address(bits);
  }

  /** The address a.b.c.d; each part 0..255. */
  public static Ipv4Address of(int a, int b, int c, int d) {
    for (int p : new int[] {a, b, c, d}) {
      if (p < 0 || p > 255) {
        throw new IllegalArgumentException("IPv4 address part out of range 0..255: " + p);
      }
    }
    return new Ipv4Address(a << 24 | b << 16 | c << 8 | d);
  }

  /** Parses dotted-quad text such as {@code 10.0.1.11}. */
  public static Ipv4Address parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an IPv4 address: '" + text + "' (write four numbers 0..255, like 10.0.1.11)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<Ipv4Address> tryParse(String text) {
    int v = 0;
    int part = -1;
    int parts = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (part < 0 || parts == 4) {
          return Optional.empty();
        }
        v = v << 8 | part;
        parts++;
        part = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits > 0 && part == 0) {
          return Optional.empty(); // leading zero: ambiguous (octal in some tools)
        }
        part = (part < 0 ? 0 : part) * 10 + (c - '0');
        digits++;
        if (part > 255) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    return parts == 4 ? Optional.of(new Ipv4Address(v)) : Optional.empty();
  }

  /** The 32 bits. */
  public int bits() {
    return bits;
  }

  @Override
  public int version() {
    return 4;
  }

  @Override
  public byte[] toBytes() {
    return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
  }

  @Override
  public boolean isMulticast() {
    return (bits >>> 28) == 0xE;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Ipv4Address a && a.bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @Override
  public String toString() {
    return appendTo(new StringBuilder(15), bits).toString();
  }

  /**
   * Appends the address with these 32 bits to {@code sb}, as {@link #toString} writes it, without
   * making the address or its text: for writers of many flows.
   *
   * <pre>{@code
   * Ipv4Address.appendTo(new StringBuilder("ip4.dst="), 0x0a00010b);   // ip4.dst=10.0.1.11
   * }</pre>
   */
  public static StringBuilder appendTo(StringBuilder sb, int bits) {
    return sb.append(bits >>> 24).append('.').append((bits >>> 16) & 255).append('.')
        .append((bits >>> 8) & 255).append('.').append(bits & 255);
  }
}
