package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyAction;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The routing issue's hand expectations on {@code examples/topologies/routing-nat.yaml}
 * ({@link TestTopologies#routingNat()}), each checked against the reference semantics and against
 * the compiled pipelines (the tracer): longest prefix match, ECMP, policies, TTL expiry, SNAT and
 * its reply, the floating IP both ways, DNAT.
 */
class RoutingNatTest {
  static final MacAddress A1 = MacAddress.parse("0a:00:0a:0a:01:11");
  static final MacAddress A2 = MacAddress.parse("0a:00:0a:0a:01:12");
  static final MacAddress B1 = MacAddress.parse("0a:00:0a:0a:02:21");
  static final MacAddress EDGE_A = MacAddress.parse("0a:00:0a:0a:01:01");
  static final MacAddress EDGE_OUT = MacAddress.parse("0a:00:cb:00:71:02");
  static final MacAddress UPSTREAM = MacAddress.parse("02:00:cb:00:71:01");
  static final MacAddress UPSTREAM2 = MacAddress.parse("02:00:cb:00:71:03");
  static final IpAddress A1_IP = IpAddress.parse("10.10.1.11");
  static final IpAddress A2_IP = IpAddress.parse("10.10.1.12");
  static final IpAddress B1_IP = IpAddress.parse("10.10.2.21");
  static final IpAddress CLIENT = IpAddress.parse("198.51.100.7");
  static final IpAddress SNAT = IpAddress.parse("203.0.113.10");
  static final IpAddress FIP = IpAddress.parse("203.0.113.20");

  private static Topology withRouter(java.util.function.UnaryOperator<io.nv.model.l3.LogicalRouter.Builder> f) {
    return TestTopologies.editRouter(TestTopologies.routingNat(), "edge", f);
  }

  private static Verdict.Output only(Engines.Engine e, Verdict v) {
    assertThat(v).as(e.name() + "\n" + e.explainLast()).isInstanceOf(Verdict.Delivered.class);
    Verdict.Delivered d = (Verdict.Delivered) v;
    assertThat(d.outputs()).as(e.name()).hasSize(1);
    return d.outputs().get(0);
  }

  @Test
  void longestPrefixWinsAndConnectedBeatsStaticAtEqualLength() {
    // b1 routes 198.51.100.0/24 (longer than the default /0); a static /24 for b's own subnet
    // loses to the connected route.
    Topology t =
        TestTopologies.editPort(
            withRouter(
                r -> r.addRoute(TestTopologies.route("lab", "198.51.100.0/24", "10.10.2.21"))
                    .addRoute(TestTopologies.route("b-detour", "10.10.2.0/24", "203.0.113.1"))),
            "b1", p -> p.portSecurity(false));
    for (Engines.Engine e : Engines.both(t)) {
      Verdict.Output lab = only(e, e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, CLIENT, 40000, 80)));
      assertThat(lab.port()).as(e.name()).isEqualTo("b1");
      assertThat(lab.packet().ethDst()).isEqualTo(B1);
      assertThat(lab.packet().ip().orElseThrow().ttl()).isEqualTo(63);
      Verdict.Output far =
          only(e, e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, IpAddress.parse("8.8.8.8"), 40001, 80)));
      assertThat(far.port()).as(e.name()).isEqualTo("uplink");
      assertThat(far.packet().ethDst()).isEqualTo(UPSTREAM);
      Verdict.Output direct = only(e, e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, B1_IP, 40002, 80)));
      assertThat(direct.port()).as(e.name()).isEqualTo("b1");
    }
  }

  @Test
  void ecmpUsesEveryMemberAndKeepsAFlowOnOne() {
    Topology t =
        withRouter(
            r -> r.addNeighbour(
                    new StaticNeighbour.Builder().id("upstream2").ip(IpAddress.parse("203.0.113.3"))
                        .mac(UPSTREAM2).build())
                .addRoute(TestTopologies.route("docs-1", "192.0.2.0/24", "203.0.113.1"))
                .addRoute(TestTopologies.route("docs-3", "192.0.2.0/24", "203.0.113.3")));
    for (Engines.Engine e : Engines.both(t)) {
      Set<MacAddress> used = new HashSet<>();
      for (int srcPort = 40000; srcPort < 40200; srcPort++) {
        Packet p = Packets.tcp(A1, EDGE_A, A1_IP, IpAddress.parse("192.0.2.9"), srcPort, 443);
        MacAddress first = only(e, e.send("a1", p)).packet().ethDst();
        MacAddress again = only(e, e.send("a1", p)).packet().ethDst();
        assertThat(again).as(e.name() + ": flow from port " + srcPort + " stays").isEqualTo(first);
        used.add(first);
      }
      assertThat(used).as(e.name()).containsExactlyInAnyOrder(UPSTREAM, UPSTREAM2);
    }
  }

  @Test
  void aPolicyDropWinsOverTheRoute() {
    Topology t =
        withRouter(
            r -> r.addPolicy(
                new PolicyRoute.Builder().id("no-dns").priority(100)
                    .match("ip4.dst == 8.8.8.8 && udp.dst == 53").action(PolicyAction.DROP).build()));
    for (Engines.Engine e : Engines.both(t)) {
      Verdict v = e.send("a1", Packets.udp(A1, EDGE_A, A1_IP, IpAddress.parse("8.8.8.8"), 5353, 53));
      assertThat(v.toString()).as(e.name()).isEqualTo("verdict: dropped by router edge / policy no-dns");
      // Other traffic to the same place still follows the default route.
      Verdict web = e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, IpAddress.parse("8.8.8.8"), 5353, 443));
      assertThat(only(e, web).port()).isEqualTo("uplink");
    }
  }

  @Test
  void aRerouteSendsToThePolicysNextHop() {
    Topology t =
        TestTopologies.editPort(
            withRouter(
                r -> r.addPolicy(
                    new PolicyRoute.Builder().id("inspect").priority(10).match("tcp.dst == 25")
                        .action(PolicyAction.REROUTE).addNextHop(B1_IP).build())),
            "b1", p -> p.portSecurity(false));
    for (Engines.Engine e : Engines.both(t)) {
      Verdict.Output o = only(e, e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, CLIENT, 40000, 25)));
      assertThat(o.port()).as(e.name()).isEqualTo("b1");
      assertThat(o.packet().ip().orElseThrow().dst()).isEqualTo(CLIENT);
    }
  }

  @Test
  void ttlOneIsPuntedAsTimeExceeded() {
    for (Engines.Engine e : Engines.both(TestTopologies.routingNat())) {
      Verdict v = e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, B1_IP, 40000, 80).withTtl(1));
      assertThat(v.toString()).as(e.name())
          .isEqualTo("verdict: punted (icmp-time-exceeded) by router edge / ttl");
    }
  }

  @Test
  void snatRewritesTheSourceAndTheReplyIsUnNatted() {
    for (Engines.Engine e : Engines.both(TestTopologies.routingNat())) {
      Verdict.Output out = only(e, e.send("a1", Packets.tcp(A1, EDGE_A, A1_IP, CLIENT, 40000, 80)));
      assertThat(out.port()).isEqualTo("uplink");
      Packet.Ip ip = out.packet().ip().orElseThrow();
      assertThat(ip.src()).as(e.name()).isEqualTo(SNAT);
      assertThat(ip.dst()).isEqualTo(CLIENT);
      assertThat(out.packet().ethSrc()).isEqualTo(EDGE_OUT);
      assertThat(out.packet().ethDst()).isEqualTo(UPSTREAM);
      Packet reply =
          Packets.tcp(UPSTREAM, EDGE_OUT, CLIENT, SNAT, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK);
      Verdict.Output back = only(e, e.send("uplink", reply));
      assertThat(back.port()).as(e.name()).isEqualTo("a1");
      assertThat(back.packet().ip().orElseThrow().dst()).isEqualTo(A1_IP);
      assertThat(back.packet().ip().orElseThrow().src()).isEqualTo(CLIENT);
      assertThat(back.packet().ethDst()).isEqualTo(A1);
      // Without the connection, the same packet is for the router itself.
    }
    for (Engines.Engine e : Engines.both(TestTopologies.routingNat())) {
      Packet unsolicited = Packets.tcp(UPSTREAM, EDGE_OUT, CLIENT, SNAT, 80, 40000);
      assertThat(e.send("uplink", unsolicited).toString()).as(e.name())
          .isEqualTo("verdict: dropped by router edge / port edge-out / local");
    }
  }

  @Test
  void theFloatingIpIsReachableFromOutsideAndItsVmLeavesAsIt() {
    for (Engines.Engine e : Engines.both(TestTopologies.routingNat())) {
      Verdict.Output in = only(e, e.send("uplink", Packets.tcp(UPSTREAM, EDGE_OUT, CLIENT, FIP, 50000, 22)));
      assertThat(in.port()).as(e.name()).isEqualTo("a2");
      assertThat(in.packet().ip().orElseThrow().dst()).isEqualTo(A2_IP);
      assertThat(in.packet().ethDst()).isEqualTo(A2);
      Packet reply = Packets.tcp(A2, EDGE_A, A2_IP, CLIENT, 22, 50000, Packet.Tcp.SYN | Packet.Tcp.ACK);
      Verdict.Output back = only(e, e.send("a2", reply));
      assertThat(back.port()).isEqualTo("uplink");
      assertThat(back.packet().ip().orElseThrow().src()).as(e.name()).isEqualTo(FIP);
      // a2's own outbound traffic leaves as the floating IP too (it beats the SNAT prefix).
      Verdict.Output own =
          only(e, e.send("a2", Packets.udp(A2, EDGE_A, A2_IP, IpAddress.parse("8.8.8.8"), 5000, 53)));
      assertThat(own.packet().ip().orElseThrow().src()).as(e.name()).isEqualTo(FIP);
      // a1 is not the floating IP's: it leaves as the SNAT address.
      Verdict.Output other =
          only(e, e.send("a1", Packets.udp(A1, EDGE_A, A1_IP, IpAddress.parse("8.8.8.8"), 5000, 53)));
      assertThat(other.packet().ip().orElseThrow().src()).isEqualTo(SNAT);
    }
  }

  @Test
  void dnatTranslatesNewConnectionsAndTheirReplies() {
    IpAddress web = IpAddress.parse("203.0.113.30");
    Topology t =
        withRouter(
            r -> r.addNat(
                new NatRule.Builder().id("web").type(NatType.DNAT).externalIp(web)
                    .logical(IpPrefix.parse("10.10.2.21/32")).build()));
    for (Engines.Engine e : Engines.both(t)) {
      Verdict.Output in = only(e, e.send("uplink", Packets.tcp(UPSTREAM, EDGE_OUT, CLIENT, web, 50000, 443)));
      assertThat(in.port()).as(e.name()).isEqualTo("b1");
      assertThat(in.packet().ip().orElseThrow().dst()).isEqualTo(B1_IP);
      Packet reply =
          Packets.tcp(B1, MacAddress.parse("0a:00:0a:0a:02:01"), B1_IP, CLIENT, 443, 50000,
              Packet.Tcp.SYN | Packet.Tcp.ACK);
      Verdict.Output back = only(e, e.send("b1", reply));
      assertThat(back.port()).isEqualTo("uplink");
      // The reply leaves with the DNAT address, not the SNAT one that covers b1.
      assertThat(back.packet().ip().orElseThrow().src()).as(e.name()).isEqualTo(web);
      // A connection b1 opens itself is SNATed as usual.
      Verdict.Output own =
          only(e, e.send("b1", Packets.tcp(B1, MacAddress.parse("0a:00:0a:0a:02:01"), B1_IP, CLIENT, 41000, 80)));
      assertThat(own.packet().ip().orElseThrow().src()).as(e.name()).isEqualTo(SNAT);
    }
  }

  @Test
  void ipv6RoutesLikeIpv4() {
    // Dual stack: a1 and b1 get IPv6 addresses, the router ports their subnets, and a default
    // route ::/0 goes to an IPv6 upstream neighbour; the SNAT prefix is IPv4, so IPv6 is not NATed.
    Topology t = TestTopologies.routingNat();
    t = TestTopologies.editSwitch(t, "a", s -> s.addSubnet(IpPrefix.parse("2001:db8:a::/64")));
    t = TestTopologies.editSwitch(t, "b", s -> s.addSubnet(IpPrefix.parse("2001:db8:b::/64")));
    t = TestTopologies.editSwitch(t, "outside", s -> s.addSubnet(IpPrefix.parse("2001:db8:71::/64")));
    t = TestTopologies.editPort(t, "a1", p -> p.addIp(IpAddress.parse("2001:db8:a::11")));
    t = TestTopologies.editPort(t, "b1", p -> p.addIp(IpAddress.parse("2001:db8:b::21")));
    t = TestTopologies.editRouterPort(t, "edge-a", p -> p.addAddress(io.nv.model.addr.InterfaceAddress.parse("2001:db8:a::1/64")));
    t = TestTopologies.editRouterPort(t, "edge-b", p -> p.addAddress(io.nv.model.addr.InterfaceAddress.parse("2001:db8:b::1/64")));
    t = TestTopologies.editRouterPort(t, "edge-out", p -> p.addAddress(io.nv.model.addr.InterfaceAddress.parse("2001:db8:71::2/64")));
    t = TestTopologies.editRouter(t, "edge",
        r -> r.addRoute(TestTopologies.route("default6", "::/0", "2001:db8:71::1"))
            .addNeighbour(new StaticNeighbour.Builder().id("upstream6").ip(IpAddress.parse("2001:db8:71::1"))
                .mac(UPSTREAM2).build()));
    IpAddress a1 = IpAddress.parse("2001:db8:a::11");
    for (Engines.Engine e : Engines.both(t)) {
      Verdict.Output east = only(e, e.send("a1", Packets.tcp(A1, EDGE_A, a1, IpAddress.parse("2001:db8:b::21"), 40000, 80)));
      assertThat(east.port()).as(e.name()).isEqualTo("b1");
      assertThat(east.packet().ip().orElseThrow().ttl()).isEqualTo(63);
      Verdict.Output north = only(e, e.send("a1", Packets.tcp(A1, EDGE_A, a1, IpAddress.parse("2001:db8:ffff::1"), 40001, 443)));
      assertThat(north.port()).as(e.name()).isEqualTo("uplink");
      assertThat(north.packet().ethDst()).isEqualTo(UPSTREAM2);
      assertThat(north.packet().ip().orElseThrow().src()).isEqualTo(a1);
      Verdict expired = e.send("a1", Packets.tcp(A1, EDGE_A, a1, IpAddress.parse("2001:db8:b::21"), 40002, 80).withTtl(1));
      assertThat(expired.toString()).as(e.name()).isEqualTo("verdict: punted (icmp-time-exceeded) by router edge / ttl");
    }
  }

  @Test
  void outsideHostsResolveNatAddressesThroughTheSwitch() {
    for (Engines.Engine e : Engines.both(TestTopologies.routingNat())) {
      Verdict v =
          e.send("uplink", Packets.arpRequest(UPSTREAM, (io.nv.model.addr.Ipv4Address) IpAddress.parse("203.0.113.1"),
              (io.nv.model.addr.Ipv4Address) FIP));
      assertThat(v).as(e.name()).isInstanceOf(Verdict.Replied.class);
      Packet answer = ((Verdict.Replied) v).reply();
      assertThat(answer.arp().orElseThrow().sha()).isEqualTo(EDGE_OUT);
      assertThat(v.toString()).isEqualTo("verdict: replied by switch outside / arp-responder");
    }
  }
}
