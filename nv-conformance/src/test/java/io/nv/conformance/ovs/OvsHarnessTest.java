package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import io.nv.encap.Tools;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.DecodeError;
import io.nv.encap.codec.EtherType;
import io.nv.encap.codec.Ethernet;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Geneve;
import io.nv.encap.codec.GeneveOption;
import io.nv.encap.codec.HeaderType;
import io.nv.encap.codec.Ipv4;
import io.nv.encap.codec.Tcp;
import io.nv.encap.codec.TunnelReader;
import io.nv.encap.codec.Udp;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness against real OVS, on export directories written by hand: three hosts (hv1 and hv2
 * Geneve, hv3 VXLAN) whose flows exercise every kind of trace result the harness parses. Fails
 * when {@code CI=true} and OVS or tshark is missing; skips elsewhere.
 */
@ExtendWith(OvsHarnessExtension.class)
class OvsHarnessTest {
  static final String TLV_MAP = "{class=0x0102,type=0x80,len=4}->tun_metadata0";
  static final MacAddress WEB1_MAC = MacAddress.parse("0a:00:00:01:00:11");
  static final MacAddress APP1_MAC = MacAddress.parse("0a:00:00:02:00:11");

  static final String HV1_PORTS = """
      {
        "host": "hv1", "tunnelIp": "192.168.0.1", "encapsulation": "geneve",
        "datapaths": {"web": 7}, "exporterVersion": "hand-written",
        "tunnel": {"interface": "nvtun", "ofport": 65000},
        "ports": [
          {"logical": "web1", "kind": "vif", "interface": "vif1", "ofport": 1,
           "mac": "0a:00:00:01:00:11", "key": 1},
          {"logical": "web2", "kind": "vif", "interface": "vif2", "ofport": 2,
           "mac": "0a:00:00:01:00:12"},
          {"logical": "web3", "kind": "vif", "interface": "vif3", "ofport": 3},
          {"logical": "uplink", "kind": "localnet", "interface": "ln1", "ofport": 64001}
        ],
        "peers": [{"host": "hv2", "tunnelIp": "192.168.0.2"},
                  {"host": "hv3", "tunnelIp": "192.168.0.3"}]
      }
      """;

  static final String HV1_FLOWS = """
      # hv1: local forwarding, tunnel, flood, controller, select group, conntrack, rewrites
      table=0,priority=100,in_port=1,ip,nw_dst=10.0.0.2 actions=output:2
      table=0,priority=100,in_port=1,tcp,nw_dst=10.0.1.1,tp_dst=80 actions=set_field:0x7->tun_id,set_field:192.168.0.2->tun_dst,set_field:0x12345->tun_metadata0,output:65000
      table=0,priority=90,in_port=1,dl_dst=ff:ff:ff:ff:ff:ff actions=output:2,output:3,output:64001,set_field:0x7->tun_id,set_field:192.168.0.2->tun_dst,set_field:0x8001->tun_metadata0,output:65000
      table=0,priority=100,in_port=1,udp,nw_dst=10.0.0.254,tp_dst=67 actions=controller(userdata=00.00.00.02.00.00.00.00)
      table=0,priority=100,in_port=1,tcp,nw_dst=10.0.0.100 actions=group:1
      table=0,priority=100,in_port=1,tcp,nw_dst=10.0.0.3 actions=ct(zone=7,table=1)
      table=0,priority=100,in_port=1,ip,nw_dst=10.9.9.9 actions=mod_dl_src:0a:00:00:00:00:fe,dec_ttl,push_vlan:0x8100,set_field:4196->vlan_vid,output:64001
      table=0,priority=0 actions=drop
      table=1,priority=100,ct_state=+est+trk,ip actions=output:3
      table=1,priority=90,ct_state=+new+trk,ip actions=drop
      table=1,priority=0 actions=drop
      """;

  static final String HV1_GROUPS = """
      group_id=1,type=select,selection_method=hash,fields(ip_src,ip_dst,tcp_src,tcp_dst),bucket=bucket_id:0,weight:100,actions=output:2,bucket=bucket_id:1,weight:100,actions=output:3
      """;

  static final String HV2_PORTS = """
      {
        "host": "hv2", "tunnelIp": "192.168.0.2", "encapsulation": "geneve",
        "tunnel": {"interface": "nvtun", "ofport": 65000},
        "ports": [
          {"logical": "app1", "kind": "vif", "interface": "vif1", "ofport": 1,
           "mac": "0a:00:00:02:00:11"}
        ],
        "peers": [{"host": "hv1", "tunnelIp": "192.168.0.1"},
                  {"host": "hv3", "tunnelIp": "192.168.0.3"}]
      }
      """;

