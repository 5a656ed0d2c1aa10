package io.nv.testkit.gen;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.match.Match;
import io.nv.model.match.MatchContext;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import io.nv.model.packet.Packet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A second evaluator, written apart from the library's, that follows OVN's recipe literally: push
 * {@code !} down to the comparisons (flipping their operators), expand a set into one comparison
 * per element ({@code ==} joined by {@code ||}, {@code !=} by {@code &&}), and conjoin each
 * comparison with its prerequisite, found from the field's <em>name</em> ({@code tcp.dst} needs
 * {@code tcp}). Field values are read from the packet here, not through the library. The property
 * tests check that both evaluators agree on every generated match and packet.
 */
final class OvnExpansion {
  private OvnExpansion() {}

  static boolean matches(Match m, Packet p, MatchContext ctx) {
    return eval(m, p, ctx, true);
  }

  private static boolean eval(Match m, Packet p, MatchContext ctx, boolean positive) {
    if (m instanceof Match.True) {
      return positive;
    }
    if (m instanceof Match.Not n) {
      return eval(n.operand(), p, ctx, !positive);
    }
    if (m instanceof Match.And a) {
      List<Boolean> rs = new ArrayList<>();
      a.operands().forEach(o -> rs.add(eval(o, p, ctx, positive)));
      return positive ? !rs.contains(false) : rs.contains(true);
    }
    if (m instanceof Match.Or o) {
      List<Boolean> rs = new ArrayList<>();
      o.operands().forEach(x -> rs.add(eval(x, p, ctx, positive)));
      return positive ? rs.contains(true) : !rs.contains(false);
    }
    if (m instanceof Match.Predicate pr) {
      boolean v = predicate(pr.field().symbol(), p);
      return positive ? v : !v;
    }
    Match.Comparison c = (Match.Comparison) m;
    String symbol = c.field().symbol();
    String pre = prerequisiteByName(symbol);
    if (pre != null && !predicate(pre, p)) {
      return false;
    }
    Relation rel = positive ? c.relation() : flip(c.relation());
    Object actual = read(symbol, p);
    if (actual == null) {
      return false;
    }
    List<Value> elements = c.value() instanceof Value.OneOf set ? set.values() : List.of(c.value());
    if (rel == Relation.EQ) {
      return elements.stream().anyMatch(e -> equal(e, actual, ctx));
    }
    if (rel == Relation.NE) {
      return elements.stream().noneMatch(e -> equal(e, actual, ctx));
    }
    long a = (Long) actual;
    long b = ((Value.Int) c.value()).value();
    return switch (rel) {
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      default -> a >= b;
    };
  }

  private static Relation flip(Relation r) {
    return switch (r) {
      case EQ -> Relation.NE;
      case NE -> Relation.EQ;
      case LT -> Relation.GE;
      case GE -> Relation.LT;
      case LE -> Relation.GT;
      case GT -> Relation.LE;
    };
  }

  /** OVN's prerequisites, by the field name's first part. */
  private static @Nullable String prerequisiteByName(String symbol) {
    int dot = symbol.indexOf('.');
    String head = symbol.substring(0, dot < 0 ? symbol.length() : dot);
    return switch (head) {
      case "tcp", "udp", "icmp4", "icmp6", "ip4", "ip6", "arp", "ip" -> dot < 0 ? null : head;
      case "vlan" -> "vlan.present";
      default -> null;
    };
  }

  /** OVN's predicate definitions, prerequisites included. */
  private static boolean predicate(String name, Packet p) {
    int type = p.ethType();
    int proto = p.ip().map(ip -> ip.proto().number()).orElse(-1);
    boolean ip4 = type == 0x0800;
    boolean ip6 = type == 0x86dd;
    return switch (name) {
      case "eth.bcast" -> p.ethDst().bits() == 0xffff_ffff_ffffL;
      case "eth.mcast" -> ((p.ethDst().bits() >>> 40) & 1) == 1;
      case "vlan.present" -> p.vlan().isPresent();
      case "arp" -> type == 0x0806;
      case "ip4" -> ip4;
      case "ip6" -> ip6;
      case "ip" -> ip4 || ip6;
      case "tcp" -> (ip4 || ip6) && proto == 6;
      case "udp" -> (ip4 || ip6) && proto == 17;
      case "icmp4" -> ip4 && proto == 1;
      case "icmp6" -> ip6 && proto == 58;
      case "icmp" -> (ip4 && proto == 1) || (ip6 && proto == 58);
      default -> throw new AssertionError("not a predicate: " + name);
    };
  }

