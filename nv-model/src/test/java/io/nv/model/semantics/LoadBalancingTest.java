package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import static io.nv.model.semantics.Fixture.dropped;
import static io.nv.model.semantics.Fixture.punted;
import static io.nv.model.semantics.Fixture.replyTo;
import static io.nv.model.semantics.SemanticsTest.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.Direction;
import io.nv.model.addr.IpAddress;
import io.nv.model.lb.Backend;
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Load balancing: the contract's hash, weights, affinity, NAT reuse, un-NAT and hairpin. */
class LoadBalancingTest {
  private static final IpAddress VIP = IpAddress.parse("10.0.1.100");
  private static final IpAddress WEB1 = IpAddress.parse("10.0.1.11");
  private static final IpAddress WEB2 = IpAddress.parse("10.0.1.12");

  /** FNV-1a as the contract states it, written again here so the test checks the code. */
  private static int fnv(byte[] bytes) {
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    return h;
  }

  private static String expectedBackend(byte[] hashed, List<String> buckets) {
    return buckets.get((int) (Integer.toUnsignedLong(fnv(hashed)) % buckets.size()));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] port(int p) {
    return new byte[] {(byte) (p >>> 8), (byte) p};
  }

  private static Topology withLb(UnaryOperator<io.nv.model.lb.LoadBalancer.Builder> f) {
    return TestTopologies.editLoadBalancer(TestTopologies.threeTier(), "web-lb", f);
  }

  private static Topology withBackends(Backend... backends) {
    return withLb(
        lb -> {
          Vip http = lb.build().vips().get(0);
          return lb.vips(List.of(new Vip.Builder().from(http).backends(List.of(backends)).build()));
        });
  }

  private static String backendOf(Fixture f, Packet p) {
    return delivered(f.evaluate("app1", p)).ports().get(0);
  }

