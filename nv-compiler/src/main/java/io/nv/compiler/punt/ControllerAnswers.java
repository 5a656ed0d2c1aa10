package io.nv.compiler.punt;

import io.nv.compiler.flow.Datapath;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.DecodeError;
import io.nv.encap.codec.EtherType;
import io.nv.encap.codec.Ethernet;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Header;
import io.nv.encap.codec.Icmp4;
import io.nv.encap.codec.Icmp6;
import io.nv.encap.codec.Ipv4;
import io.nv.encap.codec.Ipv6;
import io.nv.encap.codec.Tcp;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l3.RouterPort;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds what a host agent sends for each punt reason, from the punted frame's bytes: the library
 * side of OVN's {@code pinctrl}. The flow tables punt what they cannot build themselves
 * (docs/semantics.md, "Semantics decisions"); the agent receives the frame with the pipeline's
 * registers, makes a {@link Punt}, and does what the {@link Answer} says.
 *
 * <ul>
 *   <li>{@code reject}: a TCP segment gets a RST (RFC 9293 §3.10.7.1: with ACK set, the RST takes
 *       its acknowledgment number as sequence number; without, it acknowledges the segment:
 *       sequence 0, acknowledgment = sequence + data length + SYN + FIN, RST+ACK); anything else an
 *       ICMP destination unreachable, port unreachable (ICMPv6: type 1 code 4), quoting the
 *       offending IP header and the first 8 bytes after it (ICMPv6: as much as fits in 1280
 *       bytes). Addresses and ports swapped, TTL 255. Sent back out of the port the packet had
 *       come in through.
 *   <li>{@code icmp-time-exceeded}: ICMP time exceeded in transit (type 11 code 0; ICMPv6 type 3)
 *       from the address of the router port the packet arrived at, quoting as above, out of that
 *       port.
 *   <li>{@code arp-request}: an ARP request (IPv6: a neighbour solicitation to the solicited-node
 *       address) for the next hop, from the out port's MAC and its address on the next hop's
 *       subnet, out of that port; the punted packet itself is dropped.
 *   <li>{@code log}: the ACL log record (rule, its action, the packet).
 * </ul>
 *
 * <p>No answer is sent to an ICMP error or a TCP RST (RFC 1122 §3.2.2, RFC 9293), nor from a
 * router port without an address of the packet's IP version. Bytes that do not decode give the
 * codec's {@link DecodeError}; nothing else escapes.
 *
 * <pre>{@code
 * ControllerAnswers answers = ControllerAnswers.of(validated);
 * Either<DecodeError, Answer> a = answers.answer(new Punt(PuntReason.ICMP_TIME_EXCEEDED,
 *     Datapath.ofRouter("edge"), "edge-a", ModelPath.parse("router edge / ttl"),
 *     Optional.empty(), ByteString.of(frame)));
 * // Right(ICMP time exceeded to 10.10.1.11 out of edge-a (router edge))
 * }</pre>
 */
public final class ControllerAnswers {
  /** IPv6 answers stay within the minimum MTU (RFC 4443 §2.4 (c)). */
  private static final int IPV6_MIN_MTU = 1280;

  private static final int ARP_LENGTH = 28;

  private final Topology topology;

  private ControllerAnswers(Topology topology) {
    this.topology = topology;
  }

  /** Answers for the punts of {@code topology}'s pipelines. */
  public static ControllerAnswers of(ValidatedTopology topology) {
    return new ControllerAnswers(topology.topology());
  }

  /** What to send (or log) for {@code punt}; a frame that does not decode is the codec's error. */
  public Either<DecodeError, Answer> answer(Punt punt) {
    Either<DecodeError, Frame> decoded = Frame.decode(punt.frame().toByteArray());
    if (decoded.isLeft()) {
      return Either.left(decoded.getLeft());
    }
    Frame f = decoded.get();
    return Either.right(
        switch (punt.reason()) {
          case REJECT -> reject(punt, f);
          case ICMP_TIME_EXCEEDED -> timeExceeded(punt, f);
          case ARP_REQUEST -> arpRequest(punt, f);
          case LOG -> log(punt, f);
        });
  }

