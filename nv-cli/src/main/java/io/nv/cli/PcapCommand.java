package io.nv.cli;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTracer;
import io.nv.compiler.trace.WireFrames;
import io.nv.encap.codec.Frame;
import io.nv.encap.pcap.PcapWriter;
import io.nv.model.packet.Packet;
import io.nv.model.validate.ValidatedTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * {@code nv pcap}: traces one packet through the hosts' physical tables and writes the frames
 * that leave its source host to a pcap file — encapsulated (Geneve with OVN's option, or VXLAN)
 * when the destination is on another host, plain when it is delivered on the same host. Open it
 * with tshark or Wireshark.
 *
 * <pre>{@code
 * $ nv pcap examples/topologies/three-tier.yaml --from web1 --to app2 --tcp 8080 -o syn.pcap
 * wrote 1 frame to syn.pcap
 * tunnel hv1 → hv2 (192.168.0.2): vni 2, option 0x00020003
 * verdict: delivered to app2
 * $ tshark -r syn.pcap -V -Y geneve
 * }</pre>
 */
final class PcapCommand extends Command {
  /** Capture time of the first frame: 2026-01-01T00:00:00Z, so files do not depend on the clock. */
  static final long FIRST_FRAME_MICROS = 1_767_225_600_000_000L;

  PcapCommand() {
    super(
        "pcap",
        List.of(
            "Write the frames a packet puts on the wire as it leaves its source host to a pcap file:",
            "encapsulated when its destination is on another host. Same options as nv trace."),
        "0:the packet was traced and its frames written (whatever its verdict)",
        "1:the topology has problems",
        "2:bad usage, or a file that cannot be read, parsed or written");
  }

  private final Cli.Value<Path> file = cli.topologyFile();

  private final Cli.Value<Path> output = cli.required("-o, --output", "OUT.pcap", Path.class, "The pcap file to write.");

  private final Cli.Value<Path> keysIn =
      cli.option("--keys", "FILE", Path.class, "Keep the keys of this assignment (from nv compile --keys-out).");

  private final PacketOptions packetOptions = new PacketOptions(cli);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path in = file.get();
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(in, out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    ValidatedTopology valid = loaded.value().get();
    Packet packet = packetOptions.packet(valid.topology(), in);
    Inputs.Loaded<Compilation> compiled = Inputs.compilation(in, valid, keysIn.orNull(), out);
    if (compiled.value().isEmpty()) {
      return compiled.exitCode();
    }
    Compilation c = compiled.value().get();
    HostTrace trace;
    ImmutableList<Frame> frames;
    try {
      trace = HostTracer.of(c).trace(packet.inport().orElseThrow(), packet, HostConntrack.empty());
      frames = WireFrames.leavingSource(c, trace);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path to = output.get();
    try (OutputStream os = Files.newOutputStream(to);
        PcapWriter w = PcapWriter.open(os)) {
      long micros = FIRST_FRAME_MICROS;
      for (Frame f : frames) {
        w.write(micros, f.encode());
        micros += 1000;
      }
    } catch (IOException e) {
      out.println(to + ": cannot write: " + e.getMessage());
      out.flush();
      return ExitCodes.USAGE;
    }
    String entry = trace.steps().isEmpty() ? "" : trace.steps().get(0).host();
    out.println("wrote " + frames.size() + (frames.size() == 1 ? " frame" : " frames") + " to " + to
        + (frames.isEmpty() ? ": nothing left host " + entry : ""));
    for (HostTrace.TunnelHop hop : trace.tunnels()) {
      if (hop.from().equals(entry)) {
        out.println("tunnel " + hop.from() + " → " + hop.to() + " (" + hop.remote() + "): vni " + hop.vni()
            + (hop.option().isPresent() ? String.format(", option 0x%08x", hop.option().getAsInt()) : ""));
      }
    }
    out.println(trace.verdict());
    out.flush();
    return ExitCodes.OK;
  }
}
