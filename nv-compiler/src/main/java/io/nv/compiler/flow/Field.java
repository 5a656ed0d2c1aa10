package io.nv.compiler.flow;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.ImmutableLongArray;

/**
 * A field a flow matches on or rewrites: packet headers, the logical pipeline's registers (datapath,
 * logical inport and outport, scratch registers, flag bits), conntrack results and tunnel metadata.
 * Each has a bit width, a kind (how its values print) and its prerequisites, as in OpenFlow: a
 * match on {@link #L4_DST} is only valid together with an exact {@link #IP_PROTO} of 6, 17 or 132,
 * which in turn needs an exact {@link #ETH_TYPE} of 0x0800 or 0x86dd.
 *
 * <p>The fields map one to one onto OpenFlow 1.3 + Nicira extension fields (see {@link
 * #openFlowHint()}), so an exporter is a printer: {@link #DATAPATH} is {@code metadata}, {@link
 * #INPORT} and {@link #OUTPORT} are {@code reg14} and {@code reg15} as in OVN, the scratch
 * registers and flags live in other registers. Values of {@link Kind#NAME} fields (ports,
 * datapaths) are names here; exporters replace them with keys.
 *
 * <pre>{@code
 * Field.L4_DST.width();           // 16
 * Field.L4_DST.prerequisites();   // [ip.proto in {6, 17, 132}]
 * Field.IP_PROTO.prerequisites(); // [eth.type in {0x0800, 0x86dd}]
 * }</pre>
 */
