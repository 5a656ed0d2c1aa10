package io.nv.cli;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.RouterPort;
import io.nv.model.match.MatchSyntaxError;
import io.nv.model.packet.Microflow;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.control.Either;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nv trace}: runs one packet through the compiled logical pipelines and explains every
 * step, like {@code ovn-trace}; the last line is the verdict.
 *
 * <pre>{@code
 * $ nv trace examples/topologies/three-tier.yaml --from web1 --to app1 --tcp 8080
 * …
 * verdict: delivered to app1
 * }</pre>
 */
@Command(
    name = "trace",
    description = {
      "Trace a packet through the compiled pipelines and explain every step.",
      "MACs and IPs come from the model unless given; the last line is the verdict:",
      "  verdict: delivered to P1[, P2…] | dropped by <path> | replied by <path> | punted (<reason>) by <path>"
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the packet was traced (whatever its verdict)",
      "1:the topology has problems",
      "2:bad usage, or a file that cannot be read or parsed at all"
    })
final class TraceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology document.")
  @Nullable Path file;

  @Option(names = "--from", paramLabel = "PORT", description = "The port the packet enters at.")
  @Nullable String from;

  @Option(names = "--to", paramLabel = "PORT", description = "Send to this port's addresses (it only supplies them).")
  @Nullable String to;

  @Option(names = "--dst", paramLabel = "IP", description = "Send to this address.")
  @Nullable String dst;

  @Option(names = "--src", paramLabel = "IP", description = {
      "Claim this source address (default: the port's own).",
      "From a LOCALNET port it models a client outside and is required."})
  @Nullable String src;

  @Option(names = "--src-mac", paramLabel = "MAC", description = {
      "Claim this source MAC (default: the port's own; from a LOCALNET port, the upstream",
      "router's — a static neighbour on the switch — for a source beyond the subnet, else " + OUTSIDE_HOST + ")."})
  @Nullable String srcMac;

  /** The MAC of a made-up client on a LOCALNET port's network. */
  static final String OUTSIDE_HOST = "02:00:00:00:00:fe";

  @ArgGroup(exclusive = true)
  @Nullable Protocol protocol;

  static final class Protocol {
    @Option(names = "--tcp", paramLabel = "N", description = "A TCP SYN to port N.")
    @Nullable Integer tcp;

    @Option(names = "--udp", paramLabel = "N", description = "A UDP datagram to port N.")
    @Nullable Integer udp;

    @Option(names = "--icmp", description = "An ICMP echo request (the default).")
    boolean icmp;

    @Option(names = "--arp", description = "An ARP request for the destination address.")
    boolean arp;
  }

  @Option(names = "--src-port", paramLabel = "N", description = "TCP/UDP source port (default 49152).")
  int srcPort = 49152;

  @Option(names = "--ttl", paramLabel = "N", description = "IP TTL (default 64).")
  int ttl = Packets.DEFAULT_TTL;

  @Option(names = "--reply", description = "Then trace the reply from where the packet was delivered (same connection).")
  boolean reply;

  @Option(names = "--detailed", description = "Show every flow's match and actions.")
  boolean detailed;

  @Option(names = "--packet", paramLabel = "EXPR", description = "The packet as a microflow in the match language (inport == \"P\" && …).")
  @Nullable String packetExpr;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(Objects.requireNonNull(file), out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    ValidatedTopology valid = loaded.value().get();
    Topology t = valid.topology();
    Packet packet = packet(t);
    String inport = packet.inport().orElseThrow();
    Tracer tracer = Tracer.of(LogicalCompiler.compile(valid));
    Trace forward = tracer.trace(inport, packet, ConntrackTable.empty());
    out.print(TraceText.render(forward, detailed));
    if (reply) {
      if (!(forward.verdict() instanceof Verdict.Delivered d) || d.outputs().size() != 1) {
        throw new ParameterException(spec.commandLine(),
            "--reply needs the packet delivered to exactly one port; it was: " + forward.verdict());
      }
      Verdict.Output o = d.outputs().get(0);
      SwitchPort at = t.portById(o.port()).orElseThrow();
      Packet back = replyTo(o.packet(), at.mac().orElse(o.packet().ethDst())).withInport(o.port());
      out.println();
      out.println("reply from " + o.port() + ":");
      out.print(TraceText.render(tracer.trace(o.port(), back, forward.table()), detailed));
    }
    out.flush();
    return ExitCodes.OK;
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

  private Packet packet(Topology t) {
    if (packetExpr != null) {
      Either<MatchSyntaxError, Microflow> m = Microflow.parse(packetExpr);
      if (m.isLeft()) {
        throw new ParameterException(spec.commandLine(), "--packet: " + m.getLeft().describe(packetExpr));
      }
      String in = m.get().inport().orElseThrow(
          () -> new ParameterException(spec.commandLine(), "--packet needs inport == \"PORT\""));
      SwitchPort p = port(t, in);
      IpAddress srcIp = p.ips().isEmpty() ? Ipv4Address.ANY : p.ips().get(0);
      IpAddress target = m.get().ipDestination().orElse(srcIp);
      try {
        return m.get().toPacket(p.mac().orElse(MacAddress.ZERO), nextMac(t, p, target), srcIp);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--packet: " + e.getMessage());
      }
    }
    if (from == null) {
      throw new ParameterException(spec.commandLine(), "say where the packet enters: --from PORT (or --packet EXPR)");
    }
    if ((to == null) == (dst == null)) {
      throw new ParameterException(spec.commandLine(), "give exactly one of --to PORT and --dst IP");
    }
    SwitchPort p = port(t, from);
    if (p.kind() == PortKind.LOCALNET && src == null) {
      throw new ParameterException(spec.commandLine(),
          "--from " + from + " is a LOCALNET port: say who sends from the physical network with --src IP");
    }
    IpAddress srcIp = src != null ? address(src, "--src") : p.ips().isEmpty() ? Ipv4Address.ANY : p.ips().get(0);
    IpAddress dstIp;
    if (to != null) {
      SwitchPort q = port(t, to);
      if (q.ips().isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--to " + to + ": the port has no IP address; use --dst");
      }
      dstIp = q.ips().get(0);
    } else {
      dstIp = address(Objects.requireNonNull(dst), "--dst");
    }
    MacAddress srcMac = sourceMac(t, p, srcIp);
    Packet packet;
    Protocol proto = protocol == null ? new Protocol() : protocol;
    if (proto.arp) {
      if (!(srcIp instanceof Ipv4Address s4) || !(dstIp instanceof Ipv4Address d4)) {
        throw new ParameterException(spec.commandLine(), "--arp needs IPv4 addresses");
      }
      packet = Packets.arpRequest(srcMac, s4, d4);
    } else {
      MacAddress dstMac = nextMac(t, p, dstIp);
      if (proto.tcp != null) {
        packet = Packets.tcp(srcMac, dstMac, srcIp, dstIp, srcPort, proto.tcp);
      } else if (proto.udp != null) {
        packet = Packets.udp(srcMac, dstMac, srcIp, dstIp, srcPort, proto.udp);
      } else {
        packet = Packets.icmpEcho(srcMac, dstMac, srcIp, dstIp);
      }
      packet = packet.withTtl(ttl);
    }
    if (p.kind() == PortKind.LOCALNET && p.vlan().isPresent()) {
      packet = packet.withVlan(Packet.Vlan.of(p.vlan().get()));
    }
    return packet.withInport(p.id());
  }

  /**
   * {@code --src-mac}, else the port's MAC; a LOCALNET port has none: a source beyond the switch's
   * subnets comes through an upstream router (a static neighbour of a router on the switch), an
   * on-link one from a made-up host.
   */
  private MacAddress sourceMac(Topology t, SwitchPort p, IpAddress srcIp) {
    if (srcMac != null) {
      return MacAddress.tryParse(srcMac).orElseThrow(
          () -> new ParameterException(spec.commandLine(), "--src-mac: '" + srcMac + "' is not a MAC address"));
    }
    if (p.mac().isPresent()) {
      return p.mac().get();
    }
    LogicalSwitch s = t.switchOfPort(p.id()).orElseThrow();
    boolean onLink = s.subnets().stream().anyMatch(n -> n.contains(srcIp));
    if (!onLink) {
      for (SwitchPort link : s.ports()) {
        if (link.kind() != PortKind.ROUTER || link.routerPort().isEmpty()) {
          continue;
        }
        Optional<io.nv.model.l3.LogicalRouter> r = t.routerOfPort(link.routerPort().get());
        Optional<MacAddress> upstream =
            r.stream()
                .flatMap(x -> x.neighbours().stream())
                .filter(n -> s.subnets().stream().anyMatch(net -> net.contains(n.ip())))
                .map(n -> n.mac())
                .findFirst();
        if (upstream.isPresent()) {
          return upstream.get();
        }
      }
    }
    return MacAddress.parse(OUTSIDE_HOST);
  }

  /** The MAC a host on {@code p} would send to for {@code dst}: the owner's on its subnet, else its router's. */
  static MacAddress nextMac(Topology t, SwitchPort p, IpAddress dst) {
    LogicalSwitch s = t.switchOfPort(p.id()).orElseThrow();
    Optional<MacAddress> local = s.ports().stream()
        .filter(x -> x.ips().contains(dst)).findFirst().flatMap(SwitchPort::mac);
    if (local.isPresent()) {
      return local.get();
    }
    Optional<RouterPort> router = s.ports().stream()
        .filter(x -> x.kind() == PortKind.ROUTER && x.routerPort().isPresent())
        .map(x -> t.routerPortById(x.routerPort().get()))
        .flatMap(Optional::stream)
        .findFirst();
    if (router.isPresent()) {
      if (router.get().addresses().stream().anyMatch(a -> a.address().equals(dst))) {
        return router.get().mac();
      }
      boolean onLink = s.subnets().stream().anyMatch(n -> n.contains(dst));
      if (!onLink) {
        return router.get().mac();
      }
    }
    return router.map(RouterPort::mac).orElse(MacAddress.BROADCAST);
  }

  private SwitchPort port(Topology t, String id) {
    return t.portById(id).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "no port '" + id + "' in " + file + ": ports are "
            + t.switches().stream().flatMap(s -> s.ports().stream())
                .filter(x -> x.kind() != PortKind.ROUTER).map(SwitchPort::id).sorted().toList()));
  }

  private IpAddress address(String text, String option) {
    return IpAddress.tryParse(text).orElseThrow(
        () -> new ParameterException(spec.commandLine(), option + ": '" + text + "' is not an IP address"));
  }
}
