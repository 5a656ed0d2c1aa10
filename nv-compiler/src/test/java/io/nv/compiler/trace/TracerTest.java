package io.nv.compiler.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.fixtures.TestTopologies;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hand expectations of the three-tier and VL2 topologies, traced through compiled flows. */
class TracerTest {
  static final MacAddress WEB1 = MacAddress.parse("0a:00:00:01:00:11");
  static final MacAddress WEB2 = MacAddress.parse("0a:00:00:01:00:12");
  static final MacAddress APP1 = MacAddress.parse("0a:00:00:02:00:21");
  static final MacAddress DB1 = MacAddress.parse("0a:00:00:03:00:31");
  static final MacAddress R1_WEB = MacAddress.parse("0a:00:00:01:00:01");
  static final MacAddress R1_APP = MacAddress.parse("0a:00:00:02:00:01");
  static final MacAddress R1_DB = MacAddress.parse("0a:00:00:03:00:01");
  static final IpAddress WEB1_IP = IpAddress.parse("10.0.1.11");
  static final IpAddress WEB2_IP = IpAddress.parse("10.0.1.12");
  static final IpAddress APP1_IP = IpAddress.parse("10.0.2.21");
  static final IpAddress DB1_IP = IpAddress.parse("10.0.3.31");
  static final IpAddress VIP = IpAddress.parse("10.0.1.100");

  final Tracer threeTier = tracer(TestTopologies.threeTier());

  static Tracer tracer(Topology t) {
    return Tracer.of(LogicalCompiler.compile(TestTopologies.validated(t)));
  }

  static Verdict.Delivered delivered(Trace t) {
    assertThat(t.verdict()).as(TraceText.render(t, true)).isInstanceOf(Verdict.Delivered.class);
    return (Verdict.Delivered) t.verdict();
  }

  static void droppedBy(Trace t, String path) {
    assertThat(t.verdict())
        .as(TraceText.render(t, true))
        .isEqualTo(new Verdict.Dropped(ModelPath.parse(path)));
  }

