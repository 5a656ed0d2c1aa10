package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.packet.Packet;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import org.junit.jupiter.api.Test;

/** Laws of {@link Packet}'s builder, rewrites and text over packets of every kind. */
class PacketProperties {
  private static final int TRIES = 2000;

  private static <T> Property<T> forAll(Gen<T> gen) {
    return Property.forAll(gen).tries(TRIES);
  }

  /** Two packets and a TTL. */
  record Rewrite(Packet p, Packet q, int ttl) {}

  @Test
  void builderFromRebuildsAnEqualPacket() {
    forAll(PacketGens.anyPackets())
        .check(
            p -> {
              Packet copy = new Packet.Builder().from(p).build();
              assertThat(copy).isEqualTo(p).hasSameHashCodeAs(p).hasToString(p.toString());
            });
  }

  @Test
  void rewritesChangeOnlyTheirField() {
    Gen<Packet> packets = PacketGens.anyPackets();
    forAll(Gens.zip(packets, packets, Gens.integers(0, 255), Rewrite::new))
        .check(
            w -> {
              Packet p = w.p();
              Packet q = w.q();
              assertThat(p.withEthSrc(q.ethSrc()).withEthSrc(p.ethSrc())).isEqualTo(p);
              assertThat(p.withEthDst(q.ethDst()).ethDst()).isEqualTo(q.ethDst());
              assertThat(p.withOutport("x").withoutOutport()).isEqualTo(p.withoutOutport());
              if (p.ip().isPresent()) {
                Packet.Ip ip = p.ip().get();
                assertThat(p.withTtl(w.ttl()).withTtl(ip.ttl())).isEqualTo(p);
                assertThat(p.withIpSrc(ip.dst()).withIpDst(ip.src()).ip().get().src())
                    .isEqualTo(ip.dst());
                assertThat(p.withTtl(w.ttl()).l4()).isEqualTo(p.l4());
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
    forAll(PacketGens.anyPackets())
        .check(
            p -> {
              String s = p.toString();
              assertThat(s).contains("eth.src=" + p.ethSrc()).contains("eth.dst=" + p.ethDst());
              p.inport().ifPresent(i -> assertThat(s).contains("inport=\"" + i + "\""));
              p.vlan().ifPresent(v -> assertThat(s).contains("vlan.vid=" + v.vid()));
              p.arp().ifPresent(a -> assertThat(s).contains("arp.tpa=" + a.tpa()));
              p.ip()
                  .ifPresent(
                      ip -> assertThat(s).contains("ip" + ip.version() + ".dst=" + ip.dst()));
              p.tcp().ifPresent(t -> assertThat(s).contains("tcp.dst=" + t.dst()));
              p.udp().ifPresent(u -> assertThat(s).contains("udp.dst=" + u.dst()));
              p.icmp().ifPresent(i -> assertThat(s).contains(".type=" + i.type()));
            });
  }
}
