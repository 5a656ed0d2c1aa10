package io.nv.compiler.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.fixtures.TestTopologies;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.model.ModelPath;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.lb.Backend;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** VLANs, unknown unicast, ACL tiers and actions, flooding verdicts, hairpin and LB drops. */
class TracerFeaturesTest {
  static final MacAddress A = MacAddress.parse("0a:00:00:02:00:0a");
  static final MacAddress B = MacAddress.parse("0a:00:00:02:00:0b");
  static final MacAddress C = MacAddress.parse("0a:00:00:02:00:0c");
  static final MacAddress OUTSIDE = MacAddress.parse("0a:00:00:02:00:99");
  static final IpAddress A_IP = IpAddress.parse("10.2.0.10");
  static final IpAddress B_IP = IpAddress.parse("10.2.0.11");
  static final IpAddress C_IP = IpAddress.parse("10.2.0.12");

  static AclRule rule(String id, Direction d, int tier, int priority, String match, AclAction a, boolean log) {
    return new AclRule.Builder()
        .id(id).direction(d).tier(tier).priority(priority).match(match).action(a).log(log).build();
  }

  /**
   * Switch lan: VIF a (port security), VIF b (accepts unknown), VIF c, LOCALNET phys on VLAN 100;
   * from-port rules: tcp 23 rejected; tcp 8000 passed to tier 1, which drops it with a log.
   */
  static Topology lan(UnaryOperator<LogicalSwitch.Builder> edit) {
    LogicalSwitch.Builder s =
        new LogicalSwitch.Builder()
            .id("lan")
            .tenant("t")
            .addSubnet(IpPrefix.parse("10.2.0.0/24"))
            .addPort(TestTopologies.vif("a", "10.2.0.10", A.toString()))
            .addPort(new SwitchPort.Builder().id("b").mac(B).addIp(B_IP).unknown(true).build())
            .addPort(new SwitchPort.Builder().id("c").mac(C).addIp(C_IP).build())
            .addPort(
                new SwitchPort.Builder().id("phys").kind(PortKind.LOCALNET).network("physnet").vlan(100).build())
            .addAcl(rule("no-telnet", Direction.FROM_PORT, 0, 100, "tcp.dst == 23", AclAction.REJECT, false))
            .addAcl(rule("defer", Direction.FROM_PORT, 0, 200, "tcp.dst == 8000", AclAction.PASS, false))
            .addAcl(rule("no-8000", Direction.FROM_PORT, 1, 100, "tcp.dst == 8000", AclAction.DROP, true));
    return new Topology.Builder().addTenant(Tenant.of("t")).addSwitch(edit.apply(s).build()).build();
  }

  static Tracer tracer(Topology t) {
    return Tracer.of(LogicalCompiler.compile(TestTopologies.validated(t)));
  }

  final Tracer lan = tracer(lan(s -> s));

  static Verdict.Delivered delivered(Trace t) {
    assertThat(t.verdict()).as(TraceText.render(t, true)).isInstanceOf(Verdict.Delivered.class);
    return (Verdict.Delivered) t.verdict();
  }

  static Verdict verdict(String path) {
    return new Verdict.Dropped(ModelPath.parse(path));
  }

  @Test
  void localnetTagsAreCheckedRemovedAndAdded() {
    Packet toA = Packets.tcp(OUTSIDE, A, IpAddress.parse("10.2.0.99"), A_IP, 40000, 80);
    Verdict.Delivered in = delivered(lan.trace("phys", toA.withVlan(Packet.Vlan.of(100))));
    assertThat(in.ports()).containsExactly("a");
    assertThat(in.outputs().get(0).packet().vlan()).isEmpty();
    assertThat(lan.trace("phys", toA).verdict()).isEqualTo(verdict("port phys / vlan"));
    assertThat(lan.trace("phys", toA.withVlan(Packet.Vlan.of(200))).verdict())
        .isEqualTo(verdict("port phys / vlan"));
    Packet toOutside = Packets.tcp(C, OUTSIDE, C_IP, IpAddress.parse("10.2.0.99"), 40000, 80);
    Verdict.Delivered out = delivered(lan.trace("c", toOutside));
    assertThat(out.ports()).containsExactly("b", "phys");
    assertThat(out.outputs().get(1).packet().vlan()).contains(new Packet.Vlan(100, 0));
    assertThat(out.outputs().get(0).packet().vlan()).isEmpty();
  }

