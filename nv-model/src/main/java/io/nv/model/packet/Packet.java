package io.nv.model.packet;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One packet as nv's logical network sees it: the logical ports it came in on and goes out of, and
 * its Ethernet, 802.1Q, ARP, IPv4/IPv6 and TCP/UDP/ICMP headers. The reference semantics, the
 * tracer, the codecs and the test kit all speak this one value.
 *
 * <p>The headers are consistent by construction: an ARP header goes with Ethernet type 0x0806, an
 * IPv4 or IPv6 header with 0x0800 or 0x86dd, and the transport header with the IP protocol (TCP and
 * UDP always carry theirs, as does ICMP in IPv4 and ICMPv6 in IPv6). So when a predicate such as
 * {@code tcp} holds, the fields it guards ({@code tcp.dst}) are present. {@link #ethType()}
 * defaults to the type the ARP or IP header implies; a frame with neither must set it.
 *
 * <p>{@link Packets} builds the common packets; {@code with*} methods rewrite one field, as a
 * pipeline stage does. {@link #toString()} reads like the match language.
 *
 * <pre>{@code
 * Packet syn = Packets.tcp(vm1Mac, vm2Mac, Ipv4Address.parse("10.0.0.11"),
 *     Ipv4Address.parse("10.0.0.12"), 40000, 80).withInport("web1");
 * Packet routed = syn.withEthSrc(routerMac).withEthDst(dbMac).withTtl(63);
 * routed.toString();
 * // inport="web1" eth.src=… eth.dst=… ip4.src=10.0.0.11 ip4.dst=10.0.0.12 ip.ttl=63 …
 * }</pre>
 */
@Value.Immutable(copy = false)
public abstract class Packet {
  /** Ethernet type of IPv4. */
  public static final int ETH_TYPE_IPV4 = 0x0800;

  /** Ethernet type of ARP. */
  public static final int ETH_TYPE_ARP = 0x0806;

  /** Ethernet type of IPv6. */
  public static final int ETH_TYPE_IPV6 = 0x86dd;

  Packet() {}

  /**
   * Builds a packet; {@code ethSrc} and {@code ethDst} are required.
   *
   * <pre>{@code
   * Packet p = new Packet.Builder().ethSrc(a).ethDst(b).ethType(0x88cc).build();
   * }</pre>
   */
  public static class Builder extends ImmutablePacket.Builder {}

  /** The logical port the packet entered on, when known. */
  public abstract Optional<String> inport();

  /** The logical port a pipeline chose to send the packet to, once chosen. */
  public abstract Optional<String> outport();

  /** The Ethernet source address. */
  public abstract MacAddress ethSrc();

  /** The Ethernet destination address. */
  public abstract MacAddress ethDst();

  /** The 802.1Q tag, when the frame has one. */
  public abstract Optional<Vlan> vlan();

  /**
   * The Ethernet type after any VLAN tag; defaults to the type the ARP or IP header implies.
   *
   * @throws IllegalStateException when building a packet without ARP or IP header and no type
   */
  @Value.Default
  public int ethType() {
    if (arp().isPresent()) {
      return ETH_TYPE_ARP;
    }
    if (ip().isPresent()) {
      return ip().get().version() == 4 ? ETH_TYPE_IPV4 : ETH_TYPE_IPV6;
    }
    throw new IllegalStateException(
        "a packet without ARP or IP header needs an Ethernet type:"
            + " call ethType(…) on the Builder");
  }

  /** The ARP header, for Ethernet type 0x0806. */
  public abstract Optional<Arp> arp();

  /** The IPv4 or IPv6 header, for Ethernet type 0x0800 or 0x86dd. */
  public abstract Optional<Ip> ip();

  /** The TCP, UDP or ICMP header, when the IP protocol has one. */
  public abstract Optional<L4> l4();

  /** The TCP header, if any. */
  public final Optional<Tcp> tcp() {
    return l4().filter(Tcp.class::isInstance).map(Tcp.class::cast);
  }

  /** The UDP header, if any. */
  public final Optional<Udp> udp() {
    return l4().filter(Udp.class::isInstance).map(Udp.class::cast);
  }

  /** The ICMP (IPv4) or ICMPv6 (IPv6) header, if any. */
  public final Optional<Icmp> icmp() {
    return l4().filter(Icmp.class::isInstance).map(Icmp.class::cast);
  }

  @Value.Check
  final void check() {
    int type = ethType();
    if (type < 0 || type > 0xffff) {
      throw new IllegalArgumentException(
          "Ethernet type 0x" + Integer.toHexString(type) + " not in 0..0xffff");
    }
    inport().ifPresent(p -> checkPortName("inport", p));
    outport().ifPresent(p -> checkPortName("outport", p));
    if (arp().isPresent() && ip().isPresent()) {
      throw new IllegalArgumentException("a packet has an ARP header or an IP header, not both");
    }
    if (arp().isPresent() != (type == ETH_TYPE_ARP)) {
      throw new IllegalArgumentException(
          "Ethernet type 0x0806 goes with an ARP header and only with one: "
              + (arp().isPresent()
                  ? "drop ethType(…) or set it to 0x0806"
                  : "add the arp(…) header"));
    }
    int ipType = ip().map(h -> h.version() == 4 ? ETH_TYPE_IPV4 : ETH_TYPE_IPV6).orElse(-1);
    if (ipType < 0 && (type == ETH_TYPE_IPV4 || type == ETH_TYPE_IPV6)) {
      throw new IllegalArgumentException(
          "Ethernet type 0x" + Integer.toHexString(type) + " needs an IP header: add ip(…)");
    }
    if (ipType >= 0 && ipType != type) {
      throw new IllegalArgumentException(
          "Ethernet type 0x"
              + Integer.toHexString(type)
              + " does not match the IPv"
              + (ipType == ETH_TYPE_IPV4 ? 4 : 6)
              + " header: drop ethType(…) to derive it from the IP header");
    }
    checkTransport();
  }

  private void checkTransport() {
    Optional<L4> l4 = l4();
    if (ip().isEmpty()) {
      if (l4.isPresent()) {
        throw new IllegalArgumentException("a " + l4.get().kind() + " header needs an IP header");
      }
      return;
    }
    Ip ip = ip().get();
    IpProtocol want = ip.proto();
    if (l4.isEmpty()) {
      if (needsTransport(ip)) {
        throw new IllegalArgumentException(
            "IP protocol "
                + ip.proto()
                + " over IPv"
                + ip.version()
                + " needs its header: add l4(…)");
      }
      return;
    }
    IpProtocol have = l4.get().protocol(ip.version());
    if (!have.equals(want)) {
      throw new IllegalArgumentException(
          "a "
              + l4.get().kind()
              + " header over IPv"
              + ip.version()
              + " needs IP protocol "
              + have
              + ", not "
              + want);
    }
  }

  private static boolean needsTransport(Ip ip) {
    int p = ip.proto().number();
    return p == 6 || p == 17 || (p == 1 && ip.version() == 4) || (p == 58 && ip.version() == 6);
  }

  private static void checkPortName(String what, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty: leave it unset instead");
    }
  }

  /** This packet as if it entered on {@code port}. */
  public final Packet withInport(String port) {
    return new Builder().from(this).inport(port).build();
  }

  /** This packet with no ingress port. */
  public final Packet withoutInport() {
    return new Builder().from(this).inport(Optional.empty()).build();
  }

  /** This packet bound for {@code port}. */
  public final Packet withOutport(String port) {
    return new Builder().from(this).outport(port).build();
  }

  /** This packet with no egress port. */
  public final Packet withoutOutport() {
    return new Builder().from(this).outport(Optional.empty()).build();
  }

  /** This packet with Ethernet source {@code mac}. */
  public final Packet withEthSrc(MacAddress mac) {
    return new Builder().from(this).ethSrc(mac).build();
  }

  /** This packet with Ethernet destination {@code mac}. */
  public final Packet withEthDst(MacAddress mac) {
    return new Builder().from(this).ethDst(mac).build();
  }

  /** This packet tagged with {@code vlan}. */
  public final Packet withVlan(Vlan vlan) {
    return new Builder().from(this).vlan(vlan).build();
  }

  /** This packet without an 802.1Q tag. */
  public final Packet withoutVlan() {
    return new Builder().from(this).vlan(Optional.empty()).build();
  }

  /**
   * This packet with IP source {@code address} (of the same IP version).
   *
   * @throws IllegalArgumentException when the packet has no IP header or the versions differ
   */
  public final Packet withIpSrc(IpAddress address) {
    Ip ip = requireIp("withIpSrc");
    return withIp(new Ip(address, ip.dst(), ip.proto(), ip.ttl(), ip.dscp(), ip.ecn()));
  }

  /**
   * This packet with IP destination {@code address} (of the same IP version).
   *
   * @throws IllegalArgumentException when the packet has no IP header or the versions differ
   */
  public final Packet withIpDst(IpAddress address) {
    Ip ip = requireIp("withIpDst");
    return withIp(new Ip(ip.src(), address, ip.proto(), ip.ttl(), ip.dscp(), ip.ecn()));
  }

  /**
   * This packet with IPv4 TTL or IPv6 hop limit {@code ttl}, 0..255.
   *
   * @throws IllegalArgumentException when the packet has no IP header
   */
  public final Packet withTtl(int ttl) {
    Ip ip = requireIp("withTtl");
    return withIp(new Ip(ip.src(), ip.dst(), ip.proto(), ttl, ip.dscp(), ip.ecn()));
  }

  private Packet withIp(Ip ip) {
    return new Builder().from(this).ip(ip).build();
  }

  /**
   * This packet with TCP or UDP source port {@code port}.
   *
   * @throws IllegalArgumentException when the packet has no TCP or UDP header
   */
  public final Packet withL4Src(int port) {
    return new Builder().from(this).l4(ports("withL4Src", port, -1)).build();
  }

  /**
   * This packet with TCP or UDP destination port {@code port}.
   *
   * @throws IllegalArgumentException when the packet has no TCP or UDP header
   */
  public final Packet withL4Dst(int port) {
    return new Builder().from(this).l4(ports("withL4Dst", -1, port)).build();
  }

  private L4 ports(String op, int src, int dst) {
    L4 l4 = l4().orElse(null);
    if (l4 instanceof Tcp t) {
      return new Tcp(src < 0 ? t.src() : src, dst < 0 ? t.dst() : dst, t.flags());
    }
    if (l4 instanceof Udp u) {
      return new Udp(src < 0 ? u.src() : src, dst < 0 ? u.dst() : dst);
    }
    throw new IllegalArgumentException(op + " needs a TCP or UDP packet; this one is: " + this);
  }

  private Ip requireIp(String op) {
    return ip().orElseThrow(
            () -> new IllegalArgumentException(op + " needs an IP packet; this one is: " + this));
  }

  /**
   * The packet in match-language words, fields in header order, such as {@code inport="web1"
   * eth.src=0a:00:00:00:00:01 eth.dst=0a:00:00:00:00:02 ip4.src=10.0.0.1 ip4.dst=10.0.0.2 ip.ttl=64
   * tcp.src=40000 tcp.dst=80 tcp.flags=0x002}. Fields implied by others ({@code eth.type} of an IP
   * packet, {@code ip.proto} of a TCP packet) and zero DSCP/ECN are left out.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(160);
    inport().ifPresent(p -> sb.append("inport=").append(quote(p)).append(' '));
    outport().ifPresent(p -> sb.append("outport=").append(quote(p)).append(' '));
    sb.append("eth.src=").append(ethSrc()).append(" eth.dst=").append(ethDst());
    vlan()
        .ifPresent(
            v -> sb.append(" vlan.vid=").append(v.vid()).append(" vlan.pcp=").append(v.pcp()));
    if (arp().isEmpty() && ip().isEmpty()) {
      sb.append(" eth.type=0x").append(String.format("%04x", ethType()));
    }
    arp()
        .ifPresent(
            a ->
                sb.append(" arp.op=")
                    .append(a.op())
                    .append(" arp.sha=")
                    .append(a.sha())
                    .append(" arp.spa=")
                    .append(a.spa())
                    .append(" arp.tha=")
                    .append(a.tha())
                    .append(" arp.tpa=")
                    .append(a.tpa()));
    ip().ifPresent(ip -> appendIp(sb, ip));
    l4().ifPresent(l4 -> appendL4(sb, l4, ip().map(Ip::version).orElse(4)));
    return sb.toString();
  }

  private void appendIp(StringBuilder sb, Ip ip) {
    String v = "ip" + ip.version();
    sb.append(' ').append(v).append(".src=").append(ip.src());
    sb.append(' ').append(v).append(".dst=").append(ip.dst());
    if (l4().isEmpty()) {
      sb.append(" ip.proto=").append(ip.proto().number());
    }
    sb.append(" ip.ttl=").append(ip.ttl());
    if (ip.dscp() != 0) {
      sb.append(" ip.dscp=").append(ip.dscp());
    }
    if (ip.ecn() != 0) {
      sb.append(" ip.ecn=").append(ip.ecn());
    }
  }

  private static void appendL4(StringBuilder sb, L4 l4, int version) {
    if (l4 instanceof Tcp t) {
      sb.append(" tcp.src=").append(t.src()).append(" tcp.dst=").append(t.dst());
      sb.append(" tcp.flags=0x").append(String.format("%03x", t.flags()));
    } else if (l4 instanceof Udp u) {
      sb.append(" udp.src=").append(u.src()).append(" udp.dst=").append(u.dst());
    } else if (l4 instanceof Icmp i) {
      String n = version == 4 ? "icmp4" : "icmp6";
      sb.append(' ').append(n).append(".type=").append(i.type());
      sb.append(' ').append(n).append(".code=").append(i.code());
    }
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * An 802.1Q tag.
   *
   * <pre>{@code
   * Packet tagged = packet.withVlan(Packet.Vlan.of(100));
   * }</pre>
   *
   * @param vid the VLAN id, 0..4095
   * @param pcp the priority code point, 0..7
   */
  public record Vlan(int vid, int pcp) {
    /** Checks the ranges. */
    public Vlan {
      if (vid < 0 || vid > 4095) {
        throw new IllegalArgumentException("VLAN id " + vid + " not in 0..4095");
      }
      if (pcp < 0 || pcp > 7) {
        throw new IllegalArgumentException("VLAN priority " + pcp + " not in 0..7");
      }
    }

    /** The tag of VLAN {@code vid} with priority 0. */
    public static Vlan of(int vid) {
      return new Vlan(vid, 0);
    }
  }

  /**
   * An ARP header for IPv4 over Ethernet.
   *
   * <pre>{@code
   * new Packet.Arp(Packet.Arp.REQUEST, myMac, myIp, MacAddress.ZERO, targetIp);
   * }</pre>
   *
   * @param op the operation: {@link #REQUEST}, {@link #REPLY}, or another value 0..65535
   * @param sha the sender hardware address
   * @param spa the sender protocol address
   * @param tha the target hardware address
   * @param tpa the target protocol address
   */
  public record Arp(int op, MacAddress sha, Ipv4Address spa, MacAddress tha, Ipv4Address tpa) {
    /** ARP request. */
    public static final int REQUEST = 1;

    /** ARP reply. */
    public static final int REPLY = 2;

    /** Checks the range of {@code op}. */
    public Arp {
      if (op < 0 || op > 0xffff) {
        throw new IllegalArgumentException("ARP operation " + op + " not in 0..65535");
      }
    }
  }

  /**
   * An IPv4 or IPv6 header, reduced to the fields nv matches and rewrites.
   *
   * <pre>{@code
   * Packet.Ip ip = Packet.Ip.of(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
   *     IpProtocol.UDP);
   * }</pre>
   *
   * @param src the source address
   * @param dst the destination address, of the same version as {@code src}
   * @param proto the IPv4 protocol or IPv6 next header
   * @param ttl the IPv4 TTL or IPv6 hop limit, 0..255
   * @param dscp the DSCP, 0..63
   * @param ecn the ECN bits, 0..3
   */
  public record Ip(IpAddress src, IpAddress dst, IpProtocol proto, int ttl, int dscp, int ecn) {
    /** Checks the ranges and that both addresses have one IP version. */
    public Ip {
      if (src.version() != dst.version()) {
        throw new IllegalArgumentException(
            "IP source " + src + " and destination " + dst + " must be of the same IP version");
      }
      if (ttl < 0 || ttl > 255) {
        throw new IllegalArgumentException("TTL " + ttl + " not in 0..255");
      }
      if (dscp < 0 || dscp > 63) {
        throw new IllegalArgumentException("DSCP " + dscp + " not in 0..63");
      }
      if (ecn < 0 || ecn > 3) {
        throw new IllegalArgumentException("ECN " + ecn + " not in 0..3");
      }
    }

    /** A header with TTL {@value Packets#DEFAULT_TTL}, DSCP 0 and ECN 0. */
    public static Ip of(IpAddress src, IpAddress dst, IpProtocol proto) {
      return new Ip(src, dst, proto, Packets.DEFAULT_TTL, 0, 0);
    }

    /** 4 or 6. */
    public int version() {
      return src.version();
    }
  }

  /**
   * A transport header: TCP, UDP or ICMP.
   *
   * <pre>{@code
   * Packet.L4 l4 = new Packet.Udp(5353, 53);
   * }</pre>
   */
  public sealed interface L4 permits Tcp, Udp, Icmp {
    /** {@code TCP}, {@code UDP} or {@code ICMP}, for messages. */
    String kind();

    /** The IP protocol that carries this header over IP version {@code ipVersion}. */
    IpProtocol protocol(int ipVersion);
  }

  /**
   * A TCP header: ports and the 12 flag bits (as OpenFlow's {@code tcp_flags}).
   *
   * <pre>{@code
   * new Packet.Tcp(40000, 443, Packet.Tcp.SYN | Packet.Tcp.ACK);
   * }</pre>
   *
   * @param src the source port, 0..65535
   * @param dst the destination port, 0..65535
   * @param flags the flags, 0..0xfff
   */
  public record Tcp(int src, int dst, int flags) implements L4 {
    /** FIN flag. */
    public static final int FIN = 0x001;

    /** SYN flag. */
    public static final int SYN = 0x002;

    /** RST flag. */
    public static final int RST = 0x004;

    /** PSH flag. */
    public static final int PSH = 0x008;

    /** ACK flag. */
    public static final int ACK = 0x010;

    /** Checks the ranges. */
    public Tcp {
      checkPort("TCP source port", src);
      checkPort("TCP destination port", dst);
      if (flags < 0 || flags > 0xfff) {
        throw new IllegalArgumentException(
            "TCP flags 0x" + Integer.toHexString(flags) + " not in 0..0xfff");
      }
    }

    @Override
    public String kind() {
      return "TCP";
    }

    @Override
    public IpProtocol protocol(int ipVersion) {
      return IpProtocol.TCP;
    }
  }

  /**
   * A UDP header.
   *
   * <pre>{@code
   * new Packet.Udp(68, 67);
   * }</pre>
   *
   * @param src the source port, 0..65535
   * @param dst the destination port, 0..65535
   */
  public record Udp(int src, int dst) implements L4 {
    /** Checks the ranges. */
    public Udp {
      checkPort("UDP source port", src);
      checkPort("UDP destination port", dst);
    }

    @Override
    public String kind() {
      return "UDP";
    }

    @Override
    public IpProtocol protocol(int ipVersion) {
      return IpProtocol.UDP;
    }
  }

  /**
   * An ICMP header: ICMPv4 in an IPv4 packet, ICMPv6 in an IPv6 one.
   *
   * <pre>{@code
   * new Packet.Icmp(Packet.Icmp.ECHO_REQUEST_V4, 0);
   * }</pre>
   *
   * @param type the message type, 0..255
   * @param code the message code, 0..255
   */
  public record Icmp(int type, int code) implements L4 {
    /** ICMPv4 echo request. */
    public static final int ECHO_REQUEST_V4 = 8;

    /** ICMPv4 echo reply. */
    public static final int ECHO_REPLY_V4 = 0;

    /** ICMPv6 echo request. */
    public static final int ECHO_REQUEST_V6 = 128;

    /** ICMPv6 echo reply. */
    public static final int ECHO_REPLY_V6 = 129;

    /** Checks the ranges. */
    public Icmp {
      if (type < 0 || type > 255 || code < 0 || code > 255) {
        throw new IllegalArgumentException(
            "ICMP type " + type + " and code " + code + " must be in 0..255");
      }
    }

    @Override
    public String kind() {
      return "ICMP";
    }

    /** ICMP over IPv4, ICMPv6 over IPv6. */
    @Override
    public IpProtocol protocol(int ipVersion) {
      return ipVersion == 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
    }
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " not in 0..65535");
    }
  }
}
