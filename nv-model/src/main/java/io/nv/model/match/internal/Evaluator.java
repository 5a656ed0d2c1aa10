package io.nv.model.match.internal;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.match.Field;
import io.nv.model.match.Match;
import io.nv.model.match.MatchContext;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import io.nv.model.packet.Packet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a match on a packet with OVN's meaning of negation: {@code !} is pushed down to the
 * comparisons (De Morgan), where it negates the comparison but not the field's prerequisites. A
 * comparison or predicate under polarity {@code positive} holds when its prerequisites hold and its
 * own test equals {@code positive}.
 *
 * <pre>{@code
 * Evaluator.matches(Match.parse("!(tcp.dst == 80)"), udpPacket, MatchContext.EMPTY);   // false
 * }</pre>
 */
public final class Evaluator {
  private Evaluator() {}

  /** True when {@code packet} matches {@code m}. */
  public static boolean matches(Match m, Packet packet, MatchContext context) {
    return eval(m, packet, context, true);
  }

  private static boolean eval(Match m, Packet p, MatchContext ctx, boolean positive) {
    if (m instanceof Match.True) {
      return positive;
    } else if (m instanceof Match.Not n) {
      return eval(n.operand(), p, ctx, !positive);
    } else if (m instanceof Match.And a) {
      // Under negation, !(a && b) is !a || !b.
      return positive ? all(a.operands(), p, ctx, true) : any(a.operands(), p, ctx, false);
    } else if (m instanceof Match.Or o) {
      return positive ? any(o.operands(), p, ctx, true) : all(o.operands(), p, ctx, false);
    } else if (m instanceof Match.Predicate pr) {
      return prerequisitesHold(pr.field(), p) && predicate(pr.field(), p) == positive;
    }
    Match.Comparison c = (Match.Comparison) m;
    if (!prerequisitesHold(c.field(), p)) {
      return false;
    }
    Object actual = fieldValue(c.field(), p);
    if (actual == null) {
      return false;
    }
    return compare(c.relation(), c.value(), actual, ctx) == positive;
  }

  private static boolean all(List<Match> ms, Packet p, MatchContext ctx, boolean positive) {
    for (Match m : ms) {
      if (!eval(m, p, ctx, positive)) {
        return false;
      }
    }
    return true;
  }

  private static boolean any(List<Match> ms, Packet p, MatchContext ctx, boolean positive) {
    for (Match m : ms) {
      if (eval(m, p, ctx, positive)) {
        return true;
      }
    }
    return false;
  }

  /** True when every prerequisite of {@code field}, transitively, holds for {@code p}. */
  public static boolean prerequisitesHold(Field field, Packet p) {
    Optional<Field> pre = field.prerequisite();
    return pre.isEmpty() || (prerequisitesHold(pre.get(), p) && predicate(pre.get(), p));
  }

  /** The predicate's own test, without its prerequisites. */
  private static boolean predicate(Field f, Packet p) {
    int type = p.ethType();
    int proto = p.ip().map(ip -> ip.proto().number()).orElse(-1);
    return switch (f) {
      case ETH_BCAST -> p.ethDst().isBroadcast();
      case ETH_MCAST -> p.ethDst().isMulticast();
      case VLAN_PRESENT -> p.vlan().isPresent();
      case ARP -> type == Packet.ETH_TYPE_ARP;
      case IP -> type == Packet.ETH_TYPE_IPV4 || type == Packet.ETH_TYPE_IPV6;
      case IP4 -> type == Packet.ETH_TYPE_IPV4;
      case IP6 -> type == Packet.ETH_TYPE_IPV6;
      case TCP -> proto == 6;
      case UDP -> proto == 17;
      case ICMP4 -> proto == 1;
      case ICMP6 -> proto == 58;
      case ICMP ->
          (type == Packet.ETH_TYPE_IPV4 && proto == 1)
              || (type == Packet.ETH_TYPE_IPV6 && proto == 58);
      default -> throw new IllegalArgumentException(f + " is not a predicate");
    };
  }