  static final String HV2_FLOWS = """
      table=0,priority=100,in_port=65000,tun_id=0x7,tun_metadata0=0x12345 actions=output:1
      table=0,priority=50,in_port=65000 actions=drop
      table=0,priority=0 actions=drop
      """;

  static final String HV3_PORTS = """
      {
        "host": "hv3", "tunnelIp": "192.168.0.3", "encapsulation": "vxlan",
        "tunnel": {"interface": "vxtun", "ofport": 65001},
        "ports": [{"logical": "db1", "kind": "vif", "interface": "vif1", "ofport": 1}],
        "peers": [{"host": "hv1", "tunnelIp": "192.168.0.1"},
                  {"host": "hv2", "tunnelIp": "192.168.0.2"}]
      }
      """;

  static final String HV3_FLOWS = """
      table=0,priority=100,in_port=1,tcp,nw_dst=10.0.1.1 actions=set_field:0x7->tun_id,set_field:192.168.0.2->tun_dst,output:65001
      table=0,priority=100,in_port=1,tcp,nw_dst=10.0.0.1 actions=set_field:0x9->tun_id,set_field:192.168.0.1->tun_dst,output:65001
      table=0,priority=0 actions=drop
      """;

  /** A load.sh that follows the export contract. */
  static final String LOAD_SH = """
      #!/bin/sh
      # Loads this host's export into bridge $1; OVS_RUNDIR names the daemons.
      set -eu
      cd "$(dirname "$0")"
      bridge="$1"
      if [ -s tlv-map.txt ]; then
        ovs-ofctl -O OpenFlow13 add-tlv-map "$bridge" "$(cat tlv-map.txt)"
      fi
      if [ -s groups.txt ]; then
        ovs-ofctl -O OpenFlow15 add-groups "$bridge" groups.txt
      fi
      ovs-ofctl -O OpenFlow13 --bundle add-flows "$bridge" flows.txt
      """;

  @TempDir static Path exports;
  static OvsHarness ovs;
  static HostSpec hv1;
  static HostSpec hv2;
  static HostSpec hv3;

  @BeforeAll
  static void hosts(OvsHarness harness) throws IOException {
    ovs = harness;
    hv1 = ovs.addHost(export("hv1", HV1_PORTS, HV1_FLOWS, HV1_GROUPS, TLV_MAP));
    hv2 = ovs.addHost(export("hv2", HV2_PORTS, HV2_FLOWS, "", TLV_MAP));
    hv3 = ovs.addHost(export("hv3", HV3_PORTS, HV3_FLOWS, "", null));
    for (String host : ovs.hosts()) {
      ovs.load(host);
    }
  }

  /** Writes an export directory by hand; no tlv-map.txt when {@code tlvMap} is null. */
  static Path export(String host, String ports, String flows, String groups,
      @Nullable String tlvMap)
      throws IOException {
    Path d = Files.createDirectories(exports.resolve(host));
    Files.writeString(d.resolve("ports.json"), ports);
    Files.writeString(d.resolve("flows.txt"), flows);
    Files.writeString(d.resolve("groups.txt"), groups);
    if (tlvMap != null) {
      Files.writeString(d.resolve("tlv-map.txt"), tlvMap + "\n");
    }
    Path load = d.resolve("load.sh");
    Files.writeString(load, LOAD_SH);
    Files.setPosixFilePermissions(load, PosixFilePermissions.fromString("rwxr-xr-x"));
    return d;
  }

  static TraceFlow fromWeb1() {
    return TraceFlow.at(hv1.port("web1")).tcp().ipSrc("10.0.0.1");
  }

