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
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  private Path file = Path.of("");

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

  @Option(names = "--packet", paramLabel = "EXPR", description = "The packet as a microflow in the match language (inport == \"P\" && …).")
  @Nullable String packetExpr;

  /** The packet the options describe, entering at its port ({@code inport} set). */
  Packet packet(Topology t, Path file) {
    this.file = file;
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
