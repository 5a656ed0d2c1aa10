package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import static io.nv.model.semantics.Fixture.dropped;
import static io.nv.model.semantics.Fixture.replyTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The expectations on the three-tier, flat and two-tenant topologies. */
class SemanticsTest {
  private final Fixture acme = new Fixture(TestTopologies.threeTier());

  static Verdict.Delivered delivered(Evaluation e) {
    assertThat(e.verdict()).as(e.explain()).isInstanceOf(Verdict.Delivered.class);
    return (Verdict.Delivered) e.verdict();
  }

  @Test
  void webReachesAppOn8080ThroughTheRouter() {
    Packet syn = acme.tcp("web1", acme.routerMac("r1-web"), "app1", 40000, 8080);
    Evaluation e = acme.evaluate("web1", syn);

    Verdict.Delivered d = delivered(e);
    assertThat(d.ports()).containsExactly("app1");
    assertThat(d.toString()).isEqualTo("verdict: delivered to app1");
    Packet out = d.outputs().get(0).packet();
    assertThat(out.ethSrc()).isEqualTo(acme.routerMac("r1-app"));
    assertThat(out.ethDst()).isEqualTo(acme.mac("app1"));
    assertThat(out.ip().orElseThrow().ttl()).isEqualTo(63);
    assertThat(out.ip().orElseThrow().src()).isEqualTo(acme.ip("web1"));
    assertThat(out.tcp().orElseThrow().dst()).isEqualTo(8080);
    assertThat(out.inport()).isEmpty();
  }

  @Test
  void webToDbIsDroppedByTheDbGroupsDefaultDeny() {
    Packet syn = acme.tcp("web1", acme.routerMac("r1-web"), "db1", 40000, 5432);
    Evaluation e = acme.evaluate("web1", syn);
    assertThat(e.verdict()).as(e.explain()).isEqualTo(dropped("port-group db / default-deny"));
    assertThat(e.verdict().toString()).isEqualTo("verdict: dropped by port-group db / default-deny");
  }

  @Test
  void appReachesDbAndTheReplyComesBackButDbCannotOpenToApp() {
    Packet syn = acme.tcp("app1", acme.routerMac("r1-app"), "db1", 40000, 5432);
    Evaluation forward = acme.evaluate("app1", syn);
    Verdict.Delivered d = delivered(forward);
    assertThat(d.ports()).containsExactly("db1");

    Packet reply = replyTo(d.outputs().get(0).packet());
    assertThat(reply.ethDst()).isEqualTo(acme.routerMac("r1-db"));
    Evaluation back = acme.evaluate("db1", reply, forward.table());
    assertThat(delivered(back).ports()).containsExactly("app1");
    assertThat(delivered(back).outputs().get(0).packet().ip().orElseThrow().src())
        .isEqualTo(acme.ip("db1"));

    Packet open = acme.tcp("db1", acme.routerMac("r1-db"), "app1", 41000, 5432);
    Evaluation e = acme.evaluate("db1", open, back.table());
    assertThat(e.verdict()).as(e.explain()).isEqualTo(dropped("port-group app / default-deny"));
  }

  @Test
  void webToWebAllowsHttpOnly() {
    assertThat(delivered(acme.evaluate("web1", acme.tcp("web1", "web2", 40000, 80))).ports())
        .containsExactly("web2");
    Evaluation ssh = acme.evaluate("web1", acme.tcp("web1", "web2", 40000, 22));
    assertThat(ssh.verdict()).as(ssh.explain()).isEqualTo(dropped("port-group web / default-deny"));
  }

  @Test
  void spoofedSourceIsDroppedByPortSecurity() {
    Packet spoofed =
        Packets.tcp(
            acme.mac("web1"),
            acme.mac("web2"),
            IpAddress.parse("10.0.1.99"),
            acme.ip("web2"),
            40000,
            80);
    Evaluation e = acme.evaluate("web1", spoofed);
    assertThat(e.verdict()).as(e.explain()).isEqualTo(dropped("port web1 / port-security"));
  }

  @Test
  void arpForANeighbourIsAnsweredByTheResponder() {
    Packet who =
        Packets.arpRequest(
            acme.mac("web1"), Ipv4Address.parse("10.0.1.11"), Ipv4Address.parse("10.0.1.12"));
    Evaluation e = acme.evaluate("web1", who);

    assertThat(e.verdict()).as(e.explain()).isInstanceOf(Verdict.Replied.class);
    Verdict.Replied r = (Verdict.Replied) e.verdict();
    assertThat(r.by()).isEqualTo(ModelPath.parse("switch web / arp-responder"));
    assertThat(r.toString()).isEqualTo("verdict: replied by switch web / arp-responder");
    Packet.Arp arp = r.reply().arp().orElseThrow();
    assertThat(arp.op()).isEqualTo(Packet.Arp.REPLY);
    assertThat(arp.sha()).isEqualTo(acme.mac("web2"));
    assertThat(arp.spa()).isEqualTo(Ipv4Address.parse("10.0.1.12"));
    assertThat(arp.tha()).isEqualTo(acme.mac("web1"));
    assertThat(arp.tpa()).isEqualTo(Ipv4Address.parse("10.0.1.11"));
    assertThat(r.reply().ethSrc()).isEqualTo(acme.mac("web2"));
    assertThat(r.reply().ethDst()).isEqualTo(acme.mac("web1"));
  }