public enum Field {
  /** The physical ingress port (OpenFlow {@code in_port}); host-level, unused by logical pipelines. */
  IN_PORT("in_port", 32, Kind.NAME, "in_port"),
  /** The logical datapath the packet is in (OpenFlow {@code metadata}). */
  DATAPATH("datapath", 64, Kind.NAME, "metadata"),
  /** The logical ingress port (OVN's {@code reg14}). */
  INPORT("inport", 32, Kind.NAME, "reg14"),
  /** The logical egress port (OVN's {@code reg15}). */
  OUTPORT("outport", 32, Kind.NAME, "reg15"),
  /**
   * The conntrack zone of the port whose stage is running (OVN's {@code reg13[0..15]}): loaded on
   * entering a switch's ingress at an edge port and its egress towards one, not by logical flows.
   */
  REG_ZONE("reg.zone", 16, Kind.INTEGER, "reg13[0..15]"),
  /**
   * A second zone, loaded like {@link #REG_ZONE}: on a switch the inport's hairpin SNAT zone, on a
   * router its SNAT zone (OVN's {@code reg12}).
   */
  REG_SNAT_ZONE("reg.snat-zone", 16, Kind.INTEGER, "reg12[0..15]"),
  /** A router's DNAT zone, loaded on entering the router (OVN's {@code reg11}). */
  REG_DNAT_ZONE("reg.dnat-zone", 16, Kind.INTEGER, "reg11[0..15]"),
  /** The IPv4 next hop chosen by routing ({@code reg0}). */
  REG_NEXTHOP4("reg.nexthop4", 32, Kind.IPV4, "reg0"),
  /** The IPv6 next hop chosen by routing ({@code xxreg0}). */
  REG_NEXTHOP6("reg.nexthop6", 128, Kind.IPV6, "xxreg0"),
  /** Scratch space for swapping MAC addresses ({@code xreg2[0..47]}). */
  REG_MAC("reg.mac", 48, Kind.MAC, "xreg2[0..47]"),
  /** Scratch space for swapping IPv4 addresses ({@code reg6}). */
  REG_IP4("reg.ip4", 32, Kind.IPV4, "reg6"),
  /** Scratch space for swapping IPv6 addresses ({@code xxreg1}). */
  REG_IP6("reg.ip6", 128, Kind.IPV6, "xxreg1"),
  /** Flag: commit the connection in the stage port's zone ({@code reg10[0]}). */
  FLAG_COMMIT("flags.commit", 1, Kind.INTEGER, "reg10[0]"),
  /** Flag: a load balancer chose a backend for this packet ({@code reg10[1]}). */
  FLAG_LB("flags.lb", 1, Kind.INTEGER, "reg10[1]"),
  /**
   * Flag: the packet was SNATed for a load-balancer hairpin ({@code reg10[2]}); it stays set from a
   * switch's ingress into its egress.
   */
  FLAG_HAIRPIN("flags.hairpin", 1, Kind.INTEGER, "reg10[2]"),
  /** Flag: the router's un-DNAT stage looked this packet up ({@code reg10[3]}). */
  FLAG_UNDNAT("flags.undnat", 1, Kind.INTEGER, "reg10[3]"),
  /** Ethernet source. */
  ETH_SRC("eth.src", 48, Kind.MAC, "dl_src"),
  /** Ethernet destination. */
  ETH_DST("eth.dst", 48, Kind.MAC, "dl_dst"),
  /** Ethernet type, after any VLAN tag. */
  ETH_TYPE("eth.type", 16, Kind.HEX, "dl_type"),
  /** 1 when the frame carries an 802.1Q tag (the CFI bit of {@code vlan_tci}). */
  VLAN_PRESENT("vlan.present", 1, Kind.INTEGER, "vlan_tci[12]"),
  /** 802.1Q VLAN id. */
  VLAN_VID("vlan.vid", 12, Kind.INTEGER, "vlan_tci[0..11]"),
  /** 802.1Q priority. */
  VLAN_PCP("vlan.pcp", 3, Kind.INTEGER, "vlan_tci[13..15]"),
  /** ARP operation. */
  ARP_OP("arp.op", 16, Kind.INTEGER, "arp_op"),
  /** ARP sender protocol address. */
  ARP_SPA("arp.spa", 32, Kind.IPV4, "arp_spa"),
  /** ARP target protocol address. */
  ARP_TPA("arp.tpa", 32, Kind.IPV4, "arp_tpa"),
  /** ARP sender hardware address. */
  ARP_SHA("arp.sha", 48, Kind.MAC, "arp_sha"),
  /** ARP target hardware address. */
  ARP_THA("arp.tha", 48, Kind.MAC, "arp_tha"),
  /** IPv4 source. */
  IP4_SRC("ip4.src", 32, Kind.IPV4, "nw_src"),
  /** IPv4 destination. */
  IP4_DST("ip4.dst", 32, Kind.IPV4, "nw_dst"),
  /** IPv6 source. */
  IP6_SRC("ip6.src", 128, Kind.IPV6, "ipv6_src"),
  /** IPv6 destination. */
  IP6_DST("ip6.dst", 128, Kind.IPV6, "ipv6_dst"),
  /** IPv4 protocol or IPv6 next header. */
  IP_PROTO("ip.proto", 8, Kind.INTEGER, "nw_proto"),
  /** IPv4 TTL or IPv6 hop limit. */
  IP_TTL("ip.ttl", 8, Kind.INTEGER, "nw_ttl"),
  /** DSCP. */
  IP_DSCP("ip.dscp", 6, Kind.INTEGER, "ip_dscp"),
  /** ECN bits. */
  IP_ECN("ip.ecn", 2, Kind.INTEGER, "nw_ecn"),
  /** TCP, UDP or SCTP source port. */
  L4_SRC("l4.src", 16, Kind.INTEGER, "tp_src"),
  /** TCP, UDP or SCTP destination port. */
  L4_DST("l4.dst", 16, Kind.INTEGER, "tp_dst"),
  /** TCP flags (12 bits). */
  TCP_FLAGS("tcp.flags", 12, Kind.HEX, "tcp_flags"),
  /** ICMPv4 type. */
  ICMP4_TYPE("icmp4.type", 8, Kind.INTEGER, "icmp_type"),
  /** ICMPv4 code. */
  ICMP4_CODE("icmp4.code", 8, Kind.INTEGER, "icmp_code"),
  /** ICMPv6 type. */
  ICMP6_TYPE("icmp6.type", 8, Kind.INTEGER, "icmpv6_type"),
  /** ICMPv6 code. */
  ICMP6_CODE("icmp6.code", 8, Kind.INTEGER, "icmpv6_code"),
  /** Conntrack state bits, as OpenFlow's {@code ct_state} (see {@link CtState}). */
  CT_STATE("ct.state", 8, Kind.CT_STATE, "ct_state"),
  /** The zone of the last conntrack lookup. */
  CT_ZONE("ct.zone", 16, Kind.INTEGER, "ct_zone"),
  /** The connection's mark. */
  CT_MARK("ct.mark", 32, Kind.HEX, "ct_mark"),
  /** The original direction's IPv4 destination of the tracked connection (before DNAT). */
  CT_IP4_DST("ct.ip4.dst", 32, Kind.IPV4, "ct_nw_dst"),
  /** The original direction's IPv6 destination of the tracked connection (before DNAT). */
  CT_IP6_DST("ct.ip6.dst", 128, Kind.IPV6, "ct_ipv6_dst"),
  /** The original direction's transport destination of the tracked connection (before DNAT). */
  CT_L4_DST("ct.l4.dst", 16, Kind.INTEGER, "ct_tp_dst"),
  /** Tunnel key (VNI); physical realization only. */
  TUNNEL_ID("tunnel.id", 64, Kind.HEX, "tun_id"),
  /** Tunnel remote endpoint; physical realization only. */
  TUNNEL_DST("tunnel.dst", 32, Kind.IPV4, "tun_dst"),
  /** Tunnel option (Geneve TLV) metadata; physical realization only. */
  TUNNEL_METADATA("tunnel.metadata", 32, Kind.HEX, "tun_metadata0"),
  /** The id of a completed conjunctive match (OpenFlow {@code conj_id}). */
  CONJ_ID("conj_id", 32, Kind.INTEGER, "conj_id");

