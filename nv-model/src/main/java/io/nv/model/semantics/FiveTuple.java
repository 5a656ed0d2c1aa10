package io.nv.model.semantics;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.packet.Packet;
import java.util.Optional;

/**
 * What identifies a connection: IP source and destination, protocol, and the transport ports (for
 * ICMP the type and code instead, as OpenFlow's {@code tp_src} / {@code tp_dst} hold them). IP
 * protocols without a header nv models have both ports 0.
 *
 * <pre>{@code
 * FiveTuple t = FiveTuple.of(syn).orElseThrow();   // 10.0.2.21:40000 > 10.0.3.31:5432 tcp
 * t.reverse();                                      // 10.0.3.31:5432 > 10.0.2.21:40000 tcp
 * }</pre>
 *
 * @param src the IP source
 * @param dst the IP destination
 * @param protocol the IP protocol
 * @param srcPort the transport source port, or the ICMP type
 * @param dstPort the transport destination port, or the ICMP code
 */
public record FiveTuple(
    IpAddress src, IpAddress dst, IpProtocol protocol, int srcPort, int dstPort) {

  /** The tuple of an IP packet; empty for ARP and other non-IP frames. */
  public static Optional<FiveTuple> of(Packet packet) {
    if (packet.ip().isEmpty()) {
      return Optional.empty();
    }
    Packet.Ip ip = packet.ip().get();
    int srcPort = 0;
    int dstPort = 0;
    if (packet.l4().isPresent()) {
      Packet.L4 l4 = packet.l4().get();
      if (l4 instanceof Packet.Tcp t) {
        srcPort = t.src();
        dstPort = t.dst();
      } else if (l4 instanceof Packet.Udp u) {
        srcPort = u.src();
        dstPort = u.dst();
      } else if (l4 instanceof Packet.Icmp i) {
        srcPort = i.type();
        dstPort = i.code();
      }
    }
    return Optional.of(new FiveTuple(ip.src(), ip.dst(), ip.proto(), srcPort, dstPort));
  }

  /** True for ICMP over IPv4 and ICMPv6 over IPv6, whose "ports" are type and code. */
  public boolean isIcmp() {
    return protocol.equals(IpProtocol.ICMP) || protocol.equals(IpProtocol.ICMPV6);
  }

  /**
   * The tuple of a reply: addresses swapped, and ports swapped too; for ICMP the code stays and an
   * echo request's type becomes the echo reply's (8 → 0, 128 → 129), other types stay.
   */
  public FiveTuple reverse() {
    if (isIcmp()) {
      int type = srcPort;
      if (type == Packet.Icmp.ECHO_REQUEST_V4 && protocol.equals(IpProtocol.ICMP)) {
        type = Packet.Icmp.ECHO_REPLY_V4;
      } else if (type == Packet.Icmp.ECHO_REQUEST_V6 && protocol.equals(IpProtocol.ICMPV6)) {
        type = Packet.Icmp.ECHO_REPLY_V6;
      }
      return new FiveTuple(dst, src, protocol, type, dstPort);
    }
    return new FiveTuple(dst, src, protocol, dstPort, srcPort);
  }

  /** {@code 10.0.0.1:40000 > 10.0.0.2:80 tcp}, or {@code … icmp type 8 code 0}. */
  @Override
  public String toString() {
    if (isIcmp()) {
      return src + " > " + dst + " " + protocol + " type " + srcPort + " code " + dstPort;
    }
    return src + ":" + srcPort + " > " + dst + ":" + dstPort + " " + protocol;
  }
}