  private static @Nullable Object read(String symbol, Packet p) {
    return switch (symbol) {
      case "inport" -> p.inport().orElse(null);
      case "outport" -> p.outport().orElse(null);
      case "eth.src" -> p.ethSrc().bits();
      case "eth.dst" -> p.ethDst().bits();
      case "eth.type" -> (long) p.ethType();
      case "vlan.vid" -> (long) p.vlan().orElseThrow().vid();
      case "vlan.pcp" -> (long) p.vlan().orElseThrow().pcp();
      case "arp.op" -> (long) p.arp().orElseThrow().op();
      case "arp.spa" -> p.arp().orElseThrow().spa();
      case "arp.tpa" -> p.arp().orElseThrow().tpa();
      case "arp.sha" -> p.arp().orElseThrow().sha().bits();
      case "arp.tha" -> p.arp().orElseThrow().tha().bits();
      case "ip.proto" -> (long) p.ip().orElseThrow().proto().number();
      case "ip.ttl" -> (long) p.ip().orElseThrow().ttl();
      case "ip.dscp" -> (long) p.ip().orElseThrow().dscp();
      case "ip.ecn" -> (long) p.ip().orElseThrow().ecn();
      case "ip4.src", "ip6.src" -> p.ip().orElseThrow().src();
      case "ip4.dst", "ip6.dst" -> p.ip().orElseThrow().dst();
      case "tcp.src" -> (long) ((Packet.Tcp) p.l4().orElseThrow()).src();
      case "tcp.dst" -> (long) ((Packet.Tcp) p.l4().orElseThrow()).dst();
      case "tcp.flags" -> (long) ((Packet.Tcp) p.l4().orElseThrow()).flags();
      case "udp.src" -> (long) ((Packet.Udp) p.l4().orElseThrow()).src();
      case "udp.dst" -> (long) ((Packet.Udp) p.l4().orElseThrow()).dst();
      case "icmp4.type", "icmp6.type" -> (long) ((Packet.Icmp) p.l4().orElseThrow()).type();
      case "icmp4.code", "icmp6.code" -> (long) ((Packet.Icmp) p.l4().orElseThrow()).code();
      default -> throw new AssertionError("unknown field " + symbol);
    };
  }

  private static boolean equal(Value v, Object actual, MatchContext ctx) {
    if (v instanceof Value.Int i) {
      return ((Long) actual).longValue() == i.value();
    } else if (v instanceof Value.MaskedInt mi) {
      return ((Long) actual & mi.mask()) == mi.value();
    } else if (v instanceof Value.Mac mac) {
      return ((Long) actual).longValue() == mac.address().bits();
    } else if (v instanceof Value.MaskedMac mm) {
      return ((Long) actual & mm.mask().bits()) == mm.value().bits();
    } else if (v instanceof Value.Ip ip) {
      return inPrefix((IpAddress) actual, ip.prefix());
    } else if (v instanceof Value.MaskedIp mi) {
      IpAddress a = (IpAddress) actual;
      return a.version() == mi.value().version()
          && big(a).and(big(mi.mask())).equals(big(mi.value()));
    } else if (v instanceof Value.Str s) {
      return s.value().equals(actual);
    } else if (v instanceof Value.AddressSet set) {
      Set<IpPrefix> prefixes = ctx.addressSet(set.name()).orElseThrow();
      return prefixes.stream().anyMatch(pr -> inPrefix((IpAddress) actual, pr));
    } else if (v instanceof Value.PortGroup g) {
      return ctx.isMember(g.name(), (String) actual);
    }
    throw new AssertionError("nested set " + v);
  }

  private static boolean inPrefix(IpAddress a, IpPrefix prefix) {
    if (a.version() != prefix.version()) {
      return false;
    }
    int shift = a.bitLength() - prefix.length();
    return big(a).shiftRight(shift).equals(big(prefix.network()).shiftRight(shift));
  }

  private static BigInteger big(IpAddress a) {
    return new BigInteger(1, a.toBytes());
  }
}