  @Test
  void webToAppOn8080IsRoutedAndDelivered() {
    Trace t = threeTier.trace("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, APP1_IP, 40000, 8080));
    Verdict.Delivered d = delivered(t);
    assertThat(d.ports()).containsExactly("app1");
    Packet out = d.outputs().get(0).packet();
    assertThat(out.ethSrc()).isEqualTo(R1_APP);
    assertThat(out.ethDst()).isEqualTo(APP1);
    assertThat(out.ip().orElseThrow().ttl()).isEqualTo(63);
    assertThat(t.verdict().toString()).isEqualTo("verdict: delivered to app1");
  }

  @Test
  void webToDbIsDroppedByTheDbGroupsDefaultDeny() {
    Trace t = threeTier.trace("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, DB1_IP, 40000, 5432));
    droppedBy(t, "port-group db / default-deny");
    assertThat(TraceText.render(t, true))
        .contains("port-group db / default-deny")
        .endsWith("verdict: dropped by port-group db / default-deny\n");
  }

  @Test
  void appToDbIsDeliveredAndSoIsItsReply() {
    Trace syn = threeTier.trace("app1", Packets.tcp(APP1, R1_APP, APP1_IP, DB1_IP, 40000, 5432));
    assertThat(delivered(syn).ports()).containsExactly("db1");
    assertThat(syn.table().size()).isPositive();
    Packet synAck =
        Packets.tcp(DB1, R1_DB, DB1_IP, APP1_IP, 5432, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK);
    Trace reply = threeTier.trace("db1", synAck, syn.table());
    assertThat(delivered(reply).ports()).containsExactly("app1");
    // The same reply without the SYN's connections is a new connection to app1: denied.
    droppedBy(threeTier.trace("db1", synAck), "port-group app / default-deny");
  }

  @Test
  void dbOpeningAConnectionToAppIsDropped() {
    Trace syn = threeTier.trace("app1", Packets.tcp(APP1, R1_APP, APP1_IP, DB1_IP, 40000, 5432));
    Trace open =
        threeTier.trace("db1", Packets.tcp(DB1, R1_DB, DB1_IP, APP1_IP, 40001, 5432), syn.table());
    droppedBy(open, "port-group app / default-deny");
  }

  @Test
  void webToWebAllowsHttpOnly() {
    assertThat(delivered(threeTier.trace("web1", Packets.tcp(WEB1, WEB2, WEB1_IP, WEB2_IP, 40000, 80))).ports())
        .containsExactly("web2");
    droppedBy(
        threeTier.trace("web1", Packets.tcp(WEB1, WEB2, WEB1_IP, WEB2_IP, 40000, 22)),
        "port-group web / default-deny");
  }

  @Test
  void spoofedSourceIsDroppedByPortSecurity() {
    Trace t =
        threeTier.trace(
            "web1", Packets.tcp(WEB1, WEB2, IpAddress.parse("10.0.1.99"), WEB2_IP, 40000, 80));
    droppedBy(t, "port web1 / port-security");
  }

  @Test
  void arpForANeighbourIsAnsweredByTheSwitch() {
    Trace t =
        threeTier.trace(
            "web1", Packets.arpRequest(WEB1, (Ipv4Address) WEB1_IP, (Ipv4Address) WEB2_IP));
    assertThat(t.verdict()).isInstanceOf(Verdict.Replied.class);
    Verdict.Replied r = (Verdict.Replied) t.verdict();
    assertThat(r.by()).isEqualTo(ModelPath.parse("switch web / arp-responder"));
    assertThat(r.reply())
        .isEqualTo(Packets.arpReply(WEB2, (Ipv4Address) WEB2_IP, WEB1, (Ipv4Address) WEB1_IP));
    assertThat(t.verdict().toString()).isEqualTo("verdict: replied by switch web / arp-responder");
  }

  @Test
  void arpForTheRouterIsAnsweredButNotForOneself() {
    Trace router =
        threeTier.trace(
            "web1",
            Packets.arpRequest(WEB1, (Ipv4Address) WEB1_IP, Ipv4Address.parse("10.0.1.1")));
    assertThat(((Verdict.Replied) router.verdict()).reply().ethSrc()).isEqualTo(R1_WEB);
    Trace self =
        threeTier.trace(
            "web1", Packets.arpRequest(WEB1, (Ipv4Address) WEB1_IP, (Ipv4Address) WEB1_IP));
    assertThat(delivered(self).ports()).containsExactly("web2");
  }

  @Test
  void broadcastFloodsTheFlatNetwork() {
    Tracer vl2 = tracer(TestTopologies.flat());
    Trace t = vl2.trace("vm1", Packets.broadcast(MacAddress.parse("0a:01:00:00:00:01"), 0x88b5));
    assertThat(delivered(t).ports()).containsExactly("vm2", "vm3");
  }

  @Test
  void vipSpreadsNewConnectionsOverHealthyBackends() {
    Set<String> reached = new HashSet<>();
    for (int sport = 40000; sport < 40040; sport++) {
      Trace t = threeTier.trace("app1", Packets.tcp(APP1, R1_APP, APP1_IP, VIP, sport, 80));
      Verdict.Delivered d = delivered(t);
      assertThat(d.ports()).hasSize(1);
      String port = d.ports().get(0);
      assertThat(port).isIn("web1", "web2");
      IpAddress dst = d.outputs().get(0).packet().ip().orElseThrow().dst();
      assertThat(dst).isEqualTo(port.equals("web1") ? WEB1_IP : WEB2_IP);
      reached.add(port);
    }
    assertThat(reached).containsExactlyInAnyOrder("web1", "web2");
  }

  @Test
  void vipWithADownBackendAlwaysReachesTheOther() {
    Topology t =
        TestTopologies.editLoadBalancer(
            TestTopologies.threeTier(),
            "web-lb",
            lb ->
                lb.vips(
                    TestTopologies.threeTier().loadBalancerById("web-lb").orElseThrow().vips().stream()
                        .map(
                            v ->
                                new Vip.Builder()
                                    .from(v)
                                    .backends(
                                        v.backends().stream()
                                            .map(b -> b.address().equals(WEB2_IP) ? b.withHealthy(false) : b)
                                            .toList())
                                    .build())
                        .toList()));
    Tracer tr = tracer(t);
    for (int sport = 40000; sport < 40020; sport++) {
      Trace trace = tr.trace("app1", Packets.tcp(APP1, R1_APP, APP1_IP, VIP, sport, 80));
      assertThat(delivered(trace).ports()).containsExactly("web1");
    }
  }

  @Test
  void loadBalancedRepliesAreUnNatted() {
    Trace syn = threeTier.trace("app1", Packets.tcp(APP1, R1_APP, APP1_IP, VIP, 40000, 80));
    Verdict.Delivered d = delivered(syn);
    String backend = d.ports().get(0);
    MacAddress mac = backend.equals("web1") ? WEB1 : WEB2;
    IpAddress ip = backend.equals("web1") ? WEB1_IP : WEB2_IP;
    Trace reply =
        threeTier.trace(
            backend,
            Packets.tcp(mac, R1_WEB, ip, APP1_IP, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK),
            syn.table());
    Packet back = delivered(reply).outputs().get(0).packet();
    assertThat(back.ip().orElseThrow().src()).isEqualTo(VIP);
    assertThat(back.tcp().orElseThrow().src()).isEqualTo(80);
  }

  @Test
  void echoToTheRouterIsReplied() {
    Trace t =
        threeTier.trace(
            "web1", Packets.icmpEcho(WEB1, R1_WEB, WEB1_IP, IpAddress.parse("10.0.2.1")));
    assertThat(t.verdict().toString()).isEqualTo("verdict: replied by router r1 / port r1-app / icmp-echo");
    Packet reply = ((Verdict.Replied) t.verdict()).reply();
    assertThat(reply.ethSrc()).isEqualTo(R1_WEB);
    assertThat(reply.ethDst()).isEqualTo(WEB1);
    assertThat(reply.ip().orElseThrow().src()).isEqualTo(IpAddress.parse("10.0.2.1"));
    assertThat(reply.ip().orElseThrow().dst()).isEqualTo(WEB1_IP);
    assertThat(reply.ip().orElseThrow().ttl()).isEqualTo(255);
    assertThat(reply.icmp().orElseThrow().type()).isZero();
  }

  @Test
  void expiringTtlIsPunted() {
    Packet p = Packets.tcp(WEB1, R1_WEB, WEB1_IP, APP1_IP, 40000, 8080).withTtl(1);
    assertThat(threeTier.trace("web1", p).verdict().toString())
        .isEqualTo("verdict: punted (icmp-time-exceeded) by router r1 / ttl");
  }

  @Test
  void unknownNextHopIsPuntedForArp() {
    Trace t =
        threeTier.trace(
            "web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, IpAddress.parse("10.0.2.99"), 40000, 8080));
    assertThat(t.verdict().toString())
        .isEqualTo("verdict: punted (arp-request) by router r1 / port r1-app / arp-resolve");
  }

  @Test
  void noRouteIsDropped() {
    Trace t =
        threeTier.trace(
            "web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, IpAddress.parse("192.0.2.1"), 40000, 80));
    droppedBy(t, "router r1 / no-route");
  }

  @Test
  void tracesOnlyStartAtEdgePorts() {
    Packet p = Packets.tcp(WEB1, WEB2, WEB1_IP, WEB2_IP, 40000, 80);
    assertThatThrownBy(() -> threeTier.trace("web-r1", p)).hasMessageContaining("never an entry");
    assertThatThrownBy(() -> threeTier.trace("nope", p)).hasMessageContaining("no switch port nope");
  }

  @Test
  void theSelectionHashIsFnv1aOverTheContractsBytes() {
    // FNV-1a of "a" is 0xe40c292c (the published test vector).
    assertThat(Tracer.fnv1a(new byte[] {'a'})).isEqualTo(0xe40c292c);
    // The default fields: ip.src, ip.dst (4 bytes each), L4 source and destination (2 each,
    // big-endian); bucket = hash mod 2 over [web1, web2], in the order the VIP lists them.
    for (int sport = 40000; sport < 40010; sport++) {
      byte[] bytes = new byte[12];
      System.arraycopy(APP1_IP.toBytes(), 0, bytes, 0, 4);
      System.arraycopy(VIP.toBytes(), 0, bytes, 4, 4);
      bytes[8] = (byte) (sport >>> 8);
      bytes[9] = (byte) sport;
      bytes[10] = 0;
      bytes[11] = 80;
      String expected = Integer.remainderUnsigned(Tracer.fnv1a(bytes), 2) == 0 ? "web1" : "web2";
      Trace t = threeTier.trace("app1", Packets.tcp(APP1, R1_APP, APP1_IP, VIP, sport, 80));
      assertThat(delivered(t).ports()).as("source port %d", sport).containsExactly(expected);
    }
  }
}
