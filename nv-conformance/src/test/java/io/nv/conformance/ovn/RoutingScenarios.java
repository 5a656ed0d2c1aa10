package io.nv.conformance.ovn;

import com.google.common.collect.ImmutableList;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Evaluation;
import io.nv.model.semantics.Semantics;
import io.nv.model.semantics.Verdict;
import io.nv.testkit.Gen;
import io.nv.testkit.gen.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Scenarios aimed at the routers of a topology from {@code TopologyGens}, to add to {@code
 * ScenarioGens}' (which aim at every port alike): a connection from a VIF behind a router to
 * what lies beyond it (static routes, ECMP groups, policies' matches, the outside, NAT addresses,
 * other subnets), or from an outside host at a LOCALNET port (on the uplink's subnet, or beyond
 * the upstream neighbour) to the router's NAT addresses and the VIFs behind it; then its reply
 * from where nv delivered it (so SNAT, DNAT and floating IPs are met in both directions), and
 * sometimes a later packet of the connection.
 *
 * <pre>{@code
 * Gen<Scenario> routed = RoutingScenarios.of(topology, semantics);   // empty when no router
 * }</pre>
 */
final class RoutingScenarios {
  /** Destinations past the connected subnets that the generated routers' routes and policies name. */
  private static final List<Ipv4Address> BEYOND =
      List.of(
          Ipv4Address.parse("8.8.8.8"),
          Ipv4Address.parse("8.8.8.9"),
          Ipv4Address.parse("198.51.100.7"),
          Ipv4Address.parse("203.0.113.1"),
          Ipv4Address.parse("203.0.113.99"),
          Ipv4Address.parse("192.168.100.7"),
          Ipv4Address.parse("192.168.100.50"),
          Ipv4Address.parse("192.168.100.51"),
          Ipv4Address.parse("192.168.101.9"),
          Ipv4Address.parse("192.168.101.10"),
          Ipv4Address.parse("192.168.102.5"),
          Ipv4Address.parse("10.0.0.200"),
          Ipv4Address.parse("192.0.2.5"));

  private static final List<Integer> PORTS = List.of(80, 443, 22, 53, 8080, 1500, 23, 3000);
  private static final Pattern DST_PREFIX = Pattern.compile("ip4\\.dst == ([0-9./]+)");

  /** A random address of {@code prefix} (its network for a /32). */
  private static IpAddress hostIn(IpPrefix prefix, RandomGenerator random) {
    int bits = ((Ipv4Address) prefix.network()).bits();
    int span = prefix.length() >= 31 ? 1 : (1 << (32 - prefix.length())) - 2;
    return prefix.length() >= 31 ? prefix.network() : Ipv4Address.of(bits + 1 + random.nextInt(span));
  }

  private record Side(LogicalSwitch sw, RouterPort rp) {}

  private RoutingScenarios() {}

  /** Scenarios of {@code t} aimed at its routers, or empty when no router has a VIF behind it. */
  static Optional<Gen<Scenario>> of(Topology t, Semantics semantics) {
    List<LogicalRouter> routers = new ArrayList<>();
    for (LogicalRouter r : t.routers()) {
      if (!vifsBehind(t, r).isEmpty()) {
        routers.add(r);
      }
    }
    if (routers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        (random, size) -> {
          LogicalRouter r = pick(random, routers);
          List<Scenario.Step> steps = new ArrayList<>();
          Scenario.Step open = opening(t, r, random);
          steps.add(open);
          Scenario.Step reply = reply(t, semantics, open, random);
          if (reply == null) {
            reply = intendedReply(t, r, open);
          }
          if (reply != null) {
            steps.add(reply);
          }
          if (random.nextInt(100) < 40) {
            steps.add(later(open));
          }
          return new Scenario(t, ImmutableList.copyOf(steps));
        });
  }