  // ---- reject ----

  private Answer reject(Punt punt, Frame f) {
    Ethernet eth = f.first(Ethernet.class).orElseThrow();
    Optional<Header> ip = ipHeader(f);
    if (ip.isEmpty()) {
      return new Answer.Nothing("not an IP packet: a reject answers IP only");
    }
    if (isIcmpError(f)) {
      return new Answer.Nothing("an ICMP error is never answered with another (RFC 1122 3.2.2)");
    }
    Ethernet back = Ethernet.of(eth.source(), eth.destination(), eth.etherType());
    Optional<Tcp> tcp = f.first(Tcp.class);
    if (tcp.isPresent()) {
      Tcp in = tcp.get();
      if ((in.flags() & Tcp.RST) != 0) {
        return new Answer.Nothing("a RST is never answered (RFC 9293 3.10.7.1)");
      }
      Tcp rst;
      if ((in.flags() & Tcp.ACK) != 0) {
        rst = new Tcp(in.destinationPort(), in.sourcePort(), in.acknowledgment(), 0, Tcp.RST, 0, 0, ByteString.EMPTY);
      } else {
        long length =
            f.payload().length() + ((in.flags() & Tcp.SYN) != 0 ? 1 : 0) + ((in.flags() & Tcp.FIN) != 0 ? 1 : 0);
        rst =
            new Tcp(in.destinationPort(), in.sourcePort(), 0, (in.sequence() + length) & 0xFFFF_FFFFL,
                Tcp.RST | Tcp.ACK, 0, 0, ByteString.EMPTY);
      }
      Header ipBack = swapped(ip.get(), IpProtocol.TCP);
      Frame answer = Frame.of(List.of(back, ipBack, rst), ByteString.EMPTY);
      return send(punt.datapath(), punt.inport(), answer,
          "TCP RST to " + destination(ipBack) + ":" + rst.destinationPort());
    }
    boolean v4 = ip.get() instanceof Ipv4;
    Header ipBack = swapped(ip.get(), v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6);
    Header icmp = v4 ? new Icmp4(3, 3, 0) : new Icmp6(1, 4, 0);
    Frame answer = Frame.of(List.of(back, ipBack, icmp), quote(punt.frame(), eth, ip.get()));
    return send(punt.datapath(), punt.inport(), answer,
        (v4 ? "ICMP" : "ICMPv6") + " port unreachable to " + destination(ipBack));
  }

  /** The IP header with source and destination swapped, TTL 255, carrying {@code protocol}. */
  private static Header swapped(Header ip, IpProtocol protocol) {
    if (ip instanceof Ipv4 v4) {
      return new Ipv4(0, 0, 0, true, false, 0, 255, protocol, v4.destination(), v4.source(), ByteString.EMPTY);
    }
    Ipv6 v6 = (Ipv6) ip;
    return new Ipv6(0, 0, protocol, 255, v6.destination(), v6.source());
  }

  // ---- time exceeded ----