  @Test
  void broadcastOnAFlatNetworkReachesEveryOtherPort() {
    Fixture flat = new Fixture(TestTopologies.flat());
    Packet bcast =
        Packets.udp(
            flat.mac("vm1"),
            MacAddress.BROADCAST,
            flat.ip("vm1"),
            IpAddress.parse("10.1.255.255"),
            5000,
            5000);
    Evaluation e = flat.evaluate("vm1", bcast);
    assertThat(delivered(e).ports()).containsExactly("vm2", "vm3");
    assertThat(delivered(e).outputs()).allMatch(o -> o.packet().equals(bcast));
  }

  @Test
  void vipFromAppReachesOneWebBackend() {
    Set<String> chosen = new HashSet<>();
    for (int port = 40000; port < 40100; port++) {
      Evaluation e = acme.evaluate("app1", toVip(acme, port));
      Verdict.Delivered d = delivered(e);
      assertThat(d.ports()).hasSize(1);
      String backend = d.ports().get(0);
      assertThat(backend).isIn("web1", "web2");
      Packet out = d.outputs().get(0).packet();
      assertThat(out.ip().orElseThrow().dst()).isEqualTo(acme.ip(backend));
      assertThat(out.tcp().orElseThrow().dst()).isEqualTo(80);
      chosen.add(backend);
    }
    assertThat(chosen).containsExactlyInAnyOrder("web1", "web2");
  }

  @Test
  void vipWithWeb2DownAlwaysReachesWeb1() {
    Fixture down =
        new Fixture(
            TestTopologies.editLoadBalancer(
                TestTopologies.threeTier(),
                "web-lb",
                lb -> {
                  Vip http = lb.build().vips().get(0);
                  Vip v =
                      new Vip.Builder()
                          .from(http)
                          .backends(
                              http.backends().stream()
                                  .map(b -> b.withHealthy(!b.address().equals(down("10.0.1.12"))))
                                  .toList())
                          .build();
                  return lb.vips(java.util.List.of(v));
                }));
    for (int port = 40000; port < 40200; port++) {
      assertThat(delivered(down.evaluate("app1", toVip(down, port))).ports())
          .containsExactly("web1");
    }
  }

  private static IpAddress down(String ip) {
    return IpAddress.parse(ip);
  }

  @Test
  void vipReplyIsUnNattedAtTheClient() {
    Evaluation forward = acme.evaluate("app1", toVip(acme, 40000));
    Verdict.Output to = delivered(forward).outputs().get(0);
    Evaluation back = acme.evaluate(to.port(), replyTo(to.packet()), forward.table());

    Packet out = delivered(back).outputs().get(0).packet();
    assertThat(delivered(back).ports()).containsExactly("app1");
    assertThat(out.ip().orElseThrow().src()).isEqualTo(IpAddress.parse("10.0.1.100"));
    assertThat(out.tcp().orElseThrow().src()).isEqualTo(80);
    assertThat(out.ip().orElseThrow().dst()).isEqualTo(acme.ip("app1"));
    assertThat(out.tcp().orElseThrow().dst()).isEqualTo(40000);
  }

  static Packet toVip(Fixture f, int srcPort) {
    return Packets.tcp(
        f.mac("app1"),
        f.routerMac("r1-app"),
        f.ip("app1"),
        IpAddress.parse("10.0.1.100"),
        srcPort,
        80);
  }

  @Test
  void tenantsWithTheSameAddressesStayIsolated() {
    Fixture two = new Fixture(TestTopologies.twoTenants());
    Evaluation direct = two.evaluate("red-vm1", two.tcp("red-vm1", "red-vm2", 40000, 80));
    assertThat(delivered(direct).ports()).containsExactly("red-vm2");

    Evaluation routed =
        two.evaluate(
            "red-vm1", two.tcp("red-vm1", two.routerMac("red-r-net"), "red-vm2", 40000, 80));
    assertThat(delivered(routed).ports()).containsExactly("red-vm2");

    Packet bcast =
        Packets.udp(
            two.mac("red-vm1"),
            MacAddress.BROADCAST,
            two.ip("red-vm1"),
            IpAddress.parse("255.255.255.255"),
            68,
            67);
    assertThat(delivered(two.evaluate("red-vm1", bcast)).ports()).containsExactly("red-vm2");
    assertThat(direct.steps()).noneMatch(s -> s.at().toString().contains("blue"));
    assertThat(routed.steps()).noneMatch(s -> s.at().toString().contains("blue"));
  }

  @Test
  void entryMustBeAVifOrLocalnetPort() {
    Packet p = acme.tcp("web1", "web2", 1, 80);
    assertThatThrownBy(() -> acme.evaluate("nope", p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIF or LOCALNET");
    assertThatThrownBy(() -> acme.evaluate("web-r1", p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("links a router");
  }

  @Test
  void explanationEndsWithTheVerdictAndNamesTheDecidingRule() {
    Evaluation e = acme.evaluate("web1", acme.tcp("web1", "web2", 40000, 80));
    assertThat(e.explain()).endsWith("verdict: delivered to web2");
    assertThat(e.explain()).contains("port-group web / acl allow-http (priority 1000)");
    assertThat(e.steps().get(0).at()).isEqualTo(ModelPath.parse("switch web / port web1"));
    assertThat(e.steps().get(0).stage()).isEqualTo(Step.Stage.INGRESS);
  }
}