  private static Scenario.Step opening(Topology t, LogicalRouter r, RandomGenerator random) {
    if (!r.policies().isEmpty() && random.nextInt(100) < 30) {
      Scenario.Step s = policyMatch(t, r, pick(random, r.policies()), random);
      if (s != null) {
        return s;
      }
    }
    List<Side> outside = outsideSides(t, r);
    List<NatRule> nats = r.nats();
    if (!outside.isEmpty() && random.nextInt(100) < 50) {
      // An outside host: on the uplink's subnet, or beyond the upstream neighbour.
      Side side = pick(random, outside);
      SwitchPort ln = pick(random, side.sw().ports().stream().filter(p -> p.kind() == PortKind.LOCALNET).toList());
      // Mostly the addresses that lead inside (DNAT, floating IPs); a SNAT address now and then.
      List<IpAddress> targets = new ArrayList<>();
      boolean withSnat = random.nextInt(100) < 25;
      nats.stream()
          .filter(n -> withSnat || n.type() != io.nv.model.l3.NatType.SNAT)
          .forEach(n -> targets.add(n.externalIp()));
      if (targets.isEmpty() || random.nextInt(100) < 20) {
        vifsBehind(t, r).forEach(v -> targets.add(ipv4(v)));
      }
      IpAddress to = pick(random, targets);
      // The router has no MAC binding for a host on the uplink's subnet, so replies to one stop at
      // next-hop resolution (an ARP request) before un-DNAT: a DNAT round trip mostly comes from
      // beyond the upstream neighbour.
      boolean dnat = nats.stream().anyMatch(n -> n.type() == io.nv.model.l3.NatType.DNAT && n.externalIp().equals(to));
      List<StaticNeighbour> upstream = r.neighbours();
      MacAddress mac;
      IpAddress src;
      if (!upstream.isEmpty() && random.nextInt(100) < (dnat ? 85 : 60)) {
        mac = pick(random, upstream).mac();
        src = Ipv4Address.of(198, 51, 100, 1 + random.nextInt(250));
      } else {
        mac = MacAddress.of(0x020000000000L | (0x10 + random.nextInt(200)));
        src = Ipv4Address.of(203, 0, 113, 100 + random.nextInt(100));
      }
      MacAddress dst = side.rp().mac();
      Optional<MacAddress> fipMac =
          nats.stream().filter(n -> n.externalIp().equals(to)).findFirst().flatMap(NatRule::externalMac);
      if (fipMac.isPresent() && random.nextInt(100) < 50) {
        dst = fipMac.get();
      }
      Packet p = opener(random, mac, dst, src, to);
      return new Scenario.Step(ln.id(), tagged(ln, p, random));
    }
    List<SwitchPort> vifs = vifsBehind(t, r);
    // Half of the time a VIF that a NAT rule names (its traffic leaves translated).
    List<SwitchPort> natted =
        vifs.stream().filter(v -> nats.stream().anyMatch(n -> n.logical().length() == 32 && n.logical().contains(ipv4(v)))).toList();
    SwitchPort v = !natted.isEmpty() && random.nextInt(2) == 0 ? pick(random, natted) : pick(random, vifs);
    Side side = sideOf(t, r, v);
    List<IpAddress> targets = new ArrayList<>(BEYOND);
    nats.forEach(n -> targets.add(n.externalIp()));
    // Hosts inside the static routes' and the policies' prefixes, so ECMP members and reroutes vary.
    List<IpPrefix> prefixes = new ArrayList<>();
    r.routes().stream().map(StaticRoute::prefix).filter(x -> x.length() > 0 && x.version() == 4).forEach(prefixes::add);
    for (PolicyRoute pr : r.policies()) {
      Matcher m = DST_PREFIX.matcher(pr.match());
      while (m.find()) {
        IpPrefix.tryParse(m.group(1)).filter(x -> x.version() == 4).ifPresent(prefixes::add);
      }
    }
    for (IpPrefix x : prefixes) {
      for (int i = 0; i < 3; i++) {
        targets.add(hostIn(x, random));
      }
    }
    vifsBehind(t, r).stream().filter(o -> !sideOf(t, r, o).sw().id().equals(side.sw().id())).forEach(o -> targets.add(ipv4(o)));
    IpAddress to = pick(random, targets);
    return new Scenario.Step(v.id(), opener(random, v.mac().orElseThrow(), side.rp().mac(), ipv4(v), to));
  }

  private static final Pattern SRC_PREFIX = Pattern.compile("ip4\\.src == ([0-9./]+)");
  private static final Pattern TCP_DST = Pattern.compile("tcp\\.dst == ([0-9]+)");
  private static final Pattern UDP_DST = Pattern.compile("udp\\.dst == ([0-9]+)");
  private static final Pattern INPORT = Pattern.compile("inport == \"([^\"]+)\"");

