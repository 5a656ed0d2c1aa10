package io.nv.model.addr;

import java.util.Optional;

/**
 * An IP protocol number (the IPv4 protocol / IPv6 next-header field). Open-ended: unknown numbers
 * survive as values, so decoding never loses them.
 *
 * <pre>{@code
 * IpProtocol.valueOf(6);          // TCP
 * IpProtocol.parse("udp");        // UDP
 * IpProtocol.valueOf(132).name(); // "132"
 * }</pre>
 *
 * @param number the protocol number, 0..255
 */
public record IpProtocol(int number) implements Comparable<IpProtocol> {
  /** ICMP for IPv4. */
  public static final IpProtocol ICMP = new IpProtocol(1);
  /** TCP. */
  public static final IpProtocol TCP = new IpProtocol(6);
  /** UDP. */
  public static final IpProtocol UDP = new IpProtocol(17);
  /** ICMP for IPv6. */
  public static final IpProtocol ICMPV6 = new IpProtocol(58);

  /** Checks the range. */
  public IpProtocol {
    if (number < 0 || number > 255) {
      throw new IllegalArgumentException("IP protocol number " + number + " not in 0..255");
    }
  }

  /** The protocol with this number. */
  public static IpProtocol valueOf(int number) {
    return switch (number) {
      case 1 -> ICMP;
      case 6 -> TCP;
      case 17 -> UDP;
      case 58 -> ICMPV6;
      default -> new IpProtocol(number);
    };
  }

  /** Parses {@code tcp}, {@code udp}, {@code icmp}, {@code icmp6} or a number 0..255. */
  public static IpProtocol parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not an IP protocol: '" + text + "' (write tcp, udp, icmp, icmp6 or 0..255)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<IpProtocol> tryParse(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "tcp":
        return Optional.of(TCP);
      case "udp":
        return Optional.of(UDP);
      case "icmp":
      case "icmp4":
        return Optional.of(ICMP);
      case "icmp6":
        return Optional.of(ICMPV6);
      default:
        break;
    }
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int n = Integer.parseInt(text);
    return n <= 255 ? Optional.of(valueOf(n)) : Optional.empty();
  }

  /** {@code tcp}, {@code udp}, {@code icmp}, {@code icmp6}, or the number. */
  public String name() {
    return switch (number) {
      case 1 -> "icmp";
      case 6 -> "tcp";
      case 17 -> "udp";
      case 58 -> "icmp6";
      default -> Integer.toString(number);
    };
  }

  @Override
  public int compareTo(IpProtocol o) {
    return Integer.compare(number, o.number);
  }

  @Override
  public String toString() {
    return name();
  }
}
