package io.nv.compiler.internal;

import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.FlowMatches;
import io.nv.model.addr.IpPrefix;
import io.nv.model.match.Match;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Translates a match of nv's match language into disjunctive form over flow IR fields, with OVN's
 * meaning of negation (a negated comparison keeps its prerequisites). Disjunctions on one field
 * stay together as that field's alternatives, so a rule's set-valued dimensions ({@code {…}} sets,
 * {@code $address_sets}, {@code @port_groups}, ranges) can become clauses of a conjunctive match;
 * only disjunctions across fields, and alternatives of prerequisite fields ({@code eth.type},
 * {@code ip.proto}, {@code vlan.present}), become separate conjunctions.
 *
 * <pre>{@code
 * List<Conj> dnf = MatchTranslator.translate(Match.parse("tcp.dst == {80, 443}"), scope);
 * // [{eth.type: [0x0800], ip.proto: [6], l4.dst: [80, 443]},
 * //  {eth.type: [0x86dd], ip.proto: [6], l4.dst: [80, 443]}]
 * }</pre>
 */
public final class MatchTranslator {
  /**
   * What the names in a match mean on the datapath being compiled.
   *
   * <pre>{@code
   * MatchTranslator.Scope scope = …;   // ports of switch web, sets and groups of the topology
   * scope.portGroupMembers("web");     // [web1, web2]
   * }</pre>
   */
  public interface Scope {
    /** True when {@code port} is a port of the datapath. */
    boolean hasPort(String port);

    /** The prefixes of address set {@code name} (including {@code G_ip4} / {@code G_ip6}). */
    List<IpPrefix> addressSet(String name);

    /** The members of port group {@code group} that are ports of the datapath. */
    List<String> portGroupMembers(String group);
  }

  private static final Field[] PREREQUISITE_FIELDS = {
    Field.VLAN_PRESENT, Field.ETH_TYPE, Field.IP_PROTO
  };

  private static final List<Conj> TRUE = List.of(Conj.TRUE);
  private static final List<Conj> FALSE = List.of();

  private final Scope scope;

  private MatchTranslator(Scope scope) {
    this.scope = scope;
  }

  /**
   * {@code m} in disjunctive form: conjunctions whose prerequisite fields are exact, no two equal.
   */
  public static List<Conj> translate(Match m, Scope scope) {
    return expandPrerequisites(new MatchTranslator(scope).dnf(m, true));
  }

  /** {@code a && b} for two translated matches. */
  public static List<Conj> and(List<Conj> a, List<Conj> b) {
    List<Conj> out = new ArrayList<>();
    for (Conj x : a) {
      for (Conj y : b) {
        Conj z = x.and(y);
        if (z != null) {
          out.add(z);
        }
      }
    }
    return expandPrerequisites(out);
  }

  private List<Conj> dnf(Match m, boolean positive) {
    if (m instanceof Match.True) {
      return positive ? TRUE : FALSE;
    } else if (m instanceof Match.Not n) {
      return dnf(n.operand(), !positive);
    } else if (m instanceof Match.And a) {
      return positive ? andAll(a.operands(), true) : orAll(a.operands(), false);
    } else if (m instanceof Match.Or o) {
      return positive ? orAll(o.operands(), true) : andAll(o.operands(), false);
    } else if (m instanceof Match.Predicate p) {
      return predicate(p.field(), positive);
    }
    return comparison((Match.Comparison) m, positive);
  }

  private List<Conj> andAll(List<Match> ops, boolean positive) {
    List<Conj> acc = TRUE;
    for (Match op : ops) {
      List<Conj> next = dnf(op, positive);
      List<Conj> out = new ArrayList<>();
      for (Conj x : acc) {
        for (Conj y : next) {
          Conj z = x.and(y);
          if (z != null) {
            out.add(z);
          }
        }
      }
      acc = out;
      if (acc.isEmpty()) {
        return FALSE;
      }
    }
    return acc;
  }

  private List<Conj> orAll(List<Match> ops, boolean positive) {
    List<Conj> all = new ArrayList<>();
    for (Match op : ops) {
      all.addAll(dnf(op, positive));
    }
    return merge(all);
  }

