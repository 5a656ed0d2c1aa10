package io.nv.model.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import org.junit.jupiter.api.Test;

class MicroflowTest {
  static final MacAddress SRC = MacAddress.parse("0a:00:00:01:00:11");
  static final MacAddress DST = MacAddress.parse("0a:00:00:01:00:01");
  static final IpAddress SRC_IP = IpAddress.parse("10.0.1.11");

  @Test
  void tcpMicroflowFillsDefaults() {
    Microflow m = Microflow.parse("inport == \"web1\" && ip4.dst == 10.0.2.21 && tcp.dst == 8080").get();
    Packet p = m.toPacket(SRC, DST, SRC_IP);
    assertThat(p.inport()).contains("web1");
    assertThat(p.ethSrc()).isEqualTo(SRC);
    assertThat(p.ip().orElseThrow().dst()).isEqualTo(IpAddress.parse("10.0.2.21"));
    assertThat(p.tcp().orElseThrow().dst()).isEqualTo(8080);
    assertThat(p.tcp().orElseThrow().flags()).isEqualTo(Packet.Tcp.SYN);
    assertThat(p.ip().orElseThrow().ttl()).isEqualTo(64);
  }

  @Test
  void givenValuesWin() {
    Packet p = Microflow.parse("eth.src == 0a:00:00:00:00:99 && ip4.src == 10.0.1.99 && ip4.dst == 10.0.1.12 && udp.dst == 53 && ip.ttl == 1")
        .get().toPacket(SRC, DST, SRC_IP);
    assertThat(p.ethSrc()).isEqualTo(MacAddress.parse("0a:00:00:00:00:99"));
    assertThat(p.ip().orElseThrow().src()).isEqualTo(IpAddress.parse("10.0.1.99"));
    assertThat(p.udp().orElseThrow().dst()).isEqualTo(53);
    assertThat(p.ip().orElseThrow().ttl()).isEqualTo(1);
  }

  @Test
  void arpRequest() {
    Packet p = Microflow.parse("arp && arp.tpa == 10.0.1.12").get().toPacket(SRC, MacAddress.BROADCAST, SRC_IP);
    assertThat(p.arp().orElseThrow().tpa().toString()).isEqualTo("10.0.1.12");
    assertThat(p.arp().orElseThrow().op()).isEqualTo(Packet.Arp.REQUEST);
  }

  @Test
  void nonExactExpressionsAreTypedErrors() {
    assertThat(Microflow.parse("tcp.dst == {80, 443}").isLeft()).isTrue();
    assertThat(Microflow.parse("ip4.dst == 10.0.0.0/8").isLeft()).isTrue();
    assertThat(Microflow.parse("tcp.dst == 80 || udp.dst == 53").isLeft()).isTrue();
    assertThat(Microflow.parse("tcp.dst == 80 && tcp.dst == 81").isLeft()).isTrue();
    assertThat(Microflow.parse("tcp.dst == (").getLeft().column()).isGreaterThan(1);
  }
}