  @Test
  void fnv1aMatchesItsPublishedTestVectors() {
    assertThat(BackendSelection.fnv1a(new byte[0])).isEqualTo(0x811c9dc5);
    assertThat(BackendSelection.fnv1a("a".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe40c292c);
    assertThat(BackendSelection.fnv1a("foobar".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(0xbf9cf968);
  }

  @Test
  void theDefaultHashCoversAddressesAndPorts() {
    Fixture f = new Fixture(TestTopologies.threeTier());
    for (int sport = 40000; sport < 40064; sport++) {
      Packet p = SemanticsTest.toVip(f, sport);
      byte[] hashed = concat(f.ip("app1").toBytes(), VIP.toBytes(), port(sport), port(80));
      assertThat(backendOf(f, p)).isEqualTo(expectedBackend(hashed, List.of("web1", "web2")));
    }
  }

  @Test
  void weightsRepeatBackendsInTheBucketList() {
    Fixture f =
        new Fixture(withBackends(new Backend(WEB1, 80, 1, true), new Backend(WEB2, 80, 3, true)));
    int web2 = 0;
    for (int sport = 40000; sport < 40200; sport++) {
      byte[] hashed = concat(f.ip("app1").toBytes(), VIP.toBytes(), port(sport), port(80));
      String want = expectedBackend(hashed, List.of("web1", "web2", "web2", "web2"));
      String got = backendOf(f, SemanticsTest.toVip(f, sport));
      assertThat(got).isEqualTo(want);
      web2 += got.equals("web2") ? 1 : 0;
    }
    assertThat(web2).isBetween(120, 180);
  }

  @Test
  void downBackendsLeaveTheBucketList() {
    Fixture f =
        new Fixture(
            withBackends(
                new Backend(WEB1, 80, 2, false), new Backend(WEB2, 80, 1, true)));
    for (int sport = 40000; sport < 40050; sport++) {
      assertThat(backendOf(f, SemanticsTest.toVip(f, sport))).isEqualTo("web2");
    }
  }

  @Test
  void affinityHashesTheSourceAddressOnly() {
    Fixture f = new Fixture(withLb(lb -> lb.affinityTimeout(60)));
    String want = expectedBackend(f.ip("app1").toBytes(), List.of("web1", "web2"));
    for (int sport = 40000; sport < 40050; sport++) {
      assertThat(backendOf(f, SemanticsTest.toVip(f, sport))).isEqualTo(want);
    }
  }

  @Test
  void selectionFieldsAreHashedInTheContractsOrder() {
    Fixture f =
        new Fixture(
            withLb(lb -> lb.selectionFields(List.of(SelectionField.TP_SRC, SelectionField.ETH_SRC))));
    for (int sport = 40000; sport < 40050; sport++) {
      byte[] hashed = concat(f.mac("app1").toBytes(), port(sport));
      assertThat(backendOf(f, SemanticsTest.toVip(f, sport)))
          .isEqualTo(expectedBackend(hashed, List.of("web1", "web2")));
    }
  }

  @Test
  void laterPacketsOfAConnectionKeepTheirBackend() {
    Fixture both = new Fixture(TestTopologies.threeTier());
    int sport = 40000;
    while (!backendOf(both, SemanticsTest.toVip(both, sport)).equals("web2")) {
      sport++;
    }
    Evaluation syn = both.evaluate("app1", SemanticsTest.toVip(both, sport));
    // web2 goes down, yet the open connection stays with it.
    Fixture down =
        new Fixture(withBackends(Backend.of(WEB1, 80), Backend.of(WEB2, 80).withHealthy(false)));
    Packet ack =
        Packets.tcp(
            down.mac("app1"), down.routerMac("r1-app"), down.ip("app1"), VIP, sport, 80, Packet.Tcp.ACK);
    assertThat(delivered(down.evaluate("app1", ack, syn.table())).ports()).containsExactly("web2");
    assertThat(delivered(down.evaluate("app1", ack)).ports()).containsExactly("web1");
  }

  @Test
  void trafficFromARouterIsNotLoadBalanced() {
    // Attached to web only, the VIP is not translated for app1's packets, which arrive at web
    // from the router; the router finds no port with the VIP's address.
    Fixture f = new Fixture(withLb(lb -> lb.switches(List.of("web"))));
    Evaluation e = f.evaluate("app1", SemanticsTest.toVip(f, 40000));
    assertThat(e.verdict()).isEqualTo(punted("arp-request", "router r1 / port r1-web / arp-resolve"));
  }

  @Test
  void hairpinComesBackToTheClientFromTheVipOrTheHairpinAddress() {
    hairpin(new Fixture(TestTopologies.threeTier()), VIP);
    IpAddress snat = IpAddress.parse("172.16.255.254");
    hairpin(new Fixture(withLb(lb -> lb.hairpinAddress(snat))), snat);
  }

  private static void hairpin(Fixture f, IpAddress expectedSource) {
    int sport = 40000;
    Packet p;
    while (true) {
      p = Packets.tcp(f.mac("web1"), f.routerMac("r1-web"), WEB1, VIP, sport, 80);
      Evaluation e = f.evaluate("web1", p);
      if (delivered(e).ports().equals(List.of("web1"))) {
        Packet in = delivered(e).outputs().get(0).packet();
        assertThat(in.ip().orElseThrow().src()).isEqualTo(expectedSource);
        assertThat(in.ip().orElseThrow().dst()).isEqualTo(WEB1);
        assertThat(in.tcp().orElseThrow().src()).isEqualTo(sport);
        assertThat(in.ethSrc()).isEqualTo(f.routerMac("r1-web"));
        assertThat(in.ethDst()).isEqualTo(f.mac("web1"));

        Evaluation back = f.evaluate("web1", replyTo(in), e.table());
        Packet answer = delivered(back).outputs().get(0).packet();
        assertThat(delivered(back).ports()).containsExactly("web1");
        assertThat(answer.ip().orElseThrow().src()).isEqualTo(VIP);
        assertThat(answer.tcp().orElseThrow().src()).isEqualTo(80);
        assertThat(answer.ip().orElseThrow().dst()).isEqualTo(WEB1);
        assertThat(answer.tcp().orElseThrow().dst()).isEqualTo(sport);
        return;
      }
      sport++;
    }
  }

  @Test
  void aHairpinnedPacketMeetsTheClientsToPortRulesAndCommitsNothingThere() {
    Fixture open = new Fixture(TestTopologies.threeTier());
    int sport = 40000;
    while (!delivered(open.evaluate("web1", toVipFromWeb1(open, sport))).ports().equals(List.of("web1"))) {
      sport++;
    }
    // Back at web1's egress the packet is a forward packet of the connection its ingress recorded
    // (no reply): the rules decide, and a passing one adds no connection to the load balancer's.
    Evaluation allowed = open.evaluate("web1", toVipFromWeb1(open, sport));
    assertThat(allowed.explain()).contains("conntrack: zone web1: packet of");
    assertThat(allowed.table().inZone("web1")).singleElement().matches(Connection::isHairpin);

    AclRule noHairpin =
        new AclRule.Builder()
            .id("no-hairpin")
            .direction(Direction.TO_PORT)
            .priority(2000)
            .match("ip4.src == 10.0.1.100 && outport == \"web1\"")
            .action(AclAction.DROP)
            .build();
    Fixture guarded =
        new Fixture(TestTopologies.editSwitch(TestTopologies.threeTier(), "web", s -> s.addAcl(noHairpin)));
    assertThat(guarded.evaluate("web1", toVipFromWeb1(guarded, sport)).verdict())
        .isEqualTo(dropped("switch web / acl no-hairpin"));
  }

  private static Packet toVipFromWeb1(Fixture f, int sport) {
    return Packets.tcp(f.mac("web1"), f.routerMac("r1-web"), WEB1, VIP, sport, 80);
  }
}
