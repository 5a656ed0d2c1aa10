package io.nv.model.packet;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random packets for property tests: every kind the model knows (ARP, IPv4/IPv6 with TCP, UDP, ICMP
 * or another protocol, plain Ethernet), with and without VLAN tag and logical ports. Addresses,
 * ports and names come from small pools so that random matches hit them often. Plain functions of a
 * {@link RandomGenerator}, ready to move into nv-testkit as a {@code Gen<Packet>}.
 */
public final class PacketGenerators {
  /** MACs: unicast, broadcast, IPv4 and IPv6 multicast. */
  public static final List<MacAddress> MACS =
      List.of(
          MacAddress.parse("0a:00:00:00:00:01"),
          MacAddress.parse("0a:00:00:00:00:02"),
          MacAddress.parse("0a:00:00:00:00:03"),
          MacAddress.BROADCAST,
          MacAddress.parse("01:00:5e:00:00:05"),
          MacAddress.parse("33:33:00:00:00:01"));

  /** IPv4 addresses. */
  public static final List<Ipv4Address> IP4S =
      List.of(
          Ipv4Address.parse("10.0.0.1"),
          Ipv4Address.parse("10.0.0.2"),
          Ipv4Address.parse("10.0.1.5"),
          Ipv4Address.parse("192.168.1.1"),
          Ipv4Address.parse("224.0.0.5"));

  /** IPv6 addresses. */
  public static final List<Ipv6Address> IP6S =
      List.of(
          Ipv6Address.parse("2001:db8::1"),
          Ipv6Address.parse("2001:db8::2"),
          Ipv6Address.parse("2001:db8:1::5"),
          Ipv6Address.parse("fe80::1"));

  /** Transport ports. */
  public static final List<Integer> PORTS = List.of(0, 22, 53, 80, 443, 1024, 8080, 40000, 65535);

  /** Logical port names. */
  public static final List<String> PORT_NAMES = List.of("web1", "web2", "db1", "lb-vip");

  private static final int[] TCP_FLAGS = {
    0,
    Packet.Tcp.SYN,
    Packet.Tcp.SYN | Packet.Tcp.ACK,
    Packet.Tcp.ACK,
    Packet.Tcp.RST,
    Packet.Tcp.FIN | Packet.Tcp.ACK
  };

  private PacketGenerators() {}

  /** A random packet of any kind. */
  public static Packet randomPacket(RandomGenerator r) {
    Packet.Builder b = new Packet.Builder().ethSrc(pick(r, MACS)).ethDst(pick(r, MACS));
    if (r.nextInt(4) == 0) {
      b.vlan(new Packet.Vlan(pick(r, List.of(0, 1, 100, 4095)), r.nextInt(8)));
    }
    if (r.nextInt(4) != 0) {
      b.inport(pick(r, PORT_NAMES));
    }
    if (r.nextInt(2) == 0) {
      b.outport(pick(r, PORT_NAMES));
    }
    int kind = r.nextInt(10);
    if (kind == 0) {
      b.arp(
          new Packet.Arp(
              1 + r.nextInt(2), pick(r, MACS), pick(r, IP4S), pick(r, MACS), pick(r, IP4S)));
    } else if (kind == 1) {
      b.ethType(pick(r, List.of(0x88cc, 0x8035, 0x0842, 0x05ff)));
    } else {
      boolean v4 = r.nextBoolean();
      IpAddress src = v4 ? pick(r, IP4S) : pick(r, IP6S);
      IpAddress dst = v4 ? pick(r, IP4S) : pick(r, IP6S);
      int l4 = r.nextInt(5);
      IpProtocol proto =
          switch (l4) {
            case 0 -> IpProtocol.TCP;
            case 1 -> IpProtocol.UDP;
            case 2 -> v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
            case 3 -> IpProtocol.valueOf(47);
            default -> v4 ? IpProtocol.ICMPV6 : IpProtocol.ICMP; // no header in the other family
          };
      b.ip(
          new Packet.Ip(
              src,
              dst,
              proto,
              pick(r, List.of(0, 1, 2, 63, 64, 255)),
              pick(r, List.of(0, 10, 46, 63)),
              r.nextInt(4)));
      if (l4 == 0) {
        b.l4(
            new Packet.Tcp(pick(r, PORTS), pick(r, PORTS), TCP_FLAGS[r.nextInt(TCP_FLAGS.length)]));
      } else if (l4 == 1) {
        b.l4(new Packet.Udp(pick(r, PORTS), pick(r, PORTS)));
      } else if (l4 == 2) {
        b.l4(new Packet.Icmp(pick(r, List.of(0, 3, 8, 11, 128, 129)), r.nextInt(2)));
      }
    }
    return b.build();
  }

  /** One element of {@code list}. */
  public static <T> T pick(RandomGenerator r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }
}
