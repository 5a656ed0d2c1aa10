package io.nv.testkit.gen;

import com.google.common.collect.ImmutableList;
import io.nv.model.Topology;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Generators of packets aimed at a topology's real addresses and ports: each enters at a VIF or
 * LOCALNET port, from that port's own MAC and IP (sometimes spoofed, and from made-up outside hosts
 * at LOCALNET ports, tagged with their VLAN most of the time), and goes to another port of the same
 * switch, to a VIF behind the router (sent to the router's MAC), to a VIP, to the router's own
 * addresses (mostly ICMP echo), to nowhere routable, to broadcast or multicast, or to an unknown
 * MAC; or it is an ARP request for a known, unknown, own or router address, or a non-IP frame. IP
 * packets are TCP (mostly SYN), UDP or ICMP, to the ports the ACLs of {@link TopologyGens} match
 * (80, 443, 22, 53, 8080, 1000..2000) and others, with TTLs that include 0, 1 and 2.
 *
 * <pre>{@code
 * Topology t = TopologyGens.topologies().sample(7, 40);
 * Property.forAll(PacketGens.steps(t)).check(step ->
 *     semantics.evaluate(step.port(), step.packet()));
 * }</pre>
 *
 * <p>Shrinking moves toward the first entry port, a TCP SYN to another port of its switch, TTL 64.
 *
 * <p>{@link #anyPackets()} gives packets of every kind without a topology, for properties of the
 * packet and match types themselves.
 */
public final class PacketGens {
  /** Destination ports that {@link TopologyGens}' ACL matches name. */
  public static final ImmutableList<Integer> ACL_PORTS = ImmutableList.of(80, 443, 22, 53, 8080);

  // The pools of anyPackets(), small so that MatchGens' constants hit them often.
  static final ImmutableList<MacAddress> MACS =
      ImmutableList.of(
          MacAddress.parse("0a:00:00:00:00:01"),
          MacAddress.parse("0a:00:00:00:00:02"),
          MacAddress.parse("0a:00:00:00:00:03"),
          MacAddress.BROADCAST,
          MacAddress.parse("01:00:5e:00:00:05"),
          MacAddress.parse("33:33:00:00:00:01"));
  static final ImmutableList<Ipv4Address> IP4S =
      ImmutableList.of(
          Ipv4Address.parse("10.0.0.1"),
          Ipv4Address.parse("10.0.0.2"),
          Ipv4Address.parse("10.0.1.5"),
          Ipv4Address.parse("192.168.1.1"),
          Ipv4Address.parse("224.0.0.5"));
  static final ImmutableList<Ipv6Address> IP6S =
      ImmutableList.of(
          Ipv6Address.parse("2001:db8::1"),
          Ipv6Address.parse("2001:db8::2"),
          Ipv6Address.parse("2001:db8:1::5"),
          Ipv6Address.parse("fe80::1"));
  static final ImmutableList<Integer> L4_PORTS =
      ImmutableList.of(80, 0, 22, 53, 443, 1024, 8080, 40000, 65535);
  static final ImmutableList<String> PORT_NAMES = ImmutableList.of("web1", "web2", "db1", "lb-vip");
  private static final ImmutableList<Integer> TCP_FLAGS =
      ImmutableList.of(
          Packet.Tcp.SYN,
          0,
          Packet.Tcp.SYN | Packet.Tcp.ACK,
          Packet.Tcp.ACK,
          Packet.Tcp.RST,
          Packet.Tcp.FIN | Packet.Tcp.ACK);

  private PacketGens() {}

  /** The ports packets can enter at: every VIF and LOCALNET port, in document order. */
  public static ImmutableList<String> entryPorts(Topology t) {
    return t.switches().stream()
        .flatMap(s -> s.ports().stream())
        .filter(p -> p.kind() != PortKind.ROUTER)
        .map(SwitchPort::id)
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * Packets of every kind, each at a random entry port of {@code t}.
   *
   * @throws IllegalArgumentException when {@code t} has no VIF or LOCALNET port
   */
  public static Gen<Scenario.Step> steps(Topology t) {
    return steps(new Layout(t));
  }

  /**
   * Packets that open a connection (a TCP SYN, a UDP datagram or an ICMP echo request) from a
   * random entry port of {@code t} to another VIF of its switch, to a VIF behind its router, or to
   * a VIP.
   *
   * @throws IllegalArgumentException when {@code t} has no VIF or LOCALNET port
   */
  public static Gen<Scenario.Step> connections(Topology t) {
    Layout layout = new Layout(t);
    return (random, size) -> openings(layout).generate(random, size).step();
  }

  /**
   * ARP requests from a random entry port of {@code t}, for an address of its switch, of its
   * router, its own, or an unknown one.
   *
   * @throws IllegalArgumentException when {@code t} has no VIF or LOCALNET port
   */
  public static Gen<Scenario.Step> arps(Topology t) {
    return arps(new Layout(t));
  }

  /** TTLs: mostly 64, often 0, 1 or 2 (router expiry), sometimes 255 or anything. */
  public static Gen<Integer> ttls() {
    return Gens.frequency(
        Gens.weighted(12, Gens.constant(64)),
        Gens.weighted(6, Gens.elements(0, 1, 2)),
        Gens.weighted(1, Gens.constant(255)),
        Gens.weighted(1, Gens.integers(0, 255)));
  }

  /** Transport destination ports: the ACL ports, the 1000..2000 range, or any. */
  public static Gen<Integer> transportPorts() {
    return Gens.frequency(
        Gens.weighted(6, Gens.elements(ACL_PORTS)),
        Gens.weighted(2, Gens.integers(1000, 2000)),
        Gens.weighted(1, Gens.integers(1, 65535)));
  }

  /**
   * Packets of every kind the model knows, aimed at no topology: ARP requests and replies, IPv4 and
   * IPv6 with TCP, UDP, ICMP, GRE or a protocol whose header belongs to the other family, and plain
   * Ethernet frames; sometimes VLAN-tagged, mostly with an inport, half of the time with an
   * outport. Addresses, transport ports and port names come from small pools, which the constants
   * of {@link MatchGens} share, so that generated matches hit generated packets often.
   *
   * <pre>{@code
   * Property.forAll(PacketGens.anyPackets())
   *     .check(p -> assertThat(new Packet.Builder().from(p).build()).isEqualTo(p));
   * }</pre>
   *
   * <p>Shrinking moves toward an untagged IPv4 TCP SYN to port 80 without logical ports.
   */
  public static Gen<Packet> anyPackets() {
    return (random, size) -> anyPacket(new Draw(random, size));
  }

  private static Packet anyPacket(Draw d) {
    Packet.Builder b = new Packet.Builder().ethSrc(d.pick(MACS)).ethDst(d.pick(MACS));
    if (d.chance(25)) {
      b.vlan(new Packet.Vlan(d.pick(List.of(0, 1, 100, 4095)), d.between(0, 7)));
    }
    if (d.chance(75)) {
      b.inport(d.pick(PORT_NAMES));
    }
    if (d.chance(50)) {
      b.outport(d.pick(PORT_NAMES));
    }
    int kind = d.between(0, 9);
    if (kind == 8) {
      return b.arp(
              new Packet.Arp(
                  1 + d.between(0, 1), d.pick(MACS), d.pick(IP4S), d.pick(MACS), d.pick(IP4S)))
          .build();
    }
    if (kind == 9) {
      return b.ethType(d.pick(List.of(0x88cc, 0x8035, 0x0842, 0x05ff))).build();
    }
    boolean v4 = !d.chance(50);
    IpAddress src = v4 ? d.pick(IP4S) : d.pick(IP6S);
    IpAddress dst = v4 ? d.pick(IP4S) : d.pick(IP6S);
    int l4 = d.between(0, 4);
    IpProtocol proto =
        switch (l4) {
          case 0 -> IpProtocol.TCP;
          case 1 -> IpProtocol.UDP;
          case 2 -> v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
          case 3 -> IpProtocol.valueOf(47);
          default -> v4 ? IpProtocol.ICMPV6 : IpProtocol.ICMP; // no header in the other family
        };
    b.ip(
        new Packet.Ip(
            src,
            dst,
            proto,
            d.pick(List.of(64, 0, 1, 2, 63, 255)),
            d.pick(List.of(0, 10, 46, 63)),
            d.between(0, 3)));
    if (l4 == 0) {
      b.l4(new Packet.Tcp(d.pick(L4_PORTS), d.pick(L4_PORTS), d.pick(TCP_FLAGS)));
    } else if (l4 == 1) {
      b.l4(new Packet.Udp(d.pick(L4_PORTS), d.pick(L4_PORTS)));
    } else if (l4 == 2) {
      b.l4(new Packet.Icmp(d.pick(List.of(8, 0, 3, 11, 128, 129)), d.between(0, 1)));
    }
    return b.build();
  }

  /** A connection-opening step and the port it is meant for (null when that is unknown). */
  record Opening(Scenario.Step step, @Nullable String target) {}

  static Gen<Scenario.Step> steps(Layout layout) {
    return (random, size) -> {
      Draw d = new Draw(random, size);
      return new Sender(layout, d, d.pick(layout.entries)).any();
    };
  }

  static Gen<Scenario.Step> arps(Layout layout) {
    return (random, size) -> {
      Draw d = new Draw(random, size);
      return new Sender(layout, d, d.pick(layout.entries)).arp();
    };
  }

  static Gen<Opening> openings(Layout layout) {
    List<SwitchPort> outside =
        layout.entries.stream().filter(p -> p.kind() == PortKind.LOCALNET).toList();
    return (random, size) -> {
      Draw d = new Draw(random, size);
      // A quarter of the connections come from outside hosts, when there are LOCALNET ports.
      SwitchPort from =
          !outside.isEmpty() && d.chance(25) ? d.pick(outside) : d.pick(layout.entries);
      return new Sender(layout, d, from).opening();
    };
  }

  /** The random draws, as in {@link TopologyGens}: shrinking lowers them toward zero. */
  static final class Draw {
    final RandomGenerator r;
    final int size;

    Draw(RandomGenerator r, int size) {
      this.r = r;
      this.size = size;
    }

    int between(int lo, int hi) {
      return Gens.integers(lo, Math.max(lo, hi)).generate(r, size);
    }

    boolean chance(int percent) {
      return between(0, 99) >= 100 - percent;
    }

    <T> T pick(List<T> xs) {
      return xs.get(between(0, xs.size() - 1));
    }

    <T> T draw(Gen<T> gen) {
      return gen.generate(r, size);
    }
  }

  /** What a packet can be aimed at, per switch: built once per topology. */
  static final class Layout {
    final Topology topology;
    final ImmutableList<SwitchPort> entries;
    final Map<String, LogicalSwitch> switchOf = new HashMap<>();

    /** VIFs with a MAC and an IPv4 address, per switch. */
    final Map<String, List<SwitchPort>> vifs = new HashMap<>();

    /** Router ports linked to each switch. */
    final Map<String, List<RouterPort>> routerPorts = new HashMap<>();

    final Map<String, LogicalRouter> routerOf = new HashMap<>();

    /** VIFs on the switches each router links. */
    final Map<String, List<SwitchPort>> behindRouter = new LinkedHashMap<>();

    /** VIPs of the load balancers attached to each switch. */
    final Map<String, List<Vip>> vips = new HashMap<>();

    final List<Vip> allVips = new ArrayList<>();

    /** Per router: the external addresses of its NAT rules. */
    final Map<String, List<IpAddress>> natAddresses = new HashMap<>();

    /** Per router: the MACs of its static neighbours (upstream routers). */
    final Map<String, List<MacAddress>> neighbourMacs = new HashMap<>();

    Layout(Topology t) {
      this.topology = t;
      ImmutableList.Builder<SwitchPort> entry = ImmutableList.builder();
      for (LogicalSwitch s : t.switches()) {
        List<SwitchPort> own = new ArrayList<>();
        List<RouterPort> links = new ArrayList<>();
        for (SwitchPort p : s.ports()) {
          switchOf.put(p.id(), s);
          if (p.kind() != PortKind.ROUTER) {
            entry.add(p);
          }
          if (p.kind() == PortKind.VIF && p.mac().isPresent() && ipv4(p).isPresent()) {
            own.add(p);
          }
          if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
            Optional<RouterPort> rp = t.routerPortById(p.routerPort().get());
            Optional<LogicalRouter> r = t.routerOfPort(p.routerPort().get());
            if (rp.isPresent() && r.isPresent()) {
              links.add(rp.get());
              routerOf.put(rp.get().id(), r.get());
            }
          }
        }
        vifs.put(s.id(), own);
        routerPorts.put(s.id(), links);
        for (RouterPort rp : links) {
          behindRouter.computeIfAbsent(router(rp).id(), k -> new ArrayList<>()).addAll(own);
        }
      }
      this.entries = entry.build();
      if (entries.isEmpty()) {
        throw new IllegalArgumentException(
            "the topology has no VIF or LOCALNET port to send from: keep topologies where"
                + " PacketGens.entryPorts(t) is not empty");
      }
      for (LogicalRouter r : t.routers()) {
        natAddresses.put(r.id(), r.nats().stream().map(n -> n.externalIp()).toList());
        neighbourMacs.put(r.id(), r.neighbours().stream().map(n -> n.mac()).toList());
      }
      for (LoadBalancer lb : t.loadBalancers()) {
        allVips.addAll(lb.vips());
        for (String s : lb.switches()) {
          vips.computeIfAbsent(s, k -> new ArrayList<>()).addAll(lb.vips());
        }
      }
    }

    List<SwitchPort> vifsOf(LogicalSwitch s) {
      return vifs.getOrDefault(s.id(), List.of());
    }

    List<RouterPort> routerPortsOf(LogicalSwitch s) {
      return routerPorts.getOrDefault(s.id(), List.of());
    }

    LogicalRouter router(RouterPort rp) {
      LogicalRouter r = routerOf.get(rp.id());
      if (r == null) {
        throw new IllegalStateException("router port " + rp.id() + " was indexed without router");
      }
      return r;
    }

    static Optional<Ipv4Address> ipv4(SwitchPort p) {
      return p.ips().stream()
          .filter(Ipv4Address.class::isInstance)
          .map(Ipv4Address.class::cast)
          .findFirst();
    }
  }

  /** Builds packets from one entry port. */
  static final class Sender {
    private final Layout layout;
    private final Draw d;
    final SwitchPort port;
    private final LogicalSwitch sw;
    private final MacAddress mac;
    private final Ipv4Address ip;
    private final Packet.@Nullable Vlan vlan;

    Sender(Layout layout, Draw d, SwitchPort port) {
      this.layout = layout;
      this.d = d;
      this.port = port;
      LogicalSwitch s = layout.switchOf.get(port.id());
      if (s == null) {
        throw new IllegalStateException("port " + port.id() + " was indexed without switch");
      }
      this.sw = s;
      Optional<Ipv4Address> own = Layout.ipv4(port);
      if (port.kind() == PortKind.VIF && port.mac().isPresent() && own.isPresent()) {
        mac = port.mac().get();
        ip = own.get();
      } else {
        // An outside host behind a LOCALNET port (or a VIF without addresses): on the switch's
        // subnet, or beyond an upstream router (a neighbour of a router here) that forwards it.
        List<MacAddress> upstream = upstreamMacs();
        if (!upstream.isEmpty() && d.chance(60)) {
          mac = d.pick(upstream);
          ip = Ipv4Address.of(198, 51, 100, 1 + d.between(0, 253));
        } else {
          mac = MacAddress.of(0x020000000000L | (1 + d.between(0, 254)));
          ip = hostIn(subnet(), 100 + d.between(0, 100));
        }
      }
      vlan = tag();
    }

    private List<MacAddress> upstreamMacs() {
      List<MacAddress> out = new ArrayList<>();
      for (RouterPort rp : layout.routerPortsOf(sw)) {
        out.addAll(layout.neighbourMacs.getOrDefault(layout.router(rp).id(), List.of()));
      }
      return out;
    }

    private Packet.@Nullable Vlan tag() {
      if (port.kind() == PortKind.LOCALNET && port.vlan().isPresent()) {
        if (d.chance(85)) {
          return Packet.Vlan.of(port.vlan().get());
        }
        return d.chance(50) ? null : Packet.Vlan.of(1 + d.between(0, 4093));
      }
      return d.chance(3) ? Packet.Vlan.of(1 + d.between(0, 4093)) : null;
    }

    private IpPrefix subnet() {
      return sw.subnets().stream()
          .filter(p -> p.version() == 4)
          .findFirst()
          .orElse(IpPrefix.parse("10.255.0.0/24"));
    }

    private static Ipv4Address hostIn(IpPrefix subnet, int offset) {
      int size = subnet.length() >= 31 ? 1 : (1 << (32 - subnet.length())) - 2;
      int base = ((Ipv4Address) subnet.network()).bits();
      return Ipv4Address.of(base + 1 + Math.floorMod(offset - 1, Math.max(1, size)));
    }

    private Scenario.Step step(Packet p) {
      Packet out = vlan == null ? p : p.withVlan(vlan);
      return new Scenario.Step(port.id(), out);
    }

    // ---- kinds ----

    /** Any kind of packet; kinds without a target here fall back to a broadcast. */
    Scenario.Step any() {
      int kind = d.between(0, 11);
      Scenario.Step s =
          switch (kind) {
            case 0 -> sameSwitch();
            case 1 -> routed();
            case 2 -> toVip();
            case 3 -> toRouter();
            case 4 -> broadcast();
            case 5 -> unknownMac();
            case 6 -> arp();
            case 7 -> nonIp();
            case 8 -> noRoute();
            case 9 -> beyond(false);
            case 10 -> beyond(false);
            default -> toSelf();
          };
      return s != null ? s : broadcast();
    }

    /**
     * A connection opener to a VIF of the switch, behind the router, a VIP, or through the router
     * to what lies beyond its subnets (static routes, the outside, NAT addresses).
     */
    Opening opening() {
      // Outside hosts mostly open connections through the router.
      int first = port.kind() == PortKind.LOCALNET && d.chance(60) ? 3 : d.between(0, 3);
      for (int attempt = 0; attempt < 4; attempt++) {
        int kind = (first + attempt) % 4;
        Opening o =
            switch (kind) {
              case 0 -> openTo(sameSwitchTarget());
              case 1 -> openRouted(routedTarget());
              case 2 -> openToVip();
              default -> opening(beyond(true));
            };
        if (o != null) {
          return o;
        }
      }
      return new Opening(broadcast(), null);
    }

    private static @Nullable Opening opening(Scenario.@Nullable Step step) {
      return step == null ? null : new Opening(step, null);
    }

    /** Destinations past the connected subnets that {@link TopologyGens}' routers know. */
    private static final List<Ipv4Address> BEYOND =
        List.of(
            Ipv4Address.parse("8.8.8.8"),
            Ipv4Address.parse("198.51.100.7"),
            Ipv4Address.parse("203.0.113.1"),
            Ipv4Address.parse("203.0.113.99"),
            Ipv4Address.parse("192.168.100.7"),
            Ipv4Address.parse("192.168.100.50"),
            Ipv4Address.parse("192.168.101.9"),
            Ipv4Address.parse("192.168.102.5"),
            Ipv4Address.parse("10.0.0.200"));

    /**
     * Through the router: from a VIF to an address beyond (static routes, ECMP, policies, SNAT,
     * the outside); from an outside host (a LOCALNET port) to a NAT address, the router, or a VIF
     * address behind it. Null without a router here.
     */
    private Scenario.@Nullable Step beyond(boolean opener) {
      RouterPort rp = gateway();
      if (rp == null) {
        return null;
      }
      LogicalRouter r = layout.router(rp);
      List<IpAddress> nat = layout.natAddresses.getOrDefault(r.id(), List.of());
      List<IpAddress> targets = new ArrayList<>(BEYOND);
      targets.addAll(nat);
      if (port.kind() == PortKind.LOCALNET) {
        // From outside: mostly the NAT addresses, else the VIFs behind the router, else beyond.
        List<IpAddress> behind = new ArrayList<>();
        layout.behindRouter.getOrDefault(r.id(), List.of()).forEach(p -> behind.add(Layout.ipv4(p).orElseThrow()));
        int k = d.between(0, 3);
        if (k < 2 && !nat.isEmpty()) {
          targets = nat;
        } else if (k == 2 && !behind.isEmpty()) {
          targets = behind;
        }
      }
      IpAddress to = d.pick(targets);
      MacAddress dst = rp.mac();
      if (d.chance(10)) {
        // Now and then to a floating IP's own MAC, which only its port accepts.
        dst = MacAddress.parse("0a:00:01:00:ff:20");
      }
      if (opener) {
        return step(opener(dst, to, d.draw(transportPorts())));
      }
      return step(ipPacket(dst, to));
    }

    private @Nullable SwitchPort sameSwitchTarget() {
      List<SwitchPort> others =
          layout.vifsOf(sw).stream().filter(p -> !p.id().equals(port.id())).toList();
      return others.isEmpty() ? null : d.pick(others);
    }

    private @Nullable RouterPort gateway() {
      List<RouterPort> rps = layout.routerPortsOf(sw);
      return rps.isEmpty() ? null : d.pick(rps);
    }

    /** A VIF behind a router linked to this switch, and the router port to send to. */
    private record Routed(RouterPort via, SwitchPort target) {}

    private @Nullable Routed routedTarget() {
      RouterPort rp = gateway();
      if (rp == null) {
        return null;
      }
      List<SwitchPort> behind = layout.behindRouter.getOrDefault(layout.router(rp).id(), List.of());
      return behind.isEmpty() ? null : new Routed(rp, d.pick(behind));
    }

    private @Nullable Opening openTo(@Nullable SwitchPort target) {
      if (target == null) {
        return null;
      }
      Ipv4Address to = Layout.ipv4(target).orElseThrow();
      Packet p = opener(target.mac().orElseThrow(), to, d.draw(transportPorts()));
      return new Opening(step(p), target.id());
    }

    private @Nullable Opening openRouted(@Nullable Routed r) {
      if (r == null) {
        return null;
      }
      Ipv4Address to = Layout.ipv4(r.target()).orElseThrow();
      Packet p = opener(r.via().mac(), to, d.draw(transportPorts()));
      return new Opening(step(p), r.target().id());
    }

    private @Nullable Opening openToVip() {
      Vip v = vip();
      if (v == null) {
        return null;
      }
      Packet p = toVip(v, true);
      return new Opening(step(p), null);
    }

    /** TCP SYN, UDP or ICMP echo request, TTL 64. */
    private Packet opener(MacAddress dst, IpAddress to, int dstPort) {
      int proto = d.between(0, 9);
      int srcPort = 32768 + d.between(0, 28000);
      if (proto < 6) {
        return Packets.tcp(mac, dst, ip, to, srcPort, dstPort);
      }
      if (proto < 9) {
        return Packets.udp(mac, dst, ip, to, srcPort, dstPort);
      }
      return Packets.icmpEcho(mac, dst, ip, to);
    }

    /** Any IP packet: TCP with varied flags, UDP or ICMP; varied TTL; sometimes spoofed. */
    private Packet ipPacket(MacAddress dst, IpAddress to) {
      int kind = d.between(0, 9);
      int srcPort = 32768 + d.between(0, 28000);
      int dstPort = d.draw(transportPorts());
      Packet p;
      if (kind < 5) {
        int[] flags = {
          Packet.Tcp.SYN,
          Packet.Tcp.SYN,
          Packet.Tcp.ACK,
          Packet.Tcp.SYN | Packet.Tcp.ACK,
          Packet.Tcp.RST | Packet.Tcp.ACK,
          Packet.Tcp.FIN | Packet.Tcp.ACK
        };
        p = Packets.tcp(mac, dst, ip, to, srcPort, dstPort, flags[d.between(0, flags.length - 1)]);
      } else if (kind < 8) {
        p = Packets.udp(mac, dst, ip, to, srcPort, dstPort);
      } else if (kind < 9) {
        p = Packets.icmpEcho(mac, dst, ip, to);
      } else {
        p =
            new Packet.Builder()
                .ethSrc(mac)
                .ethDst(dst)
                .ip(Packet.Ip.of(ip, to, IpProtocol.ICMP))
                .l4(new Packet.Icmp(d.chance(50) ? 0 : 3, d.between(0, 3)))
                .build();
      }
      p = p.withTtl(d.draw(ttls()));
      return spoof(p);
    }

    private Packet spoof(Packet p) {
      if (!d.chance(8)) {
        return p;
      }
      if (d.chance(50)) {
        // Now and then a multicast source, which no switch accepts.
        long group = d.chance(20) ? 0x010000000000L : 0x020000000000L;
        return p.withEthSrc(MacAddress.of(group | (0x100 + d.between(0, 255))));
      }
      return p.withIpSrc(hostIn(subnet(), 150 + d.between(0, 50)));
    }

    private Scenario.@Nullable Step sameSwitch() {
      SwitchPort target = sameSwitchTarget();
      if (target == null) {
        return null;
      }
      return step(ipPacket(target.mac().orElseThrow(), Layout.ipv4(target).orElseThrow()));
    }

    private Scenario.@Nullable Step routed() {
      Routed r = routedTarget();
      if (r == null) {
        return null;
      }
      return step(ipPacket(r.via().mac(), Layout.ipv4(r.target()).orElseThrow()));
    }

    private @Nullable Vip vip() {
      List<Vip> here = layout.vips.getOrDefault(sw.id(), List.of());
      if (!here.isEmpty() && d.chance(85)) {
        return d.pick(here);
      }
      return layout.allVips.isEmpty() ? null : d.pick(layout.allVips);
    }

    private Scenario.@Nullable Step toVip() {
      Vip v = vip();
      return v == null ? null : step(toVip(v, false));
    }

    /** To the VIP's address and port, sent to the router's MAC when there is one. */
    private Packet toVip(Vip v, boolean opener) {
      RouterPort rp = gateway();
      List<SwitchPort> neighbours = layout.vifsOf(sw);
      MacAddress dst =
          rp != null
              ? rp.mac()
              : neighbours.isEmpty()
                  ? MacAddress.BROADCAST
                  : d.pick(neighbours).mac().orElseThrow();
      int srcPort = 32768 + d.between(0, 28000);
      int flags = opener || d.chance(60) ? Packet.Tcp.SYN : Packet.Tcp.ACK;
      Packet p =
          v.protocol().equals(IpProtocol.UDP)
              ? Packets.udp(mac, dst, ip, v.address(), srcPort, v.port())
              : Packets.tcp(mac, dst, ip, v.address(), srcPort, v.port(), flags);
      return opener ? p : spoof(p.withTtl(d.draw(ttls())));
    }

    private Scenario.@Nullable Step toRouter() {
      RouterPort rp = gateway();
      if (rp == null) {
        return null;
      }
      List<IpAddress> own = new ArrayList<>();
      for (RouterPort p : layout.router(rp).ports()) {
        p.addresses().stream().map(InterfaceAddress::address).forEach(own::add);
      }
      IpAddress to = d.pick(own);
      if (d.chance(70)) {
        return step(spoof(Packets.icmpEcho(mac, rp.mac(), ip, to).withTtl(d.draw(ttls()))));
      }
      return step(ipPacket(rp.mac(), to));
    }

    private Scenario.@Nullable Step noRoute() {
      RouterPort rp = gateway();
      if (rp == null) {
        return null;
      }
      IpAddress far =
          d.chance(50) ? Ipv4Address.parse("192.168.9.9") : Ipv4Address.parse("8.8.8.8");
      return step(ipPacket(rp.mac(), far));
    }

    private Scenario.Step toSelf() {
      return step(ipPacket(mac, ip));
    }

    Scenario.Step broadcast() {
      int kind = d.between(0, 3);
      MacAddress dst = kind == 3 ? MacAddress.parse("01:00:5e:00:00:01") : MacAddress.BROADCAST;
      IpAddress to =
          switch (kind) {
            case 0 -> Ipv4Address.BROADCAST;
            case 1 -> subnet().last();
            case 2 -> hostIn(subnet(), 100 + d.between(0, 100));
            default -> Ipv4Address.parse("224.0.0.1");
          };
      int srcPort = 32768 + d.between(0, 28000);
      Packet p =
          d.chance(80)
              ? Packets.udp(mac, dst, ip, to, srcPort, d.draw(transportPorts()))
              : Packets.icmpEcho(mac, dst, ip, to);
      return step(spoof(p.withTtl(d.draw(ttls()))));
    }

    private Scenario.Step unknownMac() {
      MacAddress dst = MacAddress.of(0x0200_00ff_0000L | d.between(0, 0xffff));
      return step(ipPacket(dst, hostIn(subnet(), 100 + d.between(0, 100))));
    }

    /**
     * An ARP request (sometimes a reply) for a neighbour's, the router's, an unknown or its own
     * address.
     */
    Scenario.Step arp() {
      List<Ipv4Address> targets = new ArrayList<>();
      layout.vifsOf(sw).forEach(p -> targets.add(Layout.ipv4(p).orElseThrow()));
      RouterPort rp = gateway();
      int kind = d.between(0, 3);
      Ipv4Address tpa;
      if (kind == 0 && !targets.isEmpty()) {
        tpa = d.pick(targets);
      } else if (kind == 1 && rp != null) {
        tpa =
            rp.addresses().stream()
                .map(InterfaceAddress::address)
                .filter(Ipv4Address.class::isInstance)
                .map(Ipv4Address.class::cast)
                .findFirst()
                .orElse(ip);
      } else if (kind == 2) {
        tpa = ip;
      } else {
        tpa = hostIn(subnet(), 100 + d.between(0, 100));
      }
      Packet p;
      if (d.chance(85)) {
        p = Packets.arpRequest(mac, ip, tpa);
        if (rp != null && d.chance(10)) {
          p = p.withEthDst(rp.mac());
        }
      } else {
        List<SwitchPort> neighbours = layout.vifsOf(sw);
        MacAddress to =
            neighbours.isEmpty() ? MacAddress.BROADCAST : d.pick(neighbours).mac().orElseThrow();
        p = Packets.arpReply(mac, ip, to, tpa);
      }
      if (d.chance(5)) {
        p = p.withEthSrc(MacAddress.of(0x020000000000L | (0x200 + d.between(0, 255))));
      }
      return step(p);
    }

    private Scenario.Step nonIp() {
      RouterPort rp = gateway();
      List<SwitchPort> neighbours = layout.vifsOf(sw);
      int kind = d.between(0, 2);
      MacAddress dst;
      if (kind == 1 && rp != null) {
        dst = rp.mac();
      } else if (kind == 2 && !neighbours.isEmpty()) {
        dst = d.pick(neighbours).mac().orElseThrow();
      } else {
        dst = MacAddress.BROADCAST;
      }
      return step(Packets.ethernet(mac, dst, d.chance(50) ? 0x88cc : 0x88b5));
    }
  }
}