  @Test
  void loadPutsTheFlowsGroupsAndPortsWhereTheExportSays() {
    String flows = ovs.ofctl("hv1", "-O", "OpenFlow13", "dump-flows", "br-int");
    assertThat(flows.lines().filter(l -> l.contains("actions="))).hasSize(11);
    String groups = ovs.ofctl("hv1", "-O", "OpenFlow15", "dump-groups", "br-int");
    assertThat(groups).as("loaded with OpenFlow 1.5, which keeps the selection method")
        .contains("selection_method=hash", "fields(ip_src,ip_dst,tcp_src,tcp_dst)");
    assertThat(ovs.ofctl("hv1", "-O", "OpenFlow13", "dump-tlv-map", "br-int"))
        .contains("0x102", "0x80", "tun_metadata0");
    assertThat(ovs.vsctl("hv1", "get", "Interface", "ln1", "ofport").strip()).isEqualTo("64001");
    assertThat(ovs.vsctl("hv3", "get", "Interface", "vxtun", "type").strip()).isEqualTo("vxlan");
    assertThat(ovs.appctl("hv1", "ovs/route/show")).contains("192.168.0.2/32 dev br-phy SRC 192.168.0.1");
  }

  @Test
  void aFlowToALocalPortTracesToItsInterface() {
    OvsTrace t = ovs.trace("hv1", fromWeb1().ipDst("10.0.0.2").tpSrc(1000).tpDst(22));
    assertThat(t.outputInterfaces()).as("%s", t).containsExactly("vif2");
    DatapathAction.Output out = t.outputs().get(0);
    assertThat(out.ofport()).isEqualTo(2);
    assertThat(out.bridge()).isEqualTo(OvsHarness.INTEGRATION_BRIDGE);
    assertThat(t.passes()).hasSize(1);
    assertThat(t.isDrop()).isFalse();
    assertThat(t.finalFlow().ethSrc()).contains(WEB1_MAC);
    assertThat(t.finalFlow().ttl()).hasValue(64);
  }

  @Test
  void anUnmatchedFlowTracesAsDrop() {
    OvsTrace t = ovs.trace("hv1", TraceFlow.at(hv1.port("web2")).tcp().ipDst("10.0.0.1")
        .tpDst(22));
    assertThat(t.isDrop()).as("%s", t).isTrue();
    assertThat(t.lastPass().actions()).containsExactly(new DatapathAction.Drop("drop"));
    assertThat(t.outputInterfaces()).isEmpty();
  }

  @Test
  void aGenevePushParsesIntoVniOptionAndRemote() {
    OvsTrace t = ovs.trace("hv1", fromWeb1().ipDst("10.0.1.1").tpSrc(40000).tpDst(80));
    assertThat(t.tunnelPushes()).as("%s", t).hasSize(1);
    DatapathAction.TunnelPush push = t.tunnelPushes().get(0);
    assertThat(push.encapsulation()).isEqualTo("geneve");
    assertThat(push.vni()).isEqualTo(7);
    assertThat(push.options()).containsExactly(
        new GeneveOption(0x0102, 0x80, ByteString.fromHex("00012345")));
    assertThat(push.remoteIp()).isEqualTo(Ipv4Address.parse("192.168.0.2"));
    assertThat(push.localIp()).isEqualTo(Ipv4Address.parse("192.168.0.1"));
    assertThat(push.outerEthSrc()).isEqualTo(OvsHarness.underlayMac(hv1.tunnelIp()));
    assertThat(push.outerEthDst()).isEqualTo(OvsHarness.underlayMac(hv2.tunnelIp()));
    assertThat(push.udpDst()).isEqualTo(Geneve.UDP_PORT);
    // The encapsulated frame leaves through the underlay's dummy port.
    assertThat(t.outputs()).extracting(DatapathAction.Output::interfaceName)
        .containsExactly(OvsHarness.UNDERLAY_PORT);
    assertThat(t.warnings()).noneMatch(w -> w.contains("routing failed"));
    assertThat(t.finalFlow().tunnelMetadata0()).contains(0x12345L);
  }

  @Test
  void aVxlanPushParsesIntoVniAndRemote() {
    OvsTrace t = ovs.trace("hv3", TraceFlow.at(hv3.port("db1")).tcp().ipSrc("10.0.2.1")
        .ipDst("10.0.1.1").tpDst(5432));
    assertThat(t.tunnelPushes()).as("%s", t).hasSize(1);
    DatapathAction.TunnelPush push = t.tunnelPushes().get(0);
    assertThat(push.encapsulation()).isEqualTo("vxlan");
    assertThat(push.vni()).isEqualTo(7);
    assertThat(push.options()).isEmpty();
    assertThat(push.remoteIp()).isEqualTo(Ipv4Address.parse("192.168.0.2"));
    assertThat(push.udpDst()).isEqualTo(4789);
  }

