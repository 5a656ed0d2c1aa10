package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import static io.nv.model.semantics.Fixture.dropped;
import static io.nv.model.semantics.Fixture.punted;
import static io.nv.model.semantics.SemanticsTest.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import org.junit.jupiter.api.Test;

/** Connected routing on the three-tier topology: every router step and cause. */
class RouterTest {
  private final Fixture acme = new Fixture(TestTopologies.threeTier());

  private Packet viaRouter(IpAddress dst) {
    return Packets.tcp(acme.mac("web1"), acme.routerMac("r1-web"), acme.ip("web1"), dst, 40000, 8080);
  }

  @Test
  void routedPacketsHaveTheirTtlDecrementedAndMacsRewritten() {
    Packet sent = viaRouter(acme.ip("app1")).withTtl(2);
    Packet out = delivered(acme.evaluate("web1", sent)).outputs().get(0).packet();
    Packet expected =
        sent.withTtl(1).withEthSrc(acme.routerMac("r1-app")).withEthDst(acme.mac("app1"));
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void ttlOfOneOrLessIsPunted() {
    for (int ttl : new int[] {0, 1}) {
      Evaluation e = acme.evaluate("web1", viaRouter(acme.ip("app1")).withTtl(ttl));
      assertThat(e.verdict()).isEqualTo(punted("icmp-time-exceeded", "router r1 / ttl"));
      assertThat(e.verdict().toString())
          .isEqualTo("verdict: punted (icmp-time-exceeded) by router r1 / ttl");
    }
  }

  @Test
  void echoRequestsToRouterAddressesAreAnswered() {
    Packet ping =
        Packets.icmpEcho(
            acme.mac("web1"), acme.routerMac("r1-web"), acme.ip("web1"), IpAddress.parse("10.0.3.1"));
    Evaluation e = acme.evaluate("web1", ping.withTtl(1));
    assertThat(e.verdict()).isInstanceOf(Verdict.Replied.class);
    Verdict.Replied r = (Verdict.Replied) e.verdict();
    assertThat(r.by()).isEqualTo(ModelPath.parse("router r1 / port r1-db / icmp-echo"));
    Packet expected =
        new Packet.Builder()
            .ethSrc(acme.routerMac("r1-web"))
            .ethDst(acme.mac("web1"))
            .ip(new Packet.Ip(IpAddress.parse("10.0.3.1"), acme.ip("web1"), IpProtocol.ICMP, 255, 0, 0))
            .l4(new Packet.Icmp(Packet.Icmp.ECHO_REPLY_V4, 0))
            .build();
    assertThat(r.reply()).isEqualTo(expected);
  }

  @Test
  void otherTrafficToTheRouterIsLocal() {
    Evaluation e = acme.evaluate("web1", viaRouter(IpAddress.parse("10.0.1.1")));
    assertThat(e.verdict()).isEqualTo(dropped("router r1 / port r1-web / local"));
  }

  @Test
  void nonIpFramesToTheRouterAreDropped() {
    Packet lldp = Packets.ethernet(acme.mac("web1"), acme.routerMac("r1-web"), 0x88cc);
    assertThat(acme.evaluate("web1", lldp).verdict()).isEqualTo(dropped("router r1 / non-ip"));
    Packet arpReply =
        Packets.arpReply(
            acme.mac("web1"),
            (Ipv4Address) acme.ip("web1"),
            acme.routerMac("r1-web"),
            Ipv4Address.parse("10.0.1.1"));
    assertThat(acme.evaluate("web1", arpReply).verdict()).isEqualTo(dropped("router r1 / non-ip"));
  }

  @Test
  void destinationsOutsideConnectedSubnetsHaveNoRoute() {
    Evaluation e = acme.evaluate("web1", viaRouter(IpAddress.parse("192.168.9.9")));
    assertThat(e.verdict()).isEqualTo(dropped("router r1 / no-route"));
  }

  @Test
  void unknownNextHopsArePuntedForArp() {
    Evaluation e = acme.evaluate("web1", viaRouter(IpAddress.parse("10.0.2.99")));
    assertThat(e.verdict()).isEqualTo(punted("arp-request", "router r1 / port r1-app / arp-resolve"));
  }

  @Test
  void staticRoutesSendToTheirNextHop() {
    Fixture routed =
        new Fixture(
            TestTopologies.editRouter(
                // app1 forwards what is not addressed to it: no port security.
                TestTopologies.editPort(TestTopologies.threeTier(), "app1", q -> q.portSecurity(false)),
                "r1",
                r ->
                    r.addRoute(
                        new io.nv.model.l3.StaticRoute.Builder()
                            .id("far")
                            .prefix(io.nv.model.addr.IpPrefix.parse("192.168.9.0/24"))
                            .nextHop(IpAddress.parse("10.0.2.21"))
                            .build())));
    Packet p =
        Packets.tcp(
            routed.mac("web1"),
            routed.routerMac("r1-web"),
            routed.ip("web1"),
            IpAddress.parse("192.168.9.9"),
            1,
            8080);
    Verdict.Delivered d = delivered(routed.evaluate("web1", p));
    // app1 is the next hop: the packet goes to its MAC with the far destination unchanged.
    assertThat(d.ports()).containsExactly("app1");
    assertThat(d.outputs().get(0).packet().ethDst()).isEqualTo(routed.mac("app1"));
    assertThat(d.outputs().get(0).packet().ip().orElseThrow().dst())
        .isEqualTo(IpAddress.parse("192.168.9.9"));
  }

  @Test
  void moreDatapathHopsThanTheLimitIsALoop() {
    Semantics twoHops = Semantics.of(TestTopologies.threeTier(), 2);
    Evaluation e = twoHops.evaluate("web1", viaRouter(acme.ip("app1")));
    assertThat(e.verdict()).isEqualTo(dropped("topology / loop"));
    assertThat(Semantics.of(TestTopologies.threeTier(), 3).evaluate("web1", viaRouter(acme.ip("app1"))).verdict())
        .isInstanceOf(Verdict.Delivered.class);
  }
}
