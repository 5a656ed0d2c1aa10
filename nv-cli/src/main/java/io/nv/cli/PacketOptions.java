package io.nv.cli;

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
import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The options that describe one packet, shared by {@code nv trace} and {@code nv pcap}: where it
 * enters, whom it is for, its protocol, and the addresses a host on the port would use.
 *
 * <pre>{@code
 * $ nv trace FILE --from web1 --to app1 --tcp 8080
 * $ nv pcap FILE --from web1 --to app2 --tcp 8080 -o out.pcap
 * }</pre>
 */
final class PacketOptions {
  /** The MAC of a made-up client on a LOCALNET port's network. */
  static final String OUTSIDE_HOST = "02:00:00:00:00:fe";

  private final CommandSpec spec;

  private Path file = Path.of("");

  private final Cli.Value<String> from;
  private final Cli.Value<String> to;
  private final Cli.Value<String> dst;
  private final Cli.Value<String> src;
  private final Cli.Value<String> srcMac;
  private final Cli.Value<Integer> tcp;
  private final Cli.Value<Integer> udp;
  private final Cli.Value<Boolean> arp;
  private final Cli.Value<Integer> srcPort;
  private final Cli.Value<Integer> ttl;
  private final Cli.Value<String> packetExpr;

  /** Declares the options on {@code cli}'s command. */
  PacketOptions(Cli cli) {
    spec = cli.spec();
    from = cli.option("--from", "PORT", String.class, "The port the packet enters at.");
    to = cli.option("--to", "PORT", String.class, "Send to this port's addresses (it only supplies them).");
    dst = cli.option("--dst", "IP", String.class, "Send to this address.");
    src = cli.option(
        "--src", "IP", String.class,
        "Claim this source address (default: the port's own).",
        "From a LOCALNET port it models a client outside and is required.");
    srcMac = cli.option(
        "--src-mac", "MAC", String.class,
        "Claim this source MAC (default: the port's own; from a LOCALNET port, the upstream",
        "router's — a static neighbour on the switch — for a source beyond the subnet, else " + OUTSIDE_HOST + ").");
    Cli.OneOf protocol = new Cli.OneOf();
    tcp = protocol.option("--tcp", "N", Integer.class, "A TCP SYN to port N.");
    udp = protocol.option("--udp", "N", Integer.class, "A UDP datagram to port N.");
    protocol.flag("--icmp", "An ICMP echo request (the default).");
    arp = protocol.flag("--arp", "An ARP request for the destination address.");
    cli.add(protocol);
    srcPort = cli.withDefault("--src-port", "N", Integer.class, 49152, "TCP/UDP source port (default 49152).");
    ttl = cli.withDefault("--ttl", "N", Integer.class, Packets.DEFAULT_TTL, "IP TTL (default 64).");
    packetExpr = cli.option(
        "--packet", "EXPR", String.class,
        "The packet as a microflow in the match language (inport == \"P\" && …).");
  }

  /** The packet the options describe, entering at its port ({@code inport} set). */
  Packet packet(Topology t, Path file) {
    this.file = file;
    String expr = packetExpr.orNull();
    if (expr != null) {
      Either<MatchSyntaxError, Microflow> m = Microflow.parse(expr);
      if (m.isLeft()) {
        throw new ParameterException(spec.commandLine(), "--packet: " + m.getLeft().describe(expr));
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
    String entry = from.orNull();
    String toPort = to.orNull();
    String dstText = dst.orNull();
    String srcText = src.orNull();
    if (entry == null) {
      throw new ParameterException(spec.commandLine(), "say where the packet enters: --from PORT (or --packet EXPR)");
    }
    if ((toPort == null) == (dstText == null)) {
      throw new ParameterException(spec.commandLine(), "give exactly one of --to PORT and --dst IP");
    }
    SwitchPort p = port(t, entry);
    if (p.kind() == PortKind.LOCALNET && srcText == null) {
      throw new ParameterException(spec.commandLine(),
          "--from " + entry + " is a LOCALNET port: say who sends from the physical network with --src IP");
    }
    IpAddress srcIp = srcText != null ? address(srcText, "--src") : p.ips().isEmpty() ? Ipv4Address.ANY : p.ips().get(0);
    IpAddress dstIp;
    if (toPort != null) {
      SwitchPort q = port(t, toPort);
      if (q.ips().isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--to " + toPort + ": the port has no IP address; use --dst");
      }
      dstIp = q.ips().get(0);
    } else {
      dstIp = address(Objects.requireNonNull(dstText), "--dst");
    }
    MacAddress srcMac = sourceMac(t, p, srcIp);
    Packet packet;
    if (arp.get()) {
      if (!(srcIp instanceof Ipv4Address s4) || !(dstIp instanceof Ipv4Address d4)) {
        throw new ParameterException(spec.commandLine(), "--arp needs IPv4 addresses");
      }
      packet = Packets.arpRequest(srcMac, s4, d4);
    } else {
      MacAddress dstMac = nextMac(t, p, dstIp);
      Integer tcpPort = tcp.orNull();
      Integer udpPort = udp.orNull();
      if (tcpPort != null) {
        packet = Packets.tcp(srcMac, dstMac, srcIp, dstIp, srcPort.get(), tcpPort);
      } else if (udpPort != null) {
        packet = Packets.udp(srcMac, dstMac, srcIp, dstIp, srcPort.get(), udpPort);
      } else {
        packet = Packets.icmpEcho(srcMac, dstMac, srcIp, dstIp);
      }
      packet = packet.withTtl(ttl.get());
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
    String claimed = srcMac.orNull();
    if (claimed != null) {
      return MacAddress.tryParse(claimed).orElseThrow(
          () -> new ParameterException(spec.commandLine(), "--src-mac: '" + claimed + "' is not a MAC address"));
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
