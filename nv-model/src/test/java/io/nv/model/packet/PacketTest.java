package io.nv.model.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import org.junit.jupiter.api.Test;

class PacketTest {
  private static final MacAddress A = MacAddress.parse("0a:00:00:00:00:01");
  private static final MacAddress B = MacAddress.parse("0a:00:00:00:00:02");
  private static final IpAddress IP_A = IpAddress.parse("10.0.0.1");
  private static final IpAddress IP_B = IpAddress.parse("10.0.0.2");
  private static final IpAddress IP6_A = IpAddress.parse("2001:db8::1");
  private static final IpAddress IP6_B = IpAddress.parse("2001:db8::2");

  @Test
  void tcpFactoryBuildsASyn() {
    Packet p = Packets.tcp(A, B, IP_A, IP_B, 40000, 80);

    assertThat(p.ethType()).isEqualTo(Packet.ETH_TYPE_IPV4);
    assertThat(p.ip()).contains(new Packet.Ip(IP_A, IP_B, IpProtocol.TCP, 64, 0, 0));
    assertThat(p.tcp()).contains(new Packet.Tcp(40000, 80, Packet.Tcp.SYN));
    assertThat(p.udp()).isEmpty();
    assertThat(p.inport()).isEmpty();
    assertThat(p)
        .hasToString(
            "eth.src=0a:00:00:00:00:01 eth.dst=0a:00:00:00:00:02 ip4.src=10.0.0.1 ip4.dst=10.0.0.2"
                + " ip.ttl=64 tcp.src=40000 tcp.dst=80 tcp.flags=0x002");
  }

  @Test
  void factoriesCoverTheCommonPackets() {
    Packet udp6 = Packets.udp(A, B, IP6_A, IP6_B, 546, 547);
    assertThat(udp6.ethType()).isEqualTo(Packet.ETH_TYPE_IPV6);
    assertThat(udp6.udp()).contains(new Packet.Udp(546, 547));

    assertThat(Packets.icmpEcho(A, B, IP_A, IP_B).icmp()).contains(new Packet.Icmp(8, 0));
    assertThat(Packets.icmpEcho(A, B, IP6_A, IP6_B).icmp()).contains(new Packet.Icmp(128, 0));
    assertThat(Packets.icmpEcho(A, B, IP6_A, IP6_B).ip().get().proto())
        .isEqualTo(IpProtocol.ICMPV6);
    assertThat(Packets.icmpEchoReply(A, B, IP_A, IP_B).icmp()).contains(new Packet.Icmp(0, 0));

    Packet who = Packets.arpRequest(A, (Ipv4Address) IP_A, (Ipv4Address) IP_B);
    assertThat(who.ethDst()).isEqualTo(MacAddress.BROADCAST);
    assertThat(who.ethType()).isEqualTo(Packet.ETH_TYPE_ARP);
    assertThat(who.arp())
        .contains(
            new Packet.Arp(
                Packet.Arp.REQUEST, A, (Ipv4Address) IP_A, MacAddress.ZERO, (Ipv4Address) IP_B));
    Packet reply = Packets.arpReply(B, (Ipv4Address) IP_B, A, (Ipv4Address) IP_A);
    assertThat(reply.ethDst()).isEqualTo(A);
    assertThat(reply.arp().get().op()).isEqualTo(Packet.Arp.REPLY);

    assertThat(Packets.broadcast(A, 0x88cc).ethDst()).isEqualTo(MacAddress.BROADCAST);
    assertThat(Packets.ethernet(A, B, 0x88cc).ip()).isEmpty();
    assertThat(Packets.ipPacket(A, B, IP_A, IP_B, IpProtocol.valueOf(47)).l4()).isEmpty();
  }

