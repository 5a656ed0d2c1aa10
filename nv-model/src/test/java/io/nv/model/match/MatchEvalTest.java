package io.nv.model.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatchEvalTest {
  private static final MacAddress WEB1_MAC = MacAddress.parse("0a:00:00:00:00:11");
  private static final MacAddress DB1_MAC = MacAddress.parse("0a:00:00:00:00:21");
  private static final IpAddress WEB1 = IpAddress.parse("10.0.1.11");
  private static final IpAddress DB1 = IpAddress.parse("10.0.2.21");
  private static final MatchContext CTX =
      MatchContext.of(
          Map.of(
              "web_ip4", List.of(IpPrefix.parse("10.0.1.11/32"), IpPrefix.parse("10.0.1.12/32")),
              "none", List.of()),
          Map.of("web", List.of("web1", "web2"), "db", List.of("db1")));

  private static Packet tcp(int dstPort) {
    return Packets.tcp(WEB1_MAC, DB1_MAC, WEB1, DB1, 40000, dstPort).withInport("web1");
  }

  private static Packet udp(int dstPort) {
    return Packets.udp(WEB1_MAC, DB1_MAC, WEB1, DB1, 40000, dstPort).withInport("web1");
  }

  private static final Packet ARP =
      Packets.arpRequest(WEB1_MAC, (Ipv4Address) WEB1, Ipv4Address.parse("10.0.1.1"));

  private static boolean eval(String match, Packet p) {
    return Match.parse(match).matches(p, CTX);
  }

  @Test
  void aclFromTheWebTierToTheDatabasePort() {
    String acl = "ip4.src == $web_ip4 && tcp.dst == 8080";

    assertThat(eval(acl, tcp(8080))).isTrue();
    assertThat(eval(acl, tcp(80))).isFalse();
    assertThat(eval(acl, udp(8080))).isFalse();
    assertThat(eval(acl, tcp(8080).withIpSrc(IpAddress.parse("10.0.1.13")))).isFalse();
  }

  @Test
  void aclToAPortGroup() {
    String acl = "outport == @db && ip";

    assertThat(eval(acl, tcp(80).withOutport("db1"))).isTrue();
    assertThat(eval(acl, tcp(80).withOutport("web2"))).isFalse();
    assertThat(eval(acl, tcp(80))).as("no outport chosen yet").isFalse();
    assertThat(eval(acl, ARP.withOutport("db1"))).as("not IP").isFalse();
  }

  @Test
  void inequalityAndNegationKeepThePrerequisite() {
    for (String m : List.of("tcp.dst != 80", "!(tcp.dst == 80)")) {
      assertThat(eval(m, tcp(443))).as(m).isTrue();
      assertThat(eval(m, tcp(80))).as(m).isFalse();
      assertThat(eval(m, udp(443))).as(m + " on UDP").isFalse();
      assertThat(eval(m, ARP)).as(m + " on ARP").isFalse();
    }
  }

  @Test
  void negationReachesEachComparisonWithItsOwnPrerequisite() {
    // !(tcp.dst == 80 && ip4.src == 10.0.1.11) is (tcp && tcp.dst != 80) || (ip4 && ip4.src !=
    // 10.0.1.11)
    String m = "!(tcp.dst == 80 && ip4.src == 10.0.1.11)";

    assertThat(eval(m, tcp(80))).isFalse();
    assertThat(eval(m, tcp(443))).isTrue();
    assertThat(eval(m, udp(80).withIpSrc(IpAddress.parse("10.0.1.12")))).isTrue();
    assertThat(eval(m, udp(80))).isFalse();
    assertThat(eval(m, ARP)).isFalse();
  }

  @Test
  void setsMatchAnyWithEqualsAndNoneWithNotEquals() {
    assertThat(eval("tcp.dst == {80, 443}", tcp(443))).isTrue();
    assertThat(eval("tcp.dst == {80, 443}", tcp(22))).isFalse();
    assertThat(eval("tcp.dst != {80, 443}", tcp(22))).isTrue();
    assertThat(eval("tcp.dst != {80, 443}", tcp(80))).isFalse();
    assertThat(eval("ip.ttl == {0, 1}", tcp(80).withTtl(1))).isTrue();
    assertThat(eval("ip.ttl == {0, 1}", tcp(80))).isFalse();
  }

  @Test
  void emptyAddressSetsMatchNothingWithEqualsAndEveryIpPacketWithNotEquals() {
    assertThat(eval("ip4.src == $none", tcp(80))).isFalse();
    assertThat(eval("ip4.src != $none", tcp(80))).isTrue();
    assertThat(eval("ip4.src != $none", ARP)).isFalse();
  }

  @Test
  void rangesAndMasks() {
    String ephemeral = "tcp.dst >= 1024 && tcp.dst <= 49151";
    assertThat(eval(ephemeral, tcp(8080))).isTrue();
    assertThat(eval(ephemeral, tcp(80))).isFalse();
    assertThat(eval("tcp.dst < 1024", tcp(1023))).isTrue();
    assertThat(eval("tcp.dst > 1024", tcp(1024))).isFalse();
    assertThat(eval("tcp.flags == 0x2/0x12", tcp(80))).as("SYN").isTrue();
    Packet synAck =
        Packets.tcp(WEB1_MAC, DB1_MAC, WEB1, DB1, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK);
    assertThat(eval("tcp.flags == 0x2/0x12", synAck)).as("SYN+ACK").isFalse();
    assertThat(eval("ip4.dst == 0.0.0.21/0.0.0.255", tcp(80))).isTrue();
    assertThat(eval("ip4.dst == 0.0.0.22/0.0.0.255", tcp(80))).isFalse();
    assertThat(eval("ip4.dst == 10.0.0.0/16", tcp(80))).isTrue();
    assertThat(eval("ip4.dst == 10.0.2.0/24 && ip4.src != 10.0.2.0/24", tcp(80))).isTrue();
  }

  @Test
  void ethernetPredicatesAndMasks() {
    assertThat(eval("eth.bcast", ARP)).isTrue();
    assertThat(eval("eth.mcast", ARP)).isTrue();
    assertThat(eval("!eth.mcast", tcp(80))).isTrue();
    assertThat(eval("eth.dst == 01:00:00:00:00:00/01:00:00:00:00:00", ARP)).isTrue();
    assertThat(eval("eth.src == 0a:00:00:00:00:11 && eth.dst == 0a:00:00:00:00:21", tcp(80)))
        .isTrue();
    assertThat(eval("eth.type == 0x800", tcp(80))).isTrue();
    assertThat(eval("eth.type == 0x806", ARP)).isTrue();
  }

  @Test
  void vlanFieldsNeedATag() {
    Packet tagged = tcp(80).withVlan(new Packet.Vlan(100, 5));

    assertThat(eval("vlan.present && vlan.vid == 100 && vlan.pcp == 5", tagged)).isTrue();
    assertThat(eval("vlan.vid == 100", tcp(80))).isFalse();
    assertThat(eval("vlan.vid != 100", tcp(80))).as("untagged has no vid").isFalse();
    assertThat(eval("!vlan.present", tcp(80))).isTrue();
  }

  @Test
  void protocolPredicates() {
    Packet echo4 = Packets.icmpEcho(WEB1_MAC, DB1_MAC, WEB1, DB1);
    Packet echo6 =
        Packets.icmpEcho(
            WEB1_MAC, DB1_MAC, IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:db8::2"));

    assertThat(eval("ip && ip4 && tcp", tcp(80))).isTrue();
    assertThat(eval("ip", ARP)).isFalse();
    assertThat(eval("arp && arp.op == 1 && arp.tpa == 10.0.1.1 && arp.spa == 10.0.1.11", ARP))
        .isTrue();
    assertThat(eval("arp.tha == 00:00:00:00:00:00 && arp.sha == 0a:00:00:00:00:11", ARP)).isTrue();
    assertThat(eval("icmp && icmp4 && icmp4.type == 8 && icmp4.code == 0", echo4)).isTrue();
    assertThat(eval("icmp && icmp6 && icmp6.type == 128", echo6)).isTrue();
    assertThat(eval("icmp4", echo6)).isFalse();
    assertThat(eval("ip6 && ip6.src == 2001:db8::/64 && ip.ttl == 64", echo6)).isTrue();
    assertThat(eval("ip.proto == 1 && ip.dscp == 0 && ip.ecn == 0", echo4)).isTrue();
    assertThat(eval("udp && udp.src == 40000 && udp.dst == 53", udp(53))).isTrue();
  }

  @Test
  void portNamesAndGroups() {
    assertThat(eval("inport == \"web1\"", tcp(80))).isTrue();
    assertThat(eval("inport == \"web2\"", tcp(80))).isFalse();
    assertThat(eval("inport == @web", tcp(80))).isTrue();
    assertThat(eval("inport == {@db, \"web1\"}", tcp(80))).isTrue();
    assertThat(eval("inport == \"web1\"", tcp(80).withoutInport())).isFalse();
  }

  @Test
  void oneAndZero() {
    assertThat(eval("1", ARP)).isTrue();
    assertThat(eval("0", ARP)).isFalse();
    assertThat(eval("!0", ARP)).isTrue();
  }

  @Test
  void undefinedReferencesAreTheCallersMistake() {
    assertThatThrownBy(() -> Match.parse("ip4.src == $nope").matches(tcp(80), CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$nope");
    assertThatThrownBy(() -> Match.parse("inport == @nope").matches(tcp(80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@nope");
  }
}
