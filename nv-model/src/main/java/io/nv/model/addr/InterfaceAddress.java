package io.nv.model.addr;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An address assigned to an interface together with its subnet length, such as {@code
 * 10.0.1.1/24}: unlike {@link IpPrefix} it keeps the host bits.
 *
 * <pre>{@code
 * InterfaceAddress ia = InterfaceAddress.parse("10.0.1.1/24");
 * ia.address();   // 10.0.1.1
 * ia.subnet();    // 10.0.1.0/24
 * }</pre>
 */
public final class InterfaceAddress implements Comparable<InterfaceAddress> {
  private final IpAddress address;
  private final int length;

  private InterfaceAddress(IpAddress address, int length) {
    this.address = address;
    this.length = length;
  }

  /** {@code address} on a subnet of {@code length} bits. */
  public static InterfaceAddress of(IpAddress address, int length) {
    if (length < 0 || length > address.bitLength()) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of range 0.." + address.bitLength() + " for " + address);
    }
    return new InterfaceAddress(address, length);
  }

  /** Parses {@code ADDRESS/LENGTH}; the length is required. */
  public static InterfaceAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an interface address: '" + text + "' (write ADDRESS/LENGTH, like 10.0.1.1/24)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<InterfaceAddress> tryParse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<IpAddress> a = IpAddress.tryParse(text.substring(0, slash));
    if (a.isEmpty()) {
      return Optional.empty();
    }
    return IpPrefix.parseLength(text.substring(slash + 1), a.get().bitLength())
        .map(l -> new InterfaceAddress(a.get(), l));
  }

  /** The address itself. */
  public IpAddress address() {
    return address;
  }

  /** The subnet length in bits. */
  public int length() {
    return length;
  }

  /** The subnet this address is on. */
  public IpPrefix subnet() {
    return IpPrefix.of(address, length);
  }

  @Override
  public int compareTo(InterfaceAddress o) {
    int c = address.compareTo(o.address);
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof InterfaceAddress a && a.length == length && a.address.equals(address);
  }

  @Override
  public int hashCode() {
    return address.hashCode() * 131 + length;
  }

  @Override
  public String toString() {
    return address + "/" + length;
  }
}
