package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import com.google.common.io.Resources;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.GeneveOption;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The trace parser on texts recorded from OVS 3.1 (in this package's test resources), so it is
 * checked on every machine, OVS installed or not.
 */
class OvsTraceTest {
  /** The datapath ports of the recording's {@code dpif/show}. */
  static final Map<Integer, DatapathAction.Output> PORTS = Map.of(
      1, new DatapathAction.Output("1", 1, "br-int", "vif1", 1),
      2, new DatapathAction.Output("2", 2, "br-int", "vif2", 2),
      4, new DatapathAction.Output("4", 4, "br-phy", "phy0", 1));

  static OvsTrace parse(String resource, List<String> ctNext) throws IOException {
    String raw = Resources.toString(Resources.getResource(OvsTraceTest.class, resource),
        StandardCharsets.UTF_8);
    return OvsTrace.parse("hv1", "br-int", "recorded", ctNext, raw, OvsTraceTest::port);
  }

  static DatapathAction.Output port(int dp) {
    return PORTS.getOrDefault(dp, new DatapathAction.Output("" + dp, dp, "", "dp" + dp, -1));
  }

  @Test
  void everyConntrackPassIsRead() throws IOException {
    OvsTrace t = parse("ct-established.trace", List.of("trk,est"));
    assertThat(t.passes()).hasSize(2);
    assertThat(t.passes().get(0).actions()).containsExactly(
        new DatapathAction.Conntrack("ct(zone=5)", 5, false, Optional.empty()),
        new DatapathAction.Recirculate("recirc(0x1)", 1));
    OvsTrace.Pass second = t.passes().get(1);
    assertThat(second.header()).isEqualTo("recirc(0x1) - resume conntrack with ct_state=est|trk");
    assertThat(second.flow().ctState()).contains("est|trk");
    assertThat(second.finalFlow()).isEqualTo(second.flow());
    assertThat(second.megaflow()).startsWith("recirc_id=0x1,ct_state=+est+trk");
    assertThat(t.outputInterfaces()).containsExactly("vif2");
    assertThat(t.recirculation(1)).contains(second);
    assertThat(t.isDrop()).isFalse();
  }

  @Test
  void aPassAfterSimulatedNatIsAPassOfItsOwn() throws IOException {
    // Recorded on nv's three-tier export: app1 opens a connection to the VIP; the trace simulates
    // the bucket's nat(dst=…) and prints four header lines between the separators, not one.
    OvsTrace t = parse("lb-dnat.trace", List.of());
    assertThat(t.passes()).hasSize(3);
    OvsTrace.Pass third = t.passes().get(2);
    assertThat(third.header()).startsWith("recirc(0x2) - resume conntrack")
        .contains("Replacing src/dst IP/ports to simulate NAT:", "Modified flow: nw_src=10.0.2.21");
    assertThat(third.flow().ipDst()).contains(Ipv4Address.parse("10.0.1.12"));
    assertThat(t.buckets()).containsExactly(new OvsTrace.BucketChoice(1, 1));
    assertThat(t.tunnelPushes()).hasSize(1);
  }

  @Test
  void copiesTunnelPushesInClonesAndControllerUserdataAreRead() throws IOException {
    OvsTrace t = parse("copies-tunnel-controller.trace", List.of());
    assertThat(t.passes()).hasSize(1);
    assertThat(t.lastPass().actions()).hasSize(3);
    assertThat(t.lastPass().actions().get(1)).isInstanceOf(DatapathAction.Clone.class);
    assertThat(t.outputInterfaces()).containsExactly("vif2");
    assertThat(t.outputs()).extracting(DatapathAction.Output::interfaceName)
        .containsExactly("vif2", "phy0");

    DatapathAction.TunnelPush push = t.tunnelPushes().get(0);
    assertThat(push.encapsulation()).isEqualTo("geneve");
    assertThat(push.vni()).isEqualTo(7);
    assertThat(push.options()).containsExactly(
        new GeneveOption(0x0102, 0x80, ByteString.fromHex("00012345")));
    assertThat(push.localIp()).isEqualTo(Ipv4Address.parse("192.168.0.1"));
    assertThat(push.remoteIp()).isEqualTo(Ipv4Address.parse("192.168.0.2"));
    assertThat(push.outerEthSrc()).isEqualTo(MacAddress.parse("02:00:c0:a8:00:01"));
    assertThat(push.outerEthDst()).isEqualTo(MacAddress.parse("02:00:c0:a8:00:02"));
    assertThat(push.udpDst()).isEqualTo(6081);
    assertThat(push.tunnelPort()).isEqualTo(6081);
    assertThat(push.outPort()).isEqualTo(5);

    DatapathAction.Controller c = t.controllers().get(0);
    assertThat(c.userdata()).isEqualTo(ByteString.fromHex("01020a"));
    assertThat(c.openflowAction()).isEqualTo("controller(userdata=01.02.0a)");
    assertThat(c.reason()).isEqualTo(1);

    assertThat(t.finalFlow().tunnelDst()).contains(Ipv4Address.parse("192.168.0.2"));
    assertThat(t.finalFlow().tunnelMetadata0()).contains(0x12345L);
    assertThat(t.finalFlow().tpDst()).hasValue(80);
  }

  @Test
  void vxlanPushesAndHeaderRewritesParse() {
    List<DatapathAction> a = DatapathActionParser.parse(
        "set(eth(src=0a:00:00:00:00:fe)),set(ipv4(ttl=63)),push_vlan(vid=100,pcp=0),"
            + "tnl_push(tnl_port(4789),header(size=50,type=4,eth(dst=02:00:c0:a8:00:01,"
            + "src=02:00:c0:a8:00:02,dl_type=0x0800),ipv4(src=192.168.0.2,dst=192.168.0.1,"
            + "proto=17,tos=0,ttl=64,frag=0x4000),udp(src=0,dst=4789,csum=0x0),"
            + "vxlan(flags=0x8000000,vni=0x7)),out_port(5)),4,pop_vlan,ct_clear",
        OvsTraceTest::port, List.of());
    assertThat(a).hasSize(7);
    assertThat(a.get(0)).isEqualTo(new DatapathAction.SetHeader("set(eth(src=0a:00:00:00:00:fe))",
        "eth", ImmutableMap.of("src", "0a:00:00:00:00:fe")));
    assertThat(((DatapathAction.SetHeader) a.get(1)).fields()).containsEntry("ttl", "63");
    assertThat(a.get(2)).isEqualTo(new DatapathAction.PushVlan("push_vlan(vid=100,pcp=0)", 100, 0));
    assertThat(a.get(3)).isInstanceOfSatisfying(DatapathAction.TunnelPush.class, p -> {
      assertThat(p.encapsulation()).isEqualTo("vxlan");
      assertThat(p.vni()).isEqualTo(7);
      assertThat(p.options()).isEmpty();
      assertThat(p.remoteIp()).isEqualTo(Ipv4Address.parse("192.168.0.1"));
      assertThat(p.udpDst()).isEqualTo(4789);
    });
    assertThat(a.get(4)).isEqualTo(port(4));
    assertThat(a.get(5)).isEqualTo(new DatapathAction.PopVlan("pop_vlan"));
    assertThat(a.get(6)).isEqualTo(new DatapathAction.Other("ct_clear", "ct_clear"));
  }

  @Test
  void geneveOptionValuesArePaddedBackToTheirLength() {
    assertThat(DatapathActionParser.geneveOptions(
        "{class=0x102,type=0x80,len=4,0x1}{class=0xffff,type=0x1,len=8,0x1122334455}"))
        .containsExactly(new GeneveOption(0x0102, 0x80, ByteString.fromHex("00000001")),
            new GeneveOption(0xffff, 0x01, ByteString.fromHex("0000001122334455")));
  }

  @Test
  void aTraceWithoutAFlowLineIsAnError() {
    assertThatThrownBy(() -> OvsTrace.parse("hv1", "br-int", "x", List.of(), "garbage\n",
        OvsTraceTest::port))
        .isInstanceOf(OvsException.class)
        .hasMessageContaining("garbage");
  }
}