  @Test
  void toStringReadsLikeTheMatchLanguage() {
    Packet p =
        Packets.udp(A, B, IP6_A, IP6_B, 5353, 53)
            .withInport("web1")
            .withOutport("db \"1\"")
            .withVlan(new Packet.Vlan(100, 3));
    assertThat(p)
        .hasToString(
            "inport=\"web1\" outport=\"db \\\"1\\\"\" eth.src=0a:00:00:00:00:01"
                + " eth.dst=0a:00:00:00:00:02 vlan.vid=100 vlan.pcp=3 ip6.src=2001:db8::1"
                + " ip6.dst=2001:db8::2 ip.ttl=64 udp.src=5353 udp.dst=53");
    assertThat(Packets.arpRequest(A, (Ipv4Address) IP_A, (Ipv4Address) IP_B))
        .hasToString(
            "eth.src=0a:00:00:00:00:01 eth.dst=ff:ff:ff:ff:ff:ff arp.op=1 arp.sha=0a:00:00:00:00:01"
                + " arp.spa=10.0.0.1 arp.tha=00:00:00:00:00:00 arp.tpa=10.0.0.2");
    assertThat(Packets.ethernet(A, B, 0x88cc))
        .hasToString("eth.src=0a:00:00:00:00:01 eth.dst=0a:00:00:00:00:02 eth.type=0x88cc");
    Packet gre =
        new Packet.Builder()
            .ethSrc(A)
            .ethDst(B)
            .ip(new Packet.Ip(IP_A, IP_B, IpProtocol.valueOf(47), 1, 46, 2))
            .build();
    assertThat(gre)
        .hasToString(
            "eth.src=0a:00:00:00:00:01 eth.dst=0a:00:00:00:00:02 ip4.src=10.0.0.1 ip4.dst=10.0.0.2"
                + " ip.proto=47 ip.ttl=1 ip.dscp=46 ip.ecn=2");
    assertThat(Packets.icmpEcho(A, B, IP6_A, IP6_B).toString())
        .endsWith("icmp6.type=128 icmp6.code=0");
  }

  @Test
  void rewritesChangeOneField() {
    Packet p = Packets.tcp(A, B, IP_A, IP_B, 40000, 80).withInport("web1");

    assertThat(p.withEthSrc(B).ethSrc()).isEqualTo(B);
    assertThat(p.withEthDst(A).ethDst()).isEqualTo(A);
    assertThat(p.withIpSrc(IP_B).ip().get().src()).isEqualTo(IP_B);
    assertThat(p.withIpDst(IP_A).ip().get().dst()).isEqualTo(IP_A);
    assertThat(p.withTtl(63).ip().get().ttl()).isEqualTo(63);
    assertThat(p.withL4Src(1).tcp()).contains(new Packet.Tcp(1, 80, Packet.Tcp.SYN));
    assertThat(p.withL4Dst(443).tcp()).contains(new Packet.Tcp(40000, 443, Packet.Tcp.SYN));
    assertThat(p.withOutport("db1").outport()).contains("db1");
    assertThat(p.withOutport("db1").withoutOutport()).isEqualTo(p);
    assertThat(p.withoutInport().inport()).isEmpty();
    assertThat(p.withVlan(Packet.Vlan.of(7)).withoutVlan()).isEqualTo(p);
    assertThat(Packets.udp(A, B, IP_A, IP_B, 1, 2).withL4Dst(3).udp())
        .contains(new Packet.Udp(1, 3));
    assertThat(p.withTtl(63)).isNotEqualTo(p).extracting(Packet::tcp).isEqualTo(p.tcp());
  }

  @Test
  void rewritesThatCannotApplySayWhy() {
    Packet echo = Packets.icmpEcho(A, B, IP_A, IP_B);
    Packet arp = Packets.arpRequest(A, (Ipv4Address) IP_A, (Ipv4Address) IP_B);

    assertThatThrownBy(() -> echo.withL4Dst(80)).hasMessageContaining("needs a TCP or UDP packet");
    assertThatThrownBy(() -> arp.withTtl(1)).hasMessageContaining("needs an IP packet");
    assertThatThrownBy(() -> echo.withIpSrc(IP6_A)).hasMessageContaining("same IP version");
    assertThatThrownBy(() -> echo.withTtl(256)).hasMessageContaining("TTL 256 not in 0..255");
    assertThatThrownBy(() -> Packets.tcp(A, B, IP_A, IP_B, 1, 65536))
        .hasMessageContaining("65536 not in 0..65535");
  }

  @Test
  void valuesAreEqualByContent() {
    Packet p = Packets.tcp(A, B, IP_A, IP_B, 40000, 80);
    Packet q = Packets.tcp(A, B, IP_A, IP_B, 40000, 80);

    assertThat(p).isEqualTo(q).hasSameHashCodeAs(q);
    assertThat(p).isNotEqualTo(Packets.tcp(A, B, IP_A, IP_B, 40000, 81));
    assertThat(new Packet.Builder().from(p).build()).isEqualTo(p);
  }

