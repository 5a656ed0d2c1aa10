package io.nv.model.match.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.nv.model.addr.IpAddress;
import io.nv.model.match.Field;
import io.nv.model.match.Match;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rules every match tree obeys, shared by the AST's constructors (which throw) and the parser
 * (which reports a {@link io.nv.model.match.MatchSyntaxError} at the offending column).
 *
 * <pre>{@code
 * Checks.Problem p = Checks.check(Field.TCP_DST, Relation.EQ, Value.of(70000));
 * p.message();   // "70000 does not fit in tcp.dst (a 16-bit integer field)"
 * }</pre>
 */
public final class Checks {
  private Checks() {}

  /**
   * Which part of a comparison a problem is about.
   *
   * <pre>{@code
   * Checks.Part.RELATION;
   * }</pre>
   */
  public enum Part {
    /** The field. */
    FIELD,
    /** The operator. */
    RELATION,
    /** The value, or one element of a set. */
    VALUE
  }

  /**
   * A problem with a comparison.
   *
   * <pre>{@code
   * new Checks.Problem(Checks.Part.VALUE, 1, "70000 does not fit …", "a number from 0 to 65535");
   * }</pre>
   *
   * @param part what the problem is about
   * @param element the index of the offending set element, or -1 for the whole value
   * @param message what is wrong
   * @param hint what would be valid there
   */
  public record Problem(Part part, int element, String message, String hint) {}

  /** Checks an And/Or operand list: two or more, and the depth limit. */
  public static void operands(String kind, ImmutableList<Match> operands) {
    if (operands.size() < 2) {
      throw new IllegalArgumentException(
          kind
              + " needs two or more operands, got "
              + operands.size()
              + ": use Matches."
              + kind.toLowerCase(java.util.Locale.ROOT)
              + "(…), which accepts any number");
    }
    checkDepth(depth(operands));
  }

  /** 1 + the depth of the deepest operand. */
  public static int depth(List<Match> operands) {
    int d = 0;
    for (Match m : operands) {
      d = Math.max(d, m.depth());
    }
    return d + 1;
  }

  /** Checks that {@code operand} may be negated: no nominal test inside, depth within the limit. */
  public static void negatable(Match operand) {
    Optional<Field> nominal = nominalTest(operand);
    if (nominal.isPresent()) {
      throw new IllegalArgumentException(negationMessage(nominal.get()));
    }
    checkDepth(operand.depth() + 1);
  }

  /** Why a test of nominal {@code field} cannot be negated. */
  public static String negationMessage(Field field) {
    return field.isPredicate()
        ? "cannot negate the nominal predicate "
            + field
            + ": nv, like OVN, tests it only positively; keep "
            + field
            + " outside the '!', as in "
            + field
            + " && !(…)"
        : "cannot negate a test of the nominal field "
            + field
            + ": nv, like OVN, tests it only with == outside any '!'; list the values you want, as"
            + " in "
            + field
            + " == {…}";
  }

