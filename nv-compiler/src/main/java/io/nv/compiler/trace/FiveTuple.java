package io.nv.compiler.trace;

import io.nv.model.addr.IpAddress;

/**
 * What identifies a connection: addresses, IP protocol, and the transport ports (for ICMP the type
 * and code instead, as docs/semantics.md says).
 *
 * <pre>{@code
 * FiveTuple syn = new FiveTuple(client, server, 6, 40000, 80);
 * syn.reverse();   // server:80 -> client:40000
 * }</pre>
 *
 * @param src the source address
 * @param dst the destination address
 * @param protocol the IP protocol number
 * @param srcPort the transport source port, or the ICMP type
 * @param dstPort the transport destination port, or the ICMP code
 */
public record FiveTuple(IpAddress src, IpAddress dst, int protocol, int srcPort, int dstPort) {
  /** True for ICMP (over IPv4) and ICMPv6 (over IPv6), whose "ports" are type and code. */
  public boolean isIcmp() {
    return (protocol == 1 && src.version() == 4) || (protocol == 58 && src.version() == 6);
  }

  /** True for TCP and UDP, whose ports NAT may rewrite. */
  public boolean hasPorts() {
    return protocol == 6 || protocol == 17 || protocol == 132;
  }

  /**
   * The tuple of a reply: addresses (and ports) swapped; for ICMP the type of the answer (an echo
   * request 8 is answered by 0, 128 by 129; any other type, an echo reply included, by itself, as
   * docs/semantics.md says only replies of echo requests belong to the echo's connection) and the
   * same code.
   */
  public FiveTuple reverse() {
    if (isIcmp()) {
      return new FiveTuple(dst, src, protocol, replyType(srcPort), dstPort);
    }
    return new FiveTuple(dst, src, protocol, dstPort, srcPort);
  }

  private static int replyType(int type) {
    return switch (type) {
      case 8 -> 0;
      case 128 -> 129;
      default -> type;
    };
  }

  /** This tuple with destination {@code address} and, for TCP/UDP, port {@code port} (0 keeps it). */
  public FiveTuple withDestination(IpAddress address, int port) {
    return new FiveTuple(src, address, protocol, srcPort, hasPorts() && port != 0 ? port : dstPort);
  }

  /** This tuple with source {@code address}. */
  public FiveTuple withSource(IpAddress address) {
    return new FiveTuple(address, dst, protocol, srcPort, dstPort);
  }

  @Override
  public String toString() {
    return hostPort(src, srcPort) + " -> " + hostPort(dst, dstPort) + " proto " + protocol;
  }

  private String hostPort(IpAddress a, int port) {
    if (isIcmp()) {
      return a.toString();
    }
    return (a.version() == 6 ? "[" + a + "]" : a.toString()) + ":" + port;
  }
}