  @Test
  void vifsTakeOnlyUntaggedFramesFromUnicastSources() {
    Packet p = Packets.tcp(A, C, A_IP, C_IP, 40000, 80);
    assertThat(lan.trace("a", p.withVlan(Packet.Vlan.of(7))).verdict()).isEqualTo(verdict("port a / vlan"));
    Packet mcastSource = Packets.tcp(MacAddress.parse("01:00:5e:00:00:01"), C, A_IP, C_IP, 1, 80);
    assertThat(lan.trace("c", mcastSource).verdict()).isEqualTo(verdict("switch lan / invalid-source"));
  }

  @Test
  void unknownUnicastFollowsTheSwitchPolicy() {
    Packet p = Packets.tcp(C, OUTSIDE, C_IP, IpAddress.parse("10.2.0.99"), 40000, 80);
    Tracer noUnknown =
        tracer(
            lan(s -> s.ports(List.of(
                TestTopologies.vif("a", "10.2.0.10", A.toString()),
                new SwitchPort.Builder().id("c").mac(C).addIp(C_IP).build()))));
    assertThat(noUnknown.trace("c", p).verdict()).isEqualTo(verdict("switch lan / unknown-unicast"));
    Tracer flood = tracer(lan(s -> s.unknownUnicast(UnknownUnicast.FLOOD)));
    // a's egress port security drops its copy (not its MAC); b and phys take theirs.
    assertThat(delivered(flood.trace("c", p)).ports()).containsExactly("b", "phys");
  }

  @Test
  void aFloodWithNoDeliveredCopyTakesTheFirstCopysVerdict() {
    Tracer lonely =
        tracer(
            lan(s -> s.ports(List.of(
                TestTopologies.vif("a", "10.2.0.10", A.toString()),
                TestTopologies.vif("a2", "10.2.0.13", "0a:00:00:02:00:0d"),
                new SwitchPort.Builder().id("c").mac(C).addIp(C_IP).build()))));
    Packet p = Packets.udp(C, MacAddress.BROADCAST, C_IP, IpAddress.parse("10.3.0.1"), 1, 2);
    // Both copies fail egress port security (not their IP, not a broadcast address).
    assertThat(lonely.trace("c", p).verdict()).isEqualTo(verdict("port a / port-security"));
  }

  @Test
  void rejectPunts() {
    Trace t = lan.trace("c", Packets.tcp(C, A, C_IP, A_IP, 40000, 23));
    assertThat(t.verdict().toString()).isEqualTo("verdict: punted (reject) by switch lan / acl no-telnet");
  }

  @Test
  void passMovesToTheNextTierAndLogDoesNotChangeTheVerdict() {
    Trace t = lan.trace("c", Packets.tcp(C, A, C_IP, A_IP, 40000, 8000));
    assertThat(t.verdict()).isEqualTo(verdict("switch lan / acl no-8000"));
    assertThat(TraceText.render(t, true)).contains("controller(log)").contains("switch lan / acl defer");
  }

  @Test
  void fromPortDefaultDenyNeedsBoth() {
    Packet p = Packets.udp(C, A, C_IP, A_IP, 1, 53);
    assertThat(tracer(lan(s -> s.defaultDeny(DefaultDeny.TO_PORT))).trace("c", p).verdict())
        .isEqualTo(verdict("switch lan / default-deny"));
    Trace both = tracer(lan(s -> s.defaultDeny(DefaultDeny.BOTH))).trace("c", p);
    assertThat(both.verdict()).isEqualTo(verdict("switch lan / default-deny"));
    assertThat(both.steps().stream().filter(s -> !s.stage().pipeline().isIngress())).isEmpty();
    // ARP is not IP: default-deny lets it through.
    assertThat(
            delivered(
                tracer(lan(s -> s.defaultDeny(DefaultDeny.BOTH)))
                    .trace("c", Packets.arpReply(C, (io.nv.model.addr.Ipv4Address) C_IP, A,
                        (io.nv.model.addr.Ipv4Address) A_IP)))
                .ports())
        .containsExactly("a");
  }

