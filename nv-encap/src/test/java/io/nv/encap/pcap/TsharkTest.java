package io.nv.encap.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import io.nv.encap.Cases;
import io.nv.encap.Tools;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.EtherType;
import io.nv.encap.codec.Ethernet;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Geneve;
import io.nv.encap.codec.GeneveOption;
import io.nv.encap.codec.Header;
import io.nv.encap.codec.Icmp4;
import io.nv.encap.codec.Icmp6;
import io.nv.encap.codec.Ipv4;
import io.nv.encap.codec.Ipv6;
import io.nv.encap.codec.OvnOption;
import io.nv.encap.codec.Tcp;
import io.nv.encap.codec.Udp;
import io.nv.encap.codec.Vxlan;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes generated VXLAN and Geneve frames to a pcap and checks, field by field, that tshark reads
 * back what nv wrote, with every checksum verified good. Fails when {@code CI=true} and tshark is
 * missing; skips elsewhere.
 */
class TsharkTest {
  static final int FRAMES = 200;

  /** The fields asked of tshark, in order; each one's expected text comes from the frame. */
  static final List<Field> FIELDS = List.of(
      new Field("vxlan.vni", f -> join(f, Vxlan.class, v -> Integer.toString(v.vni()))),
      new Field("geneve.vni", f -> join(f, Geneve.class, g -> String.format("0x%06x", g.vni()))),
      new Field("geneve.option.class", f -> joinOptions(f, o -> hex16(o.optionClass()))),
      new Field("geneve.option.type", f -> joinOptions(f, o -> hex8(o.type()))),
      new Field("eth.src", f -> join(f, Ethernet.class, e -> e.source().toString())),
      new Field("eth.dst", f -> join(f, Ethernet.class, e -> e.destination().toString())),
      new Field("ip.src", f -> join(f, Ipv4.class, ip -> ip.source().toString())),
      new Field("ip.dst", f -> join(f, Ipv4.class, ip -> ip.destination().toString())),
      new Field("ipv6.src", f -> join(f, Ipv6.class, ip -> ip.source().toString())),
      new Field("ipv6.dst", f -> join(f, Ipv6.class, ip -> ip.destination().toString())),
      new Field("udp.srcport", f -> join(f, Udp.class, u -> Integer.toString(u.sourcePort()))),
      new Field("udp.dstport", f -> join(f, Udp.class, u -> Integer.toString(u.destinationPort()))),
      new Field("tcp.srcport", f -> join(f, Tcp.class, t -> Integer.toString(t.sourcePort()))),
      new Field("tcp.dstport", f -> join(f, Tcp.class, t -> Integer.toString(t.destinationPort()))),
      new Field("tcp.seq_raw", f -> join(f, Tcp.class, t -> Long.toString(t.sequence()))),
      new Field("icmp.type", f -> join(f, Icmp4.class, c -> Integer.toString(c.type()))),
      new Field("icmpv6.type", f -> join(f, Icmp6.class, c -> Integer.toString(c.type()))),
      // 1 = good; a UDP checksum of zero over IPv4 is "not present" (3).
      new Field("ip.checksum.status", f -> join(f, Ipv4.class, ip -> "1")),
      new Field("udp.checksum.status", f -> join(f, Udp.class, u -> u.checksummed() ? "1" : "3")),
      new Field("tcp.checksum.status", f -> join(f, Tcp.class, t -> "1")),
      new Field("icmp.checksum.status", f -> join(f, Icmp4.class, c -> "1")),
      new Field("icmpv6.checksum.status", f -> join(f, Icmp6.class, c -> "1")));

  record Field(String name, Function<Frame, String> expected) {}

  @Test
  void tsharkReadsBackEveryFieldWithGoodChecksums(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path tshark = Tools.require("tshark", "tshark");
    long seed = Cases.masterSeed();
    SplittableRandom r = new SplittableRandom(seed);
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      frames.add(tunnelFrame(r, i));
    }
    Path pcap = dir.resolve("tunnels.pcap");
    try (OutputStream out = Files.newOutputStream(pcap);
        PcapWriter w = PcapWriter.open(out)) {
      for (int i = 0; i < frames.size(); i++) {
        w.write(1_700_000_000_000_000L + i * 1000L, frames.get(i).encode());
      }
    }

