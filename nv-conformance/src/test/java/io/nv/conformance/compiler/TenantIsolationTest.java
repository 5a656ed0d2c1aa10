package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.TopologyDocuments;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, checked against both engines: in {@code examples/topologies/two-tenants.yaml}
 * (red and blue with the same addresses and MACs, no peering) no port reaches any port of the other
 * tenant — every ordered pair, ICMP, TCP and ARP, on the same switch and through the router —
 * while pairs of one tenant work; with a peering, exactly the routed traffic crosses.
 */
class TenantIsolationTest {
  static Topology twoTenantsYaml() {
    return TopologyDocuments.readAndValidate(Path.of("..", "examples", "topologies", "two-tenants.yaml"))
        .validated()
        .orElseThrow()
        .topology();
  }

  private static List<SwitchPort> vifs(Topology t) {
    List<SwitchPort> out = new ArrayList<>();
    for (LogicalSwitch s : t.switches()) {
      s.ports().stream().filter(p -> p.kind() == PortKind.VIF).forEach(out::add);
    }
    return out;
  }

  private static String tenant(Topology t, String port) {
    return t.switchOfPort(port).orElseThrow().tenant();
  }

  private static MacAddress routerMac(Topology t, String port) {
    LogicalSwitch s = t.switchOfPort(port).orElseThrow();
    String rp = s.ports().stream().filter(p -> p.kind() == PortKind.ROUTER).findFirst().orElseThrow()
        .routerPort().orElseThrow();
    return t.routerPortById(rp).orElseThrow().mac();
  }

  /** The packets {@code from} sends "to" {@code to}: its addresses are all it can name. */
  private static List<Packet> probes(Topology t, SwitchPort from, SwitchPort to) {
    MacAddress src = from.mac().orElseThrow();
    IpAddress srcIp = from.ips().get(0);
    MacAddress dst = to.mac().orElseThrow();
    IpAddress dstIp = to.ips().get(0);
    return List.of(
        Packets.icmpEcho(src, dst, srcIp, dstIp),
        Packets.tcp(src, dst, srcIp, dstIp, 40000, 80),
        Packets.tcp(src, routerMac(t, from.id()), srcIp, dstIp, 40001, 80),
        Packets.arpRequest(src, (Ipv4Address) srcIp, (Ipv4Address) dstIp));
  }

  @Test
  void noPortReachesAnotherTenantsPortAndSameTenantPairsWork() {
    Topology t = twoTenantsYaml();
    SoftAssertions soft = new SoftAssertions();
    int crossChecks = 0;
    for (SwitchPort from : vifs(t)) {
      for (SwitchPort to : vifs(t)) {
        if (from.id().equals(to.id())) {
          continue;
        }
        boolean same = tenant(t, from.id()).equals(tenant(t, to.id()));
        for (Engines.Engine e : Engines.both(t)) {
          for (Packet p : probes(t, from, to)) {
            Verdict v = e.send(from.id(), p);
            String what = e.name() + ": " + from.id() + " -> " + to.id() + " " + p;
            if (v instanceof Verdict.Delivered d) {
              for (String port : d.ports()) {
                soft.assertThat(tenant(t, port)).as(what).isEqualTo(tenant(t, from.id()));
              }
            }
            if (same && p.arp().isPresent()) {
              soft.assertThat(v.toString()).as(what).startsWith("verdict: replied by switch ");
            } else if (same) {
              soft.assertThat(v).as(what).isInstanceOf(Verdict.Delivered.class);
              if (v instanceof Verdict.Delivered d) {
                soft.assertThat(d.ports()).as(what).containsExactly(to.id());
              }
            }
            crossChecks += same ? 0 : 1;
          }
        }
      }
    }
    soft.assertAll();
    // 4 VIFs: 8 cross-tenant ordered pairs, 4 probes each, 2 engines.
    assertThat(crossChecks).isEqualTo(64);
  }

  @Test
  void sharedAddressesReachTheSendersOwnTenant() {
    Topology t = twoTenantsYaml();
    SwitchPort red1 = t.portById("red1").orElseThrow();
    SwitchPort blue2 = t.portById("blue2").orElseThrow();
    for (Engines.Engine e : Engines.both(t)) {
      Verdict v = e.send("red1", probes(t, red1, blue2).get(1));
      assertThat(v.toString()).as(e.name()).isEqualTo("verdict: delivered to red2");
    }
  }

  @Test
  void aPeeringLetsExactlyTheRoutedTrafficThrough() {
    Topology t = TestTopologies.peered();
    MacAddress red1 = MacAddress.parse("0a:00:00:01:00:11");
    MacAddress blue1 = MacAddress.parse("0a:00:00:02:00:11");
    IpAddress red1Ip = IpAddress.parse("10.1.0.11");
    IpAddress blue1Ip = IpAddress.parse("10.2.0.11");
    for (Engines.Engine e : Engines.both(t)) {
      // Routed through red-r's port on blue-net.
      Verdict there = e.send("red1", Packets.tcp(red1, MacAddress.parse("0a:00:00:01:00:01"), red1Ip, blue1Ip, 40000, 80));
      assertThat(there.toString()).as(e.name() + "\n" + e.explainLast()).isEqualTo("verdict: delivered to blue1");
      // Back through blue-r, whose route to red goes via red-r's port (another router's port on
      // the same switch resolves the next hop).
      Verdict back = e.send("blue1",
          Packets.tcp(blue1, MacAddress.parse("0a:00:00:02:00:01"), blue1Ip, red1Ip, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK));
      assertThat(back.toString()).as(e.name() + "\n" + e.explainLast()).isEqualTo("verdict: delivered to red1");
      // L2 never crosses: a broadcast and an ARP for blue1 stay in red-net.
      Verdict bcast = e.send("red1", Packets.udp(red1, MacAddress.BROADCAST, red1Ip, Ipv4Address.BROADCAST, 68, 67));
      assertThat(((Verdict.Delivered) bcast).ports()).as(e.name()).containsExactly("red2");
      Verdict arp = e.send("red1", Packets.arpRequest(red1, (Ipv4Address) red1Ip, (Ipv4Address) blue1Ip));
      assertThat(((Verdict.Delivered) arp).ports()).as(e.name()).containsExactly("red2");
      // Sent to blue1's MAC directly, the frame has no port of that MAC in red-net.
      Verdict direct = e.send("red1", Packets.tcp(red1, blue1, red1Ip, blue1Ip, 40002, 80));
      assertThat(direct.toString()).as(e.name()).isEqualTo("verdict: dropped by switch red-net / unknown-unicast");
    }
  }
}
