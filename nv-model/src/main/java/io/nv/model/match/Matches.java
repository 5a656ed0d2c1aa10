package io.nv.model.match;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.PortRange;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Smart constructors for matches, so rules read like sentences. {@link #and} and {@link #or}
 * flatten nested operands, drop neutral ones and collapse to {@link #TRUE} or {@link #FALSE} when
 * the answer is known; {@link #not} cancels double negation. The records of {@link Match} build
 * exactly the tree you write; these build a simpler equivalent.
 *
 * <pre>{@code
 * Match web = Matches.and(
 *     Matches.eq(Field.IP4_SRC, Value.addressSet("web_ip4")),
 *     Matches.eq(Field.TCP_DST, 8080));
 * web.toString();   // "ip4.src == $web_ip4 && tcp.dst == 8080"
 * Matches.and(Matches.outportGroup("db"), Matches.ip()).toString();   // "outport == @db && ip"
 * }</pre>
 */
public final class Matches {
  /** Every packet: {@code 1}. */
  public static final Match TRUE = new Match.True();

  /** No packet: {@code 0}. */
  public static final Match FALSE = new Match.Not(TRUE);

  private Matches() {}

  /** All of {@code operands}; {@link #TRUE} when there are none. */
  public static Match and(Match... operands) {
    return and(Arrays.asList(operands));
  }

  /** All of {@code operands}; {@link #TRUE} when there are none. */
  public static Match and(Iterable<? extends Match> operands) {
    Set<Match> flat = new LinkedHashSet<>();
    for (Match m : operands) {
      if (m.equals(FALSE)) {
        return FALSE;
      }
      if (m instanceof Match.And a) {
        flat.addAll(a.operands());
      } else if (!m.equals(TRUE)) {
        flat.add(m);
      }
    }
    return switch (flat.size()) {
      case 0 -> TRUE;
      case 1 -> flat.iterator().next();
      default -> new Match.And(ImmutableList.copyOf(flat));
    };
  }

  /** Any of {@code operands}; {@link #FALSE} when there are none. */
  public static Match or(Match... operands) {
    return or(Arrays.asList(operands));
  }

  /** Any of {@code operands}; {@link #FALSE} when there are none. */
  public static Match or(Iterable<? extends Match> operands) {
    Set<Match> flat = new LinkedHashSet<>();
    for (Match m : operands) {
      if (m.equals(TRUE)) {
        return TRUE;
      }
      if (m instanceof Match.Or o) {
        flat.addAll(o.operands());
      } else if (!m.equals(FALSE)) {
        flat.add(m);
      }
    }
    return switch (flat.size()) {
      case 0 -> FALSE;
      case 1 -> flat.iterator().next();
      default -> new Match.Or(ImmutableList.copyOf(flat));
    };
  }

  /**
   * The negation of {@code m}, OVN style (see {@link Match.Not}); {@code not(not(m))} is {@code m}.
   *
   * @throws IllegalArgumentException when {@code m} tests a nominal field or predicate
   */
  public static Match not(Match m) {
    if (m instanceof Match.Not n) {
      return n.operand();
    }
    return new Match.Not(m);
  }

  /** The predicate {@code field} alone, such as {@code tcp}. */
  public static Match is(Field predicate) {
    return new Match.Predicate(predicate);
  }

  /** {@code field relation value}. */
  public static Match compare(Field field, Relation relation, Value value) {
    return new Match.Comparison(field, relation, value);
  }

  /** {@code field == value}; a {@link Value.OneOf} matches any of its values. */
  public static Match eq(Field field, Value value) {
    return compare(field, Relation.EQ, value);
  }

  /** {@code field == value} for an integer field. */
  public static Match eq(Field field, long value) {
    return eq(field, Value.of(value));
  }

  /** {@code field != value}; a {@link Value.OneOf} matches none of its values. */
  public static Match ne(Field field, Value value) {
    return compare(field, Relation.NE, value);
  }

  /** {@code field != value} for an integer field. */
  public static Match ne(Field field, long value) {
    return ne(field, Value.of(value));
  }

  /** {@code field < value}. */
  public static Match lt(Field field, long value) {
    return compare(field, Relation.LT, Value.of(value));
  }

  /** {@code field <= value}. */
  public static Match le(Field field, long value) {
    return compare(field, Relation.LE, Value.of(value));
  }

  /** {@code field > value}. */
  public static Match gt(Field field, long value) {
    return compare(field, Relation.GT, Value.of(value));
  }

  /** {@code field >= value}. */
  public static Match ge(Field field, long value) {
    return compare(field, Relation.GE, Value.of(value));
  }

  /**
   * A port field within {@code range}: {@code tcp.dst == 80} for one port, {@code tcp.dst >= 8000
   * && tcp.dst <= 8080} for several, and the field's prerequisite for all of them.
   */
  public static Match inRange(Field field, PortRange range) {
    if (range.isSingle()) {
      return eq(field, range.low());
    }
    if (range.equals(PortRange.ALL)) {
      return is(
          field
              .prerequisite()
              .orElseThrow(() -> new IllegalArgumentException(field + " has no prerequisite")));
    }
    return and(ge(field, range.low()), le(field, range.high()));
  }

  /** {@code inport == "port"}. */
  public static Match inport(String port) {
    return eq(Field.INPORT, Value.port(port));
  }

  /** {@code outport == "port"}. */
  public static Match outport(String port) {
    return eq(Field.OUTPORT, Value.port(port));
  }

  /** {@code inport == @group}. */
  public static Match inportGroup(String group) {
    return eq(Field.INPORT, Value.portGroup(group));
  }

  /** {@code outport == @group}. */
  public static Match outportGroup(String group) {
    return eq(Field.OUTPORT, Value.portGroup(group));
  }

  /** {@code ip4.src == prefix} or {@code ip6.src == prefix}, by the prefix's version. */
  public static Match ipSrc(IpPrefix prefix) {
    return eq(prefix.version() == 4 ? Field.IP4_SRC : Field.IP6_SRC, Value.of(prefix));
  }

  /** {@code ip4.dst == prefix} or {@code ip6.dst == prefix}, by the prefix's version. */
  public static Match ipDst(IpPrefix prefix) {
    return eq(prefix.version() == 4 ? Field.IP4_DST : Field.IP6_DST, Value.of(prefix));
  }

  /** {@code ip4.src == address} or {@code ip6.src == address}. */
  public static Match ipSrc(IpAddress address) {
    return ipSrc(IpPrefix.host(address));
  }

  /** {@code ip4.dst == address} or {@code ip6.dst == address}. */
  public static Match ipDst(IpAddress address) {
    return ipDst(IpPrefix.host(address));
  }

  /** {@code ip}. */
  public static Match ip() {
    return is(Field.IP);
  }

  /** {@code ip4}. */
  public static Match ip4() {
    return is(Field.IP4);
  }

  /** {@code ip6}. */
  public static Match ip6() {
    return is(Field.IP6);
  }

  /** {@code arp}. */
  public static Match arp() {
    return is(Field.ARP);
  }

  /** {@code tcp}. */
  public static Match tcp() {
    return is(Field.TCP);
  }

  /** {@code udp}. */
  public static Match udp() {
    return is(Field.UDP);
  }

  /** {@code icmp}: ICMP over IPv4 or ICMPv6 over IPv6. */
  public static Match icmp() {
    return is(Field.ICMP);
  }
}
