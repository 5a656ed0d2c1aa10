package io.nv.compiler.export.openflow;

import io.nv.compiler.flow.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * How nv's fields are written in {@code ovs-ofctl} syntax: the name a match uses, the name {@code
 * set_field} uses, the sub-field {@code load} and {@code move} use ({@code reg13[0..15]}), and the
 * names of select groups' hashed fields. Registers follow OVN (docs/flow-ir.md).
 *
 * <pre>{@code
 * OpenFlowFields.name(Field.L4_DST);    // "tp_dst"
 * OpenFlowFields.nxm(Field.REG_ZONE);   // "reg13[0..15]"
 * }</pre>
 */
final class OpenFlowFields {
  private OpenFlowFields() {}

  /** A register field: the container, the bit offset in it, and the width. */
  record Register(String container, int offset, int containerWidth) {}

  /** The register a field lives in, or null for a packet field. */
  static @org.jspecify.annotations.Nullable Register register(Field f) {
    return switch (f) {
      case DATAPATH -> new Register("metadata", 0, 64);
      case INPORT -> new Register("reg14", 0, 32);
      case OUTPORT -> new Register("reg15", 0, 32);
      case REG_ZONE -> new Register("reg13", 0, 32);
      case REG_SNAT_ZONE -> new Register("reg12", 0, 32);
      case REG_DNAT_ZONE -> new Register("reg11", 0, 32);
      case REG_NEXTHOP4 -> new Register("reg0", 0, 32);
      case REG_NEXTHOP6 -> new Register("xxreg0", 0, 128);
      case REG_MAC -> new Register("xreg2", 0, 64);
      case REG_IP4 -> new Register("reg6", 0, 32);
      case REG_IP6 -> new Register("xxreg1", 0, 128);
      case FLAG_COMMIT -> new Register("reg10", 0, 32);
      case FLAG_LB -> new Register("reg10", 1, 32);
      case FLAG_HAIRPIN -> new Register("reg10", 2, 32);
      case FLAG_UNDNAT -> new Register("reg10", 3, 32);
      default -> null;
    };
  }

  static boolean isRegister(Field f) {
    return register(f) != null && f != Field.DATAPATH && f != Field.INPORT && f != Field.OUTPORT;
  }

  /** The field's name in matches (and in {@code move}/{@code load} as {@code name[]}). */
  static String name(Field f) {
    Register r = register(f);
    if (r != null) {
      return r.container();
    }
    return switch (f) {
      case IN_PORT -> "in_port";
      case ETH_SRC -> "dl_src";
      case ETH_DST -> "dl_dst";
      case ETH_TYPE -> "dl_type";
      case ARP_OP -> "arp_op";
      case ARP_SPA -> "arp_spa";
      case ARP_TPA -> "arp_tpa";
      case ARP_SHA -> "arp_sha";
      case ARP_THA -> "arp_tha";
      case IP4_SRC -> "nw_src";
      case IP4_DST -> "nw_dst";
      case IP6_SRC -> "ipv6_src";
      case IP6_DST -> "ipv6_dst";
      case IP_PROTO -> "nw_proto";
      case IP_TTL -> "nw_ttl";
      case IP_DSCP -> "ip_dscp";
      case IP_ECN -> "nw_ecn";
      case L4_SRC -> "tp_src";
      case L4_DST -> "tp_dst";
      case TCP_FLAGS -> "tcp_flags";
      case ICMP4_TYPE -> "icmp_type";
      case ICMP4_CODE -> "icmp_code";
      case ICMP6_TYPE -> "icmpv6_type";
      case ICMP6_CODE -> "icmpv6_code";
      case CT_STATE -> "ct_state";
      case CT_ZONE -> "ct_zone";
      case CT_MARK -> "ct_mark";
      case CT_IP4_DST -> "ct_nw_dst";
      case CT_IP6_DST -> "ct_ipv6_dst";
      case CT_L4_DST -> "ct_tp_dst";
      case TUNNEL_ID -> "tun_id";
      case TUNNEL_DST -> "tun_dst";
      case TUNNEL_METADATA -> "tun_metadata0";
      case CONJ_ID -> "conj_id";
      default -> throw new IllegalArgumentException("no OpenFlow name for " + f);
    };
  }

  /** The field's name for {@code set_field}. */
  static String setName(Field f) {
    return switch (f) {
      case ETH_SRC -> "eth_src";
      case ETH_DST -> "eth_dst";
      case IP4_SRC -> "ip_src";
      case IP4_DST -> "ip_dst";
      default -> name(f);
    };
  }

  /** The (sub-)field {@code load} and {@code move} name: {@code reg13[0..15]}, {@code eth_src[]}. */
  static String nxm(Field f) {
    Register r = register(f);
    if (r == null) {
      return setName(f) + "[]";
    }
    if (r.offset() == 0 && f.width() == r.containerWidth()) {
      return r.container() + "[]";
    }
    return r.container() + "[" + r.offset() + ".." + (r.offset() + f.width() - 1) + "]";
  }

  /** The {@code fields(…)} of a select group hashing {@code fields}. */
  static String hashFields(List<Field> fields) {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      switch (f) {
        case ETH_SRC -> out.add("eth_src");
        case ETH_DST -> out.add("eth_dst");
        case IP4_SRC -> out.add("ip_src");
        case IP4_DST -> out.add("ip_dst");
        case IP6_SRC -> out.add("ipv6_src");
        case IP6_DST -> out.add("ipv6_dst");
        case L4_SRC -> {
          out.add("tcp_src");
          out.add("udp_src");
        }
        case L4_DST -> {
          out.add("tcp_dst");
          out.add("udp_dst");
        }
        default -> throw new IllegalArgumentException("a select group cannot hash " + f);
      }
    }
    return String.join(",", out);
  }
}