  /**
   * Merges conjunctions that differ on one field only into one with the union of that field's
   * alternatives (an unconstrained field absorbs), until nothing changes.
   */
  static List<Conj> merge(List<Conj> in) {
    List<Conj> current = new ArrayList<>(new LinkedHashSet<>(in));
    for (int pass = 0; pass < 4 && current.size() > 1; pass++) {
      boolean changed = false;
      for (Field f : Field.values()) {
        boolean present = false;
        for (Conj c : current) {
          if (c.get(f) != null) {
            present = true;
            break;
          }
        }
        if (!present) {
          continue;
        }
        Map<Conj, Integer> byRest = new LinkedHashMap<>();
        List<Conj> out = new ArrayList<>();
        for (Conj c : current) {
          Conj rest = c.without(f);
          Integer j = byRest.get(rest);
          if (j == null) {
            byRest.put(rest, out.size());
            out.add(c);
          } else {
            Conj prev = out.get(j);
            out.set(j, rest.with(f, Conj.union(prev.get(f), c.get(f))));
            changed = true;
          }
        }
        current = out;
      }
      if (!changed) {
        break;
      }
    }
    return current;
  }

  /** Splits alternatives of prerequisite fields into separate conjunctions, then dedups. */
  static List<Conj> expandPrerequisites(List<Conj> in) {
    List<Conj> current = in;
    for (Field f : PREREQUISITE_FIELDS) {
      List<Conj> out = new ArrayList<>(current.size());
      for (Conj c : current) {
        List<FieldMatch> alts = c.get(f);
        if (alts == null || alts.size() == 1) {
          out.add(c);
        } else {
          for (FieldMatch a : alts) {
            out.add(c.with(f, List.of(a)));
          }
        }
      }
      current = out;
    }
    return new ArrayList<>(new LinkedHashSet<>(current));
  }

  // ---- predicates ----

  private static final FieldMatch ETH_IP4 = FlowMatches.ip4();
  private static final FieldMatch ETH_IP6 = FlowMatches.ip6();
  private static final FieldMatch ETH_ARP = FlowMatches.arp();
  private static final List<FieldMatch> ETH_IP = List.of(ETH_IP4, ETH_IP6);

  private static Conj conj(Field f, List<FieldMatch> alts) {
    return Conj.TRUE.with(f, alts);
  }

  private static Conj ipProto(List<FieldMatch> eth, int proto) {
    return conj(Field.ETH_TYPE, eth).with(Field.IP_PROTO, List.of(FlowMatches.ipProto(proto)));
  }

  private static List<Conj> predicate(io.nv.model.match.Field p, boolean positive) {
    switch (p) {
      case ETH_BCAST -> {
        FieldMatch b = FieldMatch.exact(Field.ETH_DST, FieldValue.ones(48));
        List<FieldMatch> alts = positive ? List.of(b) : Ranges.complement(b);
        return List.of(conj(Field.ETH_DST, alts));
      }
      case ETH_MCAST -> {
        FieldMatch bit = FlowMatches.ethDstMulticast();
        return List.of(
            conj(
                Field.ETH_DST,
                List.of(
                    positive
                        ? bit
                        : FieldMatch.masked(Field.ETH_DST, FieldValue.ZERO, bit.mask()))));
      }
      case VLAN_PRESENT -> {
        return List.of(conj(Field.VLAN_PRESENT, List.of(FlowMatches.vlanPresent(positive))));
      }
      default -> {
        // Nominal predicates are never negated (the match language forbids it).
        if (!positive) {
          throw new IllegalArgumentException(p + " cannot be negated");
        }
        return switch (p) {
          case ARP -> List.of(conj(Field.ETH_TYPE, List.of(ETH_ARP)));
          case IP -> List.of(conj(Field.ETH_TYPE, ETH_IP));
          case IP4 -> List.of(conj(Field.ETH_TYPE, List.of(ETH_IP4)));
          case IP6 -> List.of(conj(Field.ETH_TYPE, List.of(ETH_IP6)));
          case TCP -> List.of(ipProto(ETH_IP, 6));
          case UDP -> List.of(ipProto(ETH_IP, 17));
          case ICMP -> List.of(ipProto(List.of(ETH_IP4), 1), ipProto(List.of(ETH_IP6), 58));
          case ICMP4 -> List.of(ipProto(List.of(ETH_IP4), 1));
          case ICMP6 -> List.of(ipProto(List.of(ETH_IP6), 58));
          default -> throw new IllegalArgumentException(p + " is not a predicate");
        };
      }
    }
  }