    List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", pcap.toString(),
        "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
        "-o", "tcp.check_checksum:TRUE", "-T", "fields", "-E", "separator=/t",
        "-e", "frame.number"));
    for (Field f : FIELDS) {
      command.add("-e");
      command.add(f.name());
    }
    List<String> lines = run(command, dir);
    assertThat(lines).as("one line per frame (seed %d)", seed).hasSize(FRAMES);
    for (String line : lines) {
      List<String> got = Splitter.on('\t').splitToList(line);
      int number = Integer.parseInt(got.get(0));
      Frame frame = frames.get(number - 1);
      for (int k = 0; k < FIELDS.size(); k++) {
        Field field = FIELDS.get(k);
        assertThat(got.get(k + 1))
            .as("%s of frame %d (seed %d): %s", field.name(), number, seed, frame)
            .isEqualTo(field.expected().apply(frame));
      }
    }
  }

  private static List<String> run(List<String> command, Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("tshark.out");
    Path err = dir.resolve("tshark.err");
    Process p = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark finishes").isTrue();
    assertThat(p.exitValue())
        .as("tshark exit status; stderr: %s", Files.readString(err, StandardCharsets.UTF_8))
        .isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  static <T extends Header> String join(Frame f, Class<T> type, Function<T, String> text) {
    return f.headers().stream().filter(type::isInstance).map(type::cast).map(text)
        .collect(Collectors.joining(","));
  }

  static String joinOptions(Frame f, Function<GeneveOption, String> text) {
    List<String> all = new ArrayList<>();
    f.headers().stream().filter(Geneve.class::isInstance).map(Geneve.class::cast)
        .forEach(g -> g.options().forEach(o -> all.add(text.apply(o))));
    return Joiner.on(',').join(all);
  }

  static String hex16(int v) {
    return String.format(Locale.ROOT, "0x%04x", v);
  }

  static String hex8(int v) {
    return String.format(Locale.ROOT, "0x%02x", v);
  }

  /** A tunnel frame: IPv4 or IPv6 underlay, VXLAN or Geneve, inner TCP, UDP or ICMP echo. */
  static Frame tunnelFrame(SplittableRandom r, int i) {
    boolean v6 = r.nextBoolean();
    boolean geneve = r.nextBoolean();
    List<Header> h = new ArrayList<>();
    h.add(Ethernet.of(mac(r), mac(r), v6 ? EtherType.IPV6 : EtherType.IPV4));
    h.add(v6
        ? Ipv6.of(Ipv6Address.of(0x2001_0db8_0000_0000L, r.nextLong()),
            Ipv6Address.of(0x2001_0db8_0000_0001L, r.nextLong()), IpProtocol.UDP)
        : Ipv4.of(Ipv4Address.of(0x0a00_0000 | r.nextInt(1 << 16)),
            Ipv4Address.of(0x0a01_0000 | r.nextInt(1 << 16)), IpProtocol.UDP));
    int sport = 49152 + r.nextInt(16384);
    int port = geneve ? Geneve.UDP_PORT : Vxlan.UDP_PORT;
    h.add(v6 || r.nextBoolean() ? Udp.of(sport, port) : Udp.withoutChecksum(sport, port));
    if (geneve) {
      List<GeneveOption> options = new ArrayList<>();
      int n = r.nextInt(5);
      for (int k = 0; k < n; k++) {
        options.add(r.nextBoolean()
            ? new OvnOption(r.nextInt(0x8000), r.nextInt(0x10000)).toGeneveOption()
            : new GeneveOption(0xff00 + r.nextInt(0x100), r.nextInt(0x80),
                ByteString.of(new byte[4 * r.nextInt(4)])));
      }
      h.add(Geneve.of(r.nextInt(1 << 24), options));
    } else {
      h.add(new Vxlan(r.nextInt(1 << 24)));
    }
    boolean innerV6 = r.nextBoolean();
    h.add(Ethernet.of(mac(r), mac(r), innerV6 ? EtherType.IPV6 : EtherType.IPV4));
    int l4 = r.nextInt(3);
    IpProtocol protocol = l4 == 0 ? IpProtocol.TCP : l4 == 1 ? IpProtocol.UDP
        : innerV6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP;
    h.add(innerV6
        ? Ipv6.of(Ipv6Address.of(0xfd00L << 48, r.nextLong()),
            Ipv6Address.of(0xfd00L << 48, r.nextLong()), protocol)
        : Ipv4.of(Ipv4Address.of(0xc0a8_0000 | r.nextInt(1 << 16)),
            Ipv4Address.of(0xc0a8_0000 | r.nextInt(1 << 16)), protocol));
    // Ports from 40000 up, where tshark has no dissector that would read the payload as more IP.
    int a = 40000 + r.nextInt(10000);
    int b = 40000 + r.nextInt(10000);
    switch (l4) {
      case 0 -> h.add(Tcp.of(a, b, Tcp.ACK | Tcp.PSH).withSequence(r.nextLong(1L << 32)));
      case 1 -> h.add(Udp.of(a, b));
      default -> h.add(innerV6 ? Icmp6.echoRequest(r.nextInt(1 << 16), i)
          : Icmp4.echoRequest(r.nextInt(1 << 16), i));
    }
    byte[] payload = ("nv frame " + i).getBytes(StandardCharsets.US_ASCII);
    return Frame.of(h, ByteString.of(payload));
  }

  static MacAddress mac(SplittableRandom r) {
    // Locally administered unicast, so no vendor name and no multicast meaning.
    return MacAddress.of(0x0200_0000_0000L | r.nextLong(1L << 40));
  }
}
