package io.nv.encap.codec;

import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Between nv's model {@link Packet} (what the semantics, the tracers and the testkit speak) and
 * wire {@link Frame}s: a packet becomes the frame a host would send (TCP sequence and
 * acknowledgment 0, window 65535; ICMP echo identifier and sequence 0; IPv4 DF set,
 * identification 0; no payload; ARP a 28-byte body), and the headers of a decoded frame become a
 * packet again. {@link #tunnel} wraps a frame in the outer headers of a Geneve or VXLAN tunnel.
 *
 * <pre>{@code
 * Frame f = PacketFrames.frame(Packets.tcp(mac1, mac2, ip1, ip2, 40000, 80));
 * PacketFrames.packet(f);   // Optional[the same packet]
 * }</pre>
 */
public final class PacketFrames {
  /** Length of an ARP body for Ethernet and IPv4. */
  public static final int ARP_LENGTH = 28;

  private PacketFrames() {}

  /** The frame of {@code p}. */
  public static Frame frame(Packet p) {
    List<Header> headers = new ArrayList<>();
    Optional<VlanTag> vlan = p.vlan().map(v -> new VlanTag(v.pcp(), false, v.vid()));
    EtherType type = EtherType.valueOf(p.ethType());
    headers.add(new Ethernet(p.ethDst(), p.ethSrc(), vlan, type));
    if (p.arp().isPresent()) {
      Packet.Arp a = p.arp().get();
      ByteBuffer b = ByteBuffer.allocate(ARP_LENGTH);
      b.putShort((short) 1).putShort((short) EtherType.IPV4.value()).put((byte) 6).put((byte) 4);
      b.putShort((short) a.op());
      b.put(a.sha().toBytes()).put(a.spa().toBytes()).put(a.tha().toBytes()).put(a.tpa().toBytes());
      return Frame.of(headers, ByteString.of(b.array()));
    }
    if (p.ip().isEmpty()) {
      return Frame.of(headers, ByteString.EMPTY);
    }
    Packet.Ip ip = p.ip().get();
    IpProtocol proto = ip.proto();
    if (ip.version() == 4) {
      headers.add(
          new Ipv4(ip.dscp(), ip.ecn(), 0, true, false, 0, ip.ttl(), proto,
              (Ipv4Address) ip.src(), (Ipv4Address) ip.dst(), ByteString.EMPTY));
    } else {
      headers.add(
          new Ipv6((ip.dscp() << 2) | ip.ecn(), 0, proto, ip.ttl(), (Ipv6Address) ip.src(), (Ipv6Address) ip.dst()));
    }
    if (p.l4().isPresent()) {
      Packet.L4 l4 = p.l4().get();
      if (l4 instanceof Packet.Tcp t) {
        headers.add(new Tcp(t.src(), t.dst(), 0, 0, t.flags(), 65535, 0, ByteString.EMPTY));
      } else if (l4 instanceof Packet.Udp u) {
        headers.add(Udp.of(u.src(), u.dst()));
      } else if (l4 instanceof Packet.Icmp i) {
        headers.add(ip.version() == 4 ? new Icmp4(i.type(), i.code(), 0) : new Icmp6(i.type(), i.code(), 0));
      }
    }
    return Frame.of(headers, ByteString.EMPTY);
  }

  /**
   * The packet of {@code f}'s innermost Ethernet frame (for a tunnel frame, the encapsulated one);
   * empty when it carries what a {@link Packet} cannot say (an IP protocol header nv does not
   * model is left out: the packet then has no L4).
   */
  public static Optional<Packet> packet(Frame f) {
    int start = 0;
    for (int i = 0; i < f.headers().size(); i++) {
      if (f.headers().get(i) instanceof Ethernet) {
        start = i;
      }
    }
    Ethernet eth = (Ethernet) f.headers().get(start);
    Packet.Builder b = new Packet.Builder().ethSrc(eth.source()).ethDst(eth.destination()).ethType(eth.etherType().value());
    eth.vlan().ifPresent(v -> b.vlan(new Packet.Vlan(v.vid(), v.priority())));
    if (eth.etherType().equals(EtherType.ARP)) {
      ByteString body = f.payload();
      if (start != f.headers().size() - 1 || body.length() < ARP_LENGTH) {
        return Optional.empty();
      }
      byte[] a = body.toByteArray();
      ByteBuffer bb = ByteBuffer.wrap(a);
      int op = Short.toUnsignedInt(bb.getShort(6));
      b.arp(
          new Packet.Arp(
              op, MacAddress.of(slice(a, 8, 6)), Ipv4Address.of(bb.getInt(14)),
              MacAddress.of(slice(a, 18, 6)), Ipv4Address.of(bb.getInt(24))));
      return Optional.of(b.build());
    }
    for (int i = start + 1; i < f.headers().size(); i++) {
      Header h = f.headers().get(i);
      if (h instanceof Ipv4 v4) {
        b.ip(new Packet.Ip(v4.source(), v4.destination(), v4.protocol(), v4.ttl(), v4.dscp(), v4.ecn()));
      } else if (h instanceof Ipv6 v6) {
        b.ip(
            new Packet.Ip(
                v6.source(), v6.destination(), v6.nextHeader(), v6.hopLimit(), v6.trafficClass() >>> 2,
                v6.trafficClass() & 3));
      } else if (h instanceof Tcp t) {
        b.l4(new Packet.Tcp(t.sourcePort(), t.destinationPort(), t.flags()));
      } else if (h instanceof Udp u) {
        b.l4(new Packet.Udp(u.sourcePort(), u.destinationPort()));
      } else if (h instanceof Icmp4 c) {
        b.l4(new Packet.Icmp(c.type(), c.code()));
      } else if (h instanceof Icmp6 c) {
        b.l4(new Packet.Icmp(c.type(), c.code()));
      }
    }
    return Optional.of(b.build());
  }

  private static long slice(byte[] a, int from, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (a[from + i] & 0xff);
    }
    return v;
  }

  /**
   * {@code inner} inside a tunnel's outer headers: Ethernet ({@code outerSrc} → {@code outerDst},
   * IPv4), IPv4 ({@code local} → {@code remote}, TTL 64, DF), UDP from {@code sourcePort} to the
   * encapsulation's port (checksum 0 over IPv4, as OVS sends), then Geneve with OVN's option
   * ({@code option} given) or VXLAN (none), VNI {@code vni}.
   */
  public static Frame tunnel(
      Frame inner,
      MacAddress outerSrc,
      MacAddress outerDst,
      Ipv4Address local,
      Ipv4Address remote,
      int sourcePort,
      int vni,
      Optional<Integer> option) {
    List<Header> headers = new ArrayList<>();
    headers.add(Ethernet.of(outerDst, outerSrc, EtherType.IPV4));
    headers.add(Ipv4.of(local, remote, IpProtocol.UDP));
    if (option.isPresent()) {
      headers.add(Udp.withoutChecksum(sourcePort, Geneve.UDP_PORT));
      OvnOption o = new OvnOption(option.get() >>> 16 & OvnOption.MAX_INGRESS_PORT, option.get() & 0xffff);
      headers.add(Geneve.of(vni, o.toGeneveOption()));
    } else {
      headers.add(Udp.withoutChecksum(sourcePort, Vxlan.UDP_PORT));
      headers.add(new Vxlan(vni));
    }
    headers.addAll(inner.headers());
    return Frame.of(headers, inner.payload());
  }
}
