package io.nv.conformance.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.check.EncapChecks;
import io.nv.io.DocumentCheck;
import io.nv.io.TopologyDocuments;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.validate.ValidatedTopology;
import io.nv.ovn.OvnExporter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The export of {@code examples/topologies/three-tier.yaml}, run by {@code ovn-trace}, gives the
 * verdicts of the three-tier hand tests of nv-compiler's {@code TracerTest} and nv-cli's {@code
 * TraceCommandTest}; each is also checked against nv's reference semantics and tracer.
 */
class ThreeTierOvnTest {
  static final Path EXAMPLES = Path.of("..", "examples", "topologies");
  static final MacAddress WEB1 = MacAddress.parse("0a:00:00:01:00:11");
  static final MacAddress WEB2 = MacAddress.parse("0a:00:00:01:00:12");
  static final MacAddress APP1 = MacAddress.parse("0a:00:00:02:00:21");
  static final MacAddress DB1 = MacAddress.parse("0a:00:00:03:00:31");
  static final MacAddress R1_WEB = MacAddress.parse("0a:00:00:01:00:01");
  static final MacAddress R1_APP = MacAddress.parse("0a:00:00:02:00:01");
  static final MacAddress R1_DB = MacAddress.parse("0a:00:00:03:00:01");
  static final Ipv4Address WEB1_IP = Ipv4Address.parse("10.0.1.11");
  static final Ipv4Address WEB2_IP = Ipv4Address.parse("10.0.1.12");
  static final Ipv4Address APP1_IP = Ipv4Address.parse("10.0.2.21");
  static final Ipv4Address DB1_IP = Ipv4Address.parse("10.0.3.31");
  static final IpAddress VIP = IpAddress.parse("10.0.1.100");

  static OvnSandbox ovn;
  static ValidatedTopology threeTier;
  OvnRun run;

  static ValidatedTopology example(String file) {
    DocumentCheck c = TopologyDocuments.readAndValidate(EXAMPLES.resolve(file), EncapChecks.all());
    assertThat(c.errors()).isEmpty();
    return c.validated().orElseThrow();
  }

  @BeforeAll
  static void load() {
    threeTier = example("three-tier.yaml");
    ovn = OvnSandbox.start();
    ovn.load(OvnExporter.export(threeTier).get().transaction());
    assertThat(ovn.northdProblems()).isEmpty();
  }

  @AfterAll
  static void stop() {
    if (ovn != null) {
      ovn.close();
    }
  }

  @BeforeEach
  void fresh() {
    run = new OvnRun(ovn, threeTier);
  }

  /** Sends the packet, checks the three judges agree, and returns ovn-trace's verdict. */
  OvnVerdict send(String port, Packet p) {
    OvnRun.Step s = run.send(port, p);
    assertThat(s.agrees()).as(s::explain).isTrue();
    return s.ovn();
  }

