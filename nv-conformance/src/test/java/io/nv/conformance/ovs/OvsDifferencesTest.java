package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.physical.Compilation;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTracer;
import io.nv.io.export.OpenFlowFiles;
import io.nv.model.Topology;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.packet.Packet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where nv's conntrack model (docs/semantics.md, Conntrack) and the real userspace conntrack of
 * OVS 3.1 part ways, pinned with real frames on nv's exported tables, so a change on either side
 * shows here. {@link OvsAgreementProperties} injects the packets of 1 and 3 (only the state's
 * label differs) and counts them, and does not inject those of 2; its traces check all of them,
 * with nv's states. Both are about the model, not the tables: the tables
 * do what nv's model says whenever conntrack answers as the model does.
 *
 * <ol>
 *   <li>A later packet of a connection's original direction, before any reply: nv says {@code
 *       +est}, real conntrack says {@code +new} (as Linux does, and OVN's ACLs see). The state
 *       differs, the verdict does not: nv's ACL stages pass only replies at once, so the rules
 *       decide both packets in both (on a switch with {@code defaultDeny: to-port}, whose
 *       router-kind port keeps the ingress lookup, both datagrams to the router are dropped).
 *   <li>A TCP segment that may not start a connection (SYN+ACK; no SYN and neither ACK nor RST;
 *       SYN with RST or FIN; FIN, PSH or URG without ACK), or an ICMP message other than an echo
 *       request, of no known connection: nv finds it new and commits it (TCP flags play no part in
 *       its model); real conntrack marks it {@code +inv} and commits nothing. The packet itself
 *       passes the same ACLs in both (nv's tables never test {@code +inv}), but its answer then
 *       finds a connection in nv and none in OVS. A lone ACK or RST does start one in OVS too.
 *       This one changes verdicts.
 *   <li>A packet that looks up, in a zone, the connection it has itself just committed there (a
 *       VIF sending to its own address, switched or routed back): nv says {@code +est} (a commit
 *       is visible at once, docs/semantics.md); OVS keeps the packet's first answer in that zone,
 *       {@code +new} (the datapath reuses the connection it cached in the packet's metadata).
 *       Again only the state differs: as a forward packet it meets the egress rules in both.
 * </ol>
 */
@ExtendWith(OvsHarnessExtension.class)
class OvsDifferencesTest {
  @TempDir static Path dir;

  /** Loads {@code t}'s hosts into {@code ovs}, conntrack emptied; returns the compilation. */
  static Compilation load(OvsHarness ovs, Topology t, String name) throws IOException {
    Compilation c = Compilation.of(TestTopologies.validated(t)).get();
    for (String h : c.hosts()) {
      Path d = dir.resolve(name).resolve(h);
      OpenFlowFiles.write(c.host(h), d);
      ovs.reset(d);
      ovs.load(h);
    }
    return c;
  }

  static Packet udp(String srcMac, String dstMac, String src, String dst, int sport, int dport) {
    return new Packet.Builder().ethSrc(MacAddress.parse(srcMac)).ethDst(MacAddress.parse(dstMac))
        .ip(new Packet.Ip(IpAddress.parse(src), IpAddress.parse(dst), IpProtocol.UDP, 64, 0, 0))
        .l4(new Packet.Udp(sport, dport)).build();
  }

  static Packet tcp(String srcMac, String dstMac, String src, String dst, int sport, int dport, int flags) {
    return new Packet.Builder().ethSrc(MacAddress.parse(srcMac)).ethDst(MacAddress.parse(dstMac))
        .ip(new Packet.Ip(IpAddress.parse(src), IpAddress.parse(dst), IpProtocol.TCP, 64, 0, 0))
        .l4(new Packet.Tcp(sport, dport, flags)).build();
  }

  @Test
  void aSecondDatagramBeforeAnyReplyIsDroppedByTheRulesAgainAsInRealConntrack(OvsHarness ovs) throws IOException {
    // routing-nat, with switch a stateful (an allow-related rule) and default-deny to its ports.
    Topology t = TestTopologies.editSwitch(TestTopologies.routingNat(), "a",
        s -> s.defaultDeny(DefaultDeny.TO_PORT).addAcl(TestTopologies.acl("web-in", "tcp.dst == 80")));
    Compilation c = load(ovs, t, "est-before-reply");
    OvsInjector in = new OvsInjector(ovs, c.hosts());
    in.flush();
    Packet dns = udp("0a:00:0a:0a:01:11", "0a:00:0a:0a:01:01", "10.10.1.11", "198.51.100.5", 36284, 53);
    HostTracer tracer = HostTracer.of(c);
    HostTrace first = tracer.trace("a1", dns, HostConntrack.empty());
    HostTrace second = tracer.trace("a1", dns, first.table());
    assertThat(first.verdict()).hasToString("verdict: dropped by switch a / default-deny");
    assertThat(second.ctPasses()).as("nv: the second datagram is +est, no reply")
        .anyMatch(p -> (p.state() & (CtState.EST | CtState.RPL)) == CtState.EST);
    assertThat(second.verdict()).as("the rules decide it again").hasToString("verdict: dropped by switch a / default-deny");
    String iface = ovs.spec("hv1").port("a1").interfaceName();
    assertThat(in.send("hv1", iface, dns)).isEmpty();
    assertThat(in.send("hv1", iface, dns)).as("OVS: the second datagram is +new, default-deny drops it").isEmpty();
  }

  @Test
  void aPacketMeetingItsOwnCommitMeetsTheEgressRulesInNvAsInOvs(OvsHarness ovs) throws IOException {
    Compilation c = load(ovs, TestTopologies.threeTier(), "own-commit");
    OvsInjector in = new OvsInjector(ovs, c.hosts());
    HostTracer tracer = HostTracer.of(c);
    String web1 = ovs.spec("hv1").port("web1").interfaceName();
    // web1 to its own address on port 22, which port group web's default-deny refuses; once
    // switched (to its own MAC), once routed back by r1.
    for (String to : List.of("0a:00:00:01:00:11", "0a:00:00:01:00:01")) {
      in.flush();
      Packet syn = tcp("0a:00:00:01:00:11", to, "10.0.1.11", "10.0.1.11", 40016, 22, Packet.Tcp.SYN);
      HostTrace nv = tracer.trace("web1", syn, HostConntrack.empty());
      assertThat(nv.ctPasses()).as("nv, to %s: +est at the egress lookup", to)
          .anyMatch(p -> (p.state() & (CtState.EST | CtState.RPL)) == CtState.EST);
      assertThat(nv.verdict()).as(to).hasToString("verdict: dropped by port-group web / default-deny");
      assertThat(in.send("hv1", web1, syn)).as("OVS, to %s: the egress lookup says +new, default-deny drops", to)
          .isEmpty();
    }
  }

  @Test
  void aSegmentConntrackRefusesCommitsAConnectionInNvButNotInRealConntrack(OvsHarness ovs) throws IOException {
    Compilation c = load(ovs, TestTopologies.threeTier(), "no-syn");
    OvsInjector in = new OvsInjector(ovs, c.hosts());
    in.flush();
    HostTracer tracer = HostTracer.of(c);
    // web1 → app1:8080, a SYN+ACK of no connection; app1's answer goes back to web1, whose port
    // group only lets in connections it knows and tcp.dst == 80.
    Packet ack = tcp("0a:00:00:01:00:11", "0a:00:00:01:00:01", "10.0.1.11", "10.0.2.21", 40016, 8080,
        Packet.Tcp.SYN | Packet.Tcp.ACK);
    Packet answer = tcp("0a:00:00:02:00:21", "0a:00:00:02:00:01", "10.0.2.21", "10.0.1.11", 8080, 40016, Packet.Tcp.ACK);
    HostTrace sent = tracer.trace("web1", ack, HostConntrack.empty());
    HostTrace back = tracer.trace("app1", answer, sent.table());
    assertThat(sent.verdict()).hasToString("verdict: delivered to app1");
    assertThat(back.verdict()).hasToString("verdict: delivered to web1");
    List<String> delivered = in.send("hv1", ovs.spec("hv1").port("web1").interfaceName(), ack);
    assertThat(delivered).as("the segment passes in OVS too").isEqualTo(OvsInjector.expected(sent));
    assertThat(in.send("hv1", ovs.spec("hv1").port("app1").interfaceName(), answer))
        .as("OVS committed nothing for the +inv segment: its answer meets default-deny").isEmpty();
  }
}