  private Answer timeExceeded(Punt punt, Frame f) {
    Ethernet eth = f.first(Ethernet.class).orElseThrow();
    Optional<Header> ip = ipHeader(f);
    Optional<RouterPort> rp = topology.routerPortById(punt.inport());
    if (ip.isEmpty() || rp.isEmpty()) {
      return new Answer.Nothing("time exceeded answers IP packets at a router port");
    }
    if (isIcmpError(f)) {
      return new Answer.Nothing("an ICMP error is never answered with another (RFC 1122 3.2.2)");
    }
    boolean v4 = ip.get() instanceof Ipv4;
    Optional<IpAddress> own = address(rp.get(), v4 ? 4 : 6, null);
    if (own.isEmpty()) {
      return new Answer.Nothing("router port " + rp.get().id() + " has no IPv" + (v4 ? 4 : 6) + " address to answer from");
    }
    Ethernet back = Ethernet.of(eth.source(), rp.get().mac(), eth.etherType());
    Header ipBack =
        v4
            ? new Ipv4(0, 0, 0, false, false, 0, 255, IpProtocol.ICMP, (Ipv4Address) own.get(),
                ((Ipv4) ip.get()).source(), ByteString.EMPTY)
            : new Ipv6(0, 0, IpProtocol.ICMPV6, 255, (Ipv6Address) own.get(), ((Ipv6) ip.get()).source());
    Header icmp = v4 ? new Icmp4(11, 0, 0) : new Icmp6(3, 0, 0);
    Frame answer = Frame.of(List.of(back, ipBack, icmp), quote(punt.frame(), eth, ip.get()));
    return send(punt.datapath(), rp.get().id(), answer,
        (v4 ? "ICMP" : "ICMPv6") + " time exceeded to " + destination(ipBack));
  }

  // ---- next-hop resolution ----

  private Answer arpRequest(Punt punt, Frame f) {
    Optional<RouterPort> out = outPort(punt.by());
    if (out.isEmpty()) {
      return new Answer.Nothing(punt.by() + " names no router port to resolve through");
    }
    Optional<Header> ip = ipHeader(f);
    IpAddress nh = punt.nextHop().orElse(null);
    if (nh == null) {
      if (ip.isEmpty()) {
        return new Answer.Nothing("no next hop given and the punted frame is not IP");
      }
      nh = destination(ip.get());
    }
    RouterPort rp = out.get();
    Optional<IpAddress> own = address(rp, nh.version(), nh);
    if (own.isEmpty()) {
      return new Answer.Nothing("router port " + rp.id() + " has no IPv" + nh.version() + " address to ask from");
    }
    if (nh instanceof Ipv4Address target) {
      ByteBuffer arp = ByteBuffer.allocate(ARP_LENGTH);
      arp.putShort((short) 1).putShort((short) EtherType.IPV4.value()).put((byte) 6).put((byte) 4);
      arp.putShort((short) 1);
      arp.put(rp.mac().toBytes()).put(own.get().toBytes());
      arp.put(MacAddress.ZERO.toBytes()).put(target.toBytes());
      Frame request =
          Frame.of(List.of(Ethernet.of(MacAddress.BROADCAST, rp.mac(), EtherType.ARP)), ByteString.of(arp.array()));
      return send(punt.datapath(), rp.id(), request, "ARP request for " + target);
    }
    Ipv6Address target = (Ipv6Address) nh;
    Ipv6Address solicited = solicitedNode(target);
    ByteBuffer body = ByteBuffer.allocate(16 + 8);
    body.put(target.toBytes());
    body.put((byte) 1).put((byte) 1).put(rp.mac().toBytes()); // source link-layer address option
    Frame ns =
        Frame.of(
            List.of(
                Ethernet.of(multicastMac(solicited), rp.mac(), EtherType.IPV6),
                new Ipv6(0, 0, IpProtocol.ICMPV6, 255, (Ipv6Address) own.get(), solicited),
                new Icmp6(135, 0, 0)),
            ByteString.of(body.array()));
    return send(punt.datapath(), rp.id(), ns, "neighbour solicitation for " + target);
  }

  /** {@code router R / port OUT / arp-resolve} → OUT. */
  private Optional<RouterPort> outPort(ModelPath by) {
    for (ModelPath.Segment s : by.segments()) {
      if (s.kind().equals("port") && s.id() != null) {
        return topology.routerPortById(s.id());
      }
    }
    return Optional.empty();
  }

  /** ff02::1:ffXX:XXXX for the target's last 24 bits (RFC 4291 §2.7.1). */
  private static Ipv6Address solicitedNode(Ipv6Address target) {
    long low = 0x0000_0001_ff00_0000L | (target.low() & 0xff_ffffL);
    return Ipv6Address.of(0xff02_0000_0000_0000L, low);
  }

