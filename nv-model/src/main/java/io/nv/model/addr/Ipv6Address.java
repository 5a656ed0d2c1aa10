package io.nv.model.addr;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An IPv6 address over two {@code long}s, printed in RFC 5952 canonical form.
 *
 * <pre>{@code
 * Ipv6Address a = Ipv6Address.parse("2001:DB8:0:0::1");
 * a.toString();   // "2001:db8::1"
 * }</pre>
 */
public final class Ipv6Address implements IpAddress {
  private final long high;
  private final long low;

  private Ipv6Address(long high, long low) {
    this.high = high;
    this.low = low;
  }

  /** The address whose first 64 bits are {@code high} and last 64 bits {@code low}. */
  public static Ipv6Address of(long high, long low) {
    return new Ipv6Address(high, low);
  }

  /** The address from 16 bytes in network order. */
  public static Ipv6Address of(byte[] bytes) {
    if (bytes.length != 16) {
      throw new IllegalArgumentException("IPv6 address needs 16 bytes, got " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new Ipv6Address(b.getLong(), b.getLong());
  }

  /** Parses RFC 4291 text such as {@code 2001:db8::1} (no zone, no brackets). */
  public static Ipv6Address parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an IPv6 address: '" + text + "' (write eight hex groups, like 2001:db8::1)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<Ipv6Address> tryParse(String text) {
    if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.indexOf('[') >= 0) {
      return Optional.empty();
    }
    if (!InetAddresses.isInetAddress(text)) {
      return Optional.empty();
    }
    InetAddress a = InetAddresses.forString(text);
    if (!(a instanceof Inet6Address)) {
      // Guava folds IPv4-mapped text to IPv4; nv keeps IPv6 text IPv6.
      byte[] v4 = a.getAddress();
      byte[] b = new byte[16];
      b[10] = (byte) 0xff;
      b[11] = (byte) 0xff;
      System.arraycopy(v4, 0, b, 12, 4);
      return Optional.of(of(b));
    }
    return Optional.of(of(a.getAddress()));
  }

  /** The first 64 bits. */
  public long high() {
    return high;
  }

  /** The last 64 bits. */
  public long low() {
    return low;
  }

  @Override
  public int version() {
    return 6;
  }

  @Override
  public byte[] toBytes() {
    return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
  }

  @Override
  public boolean isMulticast() {
    return (high >>> 56) == 0xFF;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Ipv6Address a && a.high == high && a.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + Long.hashCode(low);
  }

  /** RFC 5952 text: lower case, longest run (≥ 2) of zero groups as {@code ::}, first on a tie. */
  @Override
  public String toString() {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      long w = i < 4 ? high : low;
      g[i] = (int) (w >>> (16 * (3 - (i & 3)))) & 0xFFFF;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(g[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    return sb.toString();
  }
}
