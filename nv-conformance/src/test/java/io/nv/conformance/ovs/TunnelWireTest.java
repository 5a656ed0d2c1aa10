package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.io.BaseEncoding;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.WireFrames;
import io.nv.compiler.trace.HostTracer;
import io.nv.encap.Tools;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.Ethernet;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Ipv4;
import io.nv.encap.codec.PacketFrames;
import io.nv.encap.codec.Udp;
import io.nv.io.export.OpenFlowFiles;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.packet.Packet;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real packet leaves through the tunnel as nv says, and tshark agrees: on the three-tier
 * topology, a TCP SYN injected on hv1's VIF web1 for web2 (bound to hv2) leaves hv1's underlay
 * port encapsulated; tshark decodes the capture ({@code geneve.vni}, {@code geneve.option.*},
 * {@code vxlan.vni}) to the VNI and Geneve option value of nv's host trace, and the frame's bytes
 * are those of the frame {@code nv pcap} writes ({@link WireFrames#tunnelFrame} of the hop)
 * except for what the dataplane chooses, masked explicitly: outer MACs, the outer IPv4 identification, flags (DF), TTL and header checksum, the
 * UDP source port (a flow hash) and UDP checksum. The same for VXLAN (OVN's split VNI: datapath
 * key and egress port key). Fails when {@code CI=true} and OVS or tshark is missing.
 */
@ExtendWith(OvsHarnessExtension.class)
class TunnelWireTest {
  /** Offsets in the outer headers (untagged Ethernet, IPv4 without options, UDP). */
  static final int[][] MASKED = {
    {0, 12},   // outer Ethernet destination and source: the underlay's neighbours
    {18, 20},  // IPv4 identification
    {20, 22},  // IPv4 flags (DF) and fragment offset
    {22, 23},  // IPv4 TTL
    {24, 26},  // IPv4 header checksum (covers the three above)
    {34, 36},  // UDP source port: OVS hashes the inner flow
    {40, 42},  // UDP checksum
  };

  @TempDir static Path dir;

  static Packet syn(int sourcePort) {
    return new Packet.Builder()
        .ethSrc(MacAddress.parse("0a:00:00:01:00:11"))
        .ethDst(MacAddress.parse("0a:00:00:01:00:12"))
        .ip(new Packet.Ip(IpAddress.parse("10.0.1.11"), IpAddress.parse("10.0.1.12"), IpProtocol.TCP, 64, 0, 0))
        .l4(new Packet.Tcp(sourcePort, 80, Packet.Tcp.SYN))
        .build();
  }

  @Test
  void aGenevePacketLeavesAsNvSaysAndTsharkReadsItsVniAndOption(OvsHarness ovs) throws Exception {
    Sent sent = send(ovs, TestTopologies.threeTier(), "geneve", syn(40101));
    HostTrace.TunnelHop hop = sent.hop();
    assertThat(hop.option()).isPresent();
    List<String> fields = tshark(sent.pcap(), "tcp.srcport==40101", "geneve.vni", "geneve.option.class",
        "geneve.option.type", "geneve.option.unknown.data", "ip.src", "ip.dst");
    assertThat(fields).containsExactly(
        String.format("0x%06x", hop.vni()), "0x0102", "0x80", String.format("%08x", hop.option().getAsInt()),
        hosts(ovs, "hv1") + ",10.0.1.11", hosts(ovs, "hv2") + ",10.0.1.12");
    byte[] nv = WireFrames.tunnelFrame(TestTopologies.threeTier(), hop).encode();
    assertThat(hex(mask(sent.wire()))).isEqualTo(hex(mask(nv)));
  }

  @Test
  void aVxlanPacketLeavesAsNvSaysAndTsharkReadsItsVni(OvsHarness ovs) throws Exception {
    Sent sent = send(ovs, vxlan(TestTopologies.threeTier()), "vxlan", syn(40102));
    HostTrace.TunnelHop hop = sent.hop();
    assertThat(hop.option()).isEmpty();
    List<String> fields = tshark(sent.pcap(), "tcp.srcport==40102", "vxlan.vni", "ip.src", "ip.dst");
    assertThat(fields).containsExactly(Long.toString(hop.vni()),
        hosts(ovs, "hv1") + ",10.0.1.11", hosts(ovs, "hv2") + ",10.0.1.12");
    byte[] nv = WireFrames.tunnelFrame(vxlan(TestTopologies.threeTier()), hop).encode();
    assertThat(hex(mask(sent.wire()))).isEqualTo(hex(mask(nv)));
  }

  /** What one injected packet sent through the tunnel. */
  record Sent(HostTrace.TunnelHop hop, IpAddress from, ByteString frame, Path pcap) {
    byte[] wire() {
      return frame.toByteArray();
    }
  }

  /** Exports and loads {@code t}'s hosts, injects {@code p} at web1 and returns the frame hv1 sent. */
  static Sent send(OvsHarness ovs, Topology t, String name, Packet p) throws IOException {
    Compilation c = Compilation.of(TestTopologies.validated(t)).get();
    for (String h : c.hosts()) {
      Path d = dir.resolve(name).resolve(h);
      OpenFlowFiles.write(c.host(h), d);
      ovs.reset(d);
      ovs.load(h);
    }
    HostTrace trace = HostTracer.of(c).trace("web1", p, HostConntrack.empty());
    assertThat(trace.verdict()).as("%s", trace).hasToString("verdict: delivered to web2");
    assertThat(trace.tunnels()).hasSize(1);
    HostTrace.TunnelHop hop = trace.tunnels().get(0);
    int before = ovs.captured("hv1", OvsHarness.UNDERLAY_PORT).size();
    // The VM sends the frame nv builds for the packet (its SYN has sequence number 0), so the
    // encapsulated frame can be compared with nv pcap's byte for byte.
    ovs.inject("hv1", ovs.spec("hv1").port("web1").interfaceName(), PacketFrames.frame(p).encode());
    ImmutableList<byte[]> frames = ovs.captured("hv1", OvsHarness.UNDERLAY_PORT);
    assertThat(frames).hasSize(before + 1);
    byte[] wire = frames.get(before);
    // The frame decodes with nv's codecs, checksums verified.
    Frame f = Frame.decodeVerified(wire).getOrElseThrow(e -> new AssertionError(e + ": " + hex(wire)));
    assertThat(f.first(Ethernet.class)).isPresent();
    assertThat(f.first(Ipv4.class).orElseThrow().destination()).isEqualTo(hop.remote());
    assertThat(f.first(Udp.class)).isPresent();
    // And it reaches web2 on hv2 as the packet nv delivers.
    ovs.deliver("hv1");
    List<byte[]> atWeb2 = ovs.captured("hv2", ovs.spec("hv2").port("web2").interfaceName());
    assertThat(atWeb2).isNotEmpty();
    assertThat(PacketFrames.packet(Frame.decode(atWeb2.get(atWeb2.size() - 1)).get()))
        .contains(((io.nv.model.semantics.Verdict.Delivered) trace.verdict()).outputs().get(0).packet()
            .withoutInport().withoutOutport());
    return new Sent(hop, c.topology().topology().hostById("hv1").orElseThrow().tunnelIp(), ByteString.of(wire),
        ovs.pcap("hv1", OvsHarness.UNDERLAY_PORT));
  }

  /** {@code t} over VXLAN: every host offers it. */
  static Topology vxlan(Topology t) {
    List<Host> hosts = new ArrayList<>();
    for (Host h : t.hosts()) {
      hosts.add(new Host.Builder().from(h).encapsulations(List.of(Encapsulation.GENEVE, Encapsulation.VXLAN)).build());
    }
    return new Topology.Builder().from(t).hosts(hosts).encapsulation(Encapsulation.VXLAN).build();
  }

  static String hosts(OvsHarness ovs, String host) {
    return ovs.spec(host).tunnelIp().toString();
  }

  static byte[] mask(byte[] frame) {
    byte[] out = frame.clone();
    for (int[] range : MASKED) {
      for (int i = range[0]; i < range[1]; i++) {
        out[i] = 0;
      }
    }
    return out;
  }

  static String hex(byte[] b) {
    return BaseEncoding.base16().lowerCase().encode(b);
  }

  /** tshark's fields of the one packet matching {@code filter} in {@code pcap}. */
  static List<String> tshark(Path pcap, String filter, String... fields) throws IOException, InterruptedException {
    Path tshark = Tools.require("tshark", "tshark");
    List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString(),
        "-Y", filter, "-o", "ip.check_checksum:TRUE", "-T", "fields", "-E", "separator=/t"));
    for (String f : fields) {
      command.add("-e");
      command.add(f);
    }
    Path out = dir.resolve("tshark.out");
    Path err = dir.resolve("tshark.err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark answers").isTrue();
    assertThat(p.exitValue()).as("tshark: %s", Files.readString(err)).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).as("packets matching %s", filter).hasSize(1);
    return Splitter.on('\t').splitToList(lines.get(0));
  }
}
