package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import static io.nv.model.semantics.Fixture.dropped;
import static io.nv.model.semantics.Fixture.punted;
import static io.nv.model.semantics.Fixture.replyTo;
import static io.nv.model.semantics.SemanticsTest.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.placement.Binding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACL stages: tiers, priorities, PASS, actions, default-deny, conntrack, sets and groups. */
class AclStagesTest {

  /** Switch {@code s} (10.3.0.0/24) with VIFs a, b, c (.1-.3), these ACLs and default. */
  static Topology.Builder lab(DefaultDeny deny, AclRule... acls) {
    return new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addHost(TestTopologies.host("hv1", "192.168.0.1"))
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("s")
                .tenant("acme")
                .addSubnet(IpPrefix.parse("10.3.0.0/24"))
                .addPort(TestTopologies.vif("a", "10.3.0.1", "0a:00:00:03:00:01"))
                .addPort(TestTopologies.vif("b", "10.3.0.2", "0a:00:00:03:00:02"))
                .addPort(TestTopologies.vif("c", "10.3.0.3", "0a:00:00:03:00:03"))
                .defaultDeny(deny)
                .addAcls(acls)
                .build())
        .addBinding(new Binding("a", "hv1"))
        .addBinding(new Binding("b", "hv1"))
        .addBinding(new Binding("c", "hv1"));
  }

  static AclRule rule(
      String id, Direction d, int tier, int priority, String match, AclAction action) {
    return new AclRule.Builder()
        .id(id)
        .direction(d)
        .tier(tier)
        .priority(priority)
        .match(match)
        .action(action)
        .build();
  }

  static AclRule to(String id, int priority, String match, AclAction action) {
    return rule(id, Direction.TO_PORT, 0, priority, match, action);
  }

  static PortGroup group(String id, DefaultDeny deny, List<String> ports, AclRule... acls) {
    return new PortGroup.Builder()
        .id(id)
        .tenant("acme")
        .ports(ports)
        .defaultDeny(deny)
        .addAcls(acls)
        .build();
  }

  private static Evaluation send(Fixture f, String from, String to, int dstPort) {
    return f.evaluate(from, f.tcp(from, to, 40000, dstPort));
  }

  @Test
  void passInTierZeroLeavesTheDecisionToTierOne() {
    AclRule pass = rule("pass-http", Direction.TO_PORT, 0, 100, "tcp.dst == 80", AclAction.PASS);
    AclRule drop = rule("drop-tcp", Direction.TO_PORT, 0, 50, "tcp", AclAction.DROP);
    AclRule allow = rule("allow-http", Direction.TO_PORT, 1, 10, "tcp.dst == 80", AclAction.ALLOW);
    Fixture f = new Fixture(lab(DefaultDeny.TO_PORT, pass, drop, allow).build());

    Evaluation http = send(f, "a", "b", 80);
    assertThat(delivered(http).ports()).containsExactly("b");
    assertThat(http.explain())
        .contains("tier 0: switch s / acl pass-http (priority 100) PASS: next tier")
        .contains("tier 1: switch s / acl allow-http (priority 10) ALLOW");
    assertThat(send(f, "a", "b", 22).verdict()).isEqualTo(dropped("switch s / acl drop-tcp"));
  }

  @Test
  void aPassToNoFurtherRuleFallsToTheDefault() {
    AclRule pass = rule("pass-all", Direction.TO_PORT, 0, 100, "ip4", AclAction.PASS);
    Fixture deny = new Fixture(lab(DefaultDeny.TO_PORT, pass).build());
    Fixture allow = new Fixture(lab(DefaultDeny.OFF, pass).build());
    assertThat(send(deny, "a", "b", 80).verdict()).isEqualTo(dropped("switch s / default-deny"));
    assertThat(delivered(send(allow, "a", "b", 80)).ports()).containsExactly("b");
  }

  @Test
  void lowerTiersDecideBeforeHigherPriorityRulesOfLaterTiers() {
    AclRule allow = rule("allow", Direction.TO_PORT, 0, 1, "tcp", AclAction.ALLOW);
    AclRule drop = rule("drop", Direction.TO_PORT, 2, 30000, "tcp", AclAction.DROP);
    Fixture f = new Fixture(lab(DefaultDeny.OFF, allow, drop).build());
    assertThat(delivered(send(f, "a", "b", 80)).ports()).containsExactly("b");
  }

  @Test
  void theHighestMatchingPriorityDecidesInATier() {
    AclRule drop = to("drop-ssh", 200, "tcp.dst == 22", AclAction.DROP);
    AclRule allow = to("allow-tcp", 100, "tcp", AclAction.ALLOW);
    AclRule higherButNotMatching = to("udp", 300, "udp", AclAction.REJECT);
    Fixture f = new Fixture(lab(DefaultDeny.TO_PORT, drop, allow, higherButNotMatching).build());
    assertThat(send(f, "a", "b", 22).verdict()).isEqualTo(dropped("switch s / acl drop-ssh"));
    assertThat(delivered(send(f, "a", "b", 443)).ports()).containsExactly("b");
  }

  @Test
  void rejectPuntsWithReasonReject() {
    Fixture f = new Fixture(lab(DefaultDeny.OFF, to("no-telnet", 10, "tcp.dst == 23", AclAction.REJECT)).build());
    Evaluation e = send(f, "a", "b", 23);
    assertThat(e.verdict()).isEqualTo(punted("reject", "switch s / acl no-telnet"));
    assertThat(e.verdict().toString()).isEqualTo("verdict: punted (reject) by switch s / acl no-telnet");
  }

  @Test
  void portGroupRulesApplyToMembersOnly() {
    PortGroup g =
        group("guarded", DefaultDeny.OFF, List.of("b"), to("drop-web", 10, "tcp.dst == 80", AclAction.DROP));
    Fixture f = new Fixture(lab(DefaultDeny.OFF).addPortGroup(g).build());
    assertThat(send(f, "a", "b", 80).verdict()).isEqualTo(dropped("port-group guarded / acl drop-web"));
    assertThat(delivered(send(f, "a", "c", 80)).ports()).containsExactly("c");
  }

  @Test
  void logAddsAStepAndKeepsTheVerdict() {
    AclRule logged =
        new AclRule.Builder().from(to("allow-web", 10, "tcp.dst == 80", AclAction.ALLOW)).log(true).build();
    Evaluation e = send(new Fixture(lab(DefaultDeny.TO_PORT, logged).build()), "a", "b", 80);
    assertThat(delivered(e).ports()).containsExactly("b");
    assertThat(e.steps())
        .anyMatch(s -> s.stage() == Step.Stage.LOG && s.text().equals("punted (log) by switch s / acl allow-web"));
  }

  @Test
  void statelessAllowLetsNoReplyThroughADefaultDeny() {
    Evaluation[] stateless = exchange(AclAction.ALLOW);
    assertThat(delivered(stateless[0]).ports()).containsExactly("b");
    assertThat(stateless[0].table().isEmpty()).isTrue();
    assertThat(stateless[1].verdict()).isEqualTo(dropped("port-group clients / default-deny"));

    Evaluation[] related = exchange(AclAction.ALLOW_RELATED);
    assertThat(delivered(related[0]).ports()).containsExactly("b");
    assertThat(related[0].table().inZone("b")).hasSize(1);
    assertThat(related[0].table().inZone("a")).hasSize(1);
    assertThat(delivered(related[1]).ports()).containsExactly("a");
  }

  /** a (clients) opens tcp 80 to b (servers, allowed by {@code action}); b answers. */
  private static Evaluation[] exchange(AclAction action) {
    Topology t =
        lab(DefaultDeny.OFF)
            .addPortGroup(group("clients", DefaultDeny.TO_PORT, List.of("a")))
            .addPortGroup(group("servers", DefaultDeny.TO_PORT, List.of("b"), to("http", 10, "tcp.dst == 80", action)))
            .build();
    Fixture f = new Fixture(t);
    Evaluation forward = send(f, "a", "b", 80);
    Packet answer = replyTo(f.tcp("a", "b", 40000, 80));
    return new Evaluation[] {forward, f.evaluate("b", answer, forward.table())};
  }

  @Test
  void establishedTrafficPassesWithoutMeetingAnyRule() {
    AclRule allow = to("allow-http", 10, "tcp.dst == 80", AclAction.ALLOW_RELATED);
    AclRule dropReplies = to("drop-from-http", 20, "tcp.src == 80", AclAction.DROP);
    Fixture f = new Fixture(lab(DefaultDeny.TO_PORT, allow, dropReplies).build());
    Evaluation forward = send(f, "a", "b", 80);
    Evaluation back = f.evaluate("b", replyTo(f.tcp("a", "b", 40000, 80)), forward.table());
    assertThat(delivered(back).ports()).containsExactly("a");
    Evaluation fresh = f.evaluate("b", replyTo(f.tcp("a", "b", 40001, 80)));
    assertThat(fresh.verdict()).isEqualTo(dropped("switch s / acl drop-from-http"));
  }

  @Test
  void switchDefaultDenyBothCoversTheFromPortStage() {
    AclRule allowIn = to("allow-http", 10, "tcp.dst == 80", AclAction.ALLOW);
    Fixture toPort = new Fixture(lab(DefaultDeny.TO_PORT, allowIn).build());
    Fixture both = new Fixture(lab(DefaultDeny.BOTH, allowIn).build());
    Fixture bothOut =
        new Fixture(
            lab(
                    DefaultDeny.BOTH,
                    allowIn,
                    rule("out", Direction.FROM_PORT, 0, 10, "inport == \"a\" && ip4", AclAction.ALLOW))
                .build());
    assertThat(delivered(send(toPort, "a", "b", 80)).ports()).containsExactly("b");
    Evaluation e = send(both, "a", "b", 80);
    assertThat(e.verdict()).isEqualTo(dropped("switch s / default-deny"));
    assertThat(e.steps().get(e.steps().size() - 1).stage()).isEqualTo(Step.Stage.FROM_PORT_ACL);
    assertThat(delivered(send(bothOut, "a", "b", 80)).ports()).containsExactly("b");
    assertThat(send(bothOut, "c", "b", 80).verdict()).isEqualTo(dropped("switch s / default-deny"));
  }

  @Test
  void theFirstGroupByIdNamesTheDefaultDeny() {
    Topology t =
        lab(DefaultDeny.OFF)
            .addPortGroup(group("zeta", DefaultDeny.TO_PORT, List.of("b")))
            .addPortGroup(group("alpha", DefaultDeny.BOTH, List.of("b")))
            .addPortGroup(group("mid", DefaultDeny.OFF, List.of("b")))
            .build();
    Fixture f = new Fixture(t);
    assertThat(send(f, "a", "b", 80).verdict()).isEqualTo(dropped("port-group alpha / default-deny"));
    assertThat(send(f, "b", "a", 80).verdict()).isEqualTo(dropped("port-group alpha / default-deny"));
  }

  @Test
  void addressSetsAndGroupSetsResolve() {
    AddressSet admins =
        new AddressSet.Builder().id("admins").tenant("acme").addAddress(IpPrefix.parse("10.3.0.1/32")).build();
    Topology t =
        lab(DefaultDeny.TO_PORT, to("ssh", 10, "ip4.src == $admins && tcp.dst == 22", AclAction.ALLOW))
            .addAddressSet(admins)
            .addPortGroup(
                group(
                    "web",
                    DefaultDeny.OFF,
                    List.of("c"),
                    to("from-web", 10, "ip4.src == $web_ip4 && outport == @web", AclAction.ALLOW)))
            .build();
    Fixture f = new Fixture(t);
    assertThat(delivered(send(f, "a", "b", 22)).ports()).containsExactly("b");
    assertThat(send(f, "c", "b", 22).verdict()).isEqualTo(dropped("switch s / default-deny"));
    // Only c is in group web, so $web_ip4 holds c's address alone.
    assertThat(delivered(send(f, "c", "c", 9999)).ports()).containsExactly("c");
    assertThat(send(f, "a", "c", 9999).verdict()).isEqualTo(dropped("switch s / default-deny"));
  }

  @Test
  void arpAndOtherNonIpTrafficPassAclStagesUnderDefaultDeny() {
    Fixture f = new Fixture(lab(DefaultDeny.BOTH).build());
    Packet who =
        Packets.arpRequest(f.mac("a"), Ipv4Address.parse("10.3.0.1"), Ipv4Address.parse("10.3.0.77"));
    assertThat(delivered(f.evaluate("a", who)).ports()).containsExactly("b", "c");
    Packet lldp = Packets.ethernet(f.mac("a"), f.mac("b"), 0x88cc);
    assertThat(delivered(f.evaluate("a", lldp)).ports()).containsExactly("b");
  }

  @Test
  void repliesLeaveThroughTheRouterUnderASwitchDefaultDeny() {
    // db becomes a zero-trust switch that lets app reach db1; the reply to app leaves through
    // the router port, whose to-port stage keeps the ingress lookup's "established".
    Topology t =
        TestTopologies.editSwitch(
            TestTopologies.threeTier(),
            "db",
            s ->
                s.defaultDeny(DefaultDeny.TO_PORT)
                    .addAcl(to("pg", 10, "outport == \"db1\" && tcp.dst == 5432", AclAction.ALLOW_RELATED)));
    Fixture f = new Fixture(t);
    Packet syn = f.tcp("app1", f.routerMac("r1-app"), "db1", 40000, 5432);
    Evaluation forward = f.evaluate("app1", syn);
    Verdict.Output out = delivered(forward).outputs().get(0);
    Evaluation back = f.evaluate("db1", replyTo(out.packet()), forward.table());
    assertThat(delivered(back).ports()).containsExactly("app1");

    Evaluation open = f.evaluate("db1", f.tcp("db1", f.routerMac("r1-db"), "app1", 41000, 80));
    assertThat(open.verdict()).isEqualTo(dropped("switch db / default-deny"));
  }

  // ---- only replies pass at once ----

  private static final MacAddress R_LAN = MacAddress.parse("0a:00:00:01:00:01");
  private static final MacAddress R_FAR = MacAddress.parse("0a:00:00:02:00:01");

  /** lan stateful through its load balancer only, and through an ALLOW_RELATED rule only. */
  private static List<Fixture> guardedLans() {
    return List.of(
        new Fixture(TestTopologies.guardedLan(AclAction.ALLOW, true)),
        new Fixture(TestTopologies.guardedLan(AclAction.ALLOW_RELATED, false)));
  }

  @Test
  void aForwardPacketOfAConnectionDroppedAtTheRouterPortIsDroppedAgain() {
    // vm1's first packet is committed in vm1's zone at ingress, then lan-r's to-port stage drops
    // it by default-deny. The second is a forward packet of that connection, no reply: lan-r's
    // stage evaluates it again, and it is dropped again.
    for (Fixture f : guardedLans()) {
      Packet dns = Packets.udp(f.mac("vm1"), R_LAN, f.ip("vm1"), f.ip("vm9"), 40000, 53);
      Evaluation first = f.evaluate("vm1", dns);
      assertThat(first.verdict()).as(first.explain()).isEqualTo(dropped("switch lan / default-deny"));
      assertThat(first.table().inZone("vm1")).hasSize(1);
      Evaluation second = f.evaluate("vm1", dns, first.table());
      assertThat(second.verdict()).as(second.explain()).isEqualTo(dropped("switch lan / default-deny"));
      assertThat(second.explain())
          .contains("conntrack: zone vm1: packet of 10.0.1.11:40000 > 10.0.2.19:53 udp")
          .contains("router port: no zone; the ingress lookup found no reply")
          .doesNotContain("committed");
      assertThat(second.table()).isEqualTo(first.table());
    }
  }

  @Test
  void aPacketMatchingTheReverseOfADroppedConnectionPassesItsSendersPortAsAReply() {
    // The residual that OVN shares (it commits at ingress too): the dropped packet's connection
    // stays committed in vm1's zone, so vm9's packet that is its reverse passes vm1's to-port
    // stage as a reply, default-deny notwithstanding.
    for (Fixture f : guardedLans()) {
      Evaluation dropped =
          f.evaluate("vm1", Packets.udp(f.mac("vm1"), R_LAN, f.ip("vm1"), f.ip("vm9"), 40000, 53));
      Packet reverse = Packets.udp(f.mac("vm9"), R_FAR, f.ip("vm9"), f.ip("vm1"), 53, 40000);
      Evaluation back = f.evaluate("vm9", reverse, dropped.table());
      assertThat(delivered(back).ports()).containsExactly("vm1");
      assertThat(back.explain()).contains("to-port-acl: reply of a committed connection: pass");
      assertThat(f.evaluate("vm9", reverse).verdict()).isEqualTo(dropped("switch lan / default-deny"));
    }
  }

  @Test
  void aReplyPassesTheRouterPortWithoutMeetingItsRules() {
    Fixture f = new Fixture(TestTopologies.guardedLan(AclAction.ALLOW_RELATED, false));
    Packet syn = Packets.tcp(f.mac("vm9"), R_FAR, f.ip("vm9"), f.ip("vm2"), 40000, 80);
    Evaluation open = f.evaluate("vm9", syn);
    Verdict.Output at = delivered(open).outputs().get(0);
    assertThat(at.port()).isEqualTo("vm2");
    Evaluation back = f.evaluate("vm2", replyTo(at.packet()), open.table());
    assertThat(delivered(back).ports()).containsExactly("vm9");
    assertThat(back.explain())
        .contains("from-port-acl: reply of a committed connection: pass")
        .contains("router port: no zone; the ingress lookup found a reply of a committed connection")
        .contains("to-port-acl: reply of a committed connection: pass");
  }

  @Test
  void aLaterForwardPacketPassesBecauseItsRuleAllowsItAgain() {
    Fixture f = new Fixture(TestTopologies.guardedLan(AclAction.ALLOW_RELATED, false));
    for (String client : List.of("vm1", "vm9")) {
      MacAddress to = client.equals("vm1") ? f.mac("vm2") : R_FAR;
      Packet syn = Packets.tcp(f.mac(client), to, f.ip(client), f.ip("vm2"), 40000, 80);
      Evaluation first = f.evaluate(client, syn);
      assertThat(delivered(first).ports()).containsExactly("vm2");
      Packet ack = Packets.tcp(f.mac(client), to, f.ip(client), f.ip("vm2"), 40000, 80, Packet.Tcp.ACK);
      Evaluation later = f.evaluate(client, ack, first.table());
      assertThat(delivered(later).ports()).containsExactly("vm2");
      assertThat(later.explain())
          .contains("conntrack: zone vm2: packet of")
          .contains("to-port-acl: tier 0: switch lan / acl web (priority 1000) ALLOW_RELATED: pass")
          .doesNotContain("committed");
      assertThat(later.table()).isEqualTo(first.table());
    }
  }

  @Test
  void aForwardPacketOfABalancedConnectionKeepsItsNat() {
    // The second packet passes vm1's from-port stage by evaluation (default allow there); a
    // passing packet of a connection commits nothing, so the load balancer's record stays.
    Fixture f = new Fixture(TestTopologies.guardedLan(AclAction.ALLOW, true));
    IpAddress vip = IpAddress.parse("172.16.0.1");
    Packet syn = Packets.tcp(f.mac("vm1"), R_LAN, f.ip("vm1"), vip, 40000, 80);
    Evaluation first = f.evaluate("vm1", syn);
    Verdict.Output at = delivered(first).outputs().get(0);
    assertThat(at.port()).isEqualTo("vm2");
    Evaluation later = f.evaluate("vm1", syn, first.table());
    assertThat(delivered(later).outputs()).containsExactly(at);
    assertThat(later.table()).isEqualTo(first.table());
    assertThat(later.table().inZone("vm1")).singleElement().matches(Connection::isNatted);
    // vm2 answers vm1 on the switch: the reply of the balanced connection, un-NATed at vm1.
    Packet answer = Packets.tcp(f.mac("vm2"), f.mac("vm1"), f.ip("vm2"), f.ip("vm1"), 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK);
    Evaluation back = f.evaluate("vm2", answer, later.table());
    Verdict.Output reply = delivered(back).outputs().get(0);
    assertThat(reply.port()).isEqualTo("vm1");
    assertThat(reply.packet().ip().orElseThrow().src()).isEqualTo(vip);
  }
}