  @Test
  void headersMustAgreeWithEachOther() {
    Packet.Ip v4tcp = Packet.Ip.of(IP_A, IP_B, IpProtocol.TCP);
    Packet.Arp arp = new Packet.Arp(1, A, (Ipv4Address) IP_A, B, (Ipv4Address) IP_B);

    assertThatThrownBy(() -> new Packet.Builder().ethSrc(A).ethDst(B).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs an Ethernet type");
    assertThatThrownBy(() -> new Packet.Builder().ethSrc(A).ethDst(B).ip(v4tcp).build())
        .hasMessageContaining("needs its header");
    assertThatThrownBy(
            () ->
                new Packet.Builder().ethSrc(A).ethDst(B).ip(v4tcp).l4(new Packet.Udp(1, 2)).build())
        .hasMessageContaining("a UDP header over IPv4 needs IP protocol udp, not tcp");
    assertThatThrownBy(
            () ->
                new Packet.Builder()
                    .ethSrc(A)
                    .ethDst(B)
                    .ethType(0x88cc)
                    .l4(new Packet.Udp(1, 2))
                    .build())
        .hasMessageContaining("needs an IP header");
    assertThatThrownBy(() -> new Packet.Builder().ethSrc(A).ethDst(B).arp(arp).ip(v4tcp).build())
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () -> new Packet.Builder().ethSrc(A).ethDst(B).arp(arp).ethType(0x800).build())
        .hasMessageContaining("0x0806");
    assertThatThrownBy(() -> new Packet.Builder().ethSrc(A).ethDst(B).ethType(0x800).build())
        .hasMessageContaining("Ethernet type 0x800 needs an IP header");
    assertThatThrownBy(
            () ->
                new Packet.Builder()
                    .ethSrc(A)
                    .ethDst(B)
                    .ethType(0x86dd)
                    .ip(v4tcp)
                    .l4(new Packet.Tcp(1, 2, 0))
                    .build())
        .hasMessageContaining("does not match the IPv4 header");
    assertThatThrownBy(() -> Packets.ethernet(A, B, 0x10000))
        .hasMessageContaining("not in 0..0xffff");
    assertThatThrownBy(() -> Packets.ipPacket(A, B, IP_A, IP_B, IpProtocol.TCP))
        .hasMessageContaining("needs its header");
    assertThatThrownBy(() -> Packets.ethernet(A, B, 0x88cc).withInport(""))
        .hasMessageContaining("must not be empty");
  }

  @Test
  void headerFieldsAreRangeChecked() {
    assertThatThrownBy(() -> new Packet.Vlan(4096, 0)).hasMessageContaining("VLAN id 4096");
    assertThatThrownBy(() -> new Packet.Vlan(1, 8)).hasMessageContaining("VLAN priority 8");
    assertThatThrownBy(() -> new Packet.Ip(IP_A, IP6_B, IpProtocol.UDP, 64, 0, 0))
        .hasMessageContaining("same IP version");
    assertThatThrownBy(() -> new Packet.Ip(IP_A, IP_B, IpProtocol.UDP, 64, 64, 0))
        .hasMessageContaining("DSCP 64");
    assertThatThrownBy(() -> new Packet.Ip(IP_A, IP_B, IpProtocol.UDP, 64, 0, 4))
        .hasMessageContaining("ECN 4");
    assertThatThrownBy(() -> new Packet.Tcp(-1, 2, 0)).hasMessageContaining("TCP source port -1");
    assertThatThrownBy(() -> new Packet.Tcp(1, 2, 0x1000)).hasMessageContaining("TCP flags 0x1000");
    assertThatThrownBy(() -> new Packet.Udp(1, 70000))
        .hasMessageContaining("UDP destination port 70000");
    assertThatThrownBy(() -> new Packet.Icmp(256, 0)).hasMessageContaining("0..255");
    assertThatThrownBy(() -> new Packet.Arp(65536, A, (Ipv4Address) IP_A, B, (Ipv4Address) IP_B))
        .hasMessageContaining("ARP operation 65536");
  }
}