  /**
   * The field's value in {@code p}: a {@code Long} for integers and MACs, an {@link IpAddress}, or
   * a port name; null when the packet lacks it (only ports can, once prerequisites hold).
   */
  private static @Nullable Object fieldValue(Field f, Packet p) {
    return switch (f) {
      case INPORT -> p.inport().orElse(null);
      case OUTPORT -> p.outport().orElse(null);
      case ETH_SRC -> p.ethSrc().bits();
      case ETH_DST -> p.ethDst().bits();
      case ETH_TYPE -> (long) p.ethType();
      case VLAN_VID -> p.vlan().map(v -> (long) v.vid()).orElse(null);
      case VLAN_PCP -> p.vlan().map(v -> (long) v.pcp()).orElse(null);
      case ARP_OP -> p.arp().map(a -> (long) a.op()).orElse(null);
      case ARP_SPA -> p.arp().map(a -> (IpAddress) a.spa()).orElse(null);
      case ARP_TPA -> p.arp().map(a -> (IpAddress) a.tpa()).orElse(null);
      case ARP_SHA -> p.arp().map(a -> a.sha().bits()).orElse(null);
      case ARP_THA -> p.arp().map(a -> a.tha().bits()).orElse(null);
      case IP_PROTO -> p.ip().map(ip -> (long) ip.proto().number()).orElse(null);
      case IP_TTL -> p.ip().map(ip -> (long) ip.ttl()).orElse(null);
      case IP_DSCP -> p.ip().map(ip -> (long) ip.dscp()).orElse(null);
      case IP_ECN -> p.ip().map(ip -> (long) ip.ecn()).orElse(null);
      case IP4_SRC, IP6_SRC -> p.ip().map(Packet.Ip::src).orElse(null);
      case IP4_DST, IP6_DST -> p.ip().map(Packet.Ip::dst).orElse(null);
      case TCP_SRC -> p.tcp().map(t -> (long) t.src()).orElse(null);
      case TCP_DST -> p.tcp().map(t -> (long) t.dst()).orElse(null);
      case TCP_FLAGS -> p.tcp().map(t -> (long) t.flags()).orElse(null);
      case UDP_SRC -> p.udp().map(u -> (long) u.src()).orElse(null);
      case UDP_DST -> p.udp().map(u -> (long) u.dst()).orElse(null);
      case ICMP4_TYPE, ICMP6_TYPE -> p.icmp().map(i -> (long) i.type()).orElse(null);
      case ICMP4_CODE, ICMP6_CODE -> p.icmp().map(i -> (long) i.code()).orElse(null);
      default -> throw new IllegalArgumentException(f + " is a predicate, not a field");
    };
  }

  private static boolean compare(Relation r, Value v, Object actual, MatchContext ctx) {
    if (r.isOrdering()) {
      return r.test((Long) actual, ((Value.Int) v).value());
    }
    boolean equal;
    if (v instanceof Value.OneOf set) {
      equal = false;
      for (Value e : set.values()) {
        if (equals(e, actual, ctx)) {
          equal = true;
          break;
        }
      }
    } else {
      equal = equals(v, actual, ctx);
    }
    return r == Relation.EQ ? equal : !equal;
  }

  private static boolean equals(Value v, Object actual, MatchContext ctx) {
    if (v instanceof Value.Int i) {
      return (Long) actual == i.value();
    } else if (v instanceof Value.MaskedInt mi) {
      return ((Long) actual & mi.mask()) == mi.value();
    } else if (v instanceof Value.Mac mac) {
      return (Long) actual == mac.address().bits();
    } else if (v instanceof Value.MaskedMac mm) {
      return ((Long) actual & mm.mask().bits()) == mm.value().bits();
    } else if (v instanceof Value.Ip ip) {
      return ip.prefix().contains((IpAddress) actual);
    } else if (v instanceof Value.MaskedIp mi) {
      IpAddress a = (IpAddress) actual;
      return a.version() == mi.value().version() && Bits.and(a, mi.mask()).equals(mi.value());
    } else if (v instanceof Value.Str s) {
      return s.value().equals(actual);
    } else if (v instanceof Value.AddressSet set) {
      Set<IpPrefix> prefixes =
          ctx.addressSet(set.name())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the match refers to address set $"
                              + set.name()
                              + ", which the MatchContext does not define: validate the topology"
                              + " first, or add the set to the context"));
      IpAddress a = (IpAddress) actual;
      for (IpPrefix prefix : prefixes) {
        if (prefix.contains(a)) {
          return true;
        }
      }
      return false;
    } else if (v instanceof Value.PortGroup g) {
      if (!ctx.hasPortGroup(g.name())) {
        throw new IllegalArgumentException(
            "the match refers to port group @"
                + g.name()
                + ", which the MatchContext does not define: validate the topology first, or add"
                + " the group to the context");
      }
      return ctx.isMember(g.name(), (String) actual);
    }
    throw new IllegalArgumentException("sets do not nest: " + v);
  }
}