  /** 33:33 and the address's last 32 bits (RFC 2464 §7). */
  private static MacAddress multicastMac(Ipv6Address a) {
    return MacAddress.of(0x3333_0000_0000L | (a.low() & 0xffff_ffffL));
  }

  // ---- log ----

  private Answer log(Punt punt, Frame f) {
    return new Answer.Log(punt.by(), aclAction(punt.by()), f.headers().toString());
  }

  /** The action of the ACL rule {@code path} names ({@code switch S / acl A}, {@code port-group G / acl A}). */
  private String aclAction(ModelPath path) {
    List<ModelPath.Segment> s = path.segments();
    if (s.size() < 2 || !s.get(s.size() - 1).kind().equals("acl")) {
      return "unknown";
    }
    String owner = s.get(0).id();
    String acl = s.get(s.size() - 1).id();
    List<AclRule> rules = List.of();
    if (s.get(0).kind().equals("switch")) {
      rules = topology.switchById(String.valueOf(owner)).map(LogicalSwitch::acls).orElse(null);
    } else if (s.get(0).kind().equals("port-group")) {
      rules = topology.portGroupById(String.valueOf(owner)).map(PortGroup::acls).orElse(null);
    }
    if (rules == null) {
      return "unknown";
    }
    return rules.stream()
        .filter(r -> r.id().equals(acl))
        .findFirst()
        .map(r -> r.action().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .orElse("unknown");
  }

  // ---- pieces ----

  private static Optional<Header> ipHeader(Frame f) {
    for (Header h : f.headers()) {
      if (h instanceof Ipv4 || h instanceof Ipv6) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  private static IpAddress destination(Header ip) {
    return ip instanceof Ipv4 v4 ? v4.destination() : ((Ipv6) ip).destination();
  }

  /** True for ICMP errors (ICMPv4 3, 4, 5, 11, 12; ICMPv6 types below 128). */
  private static boolean isIcmpError(Frame f) {
    Optional<Icmp4> i4 = f.first(Icmp4.class);
    if (i4.isPresent()) {
      int t = i4.get().type();
      return t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
    }
    return f.first(Icmp6.class).map(i -> i.type() < 128).orElse(false);
  }

  /**
   * The quoted part of the offending packet, from its raw bytes: the IPv4 header and the first 8
   * bytes after it (RFC 792), or the IPv6 packet up to what fits in 1280 bytes (RFC 4443).
   */
  private static ByteString quote(ByteString frame, Ethernet eth, Header ip) {
    int start = eth.length();
    int available = frame.length() - start;
    int want =
        ip instanceof Ipv4 v4
            ? v4.length() + 8
            : IPV6_MIN_MTU - Ipv6.HEADER_LENGTH - Icmp6.HEADER_LENGTH;
    return ByteString.copyOf(frame.toByteArray(), start, Math.max(0, Math.min(available, want)));
  }

  /** The port's address of {@code version}: the one whose subnet holds {@code near}, else the first. */
  private static Optional<IpAddress> address(RouterPort rp, int version, @Nullable IpAddress near) {
    Optional<IpAddress> first = Optional.empty();
    for (InterfaceAddress a : rp.addresses()) {
      if (a.address().version() != version) {
        continue;
      }
      if (near != null && a.subnet().contains(near)) {
        return Optional.of(a.address());
      }
      if (first.isEmpty()) {
        first = Optional.of(a.address());
      }
    }
    return first;
  }

  private static Answer send(Datapath d, String outport, Frame frame, String description) {
    return new Answer.Send(d, outport, ByteString.of(frame.encode()), description);
  }

  /** A short name for logs. */
  @Override
  public String toString() {
    return "ControllerAnswers(" + topology.routers().size() + " routers)";
  }

}