  /**
   * A connection opener that the match of {@code policy} holds for (the shapes {@code
   * TopologyGens} writes: prefixes of ip4.src and ip4.dst, a TCP or UDP port, ICMP, the router
   * port it arrives at), or null when no VIF behind the router can send it.
   */
  private static Scenario.@Nullable Step policyMatch(
      Topology t, LogicalRouter r, PolicyRoute policy, RandomGenerator random) {
    String m = policy.match();
    List<SwitchPort> vifs = vifsBehind(t, r);
    Matcher in = INPORT.matcher(m);
    if (in.find()) {
      String rp = in.group(1);
      vifs = vifs.stream().filter(v -> sideOf(t, r, v).rp().id().equals(rp)).toList();
    }
    Matcher src = SRC_PREFIX.matcher(m);
    if (src.find()) {
      IpPrefix from = IpPrefix.parse(src.group(1));
      vifs = vifs.stream().filter(v -> from.contains(ipv4(v))).toList();
    }
    if (vifs.isEmpty()) {
      return null;
    }
    SwitchPort v = pick(random, vifs);
    Matcher dst = DST_PREFIX.matcher(m);
    IpAddress to = dst.find() ? hostIn(IpPrefix.parse(dst.group(1)), random) : pick(random, BEYOND);
    MacAddress mac = v.mac().orElseThrow();
    MacAddress router = sideOf(t, r, v).rp().mac();
    int srcPort = 32768 + random.nextInt(28000);
    Matcher tcp = TCP_DST.matcher(m);
    Matcher udp = UDP_DST.matcher(m);
    Packet p;
    if (tcp.find()) {
      p = Packets.tcp(mac, router, ipv4(v), to, srcPort, Integer.parseInt(tcp.group(1)));
    } else if (udp.find() && !(m.contains("icmp4") && random.nextInt(2) == 0)) {
      p = Packets.udp(mac, router, ipv4(v), to, srcPort, Integer.parseInt(udp.group(1)));
    } else if (m.contains("icmp4")) {
      p = Packets.icmpEcho(mac, router, ipv4(v), to);
    } else {
      p = opener(random, mac, router, ipv4(v), to);
    }
    return new Scenario.Step(v.id(), p);
  }

  /** A TCP SYN, UDP datagram or echo request, to the ports the generated policies and ACLs name. */
  private static Packet opener(RandomGenerator random, MacAddress src, MacAddress dst, IpAddress from, IpAddress to) {
    int kind = random.nextInt(10);
    int srcPort = 32768 + random.nextInt(28000);
    int dstPort = random.nextInt(10) < 8 ? pick(random, PORTS) : 1 + random.nextInt(65535);
    if (kind < 5) {
      return Packets.tcp(src, dst, from, to, srcPort, dstPort);
    }
    if (kind < 8) {
      return Packets.udp(src, dst, from, to, srcPort, random.nextInt(2) == 0 ? 53 : dstPort);
    }
    return Packets.icmpEcho(src, dst, from, to);
  }

  private static Packet tagged(SwitchPort ln, Packet p, RandomGenerator random) {
    return ln.vlan().isPresent() && random.nextInt(100) < 90 ? p.withVlan(Packet.Vlan.of(ln.vlan().get())) : p;
  }

  /** The answer from where nv delivers {@code open} on an empty table, as a receiver would send it. */
  private static Scenario.@Nullable Step reply(Topology t, Semantics semantics, Scenario.Step open, RandomGenerator random) {
    if (open.packet().ip().isEmpty()) {
      return null;
    }
    Evaluation e = semantics.evaluate(open.port(), open.packet());
    if (!(e.verdict() instanceof Verdict.Delivered d)) {
      return null;
    }
    Verdict.Output out = pick(random, d.outputs());
    SwitchPort receiver = t.portById(out.port()).orElse(null);
    if (receiver == null || out.packet().ip().isEmpty()) {
      return null;
    }
    return new Scenario.Step(out.port(), answer(out.packet(), receiver));
  }