  private static void checkDepth(int depth) {
    if (depth > Match.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "match is "
              + depth
              + " levels deep; the limit is "
              + Match.MAX_DEPTH
              + ": build it with Matches.and/or, which flatten nested operands");
    }
  }

  /** Checks that {@code field} is a predicate. */
  public static void predicate(Field field) {
    if (!field.isPredicate()) {
      throw new IllegalArgumentException(
          field
              + " is a field, not a predicate: compare it with a value, as in Matches.eq("
              + field.name()
              + ", …)");
    }
  }

  /** Checks a comparison, throwing the {@link #check} problem if any. */
  public static void comparison(Field field, Relation relation, Value value) {
    Problem p = check(field, relation, value);
    if (p != null) {
      throw new IllegalArgumentException(p.message() + " (expected " + p.hint() + ")");
    }
  }

  /**
   * The first problem with comparing {@code field} by {@code relation} with {@code value}, if any.
   */
  public static @Nullable Problem check(Field field, Relation relation, Value value) {
    if (field.isPredicate()) {
      return new Problem(
          Part.FIELD,
          -1,
          field + " is a predicate: write it alone, without a comparison",
          field + (field.isNominal() ? "" : " or !" + field));
    }
    if (relation.isOrdering()) {
      if (!field.isOrdered()) {
        return new Problem(
            Part.RELATION,
            -1,
            relation
                + " applies only to ordinal integer fields (vlan.vid, vlan.pcp, tcp.src, tcp.dst,"
                + " tcp.flags, udp.src, udp.dst), not to "
                + describe(field),
            field.isNominal() ? "==" : "== or !=");
      }
      if (!(value instanceof Value.Int)) {
        return new Problem(
            Part.VALUE,
            -1,
            relation + " compares with a single number, not with " + describe(value),
            "a number from 0 to " + field.maxValue());
      }
    }
    if (relation == Relation.NE && field.isNominal()) {
      return new Problem(
          Part.RELATION,
          -1,
          field + " is nominal: nv, like OVN, tests it only with ==",
          "== with the values you want, as in " + field + " == {…}");
    }
    if (value instanceof Value.OneOf set) {
      for (int i = 0; i < set.values().size(); i++) {
        String m = element(field, set.values().get(i));
        if (m != null) {
          return new Problem(Part.VALUE, i, m, hint(field));
        }
      }
      return null;
    }
    String m = element(field, value);
    return m == null ? null : new Problem(Part.VALUE, -1, m, hint(field));
  }

  private static @Nullable String element(Field field, Value v) {
    if (field.type() == Field.Type.INTEGER) {
      if (v instanceof Value.Int i && i.value() > field.maxValue()) {
        return i.value() + " does not fit in " + describe(field);
      }
      if (v instanceof Value.MaskedInt && field.isNominal()) {
        return field + " is nominal and cannot be masked: compare it with whole values";
      }
      if (v instanceof Value.MaskedInt mi && mi.mask() > field.maxValue()) {
        return "mask 0x" + Long.toHexString(mi.mask()) + " does not fit in " + describe(field);
      }
    }
    int version = field.type() == Field.Type.IPV4 ? 4 : 6;
    boolean ok =
        switch (field.type()) {
          case STRING -> v instanceof Value.Str || v instanceof Value.PortGroup;
          case INTEGER -> v instanceof Value.Int || v instanceof Value.MaskedInt;
          case MAC -> v instanceof Value.Mac || v instanceof Value.MaskedMac;
          case IPV4, IPV6 ->
              v instanceof Value.AddressSet
                  || (v instanceof Value.Ip ip && ip.prefix().version() == version)
                  || (v instanceof Value.MaskedIp mi && mi.value().version() == version);
          case BOOLEAN -> false;
        };
    return ok ? null : describe(field) + " cannot be compared with " + describe(v);
  }

  /** Words for a field in messages, such as {@code "tcp.dst (a 16-bit integer field)"}. */
  public static String describe(Field field) {
    return switch (field.type()) {
      case STRING -> field + " (a logical port name)";
      case INTEGER -> field + " (a " + field.width() + "-bit integer field)";
      case MAC -> field + " (a MAC address field)";
      case IPV4 -> field + " (an IPv4 address field)";
      case IPV6 -> field + " (an IPv6 address field)";
      case BOOLEAN -> field + " (a predicate)";
    };
  }

  /** Words for a value in messages, such as {@code "the IPv4 address 10.0.0.1"}. */
  public static String describe(Value v) {
    if (v instanceof Value.Int) {
      return "the number " + v;
    } else if (v instanceof Value.MaskedInt) {
      return "the masked number " + v;
    } else if (v instanceof Value.Mac) {
      return "the MAC address " + v;
    } else if (v instanceof Value.MaskedMac) {
      return "the masked MAC address " + v;
    } else if (v instanceof Value.Ip ip) {
      IpAddress n = ip.prefix().network();
      boolean host = ip.prefix().length() == n.bitLength();
      return "the IPv" + n.version() + (host ? " address " : " prefix ") + v;
    } else if (v instanceof Value.MaskedIp mi) {
      return "the masked IPv" + mi.value().version() + " address " + v;
    } else if (v instanceof Value.Str) {
      return "the port name " + v;
    } else if (v instanceof Value.AddressSet) {
      return "the address set " + v;
    } else if (v instanceof Value.PortGroup) {
      return "the port group " + v;
    } else {
      return "a set of values";
    }
  }

  /** What {@code field} can be compared with, for hints. */
  public static String hint(Field field) {
    return switch (field.type()) {
      case STRING -> "a port name in double quotes, like \"web1\", or a port group, like @web";
      case INTEGER ->
          "a number from 0 to " + field.maxValue() + (field.width() == 16 ? ", like 80" : "");
      case MAC -> "a MAC address, like 0a:00:00:00:00:01";
      case IPV4 -> "an IPv4 address or prefix, like 10.0.0.0/8, or an address set, like $web_ip4";
      case IPV6 ->
          "an IPv6 address or prefix, like 2001:db8::/32, or an address set, like $web_ip6";
      case BOOLEAN -> "nothing: a predicate is written alone";
    };
  }

  /** The first nominal field or predicate tested in {@code m}, if any. */
  public static Optional<Field> nominalTest(Match m) {
    if (m instanceof Match.Comparison c) {
      return c.field().isNominal() ? Optional.of(c.field()) : Optional.empty();
    } else if (m instanceof Match.Predicate p) {
      return p.field().isNominal() ? Optional.of(p.field()) : Optional.empty();
    } else if (m instanceof Match.Not n) {
      return nominalTest(n.operand());
    } else if (m instanceof Match.And a) {
      return firstNominal(a.operands());
    } else if (m instanceof Match.Or o) {
      return firstNominal(o.operands());
    }
    return Optional.empty();
  }

  private static Optional<Field> firstNominal(List<Match> operands) {
    for (Match m : operands) {
      Optional<Field> f = nominalTest(m);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /** The fields and predicates {@code m} names, in first-use order. */
  public static ImmutableSet<Field> fields(Match m) {
    ImmutableSet.Builder<Field> b = ImmutableSet.builder();
    collectFields(m, b);
    return b.build();
  }

  private static void collectFields(Match m, ImmutableSet.Builder<Field> b) {
    if (m instanceof Match.Comparison c) {
      b.add(c.field());
    } else if (m instanceof Match.Predicate p) {
      b.add(p.field());
    } else if (m instanceof Match.Not n) {
      collectFields(n.operand(), b);
    } else if (m instanceof Match.And a) {
      a.operands().forEach(o -> collectFields(o, b));
    } else if (m instanceof Match.Or o) {
      o.operands().forEach(x -> collectFields(x, b));
    }
  }
}
