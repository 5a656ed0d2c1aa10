package io.nv.compiler.flow;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;

/**
 * Small named pieces of flow matches, in the manner of ONOS's {@code Criteria}: each returns one
 * {@link FieldMatch}; {@link #match} (or {@link FlowMatch#of}) combines them and checks
 * prerequisites.
 *
 * <pre>{@code
 * FlowMatch m = FlowMatches.match(
 *     FlowMatches.datapath(Datapath.ofSwitch("web")),
 *     FlowMatches.outport("web1"),
 *     FlowMatches.ip4(), FlowMatches.tcp(), FlowMatches.l4Dst(80));
 * }</pre>
 */
public final class FlowMatches {
  private static final FieldValue MULTICAST_BIT = FieldValue.of(0x0100_0000_0000L);
  // Shared instances: flows hold millions of these pieces, and they are immutable.
  private static final FieldMatch IP4 = FieldMatch.exact(Field.ETH_TYPE, Field.ETH_TYPE_IP4);
  private static final FieldMatch IP6 = FieldMatch.exact(Field.ETH_TYPE, Field.ETH_TYPE_IP6);
  private static final FieldMatch ARP = FieldMatch.exact(Field.ETH_TYPE, Field.ETH_TYPE_ARP);
  private static final FieldMatch TCP = FieldMatch.exact(Field.IP_PROTO, 6);
  private static final FieldMatch UDP = FieldMatch.exact(Field.IP_PROTO, 17);
  private static final FieldMatch ICMP4 = FieldMatch.exact(Field.IP_PROTO, 1);
  private static final FieldMatch ICMP6 = FieldMatch.exact(Field.IP_PROTO, 58);
  private static final FieldMatch ARP_REQUEST = FieldMatch.exact(Field.ARP_OP, 1);
  private static final FieldMatch ARP_REPLY = FieldMatch.exact(Field.ARP_OP, 2);
  private static final FieldMatch VLAN = FieldMatch.exact(Field.VLAN_PRESENT, 1);
  private static final FieldMatch NO_VLAN = FieldMatch.exact(Field.VLAN_PRESENT, 0);
  private static final FieldMatch DST_MULTICAST =
      FieldMatch.masked(Field.ETH_DST, MULTICAST_BIT, MULTICAST_BIT);
  private static final FieldMatch SRC_MULTICAST =
      FieldMatch.masked(Field.ETH_SRC, MULTICAST_BIT, MULTICAST_BIT);

  private FlowMatches() {}

  /** All of {@code parts}: {@link FlowMatch#of(FieldMatch...)}. */
  public static FlowMatch match(FieldMatch... parts) {
    return FlowMatch.of(parts);
  }

  /** In datapath {@code d}. */
  public static FieldMatch datapath(Datapath d) {
    return FieldMatch.exact(Field.DATAPATH, FieldValue.name(d.toString()));
  }

  /** Entered the datapath on logical port {@code port}. */
  public static FieldMatch inport(String port) {
    return FieldMatch.exact(Field.INPORT, FieldValue.name(port));
  }

  /** Bound for logical port {@code port}. */
  public static FieldMatch outport(String port) {
    return FieldMatch.exact(Field.OUTPORT, FieldValue.name(port));
  }

  /** Ethernet source {@code mac}. */
  public static FieldMatch ethSrc(MacAddress mac) {
    return FieldMatch.exact(Field.ETH_SRC, FieldValue.of(mac));
  }

  /** Ethernet destination {@code mac}. */
  public static FieldMatch ethDst(MacAddress mac) {
    return FieldMatch.exact(Field.ETH_DST, FieldValue.of(mac));
  }

  /** A multicast (or broadcast) Ethernet destination: the group bit set. */
  public static FieldMatch ethDstMulticast() {
    return DST_MULTICAST;
  }

  /** A multicast (or broadcast) Ethernet source: the group bit set. */
  public static FieldMatch ethSrcMulticast() {
    return SRC_MULTICAST;
  }

  /** Ethernet type {@code type}. */
  public static FieldMatch ethType(int type) {
    return switch (type) {
      case Field.ETH_TYPE_IP4 -> IP4;
      case Field.ETH_TYPE_IP6 -> IP6;
      case Field.ETH_TYPE_ARP -> ARP;
      default -> FieldMatch.exact(Field.ETH_TYPE, type);
    };
  }

  /** IPv4: Ethernet type 0x0800. */
  public static FieldMatch ip4() {
    return ethType(Field.ETH_TYPE_IP4);
  }

  /** IPv6: Ethernet type 0x86dd. */
  public static FieldMatch ip6() {
    return ethType(Field.ETH_TYPE_IP6);
  }

  /** IPv4 for {@code version} 4, IPv6 for 6. */
  public static FieldMatch ip(int version) {
    return version == 4 ? ip4() : ip6();
  }

  /** ARP: Ethernet type 0x0806. */
  public static FieldMatch arp() {
    return ethType(Field.ETH_TYPE_ARP);
  }

  /** A tagged frame. */
  public static FieldMatch vlanPresent(boolean present) {
    return present ? VLAN : NO_VLAN;
  }

  /** VLAN id {@code vid} (needs {@code vlanPresent(true)}). */
  public static FieldMatch vlanVid(int vid) {
    return FieldMatch.exact(Field.VLAN_VID, vid);
  }