  @Test
  void aBackendReachingItsOwnVipIsHairpinned() {
    Topology t =
        TestTopologies.editLoadBalancer(
            TestTopologies.threeTier(),
            "web-lb",
            lb ->
                lb.vips(
                    List.of(
                        new Vip.Builder()
                            .id("http")
                            .address(IpAddress.parse("10.0.1.100"))
                            .protocol(io.nv.model.addr.IpProtocol.TCP)
                            .port(80)
                            .addBackend(Backend.of(TracerTest.WEB1_IP, 80))
                            .build())));
    Tracer tr = tracer(t);
    Trace h =
        tr.trace("web1", Packets.tcp(TracerTest.WEB1, TracerTest.R1_WEB, TracerTest.WEB1_IP, TracerTest.VIP, 40000, 80));
    Verdict.Delivered d = delivered(h);
    assertThat(d.ports()).containsExactly("web1");
    Packet p = d.outputs().get(0).packet();
    assertThat(p.ip().orElseThrow().src()).isEqualTo(TracerTest.VIP);
    assertThat(p.ip().orElseThrow().dst()).isEqualTo(TracerTest.WEB1_IP);
    assertThat(p.tcp().orElseThrow().dst()).isEqualTo(80);
    // As OVN's ls_in_hairpin: Ethernet addresses swapped, straight back (not routed).
    assertThat(p.ethSrc()).isEqualTo(TracerTest.R1_WEB);
    assertThat(p.ethDst()).isEqualTo(TracerTest.WEB1);
    assertThat(p.ip().orElseThrow().ttl()).isEqualTo(64);
    Packet ack =
        Packets.tcp(TracerTest.WEB1, TracerTest.R1_WEB, TracerTest.WEB1_IP, TracerTest.VIP, 40000, 80, Packet.Tcp.ACK);
    Trace later = tr.trace("web1", ack, h.table());
    Packet p2 = delivered(later).outputs().get(0).packet();
    assertThat(p2.ip().orElseThrow().src()).as(TraceText.render(later, true)).isEqualTo(TracerTest.VIP);
    // The client's answer, to the hairpin address, comes back as VIP:80 -> client.
    Packet answer =
        Packets.tcp(TracerTest.WEB1, TracerTest.R1_WEB, TracerTest.WEB1_IP, TracerTest.VIP, 80, 40000, Packet.Tcp.ACK);
    Trace back = tr.trace("web1", answer, later.table());
    Packet p3 = delivered(back).outputs().get(0).packet();
    assertThat(p3.ip().orElseThrow().src()).as(TraceText.render(back, true)).isEqualTo(TracerTest.VIP);
    assertThat(p3.tcp().orElseThrow().src()).isEqualTo(80);
    assertThat(p3.tcp().orElseThrow().dst()).isEqualTo(40000);
  }

  @Test
  void aVipWithoutHealthyBackendsDrops() {
    Topology t =
        TestTopologies.editLoadBalancer(
            TestTopologies.threeTier(),
            "web-lb",
            lb ->
                lb.vips(
                    List.of(
                        new Vip.Builder()
                            .id("http")
                            .address(IpAddress.parse("10.0.1.100"))
                            .protocol(io.nv.model.addr.IpProtocol.TCP)
                            .port(80)
                            .addBackend(Backend.of(TracerTest.WEB1_IP, 80).withHealthy(false))
                            .build())));
    Trace d =
        tracer(t).trace("app1", Packets.tcp(TracerTest.APP1, TracerTest.R1_APP, TracerTest.APP1_IP, TracerTest.VIP, 40000, 80));
    assertThat(d.verdict()).isEqualTo(verdict("load-balancer web-lb / vip http"));
  }

  @Test
  void establishedConnectionsReuseTheirBackend() {
    Tracer tr = tracer(TestTopologies.threeTier());
    Packet syn = Packets.tcp(TracerTest.APP1, TracerTest.R1_APP, TracerTest.APP1_IP, TracerTest.VIP, 40000, 80);
    Trace first = tr.trace("app1", syn);
    String backend = delivered(first).ports().get(0);
    Packet ack = Packets.tcp(TracerTest.APP1, TracerTest.R1_APP, TracerTest.APP1_IP, TracerTest.VIP, 40000, 80, Packet.Tcp.ACK);
    Trace second = tr.trace("app1", ack, first.table());
    assertThat(delivered(second).ports()).containsExactly(backend);
    assertThat(second.table()).isEqualTo(first.table());
  }
}
