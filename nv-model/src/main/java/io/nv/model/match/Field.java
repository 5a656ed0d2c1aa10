package io.nv.model.match;

import com.google.common.collect.ImmutableMap;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A symbol of the match language: a packet field such as {@code tcp.dst} or a predicate such as
 * {@code tcp}, with its type, width, level of measurement and prerequisite, as in OVN.
 *
 * <p>A field's <em>prerequisite</em> is the predicate its use implies: {@code tcp.dst == 80} means
 * {@code tcp && tcp.dst == 80}, and {@code tcp} in turn implies {@code ip}. Evaluation adds the
 * prerequisite to every comparison, negated or not, so {@code tcp.dst != 80} and {@code !(tcp.dst
 * == 80)} match only TCP packets.
 *
 * <p>The <em>level</em> says how a field may be tested. {@link Level#ORDINAL} fields (addresses,
 * ports, VLAN id, TCP flags) take every operator their type allows and may appear under {@code !}.
 * {@link Level#NOMINAL} fields and predicates (port names, {@code eth.type}, {@code ip.proto},
 * {@code ip.ttl}, {@code tcp}, {@code ip4}…) are identifiers: they are tested only with {@code
 * ==} and never under {@code !}, because OVN can compile only positive tests of them. {@link
 * Level#BOOLEAN} predicates ({@code eth.bcast}, {@code eth.mcast}, {@code vlan.present}) may be
 * negated.
 *
 * <pre>{@code
 * Field.TCP_DST.prerequisite();          // Optional[tcp]
 * Field.TCP.prerequisite();              // Optional[ip]
 * Field.bySymbol("ip4.src");             // Optional[ip4.src]
 * Field.IP_TTL.level();                  // NOMINAL
 * }</pre>
 */
public enum Field {
  /** The logical port a packet entered on. */
  INPORT("inport", Type.STRING, 0, Level.NOMINAL, null),
  /** The logical port a packet leaves on. */
  OUTPORT("outport", Type.STRING, 0, Level.NOMINAL, null),
  /** Ethernet source address. */
  ETH_SRC("eth.src", Type.MAC, 48, Level.ORDINAL, null),
  /** Ethernet destination address. */
  ETH_DST("eth.dst", Type.MAC, 48, Level.ORDINAL, null),
  /** Ethernet type (after any VLAN tag). */
  ETH_TYPE("eth.type", Type.INTEGER, 16, Level.NOMINAL, null),
  /** Predicate: {@code eth.dst == ff:ff:ff:ff:ff:ff}. */
  ETH_BCAST("eth.bcast", Type.BOOLEAN, 1, Level.BOOLEAN, null),
  /** Predicate: the group bit of {@code eth.dst} is set (broadcast included). */
  ETH_MCAST("eth.mcast", Type.BOOLEAN, 1, Level.BOOLEAN, null),
  /** Predicate: the frame has an 802.1Q tag. */
  VLAN_PRESENT("vlan.present", Type.BOOLEAN, 1, Level.BOOLEAN, null),
  /** 802.1Q VLAN id. */
  VLAN_VID("vlan.vid", Type.INTEGER, 12, Level.ORDINAL, VLAN_PRESENT),
  /** 802.1Q priority. */
  VLAN_PCP("vlan.pcp", Type.INTEGER, 3, Level.ORDINAL, VLAN_PRESENT),
  /** Predicate: {@code eth.type == 0x806}. */
  ARP("arp", Type.BOOLEAN, 1, Level.NOMINAL, null),
  /** ARP operation. */
  ARP_OP("arp.op", Type.INTEGER, 16, Level.NOMINAL, ARP),
  /** ARP sender protocol address. */
  ARP_SPA("arp.spa", Type.IPV4, 32, Level.ORDINAL, ARP),
  /** ARP target protocol address. */
  ARP_TPA("arp.tpa", Type.IPV4, 32, Level.ORDINAL, ARP),
  /** ARP sender hardware address. */
  ARP_SHA("arp.sha", Type.MAC, 48, Level.ORDINAL, ARP),
  /** ARP target hardware address. */
  ARP_THA("arp.tha", Type.MAC, 48, Level.ORDINAL, ARP),
  /** Predicate: {@code ip4 || ip6}. */
  IP("ip", Type.BOOLEAN, 1, Level.NOMINAL, null),
  /** Predicate: {@code eth.type == 0x800}. */
  IP4("ip4", Type.BOOLEAN, 1, Level.NOMINAL, null),
  /** Predicate: {@code eth.type == 0x86dd}. */
  IP6("ip6", Type.BOOLEAN, 1, Level.NOMINAL, null),
  /** IPv4 protocol or IPv6 next header. */
  IP_PROTO("ip.proto", Type.INTEGER, 8, Level.NOMINAL, IP),
  /** IPv4 TTL or IPv6 hop limit. */
  IP_TTL("ip.ttl", Type.INTEGER, 8, Level.NOMINAL, IP),
  /** DSCP. */
  IP_DSCP("ip.dscp", Type.INTEGER, 6, Level.NOMINAL, IP),
  /** ECN bits. */
  IP_ECN("ip.ecn", Type.INTEGER, 2, Level.NOMINAL, IP),
  /** IPv4 source address. */
  IP4_SRC("ip4.src", Type.IPV4, 32, Level.ORDINAL, IP4),
  /** IPv4 destination address. */
  IP4_DST("ip4.dst", Type.IPV4, 32, Level.ORDINAL, IP4),
  /** IPv6 source address. */
  IP6_SRC("ip6.src", Type.IPV6, 128, Level.ORDINAL, IP6),
  /** IPv6 destination address. */
  IP6_DST("ip6.dst", Type.IPV6, 128, Level.ORDINAL, IP6),
  /** Predicate: {@code ip.proto == 6}. */
  TCP("tcp", Type.BOOLEAN, 1, Level.NOMINAL, IP),
  /** Predicate: {@code ip.proto == 17}. */
  UDP("udp", Type.BOOLEAN, 1, Level.NOMINAL, IP),
  /** Predicate: {@code icmp4 || icmp6}. */
  ICMP("icmp", Type.BOOLEAN, 1, Level.NOMINAL, IP),
  /** Predicate: {@code ip4 && ip.proto == 1}. */
  ICMP4("icmp4", Type.BOOLEAN, 1, Level.NOMINAL, IP4),
  /** Predicate: {@code ip6 && ip.proto == 58}. */
  ICMP6("icmp6", Type.BOOLEAN, 1, Level.NOMINAL, IP6),
  /** TCP source port. */
  TCP_SRC("tcp.src", Type.INTEGER, 16, Level.ORDINAL, TCP),
  /** TCP destination port. */
  TCP_DST("tcp.dst", Type.INTEGER, 16, Level.ORDINAL, TCP),
  /** TCP flags (12 bits, FIN = 0x001, SYN = 0x002, RST = 0x004, ACK = 0x010). */
  TCP_FLAGS("tcp.flags", Type.INTEGER, 12, Level.ORDINAL, TCP),
  /** UDP source port. */
  UDP_SRC("udp.src", Type.INTEGER, 16, Level.ORDINAL, UDP),
  /** UDP destination port. */
  UDP_DST("udp.dst", Type.INTEGER, 16, Level.ORDINAL, UDP),
  /** ICMPv4 type. */
  ICMP4_TYPE("icmp4.type", Type.INTEGER, 8, Level.NOMINAL, ICMP4),
  /** ICMPv4 code. */
  ICMP4_CODE("icmp4.code", Type.INTEGER, 8, Level.NOMINAL, ICMP4),
  /** ICMPv6 type. */
  ICMP6_TYPE("icmp6.type", Type.INTEGER, 8, Level.NOMINAL, ICMP6),
  /** ICMPv6 code. */
  ICMP6_CODE("icmp6.code", Type.INTEGER, 8, Level.NOMINAL, ICMP6);

  /**
   * What a field holds.
   *
   * <pre>{@code
   * Field.IP4_SRC.type();   // IPV4
   * }</pre>
   */
  public enum Type {
    /** A logical port name: compared with {@code "quoted"} names and {@code @group}s. */
    STRING,
    /** An unsigned integer of {@link Field#width()} bits. */
    INTEGER,
    /** A MAC address. */
    MAC,
    /** An IPv4 address: compared with addresses, prefixes, masks and {@code $set}s. */
    IPV4,
    /** An IPv6 address: compared with addresses, prefixes, masks and {@code $set}s. */
    IPV6,
    /** A predicate: written alone, never compared. */
    BOOLEAN
  }

  /**
   * How a field may be tested (OVN's levels of measurement).
   *
   * <pre>{@code
   * Field.TCP_DST.level();   // ORDINAL: tcp.dst < 1024 is fine
   * }</pre>
   */
  public enum Level {
    /** Ordered bits: every operator the type allows, negation allowed. */
    ORDINAL,
    /** An identifier: only {@code ==}, never under {@code !}. */
    NOMINAL,
    /** A predicate that may be negated. */
    BOOLEAN
  }

  private static final ImmutableMap<String, Field> BY_SYMBOL =
      Arrays.stream(values())
          .collect(ImmutableMap.toImmutableMap(Field::symbol, Function.identity()));

  private final String symbol;
  private final Type type;
  private final int width;
  private final Level level;
  private final @Nullable Field prerequisite;

  Field(String symbol, Type type, int width, Level level, @Nullable Field prerequisite) {
    this.symbol = symbol;
    this.type = type;
    this.width = width;
    this.level = level;
    this.prerequisite = prerequisite;
  }

  /** The field with this name in the match language, such as {@code tcp.dst}. */
  public static Optional<Field> bySymbol(String symbol) {
    return Optional.ofNullable(BY_SYMBOL.get(symbol));
  }

  /** The name in the match language, such as {@code tcp.dst}. */
  public String symbol() {
    return symbol;
  }

  /** What the field holds. */
  public Type type() {
    return type;
  }

  /** The width in bits: 1 for predicates, 0 for port names. */
  public int width() {
    return width;
  }

  /** How the field may be tested. */
  public Level level() {
    return level;
  }

  /** The predicate that using this field implies, if any ({@code tcp} for {@code tcp.dst}). */
  public Optional<Field> prerequisite() {
    return Optional.ofNullable(prerequisite);
  }

  /** True for predicates such as {@code tcp} or {@code eth.bcast}, written alone. */
  public boolean isPredicate() {
    return type == Type.BOOLEAN;
  }

  /** True when {@code <}, {@code <=}, {@code >} and {@code >=} apply: ordinal integer fields. */
  public boolean isOrdered() {
    return type == Type.INTEGER && level == Level.ORDINAL;
  }

  /** True for fields and predicates that may not appear under {@code !} nor with {@code !=}. */
  public boolean isNominal() {
    return level == Level.NOMINAL;
  }

  /** The largest value of an integer field. */
  public long maxValue() {
    if (type != Type.INTEGER) {
      throw new IllegalStateException(symbol + " is not an integer field");
    }
    return (1L << width) - 1;
  }

  /** The symbol, such as {@code tcp.dst}. */
  @Override
  public String toString() {
    return symbol;
  }
}
