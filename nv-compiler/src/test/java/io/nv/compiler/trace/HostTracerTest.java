package io.nv.compiler.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.compiler.flow.CtState;
import io.nv.compiler.physical.Compilation;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.packet.Packet;
import io.nv.model.placement.Binding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a host trace records for comparing it with another dataplane, segment by segment: the
 * conntrack passes (with their parents, in the order {@code ofproto/trace --ct-next} takes them),
 * tunnels, exits and bucket picks, and a forced bucket choice.
 */
class HostTracerTest {
  /** three-tier with web3 beside web1 and web2, all three on hv1; app2 alone on hv2. */
  static final Topology T = TestTopologies.edit(
      TestTopologies.editSwitch(TestTopologies.threeTier(), "web",
          s -> s.addPort(TestTopologies.vif("web3", "10.0.1.13", "0a:00:00:01:00:13"))),
      b -> b.bindings(List.of(new Binding("web1", "hv1"), new Binding("web2", "hv1"),
          new Binding("web3", "hv1"), new Binding("app1", "hv1"), new Binding("db1", "hv1"),
          new Binding("app2", "hv2"))));
  static final HostTracer TRACER =
      HostTracer.of(Compilation.of(TestTopologies.validated(T)).get());

  static Packet tcp(String srcMac, String dstMac, String src, String dst, int dport) {
    return new Packet.Builder().ethSrc(MacAddress.parse(srcMac)).ethDst(MacAddress.parse(dstMac))
        .ip(new Packet.Ip(IpAddress.parse(src), IpAddress.parse(dst), IpProtocol.TCP, 64, 0, 0))
        .l4(new Packet.Tcp(40000, dport, Packet.Tcp.SYN)).build();
  }

  @Test
  void floodCopiesAreChildrenOfThePassThatAppliedTheGroup() {
    // To port 80, which port group web lets in (web3 is in no group).
    Packet bcast = tcp("0a:00:00:01:00:11", "ff:ff:ff:ff:ff:ff", "10.0.1.11", "10.0.1.255", 80);
    HostTrace t = TRACER.trace("web1", bcast, HostConntrack.empty());
    // The ingress lookup, then one egress lookup per local copy, in web2's and web3's zones.
    assertThat(t.ctPasses()).extracting(HostTrace.CtPass::parent).containsExactly(-1, 0, 0);
    assertThat(t.ctPasses()).allMatch(p -> p.segment() == 0 && (p.state() & CtState.NEW) != 0);
    assertThat(t.ctNext(0)).hasSize(3);
    assertThat(t.exits(0)).filteredOn(e -> e.kind() == HostTrace.Exit.Kind.OUTPUT)
        .extracting(HostTrace.Exit::where).containsExactlyInAnyOrder("web2", "web3");
  }

  @Test
  void aTunnelArrivalStartsASegmentOfItsOwn() {
    Packet bcast = tcp("0a:00:00:02:00:21", "ff:ff:ff:ff:ff:ff", "10.0.2.21", "10.0.2.255", 9);
    HostTrace t = TRACER.trace("app1", bcast, HostConntrack.empty());
    assertThat(t.tunnels()).hasSize(1);
    assertThat(t.tunnels().get(0).segment()).isZero();
    assertThat(t.host(1)).isEqualTo("hv2");
    // app2's egress lookup runs on hv2, in segment 1, as the first pass there; port group app's
    // default-deny then drops the copy there.
    assertThat(t.ctPasses()).filteredOn(p -> p.segment() == 1)
        .singleElement().satisfies(p -> {
          assertThat(p.host()).isEqualTo("hv2");
          assertThat(p.parent()).isEqualTo(-1);
        });
    assertThat(t.exits(1)).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(HostTrace.Exit.Kind.DROP);
      assertThat(e.where()).isEqualTo("port-group app / default-deny");
    });
    assertThat(t.exits(0)).extracting(HostTrace.Exit::kind).contains(HostTrace.Exit.Kind.TUNNEL);
  }

  @Test
  void aForcedBucketChangesTheBackendAndIsRecorded() {
    Packet toVip = new Packet.Builder().ethSrc(MacAddress.parse("0a:00:00:02:00:21"))
        .ethDst(MacAddress.parse("0a:00:00:02:00:01"))
        .ip(new Packet.Ip(IpAddress.parse("10.0.2.21"), IpAddress.parse("10.0.1.100"), IpProtocol.TCP, 64, 0, 0))
        .l4(new Packet.Tcp(40000, 80, Packet.Tcp.SYN)).build();
    for (int bucket = 0; bucket < 2; bucket++) {
      int b = bucket;
      HostTrace t = TRACER.choosing((host, g, hashed) -> b).trace("app1", toVip, HostConntrack.empty());
      assertThat(t.buckets()).singleElement().satisfies(p -> {
        assertThat(p.group()).isEqualTo("load-balancer web-lb / vip http");
        assertThat(p.bucket()).isEqualTo(b);
        assertThat(p.of()).isEqualTo(2);
      });
      assertThat(t.verdict()).hasToString(b == 0 ? "verdict: delivered to web1" : "verdict: delivered to web2");
    }
    assertThatThrownBy(() -> TRACER.choosing((host, g, hashed) -> 2).trace("app1", toVip, HostConntrack.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 buckets");
  }
}