  /** ARP operation {@code op}. */
  public static FieldMatch arpOp(int op) {
    return op == 1 ? ARP_REQUEST : op == 2 ? ARP_REPLY : FieldMatch.exact(Field.ARP_OP, op);
  }

  /** ARP sender protocol address. */
  public static FieldMatch arpSpa(IpAddress a) {
    return FieldMatch.exact(Field.ARP_SPA, FieldValue.of(a));
  }

  /** ARP target protocol address. */
  public static FieldMatch arpTpa(IpAddress a) {
    return FieldMatch.exact(Field.ARP_TPA, FieldValue.of(a));
  }

  /** ARP sender hardware address. */
  public static FieldMatch arpSha(MacAddress mac) {
    return FieldMatch.exact(Field.ARP_SHA, FieldValue.of(mac));
  }

  /** IP protocol {@code proto}. */
  public static FieldMatch ipProto(int proto) {
    return switch (proto) {
      case 6 -> TCP;
      case 17 -> UDP;
      case 1 -> ICMP4;
      case 58 -> ICMP6;
      default -> FieldMatch.exact(Field.IP_PROTO, proto);
    };
  }

  /** TCP: IP protocol 6. */
  public static FieldMatch tcp() {
    return ipProto(6);
  }

  /** UDP: IP protocol 17. */
  public static FieldMatch udp() {
    return ipProto(17);
  }

  /** ICMPv4: IP protocol 1 (with {@link #ip4()}). */
  public static FieldMatch icmp4() {
    return ipProto(1);
  }

  /** ICMPv6: IP protocol 58 (with {@link #ip6()}). */
  public static FieldMatch icmp6() {
    return ipProto(58);
  }

  /** IP source in {@code prefix}: {@code ip4.src} or {@code ip6.src} by its version. */
  public static FieldMatch ipSrc(IpPrefix prefix) {
    return prefix(prefix.version() == 4 ? Field.IP4_SRC : Field.IP6_SRC, prefix);
  }

  /** IP destination in {@code prefix}: {@code ip4.dst} or {@code ip6.dst} by its version. */
  public static FieldMatch ipDst(IpPrefix prefix) {
    return prefix(prefix.version() == 4 ? Field.IP4_DST : Field.IP6_DST, prefix);
  }

  /** IP source {@code a}. */
  public static FieldMatch ipSrc(IpAddress a) {
    return ipSrc(IpPrefix.host(a));
  }

  /** IP destination {@code a}. */
  public static FieldMatch ipDst(IpAddress a) {
    return ipDst(IpPrefix.host(a));
  }

  /** {@code field} (an address field of the prefix's version) inside {@code prefix}. */
  public static FieldMatch prefix(Field field, IpPrefix prefix) {
    return FieldMatch.masked(
        field, FieldValue.of(prefix.network()), FieldValue.prefixMask(field.width(), prefix.length()));
  }

  /** TTL (or hop limit) {@code ttl}. */
  public static FieldMatch ttl(int ttl) {
    return FieldMatch.exact(Field.IP_TTL, ttl);
  }

  /** Transport source port {@code port}. */
  public static FieldMatch l4Src(int port) {
    return FieldMatch.exact(Field.L4_SRC, port);
  }

  /** Transport destination port {@code port}. */
  public static FieldMatch l4Dst(int port) {
    return FieldMatch.exact(Field.L4_DST, port);
  }

  /** ICMPv4 type {@code type}. */
  public static FieldMatch icmp4Type(int type) {
    return FieldMatch.exact(Field.ICMP4_TYPE, type);
  }

  /** ICMPv6 type {@code type}. */
  public static FieldMatch icmp6Type(int type) {
    return FieldMatch.exact(Field.ICMP6_TYPE, type);
  }

  /** Conntrack state with the bits {@code set} set and {@code clear} clear (see {@link CtState}). */
  public static FieldMatch ctState(int set, int clear) {
    return FieldMatch.masked(Field.CT_STATE, set, set | clear);
  }

  /** The tracked connection's original destination address was {@code a}. */
  public static FieldMatch ctIpDst(IpAddress a) {
    return FieldMatch.exact(a.version() == 4 ? Field.CT_IP4_DST : Field.CT_IP6_DST, FieldValue.of(a));
  }

  /** The tracked connection's original transport destination was {@code port}. */
  public static FieldMatch ctL4Dst(int port) {
    return FieldMatch.exact(Field.CT_L4_DST, port);
  }

  /** The 1-bit {@code flag} ({@link Field#FLAG_COMMIT}, {@link Field#FLAG_LB}) is {@code set}. */
  public static FieldMatch flag(Field flag, boolean set) {
    if (flag.width() != 1) {
      throw new IllegalArgumentException(flag + " is not a flag: use FieldMatch.exact");
    }
    return FieldMatch.exact(flag, set ? 1 : 0);
  }

  /** The routing next hop is {@code a} ({@link Field#REG_NEXTHOP4} or {@link Field#REG_NEXTHOP6}). */
  public static FieldMatch nextHop(IpAddress a) {
    return FieldMatch.exact(
        a.version() == 4 ? Field.REG_NEXTHOP4 : Field.REG_NEXTHOP6, FieldValue.of(a));
  }

  /** A completed conjunctive match with id {@code id}. */
  public static FieldMatch conjId(int id) {
    return FieldMatch.exact(Field.CONJ_ID, Integer.toUnsignedLong(id));
  }
}
