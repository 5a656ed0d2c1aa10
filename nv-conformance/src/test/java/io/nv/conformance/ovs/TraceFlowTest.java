package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceFlowTest {
  static final HostSpec HV2 = new HostSpec("hv2", Ipv4Address.parse("192.168.0.2"),
      HostSpec.Encapsulation.GENEVE, new HostSpec.Tunnel("nvtun", 65000),
      ImmutableList.of(new HostSpec.Port("app1", "vif", "vif1", 1,
          Optional.of(MacAddress.parse("0a:00:00:02:00:11")))),
      ImmutableList.of(new HostSpec.Peer("hv1", Ipv4Address.parse("192.168.0.1"))));

  @Test
  void ipFlowsGetTtl64AndL4PortsNamedForTheirProtocol() {
    assertThat(TraceFlow.at(HV2.port("app1")).udp().ipSrc("10.0.0.1").ipDst("10.0.0.2")
        .tpSrc(68).tpDst(67).text())
        .isEqualTo("in_port=1,dl_src=0a:00:00:02:00:11,udp,nw_src=10.0.0.1,nw_dst=10.0.0.2,"
            + "nw_ttl=64,udp_src=68,udp_dst=67");
    assertThat(TraceFlow.inPort(3).tcp().ttl(1).tpDst(80).tcpFlags("+syn").text())
        .isEqualTo("in_port=3,tcp,nw_ttl=1,tcp_dst=80,tcp_flags=+syn");
    assertThat(TraceFlow.inPort(3).arp().ipSrc("10.0.0.1").ipDst("10.0.0.2").text())
        .isEqualTo("in_port=3,arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.2");
    assertThat(TraceFlow.inPort(3).text()).isEqualTo("in_port=3");
  }

  @Test
  void tunnelArrivalsCarryTheTunnelFields() {
    assertThat(TraceFlow.fromTunnel(HV2, "hv1", 7).tunnelMetadata0(0x12345).ip()
        .field("reg14", "0x1").text())
        .isEqualTo("in_port=65000,tun_id=0x7,tun_src=192.168.0.1,tun_dst=192.168.0.2,"
            + "tun_metadata0=0x12345,ip,nw_ttl=64,reg14=0x1");
  }

  @Test
  void l4PortsWithoutAProtocolAreAMistake() {
    assertThatThrownBy(() -> TraceFlow.inPort(1).ip().tpDst(80).text())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tcp(), udp()");
    assertThatThrownBy(() -> TraceFlow.fromTunnel(HV2, "hv9", 1))
        .hasMessageContaining("no peer \"hv9\"");
  }
}