  @Test
  void twoHostsSendingToOnePeerEachLeaveThroughTheirOwnUnderlay() {
    // What one vswitchd for all hosts gets wrong: its one route per peer address.
    DatapathAction.TunnelPush fromHv1 = ovs.trace("hv1", fromWeb1().ipDst("10.0.1.1").tpDst(80))
        .tunnelPushes().get(0);
    DatapathAction.TunnelPush fromHv3 = ovs.trace("hv3", TraceFlow.at(hv3.port("db1")).tcp()
        .ipSrc("10.0.2.1").ipDst("10.0.1.1").tpDst(80)).tunnelPushes().get(0);
    assertThat(fromHv1.remoteIp()).isEqualTo(fromHv3.remoteIp());
    assertThat(fromHv1.localIp()).isEqualTo(hv1.tunnelIp());
    assertThat(fromHv3.localIp()).isEqualTo(hv3.tunnelIp());
    assertThat(fromHv3.outerEthSrc()).isEqualTo(OvsHarness.underlayMac(hv3.tunnelIp()));
    DatapathAction.TunnelPush toHv1 = ovs.trace("hv3", TraceFlow.at(hv3.port("db1")).tcp()
        .ipSrc("10.0.2.1").ipDst("10.0.0.1").tpDst(80)).tunnelPushes().get(0);
    assertThat(toHv1.vni()).isEqualTo(9);
    assertThat(toHv1.remoteIp()).isEqualTo(hv1.tunnelIp());
    assertThat(toHv1.outerEthDst()).isEqualTo(OvsHarness.underlayMac(hv1.tunnelIp()));
  }

  @Test
  void aTunnelArrivalReachesItsVifOnlyWithTheRightOption() {
    OvsTrace t = ovs.trace("hv2", TraceFlow.fromTunnel(hv2, "hv1", 7).tunnelMetadata0(0x12345)
        .ethSrc(WEB1_MAC).ethDst(APP1_MAC).tcp().ipSrc("10.0.0.1").ipDst("10.0.1.1").tpDst(80));
    assertThat(t.flow()).contains("in_port=65000", "tun_id=0x7", "tun_src=192.168.0.1",
        "tun_dst=192.168.0.2", "tun_metadata0=0x12345");
    assertThat(t.outputInterfaces()).as("%s", t).containsExactly("vif1");
    OvsTrace other = ovs.trace("hv2", TraceFlow.fromTunnel(hv2, "hv1", 7)
        .tunnelMetadata0(0x12346).tcp().ipDst("10.0.1.1").tpDst(80));
    assertThat(other.isDrop()).as("%s", other).isTrue();
  }

  @Test
  void floodingOutputsEveryCopy() {
    OvsTrace t = ovs.trace("hv1", TraceFlow.at(hv1.port("web1")).ethDst(MacAddress.BROADCAST)
        .udp().ipSrc("10.0.0.1").ipDst("10.0.0.255").tpDst(9));
    assertThat(t.outputInterfaces()).as("%s", t).containsExactly("vif2", "vif3", "ln1");
    assertThat(t.tunnelPushes()).hasSize(1);
    assertThat(t.tunnelPushes().get(0).option(0x0102, 0x80))
        .contains(new GeneveOption(0x0102, 0x80, ByteString.fromHex("00008001")));
  }

  @Test
  void aControllerActionKeepsItsUserdata() {
    OvsTrace t = ovs.trace("hv1", TraceFlow.at(hv1.port("web1")).udp().ipSrc("0.0.0.0")
        .ipDst("10.0.0.254").tpSrc(68).tpDst(67));
    assertThat(t.controllers()).as("%s", t).hasSize(1);
    DatapathAction.Controller c = t.controllers().get(0);
    assertThat(c.userdata()).isEqualTo(ByteString.fromHex("0000000200000000"));
    assertThat(c.reason()).isEqualTo(1);
    assertThat(c.text()).startsWith("userspace(");
    assertThat(t.isDrop()).isFalse();
  }

  @Test
  void aSelectGroupShowsTheChosenBucket() {
    Set<Integer> seen = new HashSet<>();
    for (int port = 1000; port < 1040; port++) {
      OvsTrace t = ovs.trace("hv1", fromWeb1().ipDst("10.0.0.100").tpSrc(port).tpDst(80));
      assertThat(t.buckets()).as("%s", t).hasSize(1);
      OvsTrace.BucketChoice choice = t.buckets().get(0);
      assertThat(choice.group()).isEqualTo(1);
      assertThat(t.outputInterfaces()).as("%s", t)
          .containsExactly(choice.bucket() == 0 ? "vif2" : "vif3");
      seen.add(choice.bucket());
    }
    assertThat(seen).as("the hash spreads 40 source ports over both buckets").containsOnly(0, 1);
  }

