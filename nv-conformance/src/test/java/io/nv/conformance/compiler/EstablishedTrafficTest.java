package io.nv.conformance.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only replies pass the ACL stages at once (docs/semantics.md, "ACL stages"), checked against the
 * reference semantics and the compiled pipelines on {@link TestTopologies#guardedLan}: a forward
 * packet of a committed connection meets the rules again, also at a router port whose to-port
 * stage dropped the connection's first packet; a reply passes; a passing forward packet commits
 * nothing, so a load balancer's NAT survives.
 */
class EstablishedTrafficTest {
  static final MacAddress VM1 = MacAddress.parse("0a:00:00:01:00:11");
  static final MacAddress VM2 = MacAddress.parse("0a:00:00:01:00:12");
  static final MacAddress VM9 = MacAddress.parse("0a:00:00:02:00:19");
  static final MacAddress R_LAN = MacAddress.parse("0a:00:00:01:00:01");
  static final MacAddress R_FAR = MacAddress.parse("0a:00:00:02:00:01");
  static final IpAddress VM1_IP = IpAddress.parse("10.0.1.11");
  static final IpAddress VM2_IP = IpAddress.parse("10.0.1.12");
  static final IpAddress VM9_IP = IpAddress.parse("10.0.2.19");
  static final IpAddress VIP = IpAddress.parse("172.16.0.1");

  /** lan stateful through its load balancer only, and through an ALLOW_RELATED rule only. */
  static final List<Topology> GUARDED =
      List.of(TestTopologies.guardedLan(AclAction.ALLOW, true), TestTopologies.guardedLan(AclAction.ALLOW_RELATED, false));

  private static void expect(Engines.Engine e, Verdict v, String verdict) {
    assertThat(v.toString()).as(e.name() + "\n" + e.explainLast()).isEqualTo("verdict: " + verdict);
  }

  @Test
  void aSecondPacketDoesNotPassTheRouterPortWhoseDefaultDenyDroppedTheFirst() {
    Packet dns = Packets.udp(VM1, R_LAN, VM1_IP, VM9_IP, 40000, 53);
    for (Topology t : GUARDED) {
      for (Engines.Engine e : Engines.both(t)) {
        expect(e, e.send("vm1", dns), "dropped by switch lan / default-deny");
        assertThat(e.connections()).as(e.name()).isEqualTo(1);
        expect(e, e.send("vm1", dns), "dropped by switch lan / default-deny");
        assertThat(e.connections()).as(e.name()).isEqualTo(1);
        // The residual shared with OVN: the connection stays committed in vm1's zone, so its
        // reverse passes vm1's to-port stage as a reply.
        expect(e, e.send("vm9", Packets.udp(VM9, R_FAR, VM9_IP, VM1_IP, 53, 40000)), "delivered to vm1");
      }
    }
  }

  @Test
  void aReplyPassesAndALaterForwardPacketPassesByItsRuleAgain() {
    Topology t = TestTopologies.guardedLan(AclAction.ALLOW_RELATED, false);
    for (Engines.Engine e : Engines.both(t)) {
      expect(e, e.send("vm9", Packets.tcp(VM9, R_FAR, VM9_IP, VM2_IP, 40000, 80)), "delivered to vm2");
      int committed = e.connections();
      expect(e, e.send("vm2", Packets.tcp(VM2, R_LAN, VM2_IP, VM9_IP, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK)), "delivered to vm9");
      expect(e, e.send("vm9", Packets.tcp(VM9, R_FAR, VM9_IP, VM2_IP, 40000, 80, Packet.Tcp.ACK)), "delivered to vm2");
      expect(e, e.send("vm1", Packets.tcp(VM1, VM2, VM1_IP, VM2_IP, 40001, 80)), "delivered to vm2");
      expect(e, e.send("vm1", Packets.tcp(VM1, VM2, VM1_IP, VM2_IP, 40001, 80, Packet.Tcp.ACK)), "delivered to vm2");
      // vm1's two packets committed its connection in vm1's and in vm2's zone, once.
      assertThat(e.connections()).as(e.name()).isEqualTo(committed + 2);
    }
  }

  @Test
  void aLaterPacketToTheVipKeepsItsBackendAndTheReplyIsUnNated() {
    Topology t = TestTopologies.guardedLan(AclAction.ALLOW, true);
    for (Engines.Engine e : Engines.both(t)) {
      Packet syn = Packets.tcp(VM1, R_LAN, VM1_IP, VIP, 40000, 80);
      expect(e, e.send("vm1", syn), "delivered to vm2");
      int committed = e.connections();
      Verdict later = e.send("vm1", syn);
      expect(e, later, "delivered to vm2");
      assertThat(((Verdict.Delivered) later).outputs().get(0).packet().ip().orElseThrow().dst()).isEqualTo(VM2_IP);
      assertThat(e.connections()).as(e.name()).isEqualTo(committed);
      Verdict back = e.send("vm2", Packets.tcp(VM2, VM1, VM2_IP, VM1_IP, 80, 40000, Packet.Tcp.SYN | Packet.Tcp.ACK));
      expect(e, back, "delivered to vm1");
      assertThat(((Verdict.Delivered) back).outputs().get(0).packet().ip().orElseThrow().src()).as(e.name()).isEqualTo(VIP);
    }
  }

  @Test
  void aHairpinnedPacketMeetsTheClientsToPortRules() {
    // web-lb balances web1's connection to the VIP back to web1 for some source ports; there the
    // packet is a forward packet of its connection, and a rule against the VIP as source drops it.
    Topology t =
        TestTopologies.editSwitch(
            TestTopologies.threeTier(), "web",
            s -> s.addAcl(
                new io.nv.model.acl.AclRule.Builder().id("no-hairpin").direction(io.nv.model.acl.Direction.TO_PORT)
                    .priority(2000).match("ip4.src == 10.0.1.100 && outport == \"web1\"").action(AclAction.DROP).build()));
    MacAddress web1 = MacAddress.parse("0a:00:00:01:00:11");
    MacAddress r1Web = MacAddress.parse("0a:00:00:01:00:01");
    IpAddress web1Ip = IpAddress.parse("10.0.1.11");
    IpAddress vip = IpAddress.parse("10.0.1.100");
    for (Engines.Engine e : Engines.both(t)) {
      int hairpinned = 0;
      for (int sport = 40000; sport < 40020; sport++) {
        Verdict v = e.send("web1", Packets.tcp(web1, r1Web, web1Ip, vip, sport, 80));
        if (v.toString().equals("verdict: dropped by switch web / acl no-hairpin")) {
          hairpinned++;
        } else {
          expect(e, v, "delivered to web2");
        }
      }
      assertThat(hairpinned).as(e.name()).isBetween(1, 19);
    }
  }
}