  /**
   * How a field's values are written.
   *
   * <pre>{@code
   * Field.ETH_SRC.kind();   // MAC
   * }</pre>
   */
  public enum Kind {
    /** An unsigned integer, written in decimal. */
    INTEGER,
    /** An unsigned integer, written in hexadecimal. */
    HEX,
    /** A MAC address. */
    MAC,
    /** An IPv4 address. */
    IPV4,
    /** An IPv6 address. */
    IPV6,
    /** A name: a logical port or datapath, replaced by a key when exported. */
    NAME,
    /** Conntrack state bits, written {@code +trk+est}. */
    CT_STATE
  }

  /**
   * A prerequisite: the match must also test {@code field} exactly, with one of {@code values}.
   *
   * <pre>{@code
   * Field.IP4_SRC.prerequisites().get(0);   // eth.type in {0x0800}
   * }</pre>
   *
   * @param field the field that must be matched exactly
   * @param values the values it may have
   */
  public record Prerequisite(Field field, ImmutableLongArray values) {
    /** True when {@code value} is one of the allowed values. */
    public boolean allows(long value) {
      for (int i = 0; i < values.length(); i++) {
        if (values.get(i) == value) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(field.symbol()).append(" in {");
      for (int i = 0; i < values.length(); i++) {
        sb.append(i == 0 ? "" : ", ").append(field.format(values.get(i)));
      }
      return sb.append('}').toString();
    }
  }

  /** Ethernet type of IPv4. */
  public static final int ETH_TYPE_IP4 = 0x0800;
  /** Ethernet type of ARP. */
  public static final int ETH_TYPE_ARP = 0x0806;
  /** Ethernet type of IPv6. */
  public static final int ETH_TYPE_IP6 = 0x86dd;

  private final String symbol;
  private final int width;
  private final Kind kind;
  private final String openFlowHint;

  Field(String symbol, int width, Kind kind, String openFlowHint) {
    this.symbol = symbol;
    this.width = width;
    this.kind = kind;
    this.openFlowHint = openFlowHint;
  }