  @Test
  void conntrackGivesTwoPassesAndCtNextChangesTheOutcome() {
    TraceFlow flow = fromWeb1().ipDst("10.0.0.3").tpSrc(5555).tpDst(80);
    OvsTrace fresh = ovs.trace("hv1", flow);
    assertThat(fresh.passes()).as("%s", fresh).hasSize(2);
    OvsTrace.Pass first = fresh.passes().get(0);
    assertThat(first.actions()).hasSize(2);
    assertThat(first.actions().get(0)).isInstanceOfSatisfying(DatapathAction.Conntrack.class,
        ct -> {
          assertThat(ct.zone()).isEqualTo(7);
          assertThat(ct.commit()).isFalse();
        });
    assertThat(first.actions().get(1)).isInstanceOf(DatapathAction.Recirculate.class);
    long recirc = ((DatapathAction.Recirculate) first.actions().get(1)).id();
    OvsTrace.Pass second = fresh.passes().get(1);
    assertThat(fresh.recirculation(recirc)).contains(second);
    assertThat(second.header()).contains("default ct_state=trk|new");
    assertThat(second.flow().ctState()).contains("new|trk");
    assertThat(fresh.isDrop()).isTrue();

    OvsTrace established = ovs.trace("hv1", flow, "trk,est");
    assertThat(established.passes()).hasSize(2);
    assertThat(established.passes().get(1).flow().ctState()).contains("est|trk");
    assertThat(established.outputInterfaces()).as("%s", established).containsExactly("vif3");
  }

  @Test
  void rewritesShowInTheActionsAndTheFinalFlow() {
    OvsTrace t = ovs.trace("hv1", TraceFlow.at(hv1.port("web1")).ip().ipSrc("10.0.0.1")
        .ipDst("10.9.9.9"));
    assertThat(t.actions()).as("%s", t).anySatisfy(a ->
        assertThat(a).isInstanceOfSatisfying(DatapathAction.SetHeader.class, s -> {
          assertThat(s.header()).isEqualTo("eth");
          assertThat(s.fields()).containsEntry("src", "0a:00:00:00:00:fe");
        }));
    assertThat(t.actions()).contains(new DatapathAction.PushVlan("push_vlan(vid=100,pcp=0)", 100, 0));
    assertThat(t.finalFlow().ethSrc()).contains(MacAddress.parse("0a:00:00:00:00:fe"));
    assertThat(t.finalFlow().ttl()).hasValue(63);
    assertThat(t.finalFlow().vlan()).hasValue(100);
    assertThat(t.outputInterfaces()).containsExactly("ln1");
  }

  @Test
  void aFlowTheTraceCannotParseSaysHowToFixIt() {
    assertThatThrownBy(() -> ovs.trace("hv1", "in_port=1,udp,tp_dst=53,nw_ttl=64"))
        .isInstanceOf(OvsException.class)
        .hasMessageContaining("prerequisites not met")
        .hasMessageContaining("udp_dst");
  }

  @Test
  void aRealSynLeavesThroughTheUnderlayEncapsulatedAndReachesThePeer() {
    byte[] syn = syn(40000);
    ovs.deliver("hv1"); // what other tests sent, so that only this frame is delivered below
    int before = ovs.captured("hv1", OvsHarness.UNDERLAY_PORT).size();
    int atApp1 = ovs.captured("hv2", "vif1").size();
    ovs.inject("hv1", "vif1", syn);

    ImmutableList<byte[]> frames = ovs.captured("hv1", OvsHarness.UNDERLAY_PORT);
    assertThat(frames).hasSize(before + 1);
    byte[] wire = frames.get(before);
    Frame f = Frame.decodeVerified(wire).getOrElseThrow(e -> new AssertionError(e.toString()));
    Ethernet outerEth = f.first(Ethernet.class).orElseThrow();
    assertThat(outerEth.source()).isEqualTo(OvsHarness.underlayMac(hv1.tunnelIp()));
    assertThat(outerEth.destination()).isEqualTo(OvsHarness.underlayMac(hv2.tunnelIp()));
    Ipv4 outer = f.first(Ipv4.class).orElseThrow();
    assertThat(outer.source()).isEqualTo(hv1.tunnelIp());
    assertThat(outer.destination()).isEqualTo(hv2.tunnelIp());
    assertThat(f.first(Udp.class).orElseThrow().destinationPort()).isEqualTo(Geneve.UDP_PORT);
    Geneve geneve = f.first(Geneve.class).orElseThrow();
    assertThat(geneve.vni()).isEqualTo(7);
    assertThat(geneve.option(0x0102, 0x80)).contains(
        new GeneveOption(0x0102, 0x80, ByteString.fromHex("00012345")));
    assertThat(inner(wire)).as("the inner frame is the injected one").isEqualTo(syn);

    assertThat(ovs.deliver("hv1")).isEqualTo(1);
    ImmutableList<byte[]> atPeer = ovs.captured("hv2", "vif1");
    assertThat(atPeer).hasSize(atApp1 + 1);
    assertThat(atPeer.get(atApp1)).as("hv2 pops the tunnel and matches tun_metadata0")
        .isEqualTo(syn);
  }

