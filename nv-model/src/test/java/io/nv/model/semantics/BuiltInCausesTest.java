package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import static io.nv.model.semantics.Fixture.dropped;
import static io.nv.model.semantics.SemanticsTest.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.placement.Binding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every built-in cause of docs/semantics.md at switches (routers: {@link RouterTest}). */
class BuiltInCausesTest {
  private final Fixture acme = new Fixture(TestTopologies.threeTier());

  /**
   * Switch {@code lan} (10.2.0.0/24): vm1 (port security), vm2 (none), LOCALNET ln1 on VLAN 100;
   * switch {@code bare} (10.4.0.0/24) with vm9 alone and a LOCALNET ln9 without VLAN; switch
   * {@code solo} (10.5.0.0/24) with vm5 alone.
   */
  static Topology lan(UnknownUnicast soloUnknown) {
    return new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addHost(TestTopologies.host("hv1", "192.168.0.1"))
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("lan")
                .tenant("acme")
                .addSubnet(IpPrefix.parse("10.2.0.0/24"))
                .addPort(TestTopologies.vif("vm1", "10.2.0.1", "0a:00:00:02:02:01"))
                .addPort(
                    new SwitchPort.Builder()
                        .id("vm2")
                        .mac(MacAddress.parse("0a:00:00:02:02:02"))
                        .addIp(IpAddress.parse("10.2.0.2"))
                        .build())
                .addPort(
                    new SwitchPort.Builder()
                        .id("ln1")
                        .kind(PortKind.LOCALNET)
                        .network("physnet")
                        .vlan(100)
                        .build())
                .build())
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("bare")
                .tenant("acme")
                .addSubnet(IpPrefix.parse("10.4.0.0/24"))
                .addPort(TestTopologies.vif("vm9", "10.4.0.9", "0a:00:00:02:04:09"))
                .addPort(
                    new SwitchPort.Builder().id("ln9").kind(PortKind.LOCALNET).network("physnet").build())
                .build())
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("solo")
                .tenant("acme")
                .addSubnet(IpPrefix.parse("10.5.0.0/24"))
                .unknownUnicast(soloUnknown)
                .addPort(TestTopologies.vif("vm5", "10.5.0.5", "0a:00:00:02:05:05"))
                .build())
        .addBinding(new Binding("vm1", "hv1"))
        .addBinding(new Binding("vm2", "hv1"))
        .addBinding(new Binding("vm9", "hv1"))
        .addBinding(new Binding("vm5", "hv1"))
        .build();
  }

  private final Fixture lan = new Fixture(lan(UnknownUnicast.UNKNOWN_PORTS));

  private static final MacAddress OUTSIDE = MacAddress.parse("02:00:00:00:00:99");

  private Packet fromOutside(MacAddress dst) {
    return Packets.udp(
        OUTSIDE, dst, IpAddress.parse("10.2.0.200"), lan.ip("vm2"), 5000, 53);
  }

  @Test
  void multicastSourceIsInvalid() {
    Packet p = acme.tcp("web1", "web2", 1, 80).withEthSrc(MacAddress.parse("01:00:5e:00:00:01"));
    assertThat(acme.evaluate("web1", p).verdict()).isEqualTo(dropped("switch web / invalid-source"));
  }

  @Test
  void localnetWithVlanTakesItsTagOnly() {
    Packet untagged = fromOutside(lan.mac("vm2"));
    assertThat(lan.evaluate("ln1", untagged).verdict()).isEqualTo(dropped("port ln1 / vlan"));
    assertThat(lan.evaluate("ln1", untagged.withVlan(Packet.Vlan.of(200))).verdict())
        .isEqualTo(dropped("port ln1 / vlan"));
    Evaluation ok = lan.evaluate("ln1", untagged.withVlan(new Packet.Vlan(100, 5)));
    assertThat(delivered(ok).ports()).containsExactly("vm2");
    assertThat(delivered(ok).outputs().get(0).packet()).isEqualTo(untagged);
  }

  @Test
  void vifsAndUntaggedLocalnetsRefuseTaggedFrames() {
    Packet tagged = lan.tcp("vm1", "vm2", 1, 80).withVlan(Packet.Vlan.of(100));
    assertThat(lan.evaluate("vm1", tagged).verdict()).isEqualTo(dropped("port vm1 / vlan"));
    Packet fromBare =
        Packets.udp(OUTSIDE, lan.mac("vm9"), IpAddress.parse("10.4.0.200"), lan.ip("vm9"), 1, 2);
    assertThat(lan.evaluate("ln9", fromBare.withVlan(Packet.Vlan.of(7))).verdict())
        .isEqualTo(dropped("port ln9 / vlan"));
    assertThat(delivered(lan.evaluate("ln9", fromBare)).ports()).containsExactly("vm9");
  }

  @Test
  void localnetWithVlanReceivesTaggedFrames() {
    Packet unknown = lan.tcp("vm1", "vm2", 1, 80).withEthDst(OUTSIDE);
    Evaluation e = lan.evaluate("vm1", unknown);
    assertThat(delivered(e).ports()).containsExactly("ln1");
    assertThat(delivered(e).outputs().get(0).packet().vlan()).contains(new Packet.Vlan(100, 0));
  }

  @Test
  void ingressPortSecurityChecksMacIpAndArp() {
    Packet wrongMac = lan.tcp("vm1", "vm2", 1, 80).withEthSrc(OUTSIDE);
    assertThat(lan.evaluate("vm1", wrongMac).verdict()).isEqualTo(dropped("port vm1 / port-security"));
    Ipv4Address vm1 = (Ipv4Address) lan.ip("vm1");
    Ipv4Address other = Ipv4Address.parse("10.2.0.9");
    Packet arpSpoof = Packets.arpRequest(lan.mac("vm1"), other, (Ipv4Address) lan.ip("vm2"));
    assertThat(lan.evaluate("vm1", arpSpoof).verdict()).isEqualTo(dropped("port vm1 / port-security"));
    Packet shaSpoof =
        new Packet.Builder()
            .ethSrc(lan.mac("vm1"))
            .ethDst(MacAddress.BROADCAST)
            .arp(new Packet.Arp(1, OUTSIDE, vm1, MacAddress.ZERO, other))
            .build();
    assertThat(lan.evaluate("vm1", shaSpoof).verdict()).isEqualTo(dropped("port vm1 / port-security"));
    // vm2 has no port security: anything goes.
    Packet spoofedByVm2 = lan.tcp("vm2", "vm1", 1, 80).withEthSrc(OUTSIDE).withIpSrc(other);
    assertThat(delivered(lan.evaluate("vm2", spoofedByVm2)).ports()).containsExactly("vm1");
  }

  @Test
  void egressPortSecurityChecksTheDestination() {
    Packet wrongIp = acme.tcp("web1", "web2", 1, 80).withIpDst(IpAddress.parse("10.0.1.50"));
    assertThat(acme.evaluate("web1", wrongIp).verdict()).isEqualTo(dropped("port web2 / port-security"));
    Packet subnetBroadcast =
        lan.tcp("vm2", "vm1", 1, 80).withIpDst(IpAddress.parse("10.2.0.255"));
    assertThat(delivered(lan.evaluate("vm2", subnetBroadcast)).ports()).containsExactly("vm1");
    Packet multicast = subnetBroadcast.withIpDst(IpAddress.parse("224.0.0.5"));
    assertThat(delivered(lan.evaluate("vm2", multicast)).ports()).containsExactly("vm1");
  }

  @Test
  void unicastToAnUnknownMacNeedsAPortTakingUnknown() {
    Packet p = Packets.udp(lan.mac("vm5"), OUTSIDE, lan.ip("vm5"), IpAddress.parse("10.5.0.6"), 1, 2);
    assertThat(lan.evaluate("vm5", p).verdict()).isEqualTo(dropped("switch solo / unknown-unicast"));

    Fixture flooding = new Fixture(lan(UnknownUnicast.FLOOD));
    assertThat(flooding.evaluate("vm5", p).verdict()).isEqualTo(dropped("switch solo / l2-lookup"));
  }

  @Test
  void portsFlaggedUnknownReceiveUnknownUnicast() {
    Fixture f =
        new Fixture(TestTopologies.editPort(TestTopologies.flat(), "vm3", p -> p.unknown(true)));
    Packet p = Packets.udp(f.mac("vm1"), OUTSIDE, f.ip("vm1"), f.ip("vm3"), 1, 2);
    // vm3 takes the copy, but its egress port security refuses a foreign eth.dst.
    assertThat(f.evaluate("vm1", p).verdict()).isEqualTo(dropped("port vm3 / port-security"));
    Fixture open =
        new Fixture(
            TestTopologies.editPort(
                TestTopologies.flat(), "vm3", q -> q.unknown(true).portSecurity(false)));
    assertThat(delivered(open.evaluate("vm1", p)).ports()).containsExactly("vm3");
  }

  @Test
  void floodingWithNoOtherPortIsDroppedByL2Lookup() {
    Packet bcast = Packets.broadcast(lan.mac("vm5"), 0x88cc);
    assertThat(lan.evaluate("vm5", bcast).verdict()).isEqualTo(dropped("switch solo / l2-lookup"));
  }

  @Test
  void floodingWhereEveryCopyIsDroppedGivesTheFirstCopysDrop() {
    // Both receivers refuse an IP destination that is neither theirs nor broadcast.
    Packet p =
        Packets.udp(
            acme.mac("web1"), MacAddress.BROADCAST, acme.ip("web1"), IpAddress.parse("10.0.1.77"), 1, 80);
    Fixture flat = new Fixture(TestTopologies.flat());
    Packet q =
        Packets.udp(flat.mac("vm1"), MacAddress.BROADCAST, flat.ip("vm1"), IpAddress.parse("10.1.0.77"), 1, 2);
    assertThat(flat.evaluate("vm1", q).verdict()).isEqualTo(dropped("port vm2 / port-security"));
    assertThat(acme.evaluate("web1", p).verdict()).isEqualTo(dropped("port-group web / default-deny"));
  }

  @Test
  void arpResponderAnswersForRouterAddressesButNotForTheAskersOwn() {
    Ipv4Address web1 = (Ipv4Address) acme.ip("web1");
    Evaluation router =
        acme.evaluate("web1", Packets.arpRequest(acme.mac("web1"), web1, Ipv4Address.parse("10.0.1.1")));
    assertThat(router.verdict()).isInstanceOf(Verdict.Replied.class);
    Verdict.Replied r = (Verdict.Replied) router.verdict();
    assertThat(r.by().toString()).isEqualTo("switch web / arp-responder");
    assertThat(r.reply().arp().orElseThrow().sha()).isEqualTo(acme.routerMac("r1-web"));

    Evaluation gratuitous = acme.evaluate("web1", Packets.arpRequest(acme.mac("web1"), web1, web1));
    assertThat(delivered(gratuitous).ports()).containsExactly("web2");
    Evaluation unknown =
        acme.evaluate("web1", Packets.arpRequest(acme.mac("web1"), web1, Ipv4Address.parse("10.0.1.77")));
    assertThat(delivered(unknown).ports()).containsExactly("web2");
  }

  @Test
  void vipWithoutHealthyBackendDrops() {
    Fixture down =
        new Fixture(
            TestTopologies.editLoadBalancer(
                TestTopologies.threeTier(),
                "web-lb",
                lb -> {
                  Vip http = lb.build().vips().get(0);
                  return lb.vips(
                      List.of(
                          new Vip.Builder()
                              .from(http)
                              .backends(http.backends().stream().map(b -> b.withHealthy(false)).toList())
                              .build()));
                }));
    Evaluation e = down.evaluate("app1", SemanticsTest.toVip(down, 40000));
    assertThat(e.verdict()).isEqualTo(dropped("load-balancer web-lb / vip http"));
    // The from-port stage's commit waits for the load balancer, which dropped the packet.
    assertThat(e.table().isEmpty()).isTrue();
  }
}
