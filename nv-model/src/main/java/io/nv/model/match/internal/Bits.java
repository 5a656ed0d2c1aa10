package io.nv.model.match.internal;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;

/**
 * Bit arithmetic on addresses and the syntax of {@code $set} and {@code @group} names.
 *
 * <pre>{@code
 * Bits.prefixLength(Ipv4Address.parse("255.255.0.0"));   // 16
 * }</pre>
 */
public final class Bits {
  private Bits() {}

  /** The number of leading ones of a prefix-shaped mask, or -1 when the ones are not contiguous. */
  public static int prefixLength(IpAddress mask) {
    if (mask instanceof Ipv4Address v4) {
      int inv = ~v4.bits();
      return (inv & (inv + 1)) == 0 ? Integer.bitCount(v4.bits()) : -1;
    }
    Ipv6Address v6 = (Ipv6Address) mask;
    long hi = v6.high();
    long lo = v6.low();
    boolean contiguous = hi == -1L ? ((~lo & (~lo + 1)) == 0) : (lo == 0 && (~hi & (~hi + 1)) == 0);
    return contiguous ? Long.bitCount(hi) + Long.bitCount(lo) : -1;
  }

  /** {@code a & b}; both of one IP version. */
  public static IpAddress and(IpAddress a, IpAddress b) {
    if (a instanceof Ipv4Address x && b instanceof Ipv4Address y) {
      return Ipv4Address.of(x.bits() & y.bits());
    }
    Ipv6Address x = (Ipv6Address) a;
    Ipv6Address y = (Ipv6Address) b;
    return Ipv6Address.of(x.high() & y.high(), x.low() & y.low());
  }

  /** True for a name usable after {@code $} or {@code @}: {@code [A-Za-z_.][A-Za-z0-9_.]*}. */
  public static boolean isName(String name) {
    if (name.isEmpty() || !isNameStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isNamePart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Throws when {@code name} is not {@link #isName usable} as a {@code what} name. */
  public static void checkName(String what, String name) {
    if (!isName(name)) {
      throw new IllegalArgumentException(
          what
              + " name '"
              + name
              + "' cannot be written in a match: use letters, digits, '_' and '.', not starting"
              + " with a digit");
    }
  }

  static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