  /**
   * When nv delivers the opener nowhere: the answer of the VIF it was meant for (the VIF of its
   * destination, or of the DNAT or floating IP rule it was sent to), as if it had arrived, so
   * that the router meets replies of the connections it recorded (a DNAT is recorded before a
   * switch's rule drops the packet).
   */
  private static Scenario.@Nullable Step intendedReply(Topology t, LogicalRouter r, Scenario.Step open) {
    Packet sent = open.packet().withoutVlan();
    if (sent.ip().isEmpty()) {
      return null;
    }
    IpAddress dst = sent.ip().get().dst();
    IpAddress to =
        r.nats().stream()
            .filter(n -> n.externalIp().equals(dst) && n.logical().length() == 32)
            .map(n -> (IpAddress) n.logical().network())
            .findFirst()
            .orElse(dst);
    for (SwitchPort v : vifsBehind(t, r)) {
      if (ipv4(v).equals(to)) {
        Packet arrived = sent.withIpDst(to).withEthSrc(sideOf(t, r, v).rp().mac()).withEthDst(v.mac().orElseThrow());
        return new Scenario.Step(v.id(), answer(arrived, v));
      }
    }
    return null;
  }

  /** Addresses and ports swapped, SYN+ACK for TCP, echo reply for an echo; tagged like the receiver. */
  static Packet answer(Packet delivered, SwitchPort receiver) {
    Packet.Ip ip = delivered.ip().orElseThrow();
    MacAddress src = receiver.mac().orElse(delivered.ethDst());
    Packet.Builder b =
        new Packet.Builder()
            .ethSrc(src)
            .ethDst(delivered.ethSrc())
            .ip(new Packet.Ip(ip.dst(), ip.src(), ip.proto(), 64, ip.dscp(), ip.ecn()));
    delivered
        .l4()
        .ifPresent(
            l4 -> {
              if (l4 instanceof Packet.Tcp tcp) {
                b.l4(new Packet.Tcp(tcp.dst(), tcp.src(), Packet.Tcp.SYN | Packet.Tcp.ACK));
              } else if (l4 instanceof Packet.Udp udp) {
                b.l4(new Packet.Udp(udp.dst(), udp.src()));
              } else if (l4 instanceof Packet.Icmp icmp) {
                boolean echo = icmp.type() == Packet.Icmp.ECHO_REQUEST_V4 && ip.proto().equals(IpProtocol.ICMP);
                b.l4(new Packet.Icmp(echo ? Packet.Icmp.ECHO_REPLY_V4 : icmp.type(), icmp.code()));
              }
            });
    if (receiver.kind() == PortKind.LOCALNET && receiver.vlan().isPresent()) {
      b.vlan(Packet.Vlan.of(receiver.vlan().get()));
    }
    return b.build();
  }

  private static Scenario.Step later(Scenario.Step first) {
    Packet p = first.packet();
    if (p.tcp().isPresent()) {
      Packet.Tcp t = p.tcp().get();
      p = new Packet.Builder().from(p).l4(new Packet.Tcp(t.src(), t.dst(), Packet.Tcp.ACK)).build();
    }
    return new Scenario.Step(first.port(), p);
  }

  /** VIFs with a MAC and an IPv4 address on the switches {@code r} links. */
  private static List<SwitchPort> vifsBehind(Topology t, LogicalRouter r) {
    List<SwitchPort> out = new ArrayList<>();
    for (Side side : sides(t, r)) {
      for (SwitchPort p : side.sw().ports()) {
        if (p.kind() == PortKind.VIF && p.mac().isPresent() && p.ips().stream().anyMatch(Ipv4Address.class::isInstance)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static List<Side> sides(Topology t, LogicalRouter r) {
    List<Side> out = new ArrayList<>();
    for (LogicalSwitch s : t.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
          r.port(p.routerPort().get()).ifPresent(rp -> out.add(new Side(s, rp)));
        }
      }
    }
    return out;
  }

  private static List<Side> outsideSides(Topology t, LogicalRouter r) {
    return sides(t, r).stream().filter(s -> s.sw().ports().stream().anyMatch(p -> p.kind() == PortKind.LOCALNET)).toList();
  }

  private static Side sideOf(Topology t, LogicalRouter r, SwitchPort vif) {
    for (Side s : sides(t, r)) {
      if (s.sw().ports().contains(vif)) {
        return s;
      }
    }
    throw new IllegalStateException(vif.id() + " is behind no port of " + r.id());
  }

  private static IpAddress ipv4(SwitchPort p) {
    return p.ips().stream().filter(Ipv4Address.class::isInstance).findFirst().orElseThrow();
  }

  private static <T> T pick(RandomGenerator random, List<T> xs) {
    return xs.get(random.nextInt(xs.size()));
  }
}