  @Test
  void capturedWaitsUntilEveryInjectedPacketIsHandled() {
    // vswitchd handles an injected packet after netdev-dummy/receive has answered, so a read
    // right after the injection misses it now and then: many rounds make that show.
    // A broadcast: four copies, one through the tunnel, make each packet take longer.
    int before = ovs.captured("hv1", "vif2").size();
    for (int i = 0; i < 200; i++) {
      ovs.inject("hv1", "vif1", Frame.of(List.of(
          Ethernet.of(MacAddress.BROADCAST, WEB1_MAC, EtherType.IPV4),
          Ipv4.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.255"), IpProtocol.UDP),
          Udp.of(20000 + i, 9)), ByteString.EMPTY).encode());
      ImmutableList<byte[]> frames = ovs.captured("hv1", "vif2");
      assertThat(frames).as("round %d", i).hasSize(before + i + 1);
      assertThat(Frame.decode(frames.get(before + i)).get().last(Udp.class).orElseThrow()
          .sourcePort()).isEqualTo(20000 + i);
    }
  }

  @Test
  void tsharkReadsTheVniAndOptionTheFlowsSet() throws IOException, InterruptedException {
    Path tshark = Tools.require("tshark", "tshark");
    ovs.inject("hv1", "vif1", syn(40001));
    ovs.captured("hv1", OvsHarness.UNDERLAY_PORT);
    Path pcap = ovs.pcap("hv1", OvsHarness.UNDERLAY_PORT);
    Path out = exports.resolve("tshark.out");
    Path err = exports.resolve("tshark.err");
    Process p = new ProcessBuilder(tshark.toString(), "-n", "-r", pcap.toString(),
        "-Y", "tcp.srcport==40001", "-o", "ip.check_checksum:TRUE", "-T", "fields",
        "-E", "separator=/t", "-e", "geneve.vni", "-e", "geneve.option.class",
        "-e", "geneve.option.type", "-e", "geneve.option.unknown.data", "-e", "ip.src",
        "-e", "ip.dst", "-e", "tcp.flags.syn", "-e", "ip.checksum.status")
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("tshark: %s", Files.readString(err)).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    assertThat(Splitter.on('\t').splitToList(lines.get(0))).containsExactly(
        "0x000007", "0x0102", "0x80", "00012345", "192.168.0.1,10.0.0.1",
        "192.168.0.2,10.0.1.1", "1", "1,1");
  }

  @Test
  void everyExportedFlowsFileParsesOfflineWithoutDroppedFields() {
    for (String host : List.of("hv1", "hv2", "hv3")) {
      OfCtl.Result r = OfCtl.checkFlows(exports.resolve(host).resolve("flows.txt"));
      assertThat(r.flows()).isPositive();
    }
  }