  /** The field's name in nv's flow text, such as {@code l4.dst}. */
  public String symbol() {
    return symbol;
  }

  /** The width in bits (a {@link Kind#NAME} field's width is that of the key it becomes). */
  public int width() {
    return width;
  }

  /** How values print. */
  public Kind kind() {
    return kind;
  }

  /** The OpenFlow 1.3 / Nicira field an exporter uses, such as {@code tp_dst} or {@code reg14}. */
  public String openFlowHint() {
    return openFlowHint;
  }

  /** True for fields whose values are names ({@link Kind#NAME}). */
  public boolean isName() {
    return kind == Kind.NAME;
  }

  /** True for 128-bit fields, whose values use both halves of a {@link FieldValue}. */
  public boolean isWide() {
    return width > 64;
  }

  /**
   * The fields this one needs matched exactly in the same match (direct ones; they may have their
   * own).
   */
  public ImmutableList<Prerequisite> prerequisites() {
    return Prerequisites.of(this);
  }

  /** {@link #prerequisites()} as a shared array, for {@link FlowMatch}'s check; never written. */
  Prerequisite[] prerequisiteArray() {
    return Prerequisites.ARRAYS[ordinal()];
  }

  /** The value {@code low} of this (at most 64-bit) field, written as flow text writes it. */
  public String format(long low) {
    return FieldValue.of(low).format(this);
  }

  @Override
  public String toString() {
    return symbol;
  }

  /** The prerequisite table, built once (enum constants cannot refer to later ones). */
  @SuppressWarnings("EnumOrdinal") // a flat table indexed by field
  private static final class Prerequisites {
    private static final ImmutableList<ImmutableList<Prerequisite>> TABLE = build();
    static final Prerequisite[][] ARRAYS =
        TABLE.stream().map(l -> l.toArray(new Prerequisite[0])).toArray(Prerequisite[][]::new);

    static ImmutableList<Prerequisite> of(Field f) {
      return TABLE.get(f.ordinal());
    }

    private static ImmutableList<ImmutableList<Prerequisite>> build() {
      Prerequisite ip = pre(ETH_TYPE, ETH_TYPE_IP4, ETH_TYPE_IP6);
      Prerequisite ip4 = pre(ETH_TYPE, ETH_TYPE_IP4);
      Prerequisite ip6 = pre(ETH_TYPE, ETH_TYPE_IP6);
      Prerequisite arp = pre(ETH_TYPE, ETH_TYPE_ARP);
      ImmutableList.Builder<ImmutableList<Prerequisite>> b = ImmutableList.builder();
      for (Field f : values()) {
        b.add(
            switch (f) {
              case VLAN_VID, VLAN_PCP -> ImmutableList.of(pre(VLAN_PRESENT, 1));
              case ARP_OP, ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA -> ImmutableList.of(arp);
              case IP4_SRC, IP4_DST, CT_IP4_DST -> ImmutableList.of(ip4);
              case IP6_SRC, IP6_DST, CT_IP6_DST -> ImmutableList.of(ip6);
              case IP_PROTO, IP_TTL, IP_DSCP, IP_ECN -> ImmutableList.of(ip);
              case L4_SRC, L4_DST, CT_L4_DST -> ImmutableList.of(pre(IP_PROTO, 6, 17, 132));
              case TCP_FLAGS -> ImmutableList.of(pre(IP_PROTO, 6));
              case ICMP4_TYPE, ICMP4_CODE -> ImmutableList.of(pre(IP_PROTO, 1), ip4);
              case ICMP6_TYPE, ICMP6_CODE -> ImmutableList.of(pre(IP_PROTO, 58), ip6);
              default -> ImmutableList.of();
            });
      }
      return b.build();
    }

    private static Prerequisite pre(Field f, long... values) {
      return new Prerequisite(f, ImmutableLongArray.copyOf(values));
    }
  }
}