  @Test
  void webToAppOn8080IsRoutedAndDelivered() {
    assertThat(send("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, APP1_IP, 40000, 8080)))
        .hasToString("delivered to app1");
  }

  @Test
  void webToDbIsDroppedByTheDbGroupsDefaultDeny() {
    assertThat(send("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, DB1_IP, 40000, 5432)))
        .isEqualTo(OvnVerdict.DROPPED);
  }

  @Test
  void appToDbIsDeliveredAndSoIsItsReply() {
    assertThat(send("app1", Packets.tcp(APP1, R1_APP, APP1_IP, DB1_IP, 40000, 5432)))
        .hasToString("delivered to db1");
    Packet synAck = Packets.tcp(DB1, R1_DB, DB1_IP, APP1_IP, 5432, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK);
    assertThat(send("db1", synAck)).hasToString("delivered to app1");
    // The same reply without the SYN's connection is a new connection to app1: denied.
    run.reset();
    assertThat(send("db1", synAck)).isEqualTo(OvnVerdict.DROPPED);
  }

  @Test
  void dbOpeningAConnectionToAppIsDropped() {
    send("app1", Packets.tcp(APP1, R1_APP, APP1_IP, DB1_IP, 40000, 5432));
    assertThat(send("db1", Packets.tcp(DB1, R1_DB, DB1_IP, APP1_IP, 40001, 5432)))
        .isEqualTo(OvnVerdict.DROPPED);
  }

  @Test
  void webToWebAllowsHttpOnly() {
    assertThat(send("web1", Packets.tcp(WEB1, WEB2, WEB1_IP, WEB2_IP, 40000, 80)))
        .hasToString("delivered to web2");
    assertThat(send("web1", Packets.tcp(WEB1, WEB2, WEB1_IP, WEB2_IP, 40000, 22)))
        .isEqualTo(OvnVerdict.DROPPED);
  }

  @Test
  void spoofedSourceIsDroppedByPortSecurity() {
    assertThat(send("web1", Packets.tcp(WEB1, WEB2, Ipv4Address.parse("10.0.1.99"), WEB2_IP, 40000, 80)))
        .isEqualTo(OvnVerdict.DROPPED);
  }

  @Test
  void arpForANeighbourOrTheRouterIsAnsweredButNotForOneself() {
    assertThat(send("web1", Packets.arpRequest(WEB1, WEB1_IP, WEB2_IP))).isEqualTo(OvnVerdict.REPLIED);
    assertThat(send("web1", Packets.arpRequest(WEB1, WEB1_IP, Ipv4Address.parse("10.0.1.1"))))
        .isEqualTo(OvnVerdict.REPLIED);
    assertThat(send("web1", Packets.arpRequest(WEB1, WEB1_IP, WEB1_IP))).hasToString("delivered to web2");
  }

  @Test
  void vipSpreadsNewConnectionsOverBothBackendsAsNvChooses() {
    Set<String> reached = new HashSet<>();
    for (int sport = 40000; sport < 40010; sport++) {
      OvnVerdict v = send("app1", Packets.tcp(APP1, R1_APP, APP1_IP, VIP, sport, 80));
      assertThat(v.ports()).hasSize(1);
      reached.addAll(v.ports());
    }
    assertThat(reached).containsExactlyInAnyOrder("web1", "web2");
  }

  @Test
  void loadBalancedRepliesReachTheClient() {
    OvnVerdict syn = send("app1", Packets.tcp(APP1, R1_APP, APP1_IP, VIP, 40000, 80));
    String backend = syn.ports().get(0);
    MacAddress mac = backend.equals("web1") ? WEB1 : WEB2;
    IpAddress ip = backend.equals("web1") ? WEB1_IP : WEB2_IP;
    assertThat(send(backend, Packets.tcp(mac, R1_WEB, ip, APP1_IP, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK)))
        .hasToString("delivered to app1");
  }

  @Test
  void echoToTheRouterIsReplied() {
    assertThat(send("web1", Packets.icmpEcho(WEB1, R1_WEB, WEB1_IP, IpAddress.parse("10.0.2.1"))))
        .isEqualTo(OvnVerdict.REPLIED);
  }

  @Test
  void expiringTtlIsPunted() {
    assertThat(send("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, APP1_IP, 40000, 8080).withTtl(1)))
        .isEqualTo(OvnVerdict.punted("icmp-time-exceeded"));
  }

  @Test
  void unknownNextHopIsPuntedForArp() {
    assertThat(send("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, IpAddress.parse("10.0.2.99"), 40000, 8080)))
        .isEqualTo(OvnVerdict.punted("arp-request"));
  }

  @Test
  void noRouteIsDropped() {
    assertThat(send("web1", Packets.tcp(WEB1, R1_WEB, WEB1_IP, IpAddress.parse("192.0.2.1"), 40000, 80)))
        .isEqualTo(OvnVerdict.DROPPED);
  }
}
