package io.nv.model.packet;

import static io.nv.model.packet.SeededRuns.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PacketProperties {

  @Test
  void builderFromRebuildsAnEqualPacket() {
    forAll(
        2000,
        seed -> {
          Packet p = PacketGenerators.randomPacket(new SplittableRandom(seed));
          Packet copy = new Packet.Builder().from(p).build();
          assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p).hasToString(p.toString());
        });
  }

  @Test
  void rewritesChangeOnlyTheirField() {
    forAll(
        2000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Packet p = PacketGenerators.randomPacket(r);
          Packet q = PacketGenerators.randomPacket(r);
          assertThat(p.withEthSrc(q.ethSrc()).withEthSrc(p.ethSrc())).isEqualTo(p);
          assertThat(p.withEthDst(q.ethDst()).ethDst()).isEqualTo(q.ethDst());
          assertThat(p.withOutport("x").withoutOutport()).isEqualTo(p.withoutOutport());
          if (p.ip().isPresent()) {
            Packet.Ip ip = p.ip().get();
            int ttl = r.nextInt(256);
            assertThat(p.withTtl(ttl).withTtl(ip.ttl())).isEqualTo(p);
            assertThat(p.withIpSrc(ip.dst()).withIpDst(ip.src()).ip().get().src())
                .isEqualTo(ip.dst());
            assertThat(p.withTtl(ttl).l4()).isEqualTo(p.l4());
          }
          if (p.tcp().isPresent() || p.udp().isPresent()) {
            Packet moved = p.withL4Dst(7).withL4Src(9);
            assertThat(moved.toString()).contains(".src=9 ").containsPattern("\\.dst=7( |$)");
            assertThat(moved.ip()).isEqualTo(p.ip());
          }
        });
  }

  @Test
  void toStringNamesEveryHeader() {
    forAll(
        2000,
        seed -> {
          Packet p = PacketGenerators.randomPacket(new SplittableRandom(seed));
          String s = p.toString();
          assertThat(s).contains("eth.src=" + p.ethSrc()).contains("eth.dst=" + p.ethDst());
          p.inport().ifPresent(i -> assertThat(s).contains("inport=\"" + i + "\""));
          p.vlan().ifPresent(v -> assertThat(s).contains("vlan.vid=" + v.vid()));
          p.arp().ifPresent(a -> assertThat(s).contains("arp.tpa=" + a.tpa()));
          p.ip().ifPresent(ip -> assertThat(s).contains("ip" + ip.version() + ".dst=" + ip.dst()));
          p.tcp().ifPresent(t -> assertThat(s).contains("tcp.dst=" + t.dst()));
          p.udp().ifPresent(u -> assertThat(s).contains("udp.dst=" + u.dst()));
          p.icmp().ifPresent(i -> assertThat(s).contains(".type=" + i.type()));
        });
  }
}