  @Test
  void parseFlowsReportsAFieldDroppedForAMissingPrerequisite() throws IOException {
    Path flows = exports.resolve("dropped.txt");
    Files.writeString(flows, """
        priority=10,in_port=1,tcp,tp_dst=80 actions=output:2
        # a comment and a blank line do not count as flows

        priority=10,in_port=1,tp_dst=443 actions=output:2
        """);
    OfCtl.Result r = OfCtl.parseFlows(flows);
    assertThat(r.flows()).isEqualTo(2);
    assertThat(r.problems()).hasSize(1);
    assertThat(r.problems().get(0).line()).isEqualTo(4);
    assertThat(r.problems().get(0).message()).contains("tp_dst=443", "prerequisite");
    assertThatThrownBy(() -> OfCtl.checkFlows(flows)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("line 4");

    Files.writeString(flows, "priority=10,in_port=1 actions=output:2\npriority=10,bogus=1 actions=drop\n");
    OfCtl.Result bad = OfCtl.parseFlows(flows);
    assertThat(bad.problems()).hasSize(1);
    assertThat(bad.problems().get(0).line()).isEqualTo(2);
    assertThat(bad.problems().get(0).message()).contains("bogus");
  }

  @Test
  void parseFlowsReportsWhatItExitsZeroOnButASwitchRefusesOrLoses() throws IOException {
    // Each line is one a real export had: parse-flows exits 0 on all three.
    Path flows = exports.resolve("lost.txt");
    Files.writeString(flows, """
        table=19, priority=100, reg10=0x2/0x2,reg10=0x0/0x4,ip, actions=drop
        table=19, priority=100, ct_state=+est+trk,ip,nw_proto=6,ct_nw_dst=10.0.0.1,ct_tp_dst=80, actions=drop
        table=19, priority=100, ip,ct_nw_dst=10.0.0.1, actions=drop
        table=19, priority=100, ct_state=-inv+trk,ip,nw_proto=6,ct_nw_dst=10.0.0.1,ct_tp_dst=80,ct_nw_proto=6, actions=drop
        """);
    OfCtl.Result r = OfCtl.parseFlows(flows);
    assertThat(r.flows()).isEqualTo(4);
    assertThat(r.problems()).extracting(OfCtl.Problem::line).containsExactly(1, 2, 3);
    assertThat(r.problems().get(0).message()).contains("reg10 2 times");
    assertThat(r.problems().get(1).message()).contains("dropped ct_tp_dst", "ct_nw_proto");
    assertThat(r.problems().get(2).message()).contains("OFPBMC_BAD_PREREQ", "+trk-inv");
  }

  @Test
  void aFailingLoadShowsTheScriptsStderr() throws IOException {
    Path broken = export("broken", HV3_PORTS.replace("\"hv3\"", "\"broken\"")
            .replace("192.168.0.3", "192.168.0.9"),
        "table=0,priority=10,in_port=1,no_such_field=1 actions=drop\n", "", null);
    ovs.addHost(broken);
    assertThatThrownBy(() -> ovs.load("broken"))
        .isInstanceOf(OvsException.class)
        .hasMessageContaining("load.sh")
        .hasMessageContaining("no_such_field")
        .hasMessageContaining("OfCtl.checkFlows");
  }

  @Test
  void closeStopsTheDaemonsAndRemovesTheFolderAlsoWhenTheTestBodyThrows() {
    OvsHarness[] started = new OvsHarness[1];
    List<List<Long>> pids = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (OvsHarness h = OvsHarness.start()) {
        started[0] = h;
        h.addHost(hv2, null);
        pids.add(h.pids());
        assertThat(h.pids()).hasSize(2).allMatch(OvsHarness::running);
        throw new IllegalStateException("the test body failed");
      }
    }).hasMessage("the test body failed");
    assertThat(pids.get(0)).noneMatch(OvsHarness::running);
    assertThat(started[0].directory()).doesNotExist();
    assertThatThrownBy(() -> started[0].trace("hv2", "in_port=1"))
        .hasMessageContaining("closed");
  }

  /** A TCP SYN from web1 to app1's address, built with nv-encap's codecs. */
  static byte[] syn(int sourcePort) {
    return Frame.of(List.of(
        Ethernet.of(APP1_MAC, WEB1_MAC, EtherType.IPV4),
        Ipv4.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.1.1"), IpProtocol.TCP),
        Tcp.of(sourcePort, 80, Tcp.SYN).withSequence(1000)), ByteString.EMPTY).encode();
  }

  /** The inner frame of a tunnel frame, found with nv-encap's TunnelReader. */
  static byte[] inner(byte[] wire) {
    TunnelReader r = new TunnelReader().verifyChecksums(true);
    DecodeError.Kind k = r.read(ByteBuffer.wrap(wire), 0, wire.length);
    assertThat(k).isEqualTo(DecodeError.Kind.NONE);
    assertThat(r.tunnel()).isEqualTo(HeaderType.GENEVE);
    return Arrays.copyOfRange(wire, r.innerOffset(), r.innerLimit());
  }
}