  // ---- comparisons ----

  /** The IR field of a match-language field, and the conjunction of its prerequisites. */
  private record Target(Field field, Conj prerequisites) {}

  private static Target target(io.nv.model.match.Field f) {
    Conj ip = conj(Field.ETH_TYPE, ETH_IP);
    Conj ip4 = conj(Field.ETH_TYPE, List.of(ETH_IP4));
    Conj ip6 = conj(Field.ETH_TYPE, List.of(ETH_IP6));
    Conj arp = conj(Field.ETH_TYPE, List.of(ETH_ARP));
    Conj vlan = conj(Field.VLAN_PRESENT, List.of(FlowMatches.vlanPresent(true)));
    return switch (f) {
      case INPORT -> new Target(Field.INPORT, Conj.TRUE);
      case OUTPORT -> new Target(Field.OUTPORT, Conj.TRUE);
      case ETH_SRC -> new Target(Field.ETH_SRC, Conj.TRUE);
      case ETH_DST -> new Target(Field.ETH_DST, Conj.TRUE);
      case ETH_TYPE -> new Target(Field.ETH_TYPE, Conj.TRUE);
      case VLAN_VID -> new Target(Field.VLAN_VID, vlan);
      case VLAN_PCP -> new Target(Field.VLAN_PCP, vlan);
      case ARP_OP -> new Target(Field.ARP_OP, arp);
      case ARP_SPA -> new Target(Field.ARP_SPA, arp);
      case ARP_TPA -> new Target(Field.ARP_TPA, arp);
      case ARP_SHA -> new Target(Field.ARP_SHA, arp);
      case ARP_THA -> new Target(Field.ARP_THA, arp);
      case IP_PROTO -> new Target(Field.IP_PROTO, ip);
      case IP_TTL -> new Target(Field.IP_TTL, ip);
      case IP_DSCP -> new Target(Field.IP_DSCP, ip);
      case IP_ECN -> new Target(Field.IP_ECN, ip);
      case IP4_SRC -> new Target(Field.IP4_SRC, ip4);
      case IP4_DST -> new Target(Field.IP4_DST, ip4);
      case IP6_SRC -> new Target(Field.IP6_SRC, ip6);
      case IP6_DST -> new Target(Field.IP6_DST, ip6);
      case TCP_SRC -> new Target(Field.L4_SRC, ipProto(ETH_IP, 6));
      case TCP_DST -> new Target(Field.L4_DST, ipProto(ETH_IP, 6));
      case TCP_FLAGS -> new Target(Field.TCP_FLAGS, ipProto(ETH_IP, 6));
      case UDP_SRC -> new Target(Field.L4_SRC, ipProto(ETH_IP, 17));
      case UDP_DST -> new Target(Field.L4_DST, ipProto(ETH_IP, 17));
      case ICMP4_TYPE -> new Target(Field.ICMP4_TYPE, ipProto(List.of(ETH_IP4), 1));
      case ICMP4_CODE -> new Target(Field.ICMP4_CODE, ipProto(List.of(ETH_IP4), 1));
      case ICMP6_TYPE -> new Target(Field.ICMP6_TYPE, ipProto(List.of(ETH_IP6), 58));
      case ICMP6_CODE -> new Target(Field.ICMP6_CODE, ipProto(List.of(ETH_IP6), 58));
      default -> throw new IllegalArgumentException(f + " is a predicate, not a field");
    };
  }

  private static Relation negate(Relation r) {
    return switch (r) {
      case EQ -> Relation.NE;
      case NE -> Relation.EQ;
      case LT -> Relation.GE;
      case LE -> Relation.GT;
      case GT -> Relation.LE;
      case GE -> Relation.LT;
    };
  }

