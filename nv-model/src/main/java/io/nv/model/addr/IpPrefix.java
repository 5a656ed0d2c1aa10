package io.nv.model.addr;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A network prefix such as {@code 10.0.1.0/24}; host bits are cleared on creation, so {@code
 * 10.0.1.7/24} and {@code 10.0.1.0/24} are the same prefix.
 *
 * <pre>{@code
 * IpPrefix p = IpPrefix.parse("10.0.1.7/24");
 * p.toString();                                   // "10.0.1.0/24"
 * p.contains(IpAddress.parse("10.0.1.200"));      // true
 * p.overlaps(IpPrefix.parse("10.0.0.0/16"));      // true
 * }</pre>
 */
public final class IpPrefix implements Comparable<IpPrefix> {
  private final IpAddress network;
  private final int length;

  private IpPrefix(IpAddress network, int length) {
    this.network = network;
    this.length = length;
  }

  /** The prefix of {@code length} bits containing {@code address}. */
  public static IpPrefix of(IpAddress address, int length) {
    if (length < 0 || length > address.bitLength()) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of range 0.." + address.bitLength() + " for " + address);
    }
    return new IpPrefix(mask(address, length), length);
  }

  /** The /32 or /128 prefix of one address. */
  public static IpPrefix host(IpAddress address) {
    return new IpPrefix(address, address.bitLength());
  }

  /** Parses {@code ADDRESS/LENGTH}; a bare address is a host prefix. */
  public static IpPrefix parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an IP prefix: '" + text + "' (write ADDRESS/LENGTH, like 10.0.1.0/24)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<IpPrefix> tryParse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    Optional<IpAddress> a = IpAddress.tryParse(addr);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    if (slash < 0) {
      return Optional.of(host(a.get()));
    }
    Optional<Integer> len = parseLength(text.substring(slash + 1), a.get().bitLength());
    return len.map(l -> of(a.get(), l));
  }

  static Optional<Integer> parseLength(String s, int max) {
    if (s.isEmpty() || s.length() > 3) {
      return Optional.empty();
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      v = v * 10 + (c - '0');
    }
    if (s.length() > 1 && s.charAt(0) == '0') {
      return Optional.empty();
    }
    return v <= max ? Optional.of(v) : Optional.empty();
  }

  static IpAddress mask(IpAddress a, int length) {
    if (a instanceof Ipv4Address v4) {
      int m = length == 0 ? 0 : -1 << (32 - length);
      return Ipv4Address.of(v4.bits() & m);
    }
    Ipv6Address v6 = (Ipv6Address) a;
    long mh = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    long ml = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    return Ipv6Address.of(v6.high() & mh, v6.low() & ml);
  }

  /** The network address (host bits zero). */
  public IpAddress network() {
    return network;
  }

  /** The prefix length in bits. */
  public int length() {
    return length;
  }

  /** 4 or 6. */
  public int version() {
    return network.version();
  }

  /** True when {@code a} is of the same family and inside this prefix. */
  public boolean contains(IpAddress a) {
    return a.version() == network.version() && mask(a, length).equals(network);
  }

  /** True when every address of {@code p} is inside this prefix. */
  public boolean contains(IpPrefix p) {
    return p.length >= length && contains(p.network);
  }

  /** True when the two prefixes share at least one address. */
  public boolean overlaps(IpPrefix p) {
    return contains(p) || p.contains(this);
  }

  /** The last address of the prefix (the IPv4 broadcast address for a subnet). */
  public IpAddress last() {
    if (network instanceof Ipv4Address v4) {
      int m = length == 0 ? 0 : -1 << (32 - length);
      return Ipv4Address.of(v4.bits() | ~m);
    }
    Ipv6Address v6 = (Ipv6Address) network;
    long mh = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    long ml = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    return Ipv6Address.of(v6.high() | ~mh, v6.low() | ~ml);
  }

  /** By family, then network address, then length. */
  @Override
  public int compareTo(IpPrefix o) {
    int c = network.compareTo(o.network);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IpPrefix p && p.length == length && p.network.equals(network);
  }

  @Override
  public int hashCode() {
    return network.hashCode() * 131 + length;
  }

  @Override
  public String toString() {
    return network + "/" + length;
  }
}
