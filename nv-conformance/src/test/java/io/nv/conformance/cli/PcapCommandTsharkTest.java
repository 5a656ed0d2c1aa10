package io.nv.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.cli.Main;
import io.nv.encap.Tools;
import io.nv.encap.codec.OvnOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark reads {@code nv pcap}'s tunnel frame with the VNI {@code nv plan} gives for the switch
 * and the Geneve option (class 0x0102, the egress key of the destination port) that {@code nv
 * pcap} reports. Fails when {@code CI=true} and tshark is missing.
 */
class PcapCommandTsharkTest {
  static final String THREE_TIER = Path.of("..", "examples", "topologies", "three-tier.yaml").toString();

  static String nv(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as("nv %s: %s%s", String.join(" ", args), out, err).isZero();
    return out.toString();
  }

  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("/%s/ in:%n%s", regex, text).isTrue();
    return m.group(1);
  }

  @Test
  void tsharkReadsThePlansVniAndTheReportedOption(@TempDir Path dir) throws IOException, InterruptedException {
    Path tshark = Tools.require("tshark", "tshark");
    Path pcap = dir.resolve("syn.pcap");
    String report = nv("pcap", THREE_TIER, "--from", "web1", "--to", "app2", "--tcp", "8080", "-o", pcap.toString());
    String plan = nv("plan", THREE_TIER);
    int vni = Integer.parseInt(find(plan, "switch app vni (\\d+): hv2"));
    int app2Key = Integer.parseInt(find(plan, "app2 key (\\d+) zone"));
    assertThat(report).contains("vni " + vni + ",");
    String option = find(report, "option 0x([0-9a-f]{8})");
    assertThat(OvnOption.egressPort(Integer.parseUnsignedInt(option, 16))).isEqualTo(app2Key);

    Path out = dir.resolve("tshark.out");
    Path err = dir.resolve("tshark.err");
    Process p = new ProcessBuilder(tshark.toString(), "-n", "-r", pcap.toString(),
            "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
            "-T", "fields", "-E", "separator=/t",
            "-e", "geneve.vni", "-e", "geneve.option.class", "-e", "geneve.option.unknown.data",
            "-e", "ip.dst", "-e", "tcp.dstport", "-e", "ip.checksum.status", "-e", "tcp.checksum.status")
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tshark finishes").isTrue();
    assertThat(p.exitValue()).as("tshark: %s", Files.readString(err)).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).singleElement().isEqualTo(String.join("\t",
        String.format("0x%06x", vni), String.format("0x%04x", OvnOption.OPTION_CLASS), option,
        "192.168.0.2,10.0.2.22", "8080", "1,1", "1"));
  }
}