  private List<Conj> comparison(Match.Comparison c, boolean positive) {
    Target t = target(c.field());
    Field f = t.field();
    Relation r = positive ? c.relation() : negate(c.relation());
    @Nullable List<FieldMatch> alts;
    if (r.isOrdering()) {
      long v = ((Value.Int) c.value()).value();
      long max = (1L << f.width()) - 1;
      long lo;
      long hi;
      switch (r) {
        case LT -> {
          lo = 0;
          hi = v - 1;
        }
        case LE -> {
          lo = 0;
          hi = v;
        }
        case GT -> {
          lo = v + 1;
          hi = max;
        }
        default -> {
          lo = v;
          hi = max;
        }
      }
      if (lo > hi || lo > max || hi < 0) {
        alts = List.of();
      } else if (lo == 0 && hi >= max) {
        alts = null;
      } else {
        alts = Ranges.prefixes(f, lo, Math.min(hi, max));
      }
    } else {
      alts = values(f, c.value());
      if (r == Relation.NE) {
        alts = alts == null ? List.of() : Constraints.complement(f, alts);
      }
    }
    if (alts == null) {
      return List.of(t.prerequisites());
    }
    if (alts.isEmpty()) {
      return FALSE;
    }
    Conj leaf = t.prerequisites().and(conj(f, alts));
    return leaf == null ? FALSE : List.of(leaf);
  }

  /** The alternatives {@code v} denotes on {@code f}; null when it is every value (a /0 prefix). */
  private @Nullable List<FieldMatch> values(Field f, Value v) {
    Set<FieldMatch> out = new LinkedHashSet<>();
    if (v instanceof Value.OneOf set) {
      for (Value e : set.values()) {
        if (!add(f, e, out)) {
          return null;
        }
      }
    } else if (!add(f, v, out)) {
      return null;
    }
    return new ArrayList<>(out);
  }

  /** Adds what {@code v} denotes; false when it denotes every value. */
  private boolean add(Field f, Value v, Set<FieldMatch> out) {
    if (v instanceof Value.Int i) {
      out.add(FieldMatch.exact(f, i.value()));
    } else if (v instanceof Value.MaskedInt mi) {
      if (mi.mask() == 0) {
        return false;
      }
      out.add(FieldMatch.masked(f, mi.value(), mi.mask()));
    } else if (v instanceof Value.Mac m) {
      out.add(FieldMatch.exact(f, FieldValue.of(m.address())));
    } else if (v instanceof Value.MaskedMac mm) {
      if (mm.mask().bits() == 0) {
        return false;
      }
      out.add(FieldMatch.masked(f, FieldValue.of(mm.value()), FieldValue.of(mm.mask())));
    } else if (v instanceof Value.Ip ip) {
      return addPrefix(f, ip.prefix(), out);
    } else if (v instanceof Value.MaskedIp mi) {
      if (mi.value().version() == versionOf(f)) {
        out.add(FieldMatch.masked(f, FieldValue.of(mi.value()), FieldValue.of(mi.mask())));
      }
    } else if (v instanceof Value.Str s) {
      if (scope.hasPort(s.value())) {
        out.add(FieldMatch.exact(f, FieldValue.name(s.value())));
      }
    } else if (v instanceof Value.AddressSet set) {
      for (IpPrefix p : scope.addressSet(set.name())) {
        if (!addPrefix(f, p, out)) {
          return false;
        }
      }
    } else if (v instanceof Value.PortGroup g) {
      for (String port : scope.portGroupMembers(g.name())) {
        out.add(FieldMatch.exact(f, FieldValue.name(port)));
      }
    } else {
      throw new IllegalArgumentException("sets do not nest: " + v);
    }
    return true;
  }

  private static boolean addPrefix(Field f, IpPrefix p, Set<FieldMatch> out) {
    if (p.version() != versionOf(f)) {
      return true;
    }
    if (p.length() == 0) {
      return false;
    }
    out.add(FlowMatches.prefix(f, p));
    return true;
  }

  private static int versionOf(Field f) {
    return f.kind() == Field.Kind.IPV6 ? 6 : 4;
  }
}
