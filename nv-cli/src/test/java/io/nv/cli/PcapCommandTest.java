package io.nv.cli;

import static io.nv.cli.TraceCommandTest.THREE_TIER;
import static io.nv.cli.TraceCommandTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.codec.Ethernet;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Geneve;
import io.nv.encap.codec.GeneveOption;
import io.nv.encap.codec.Ipv4;
import io.nv.encap.codec.OvnOption;
import io.nv.encap.codec.Tcp;
import io.nv.encap.codec.Udp;
import io.nv.encap.pcap.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nv pcap}: the frame that leaves the source host, encapsulated with the keys {@code nv
 * plan} gives, read back by nv-encap's decoder (tshark reads it in nv-conformance's {@code
 * PcapCommandTsharkTest}).
 */
class PcapCommandTest {
  /** The frames of a pcap file written by {@link PcapWriter}, decoded with checksums verified. */
  static List<Frame> read(Path pcap) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
    assertThat(b.getInt()).isEqualTo(PcapWriter.MAGIC);
    b.position(PcapWriter.FILE_HEADER_LENGTH);
    List<Frame> frames = new ArrayList<>();
    while (b.hasRemaining()) {
      b.getInt();
      b.getInt();
      int captured = b.getInt();
      b.getInt();
      byte[] frame = new byte[captured];
      b.get(frame);
      frames.add(Frame.decodeVerified(frame).getOrElseThrow(e -> new AssertionError(e.toString())));
    }
    return frames;
  }

  /** The first group of {@code regex} in {@code text}. */
  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("/%s/ in:%n%s", regex, text).isTrue();
    return m.group(1);
  }

  @Test
  void aPacketForAnotherHostLeavesInGeneveWithThePlansKeys(@TempDir Path dir) throws IOException {
    Path pcap = dir.resolve("syn.pcap");
    CliRun r = CliRun.of("pcap", THREE_TIER, "--from", "web1", "--to", "app2", "--tcp", "8080", "-o", pcap.toString());
    assertThat(lastLine(r)).isEqualTo("verdict: delivered to app2");
    assertThat(r.out()).contains("wrote 1 frame to ");

    CliRun plan = CliRun.of("plan", THREE_TIER);
    int vni = Integer.parseInt(find(plan.out(), "switch app vni (\\d+): hv2"));
    int app2Key = Integer.parseInt(find(plan.out(), "app2 key (\\d+) zone"));

    List<Frame> frames = read(pcap);
    assertThat(frames).hasSize(1);
    Frame f = frames.get(0);
    Ipv4 outer = f.first(Ipv4.class).orElseThrow();
    assertThat(outer.source().toString()).isEqualTo("192.168.0.1");
    assertThat(outer.destination().toString()).isEqualTo("192.168.0.2");
    assertThat(f.first(Udp.class).orElseThrow().destinationPort()).isEqualTo(Geneve.UDP_PORT);
    Geneve g = f.first(Geneve.class).orElseThrow();
    assertThat(g.vni()).isEqualTo(vni);
    GeneveOption o = g.options().get(0);
    assertThat(o.optionClass()).isEqualTo(OvnOption.OPTION_CLASS);
    OvnOption ovn = OvnOption.ofValue(ByteBuffer.wrap(o.data().toByteArray()).getInt());
    assertThat(ovn.egressPort()).isEqualTo(app2Key);
    assertThat(r.out()).contains(String.format("vni %d, option 0x%08x", vni, ovn.value()));
    // The inner frame is the routed packet: the router's MAC towards app2's, TTL decremented.
    assertThat(f.last(Ethernet.class).orElseThrow().destination().toString()).isEqualTo("0a:00:00:02:00:22");
    Ipv4 inner = f.last(Ipv4.class).orElseThrow();
    assertThat(inner.destination().toString()).isEqualTo("10.0.2.22");
    assertThat(inner.ttl()).isEqualTo(63);
    assertThat(f.first(Tcp.class).orElseThrow().destinationPort()).isEqualTo(8080);
  }

  @Test
  void aPacketForTheSameHostIsWrittenAsDelivered(@TempDir Path dir) throws IOException {
    Path pcap = dir.resolve("local.pcap");
    CliRun r = CliRun.of("pcap", THREE_TIER, "--from", "web1", "--to", "app1", "--tcp", "8080", "-o", pcap.toString());
    assertThat(lastLine(r)).isEqualTo("verdict: delivered to app1");
    List<Frame> frames = read(pcap);
    assertThat(frames).singleElement().satisfies(f -> {
      assertThat(f.first(Geneve.class)).isEmpty();
      assertThat(f.first(Ipv4.class).orElseThrow().destination().toString()).isEqualTo("10.0.2.21");
    });
  }

  @Test
  void aDroppedPacketWritesNoFrameAndSaysSo(@TempDir Path dir) throws IOException {
    Path pcap = dir.resolve("drop.pcap");
    CliRun r = CliRun.of("pcap", THREE_TIER, "--from", "web1", "--to", "db1", "--tcp", "5432", "-o", pcap.toString());
    assertThat(lastLine(r)).isEqualTo("verdict: dropped by port-group db / default-deny");
    assertThat(r.out()).contains("wrote 0 frames to " + pcap + ": nothing left host hv1");
    assertThat(read(pcap)).isEmpty();
  }

  @Test
  void theSameTraceGivesTheSameBytes(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.pcap");
    Path b = dir.resolve("b.pcap");
    CliRun.of("pcap", THREE_TIER, "--from", "web1", "--to", "app2", "--udp", "53", "-o", a.toString());
    CliRun.of("pcap", THREE_TIER, "--from", "web1", "--to", "app2", "--udp", "53", "-o", b.toString());
    assertThat(Files.readAllBytes(a)).hasSizeGreaterThan(PcapWriter.FILE_HEADER_LENGTH).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void withoutAnOutputFileItIsAUsageError() {
    CliRun r = CliRun.of("pcap", THREE_TIER, "--from", "web1", "--to", "app2");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("-o");
  }
}
