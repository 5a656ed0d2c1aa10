package io.nv.cli;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTraceText;
import io.nv.compiler.trace.HostTracer;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.Topology;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * {@code nv trace}: runs one packet through the compiled logical pipelines and explains every
 * step, like {@code ovn-trace}; the last line is the verdict.
 *
 * <pre>{@code
 * $ nv trace examples/topologies/three-tier.yaml --from web1 --to app1 --tcp 8080
 * …
 * verdict: delivered to app1
 *
 * $ nv trace examples/topologies/three-tier.yaml --from web1 --to app2 --tcp 8080 --host-level
 * hv1: physical
 * …
 * tunnel hv1 → hv2 (192.168.0.2): vni 2, option 0x00020003
 * …
 * verdict: delivered to app2
 * }</pre>
 */
final class TraceCommand extends Command {
  TraceCommand() {
    super(
        "trace",
        List.of(
            "Trace a packet through the compiled pipelines and explain every step.",
            "MACs and IPs come from the model unless given; the last line is the verdict:",
            "",
            "  verdict: delivered to P1[, P2…] | dropped by <path> | replied by <path>",
            "",
            "           | punted (<reason>) by <path>"),
        "0:the packet was traced (whatever its verdict)",
        "1:the topology has problems",
        "2:bad usage, or a file that cannot be read or parsed at all");
  }

  private final Cli.Value<Path> file = cli.topologyFile();

  private final Cli.Value<Boolean> reply =
      cli.flag("--reply", "Then trace the reply from where the packet was delivered (same connection).");

  private final Cli.Value<Boolean> detailed = cli.flag("--detailed", "Show every flow's match and actions.");

  private final Cli.Value<Boolean> hostLevel =
      cli.flag(
          "--host-level",
          "Trace through the hosts' physical tables (what Open vSwitch on each host runs):",
          "classification, the pipelines, tunnels between hosts, each host's conntrack.");

  private final Cli.Value<Path> keysIn =
      cli.option(
          "--keys", "FILE", Path.class,
          "With --host-level: keep the keys of this assignment (from nv compile --keys-out).");

  private final PacketOptions packetOptions = new PacketOptions(cli);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(file.get(), out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    ValidatedTopology valid = loaded.value().get();
    Topology t = valid.topology();
    Packet packet = packetOptions.packet(t, file.get());
    if (keysIn.optional().isPresent() && !hostLevel.get()) {
      throw new ParameterException(spec.commandLine(), "--keys applies to the physical tables: add --host-level");
    }
    return hostLevel.get() ? hostLevel(valid, packet, out) : logical(valid, packet, out);
  }

  private int logical(ValidatedTopology valid, Packet packet, PrintWriter out) {
    String inport = packet.inport().orElseThrow();
    Tracer tracer = Tracer.of(LogicalCompiler.compile(valid));
    Trace forward = tracer.trace(inport, packet, ConntrackTable.empty());
    out.print(TraceText.render(forward, detailed.get()));
    if (reply.get()) {
      Verdict.Output o = replyPort(forward.verdict());
      out.println();
      out.println("reply from " + o.port() + ":");
      out.print(TraceText.render(tracer.trace(o.port(), reply(valid.topology(), o), forward.table()), detailed.get()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private int hostLevel(ValidatedTopology valid, Packet packet, PrintWriter out) {
    Path in = file.get();
    Inputs.Loaded<Compilation> compiled = Inputs.compilation(in, valid, keysIn.orNull(), out);
    if (compiled.value().isEmpty()) {
      return compiled.exitCode();
    }
    String inport = packet.inport().orElseThrow();
    HostTracer tracer = HostTracer.of(compiled.value().get());
    HostTrace forward = hostTrace(tracer, inport, packet, HostConntrack.empty());
    out.print(HostTraceText.render(forward, detailed.get()));
    if (reply.get()) {
      Verdict.Output o = replyPort(forward.verdict());
      out.println();
      out.println("reply from " + o.port() + ":");
      HostTrace back = hostTrace(tracer, o.port(), reply(valid.topology(), o), forward.table());
      out.print(HostTraceText.render(back, detailed.get()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Traces at host level; a port on no host is a usage error, named. */
  HostTrace hostTrace(HostTracer tracer, String inport, Packet packet, HostConntrack table) {
    try {
      return tracer.trace(inport, packet, table);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--host-level: " + e.getMessage());
    }
  }

  private Verdict.Output replyPort(Verdict v) {
    if (!(v instanceof Verdict.Delivered d) || d.outputs().size() != 1) {
      throw new ParameterException(spec.commandLine(),
          "--reply needs the packet delivered to exactly one port; it was: " + v);
    }
    return d.outputs().get(0);
  }

  /** The reply a host on the delivered-to port sends back, entering at that port. */
  private static Packet reply(Topology t, Verdict.Output o) {
    SwitchPort at = t.portById(o.port()).orElseThrow();
    return replyTo(o.packet(), at.mac().orElse(o.packet().ethDst())).withInport(o.port());
  }

  /** The reply to {@code p}: addresses and ports swapped, sent from {@code mac}. */
  static Packet replyTo(Packet p, MacAddress mac) {
    Packet r = p.withEthSrc(mac).withEthDst(p.ethSrc()).withoutOutport();
    if (p.ip().isPresent()) {
      Packet.Ip ip = p.ip().get();
      r = r.withIpSrc(ip.dst()).withIpDst(ip.src()).withTtl(Packets.DEFAULT_TTL);
    }
    if (p.tcp().isPresent()) {
      Packet.Tcp tcp = p.tcp().get();
      return Packets.tcp(r.ethSrc(), r.ethDst(), r.ip().orElseThrow().src(), r.ip().orElseThrow().dst(),
          tcp.dst(), tcp.src(), Packet.Tcp.SYN | Packet.Tcp.ACK);
    }
    if (p.udp().isPresent()) {
      return r.withL4Src(p.udp().get().dst()).withL4Dst(p.udp().get().src());
    }
    if (p.icmp().isPresent()) {
      Packet.Ip ip = r.ip().orElseThrow();
      return Packets.icmpEchoReply(r.ethSrc(), r.ethDst(), ip.src(), ip.dst());
    }
    return r;
  }

}
