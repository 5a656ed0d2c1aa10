package io.nv.model.packet;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;

/**
 * Factories for the packets tests and traces send most: TCP, UDP, ICMP echo, ARP, plain Ethernet.
 * Every IP packet gets TTL {@value #DEFAULT_TTL}, DSCP 0 and no VLAN tag; rewrite with the packet's
 * {@code with*} methods.
 *
 * <pre>{@code
 * Packet syn = Packets.tcp(vm1Mac, vm2Mac, vm1Ip, vm2Ip, 40000, 80);
 * Packet who = Packets.arpRequest(vm1Mac, Ipv4Address.parse("10.0.0.11"),
 *     Ipv4Address.parse("10.0.0.1"));
 * }</pre>
 */
public final class Packets {
  /** The TTL (or hop limit) of packets built here. */
  public static final int DEFAULT_TTL = 64;

  private Packets() {}

  /** A TCP SYN: the first packet of a new connection. */
  public static Packet tcp(
      MacAddress srcMac,
      MacAddress dstMac,
      IpAddress srcIp,
      IpAddress dstIp,
      int srcPort,
      int dstPort) {
    return tcp(srcMac, dstMac, srcIp, dstIp, srcPort, dstPort, Packet.Tcp.SYN);
  }

  /** A TCP segment with the given {@code flags} ({@link Packet.Tcp#SYN} and friends). */
  public static Packet tcp(
      MacAddress srcMac,
      MacAddress dstMac,
      IpAddress srcIp,
      IpAddress dstIp,
      int srcPort,
      int dstPort,
      int flags) {
    return ip(srcMac, dstMac, srcIp, dstIp, IpProtocol.TCP)
        .l4(new Packet.Tcp(srcPort, dstPort, flags))
        .build();
  }

  /** A UDP datagram. */
  public static Packet udp(
      MacAddress srcMac,
      MacAddress dstMac,
      IpAddress srcIp,
      IpAddress dstIp,
      int srcPort,
      int dstPort) {
    return ip(srcMac, dstMac, srcIp, dstIp, IpProtocol.UDP)
        .l4(new Packet.Udp(srcPort, dstPort))
        .build();
  }

  /** An ICMP echo request (type 8) over IPv4, or an ICMPv6 echo request (type 128) over IPv6. */
  public static Packet icmpEcho(
      MacAddress srcMac, MacAddress dstMac, IpAddress srcIp, IpAddress dstIp) {
    boolean v4 = srcIp.version() == 4;
    return ip(srcMac, dstMac, srcIp, dstIp, v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6)
        .l4(new Packet.Icmp(v4 ? Packet.Icmp.ECHO_REQUEST_V4 : Packet.Icmp.ECHO_REQUEST_V6, 0))
        .build();
  }

  /** An ICMP echo reply (type 0) over IPv4, or an ICMPv6 echo reply (type 129) over IPv6. */
  public static Packet icmpEchoReply(
      MacAddress srcMac, MacAddress dstMac, IpAddress srcIp, IpAddress dstIp) {
    boolean v4 = srcIp.version() == 4;
    return ip(srcMac, dstMac, srcIp, dstIp, v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6)
        .l4(new Packet.Icmp(v4 ? Packet.Icmp.ECHO_REPLY_V4 : Packet.Icmp.ECHO_REPLY_V6, 0))
        .build();
  }

  /**
   * An IP packet of a protocol without a transport header nv models (GRE, ESP, SCTP…).
   *
   * @throws IllegalArgumentException for TCP, UDP and ICMP: use {@link #tcp}, {@link #udp} or
   *     {@link #icmpEcho}
   */
  public static Packet ipPacket(
      MacAddress srcMac, MacAddress dstMac, IpAddress srcIp, IpAddress dstIp, IpProtocol proto) {
    return ip(srcMac, dstMac, srcIp, dstIp, proto).build();
  }

  private static Packet.Builder ip(
      MacAddress srcMac, MacAddress dstMac, IpAddress srcIp, IpAddress dstIp, IpProtocol proto) {
    return new Packet.Builder().ethSrc(srcMac).ethDst(dstMac).ip(Packet.Ip.of(srcIp, dstIp, proto));
  }

  /**
   * A broadcast ARP request from {@code senderMac}/{@code senderIp} asking for {@code targetIp}.
   */
  public static Packet arpRequest(
      MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
    return arp(
        senderMac,
        MacAddress.BROADCAST,
        new Packet.Arp(Packet.Arp.REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp));
  }

  /**
   * A unicast ARP reply telling {@code targetMac}/{@code targetIp} that {@code senderIp} is at
   * {@code senderMac}.
   */
  public static Packet arpReply(
      MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp) {
    return arp(
        senderMac,
        targetMac,
        new Packet.Arp(Packet.Arp.REPLY, senderMac, senderIp, targetMac, targetIp));
  }

  private static Packet arp(MacAddress src, MacAddress dst, Packet.Arp arp) {
    return new Packet.Builder().ethSrc(src).ethDst(dst).arp(arp).build();
  }

  /** An Ethernet frame of type {@code ethType} that is neither ARP nor IP (LLDP, say). */
  public static Packet ethernet(MacAddress src, MacAddress dst, int ethType) {
    return new Packet.Builder().ethSrc(src).ethDst(dst).ethType(ethType).build();
  }

  /** An Ethernet broadcast frame of type {@code ethType} that is neither ARP nor IP. */
  public static Packet broadcast(MacAddress src, int ethType) {
    return ethernet(src, MacAddress.BROADCAST, ethType);
  }
}
