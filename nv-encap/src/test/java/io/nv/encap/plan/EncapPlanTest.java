package io.nv.encap.plan;

import static io.nv.encap.Fixtures.host;
import static io.nv.encap.Fixtures.routerLink;
import static io.nv.encap.Fixtures.routerOf;
import static io.nv.encap.Fixtures.routerPort;
import static io.nv.encap.Fixtures.switchOf;
import static io.nv.encap.Fixtures.topology;
import static io.nv.encap.Fixtures.valid;
import static io.nv.encap.Fixtures.vif;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.nv.encap.Fixtures;
import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.graph.Node;
import io.nv.model.graph.TopologyGraph;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncapPlanTest {
  private static EncapPlan plan(Topology t, String host) {
    ValidatedTopology v = valid(t);
    return EncapPlan.of(v, Keys.allocate(v).get(), host);
  }

  @Test
  void vl2FlatPlanForHv1() {
    EncapPlan p = plan(Fixtures.vl2Flat(), "hv1");
    assertThat(p.vtep())
        .isEqualTo(new EncapPlan.Vtep(IpAddress.parse("192.168.0.1"), Encapsulation.GENEVE, 6081));
    assertThat(p.peers())
        .containsExactly(
            new EncapPlan.Peer("hv2", IpAddress.parse("192.168.0.2")),
            new EncapPlan.Peer("hv3", IpAddress.parse("192.168.0.3")));
    assertThat(p.replication())
        .containsExactly(new EncapPlan.Replication("flat", 1, 1, ImmutableList.of("hv2", "hv3")));
    assertThat(p.budget().innerMtu()).isEqualTo(1442);
    assertThat(p.switchMtus()).containsExactly(Map.entry("flat", 1442));
    assertThat(p.datapaths()).containsExactly(new EncapPlan.DatapathKey(Node.ofSwitch("flat"), 1));
    assertThat(p.localPorts()).containsExactly(new EncapPlan.LocalPort("vm1", "flat", 1, 1));
  }

  @Test
  void vl2FlatPlanText() {
    String text = plan(Fixtures.vl2Flat(), "hv1").toText();
    assertThat(text)
        .isEqualTo(
            """
            plan for host hv1
            vtep: 192.168.0.1 geneve udp/6081
            peers (2):
              hv2 192.168.0.2
              hv3 192.168.0.3
            replication (one copy per remote host, per switch):
              switch flat vni 1: hv2, hv3
            mtu budget (geneve over IPv4, underlay 1500):
               1500 underlay IP MTU
              -  20 outer IPv4 header
              -   8 UDP header
              -   8 Geneve header
              -   8 Geneve option (OVN ports, with its 4-byte header)
              -  14 inner Ethernet header
              = 1442 inner IP MTU
              (1500 - (20 + 8 + 8 + 8 + 14) = 1442; each inner 802.1Q tag costs 4 more: 1438 with one tag)
            switch mtu:
              flat 1442
            keys:
              datapaths: switch flat = 1
              local ports:
                vm1 key 1 zone 1 (switch flat)
            """);
  }

  /**
   * Tenant a: switch web (a1 on hv1, a2 on hv2) behind r1, switch db (d1 on hv3); tenant b: hv4
   * alone.
   */
  private static Topology routed(Encapsulation e) {
    Set<Encapsulation> both = ImmutableSet.of(Encapsulation.GENEVE, Encapsulation.VXLAN);
    Topology.Builder b = topology().encapsulation(e);
    for (int i = 1; i <= 5; i++) {
      b.addHost(
          new Host.Builder().from(host("hv" + i, "192.168.0." + i)).encapsulations(both).build());
    }
    return b.addSwitch(
            switchOf("web")
                .addPort(vif("a1", 1))
                .addPort(vif("a2", 2))
                .addPort(routerLink("web-r1", "r1-web"))
                .build())
        .addSwitch(
            switchOf("db").addPort(vif("d1", 3)).addPort(routerLink("db-r1", "r1-db")).build())
        .addSwitch(switchOf("lonely").addPort(vif("x1", 4)).build())
        .addRouter(
            routerOf("r1").addPort(routerPort("r1-web", 1)).addPort(routerPort("r1-db", 2)).build())
        .addBinding(new Binding("a1", "hv1"))
        .addBinding(new Binding("a2", "hv2"))
        .addBinding(new Binding("d1", "hv3"))
        .addBinding(new Binding("x1", "hv4"))
        .build();
  }

  @Test
  void peersAreOnlyHostsThatShareADatapath() {
    EncapPlan p = plan(routed(Encapsulation.GENEVE), "hv1");
    assertThat(p.peers()).extracting(EncapPlan.Peer::host).containsExactly("hv2", "hv3");
    assertThat(p.datapaths())
        .extracting(EncapPlan.DatapathKey::datapath)
        .containsExactly(Node.ofSwitch("db"), Node.ofSwitch("web"), Node.ofRouter("r1"));
    assertThat(p.replication())
        .extracting(EncapPlan.Replication::switchId, EncapPlan.Replication::remotes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", List.of("hv3")),
            org.assertj.core.groups.Tuple.tuple("web", List.of("hv2")));
    EncapPlan lonely = plan(routed(Encapsulation.GENEVE), "hv4");
    assertThat(lonely.peers()).isEmpty();
    assertThat(lonely.replication().get(0).remotes()).isEmpty();
    assertThat(lonely.toText()).contains("peers (0):", "switch lonely vni 2: (no remote host)");
    EncapPlan idle = plan(routed(Encapsulation.GENEVE), "hv5");
    assertThat(idle.datapaths()).isEmpty();
    assertThat(idle.toText()).contains("datapaths: (none)", "local ports: (none)");
  }

  @Test
  void splitVxlanFloodsWithTheFloodGroupInTheVni() {
    EncapPlan p = plan(routed(Encapsulation.VXLAN), "hv1");
    assertThat(p.vtep().udpPort()).isEqualTo(4789);
    assertThat(p.budget().innerMtu()).isEqualTo(1450);
    EncapPlan.Replication web = p.replication().get(1);
    assertThat(web.switchId()).isEqualTo("web");
    assertThat(web.floodVni()).isEqualTo(0x800000 | web.key());
    assertThat(p.toText())
        .contains(
            "udp/4789 (ovn-split)", "switch web vni " + web.floodVni() + " (key 3, egress flood)");
    ValidatedTopology v = valid(routed(Encapsulation.VXLAN));
    EncapPlan perSwitch = EncapPlan.of(v, Keys.allocate(v, VxlanMode.VNI_PER_SWITCH).get(), "hv1");
    assertThat(perSwitch.replication().get(1).floodVni()).isEqualTo(3);
  }

  @Test
  void switchMtuIsItsOwnOrTheSmallestOfItsHosts() {
    Topology base = routed(Encapsulation.GENEVE);
    Host small =
        new Host.Builder().from(base.hostById("hv2").orElseThrow()).underlayMtu(1400).build();
    Host v6 =
        new Host.Builder()
            .from(base.hostById("hv3").orElseThrow())
            .tunnelIp(IpAddress.parse("2001:db8::3"))
            .build();
    Topology t =
        new Topology.Builder()
            .from(base)
            .hosts(
                List.of(
                    base.hostById("hv1").orElseThrow(),
                    small,
                    v6,
                    base.hostById("hv4").orElseThrow(),
                    base.hostById("hv5").orElseThrow()))
            .switches(
                List.of(
                    base.switchById("web").orElseThrow(),
                    base.switchById("db").orElseThrow(),
                    new io.nv.model.l2.LogicalSwitch.Builder()
                        .from(base.switchById("lonely").orElseThrow())
                        .mtu(1300)
                        .build(),
                    switchOf("empty").build()))
            .build();
    ValidatedTopology v = valid(t);
    TopologyGraph g = TopologyGraph.of(v);
    // web and db are both carried by hv1, hv2 (1400 - 58 = 1342) and hv3 (IPv6: 1422) via r1
    assertThat(EncapPlan.switchMtu(v, g, "web")).isEqualTo(1342);
    assertThat(EncapPlan.switchMtu(v, g, "db")).isEqualTo(1342);
    assertThat(EncapPlan.switchMtu(v, g, "lonely")).isEqualTo(1300);
    assertThat(EncapPlan.switchMtu(v, g, "empty"))
        .as("no host carries it: smallest of all")
        .isEqualTo(1342);
    assertThat(EncapPlan.of(v, Keys.allocate(v).get(), "hv1").switchMtus())
        .containsExactly(Map.entry("db", 1342), Map.entry("web", 1342));
    Topology noHosts = topology().addSwitch(switchOf("s").build()).build();
    ValidatedTopology nv = valid(noHosts);
    assertThat(EncapPlan.switchMtu(nv, TopologyGraph.of(nv), "s")).isEqualTo(1442);
  }

  @Test
  void sourcePortsStayInTheDynamicRangeAndSpread() {
    Set<Integer> seen = new HashSet<>();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 100_000; i++) {
      int h = r.nextInt();
      int port = EncapPlan.sourcePort(h);
      assertThat(port).isBetween(49152, 65535);
      assertThat(EncapPlan.sourcePort(h)).isEqualTo(port);
      seen.add(port);
    }
    assertThat(seen)
        .as("100k random hashes should reach nearly all 16384 ports")
        .hasSizeGreaterThan(16_000);
    assertThat(EncapPlan.sourcePort(0x0001_0000))
        .as("high bits matter")
        .isNotEqualTo(EncapPlan.sourcePort(0));
  }

  @Test
  void misuseSaysHowToFixIt() {
    ValidatedTopology v = valid(Fixtures.vl2Flat());
    KeyAssignment keys = Keys.allocate(v).get();
    assertThatThrownBy(() -> EncapPlan.of(v, keys, "hv9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hv9")
        .hasMessageContaining("[hv1, hv2, hv3]");
    KeyAssignment vxlan =
        new KeyAssignment(
            Encapsulation.VXLAN,
            VxlanMode.OVN_SPLIT,
            keys.switches(),
            keys.routers(),
            keys.switchPorts(),
            keys.routerPorts(),
            keys.zones(),
            keys.zoneHosts(),
            keys.routerZones());
    assertThatThrownBy(() -> EncapPlan.of(v, vxlan, "hv1")).hasMessageContaining("allocate keys");
  }
}
