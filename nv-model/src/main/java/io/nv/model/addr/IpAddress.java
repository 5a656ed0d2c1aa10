package io.nv.model.addr;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address.
 *
 * <pre>{@code
 * IpAddress a = IpAddress.parse("10.0.1.11");     // an Ipv4Address
 * IpAddress b = IpAddress.parse("2001:db8::1");   // an Ipv6Address
 * }</pre>
 */
public sealed interface IpAddress extends Comparable<IpAddress> permits Ipv4Address, Ipv6Address {
  /** 4 or 6. */
  int version();

  /** 32 or 128. */
  default int bitLength() {
    return version() == 4 ? 32 : 128;
  }

  /** The address in network byte order. */
  byte[] toBytes();

  /** True for multicast addresses (224.0.0.0/4, ff00::/8). */
  boolean isMulticast();

  /** Parses an IPv4 or IPv6 address. */
  static IpAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an IP address: '" + text + "' (write 10.0.1.11 or 2001:db8::1)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  static Optional<IpAddress> tryParse(String text) {
    if (text.indexOf(':') >= 0) {
      return Ipv6Address.tryParse(text).map(a -> a);
    }
    return Ipv4Address.tryParse(text).map(a -> a);
  }

  /** IPv4 sorts before IPv6; within a family, numerically. */
  @Override
  default int compareTo(IpAddress o) {
    if (version() != o.version()) {
      return Integer.compare(version(), o.version());
    }
    if (this instanceof Ipv4Address a && o instanceof Ipv4Address b) {
      return Integer.compareUnsigned(a.bits(), b.bits());
    }
    Ipv6Address a = (Ipv6Address) this;
    Ipv6Address b = (Ipv6Address) o;
    int c = Long.compareUnsigned(a.high(), b.high());
    return c != 0 ? c : Long.compareUnsigned(a.low(), b.low());
  }
}
