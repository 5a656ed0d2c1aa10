package io.nv.testkit.gen;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.match.Field;
import io.nv.model.match.Match;
import io.nv.model.match.MatchContext;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Generators of valid match expressions. They build the raw {@link Match} records, so every shape
 * occurs (nested {@code And}s, double negation, sets of one value); draw constants from the pools
 * of {@link PacketGens#anyPackets()}, so that generated packets match them often; and refer only to
 * the address sets and port groups that {@link #CONTEXT} defines, with names that need escaping
 * among the port names.
 *
 * <pre>{@code
 * Property.forAll(MatchGens.matches())
 *     .check(m -> assertThat(Match.parse(m.toString())).isEqualTo(m));
 * }</pre>
 *
 * <p>Shrinking moves toward {@code 1} (the match {@link Match.True}), and a comparison toward the
 * first field with {@code ==} and the first constant of its pool.
 */
public final class MatchGens {
  /** Defines every {@code $set} and {@code @group} that the generated matches refer to. */
  public static final MatchContext CONTEXT =
      MatchContext.of(
          Map.of(
              "web_ip4", List.of(IpPrefix.parse("10.0.0.1/32"), IpPrefix.parse("10.0.1.0/24")),
              "db_ip4", List.of(IpPrefix.parse("192.168.1.1/32")),
              "empty", List.of(),
              "mixed", List.of(IpPrefix.parse("10.0.0.2/32"), IpPrefix.parse("2001:db8::/64")),
              "web_ip6", List.of(IpPrefix.parse("2001:db8::1/128"))),
          Map.of("web", List.of("web1", "web2"), "db", List.of("db1"), "none", List.of()));

  private static final List<String> V4_SETS = List.of("web_ip4", "db_ip4", "empty", "mixed");
  private static final List<String> V6_SETS = List.of("web_ip6", "mixed", "empty");
  private static final List<String> GROUPS = List.of("web", "db", "none");
  private static final List<String> ODD_NAMES = List.of("we\"b", "a\\b", "tab\there", "ünï", "");
  private static final List<Field> PREDICATES =
      Arrays.stream(Field.values()).filter(Field::isPredicate).toList();
  private static final List<Field> FIELDS =
      Arrays.stream(Field.values()).filter(f -> !f.isPredicate()).toList();
  private static final int DEEPEST = 6;

  private MatchGens() {}

  /**
   * Valid matches whose depth grows with the size: leaves at size 0, up to {@value #DEEPEST} levels
   * from size 100 on.
   */
  public static Gen<Match> matches() {
    return Gens.sized(size -> matches(1 + Math.min(DEEPEST - 1, size / 20)));
  }

  /**
   * Valid matches at most {@code maxDepth} levels deep: a leaf stands for one level, and each
   * {@code &&}, {@code ||} or {@code !} adds one.
   *
   * @throws IllegalArgumentException unless {@code 1 <= maxDepth <= Match.MAX_DEPTH}
   */
  public static Gen<Match> matches(int maxDepth) {
    if (maxDepth < 1 || maxDepth > Match.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "maxDepth is " + maxDepth + ": pass a depth from 1 to Match.MAX_DEPTH");
    }
    return (random, size) -> match(new PacketGens.Draw(random, size), maxDepth, true);
  }

  /**
   * Single comparisons, predicates and now and then {@code 1}, over every field, {@code inport} and
   * {@code outport} included.
   */
  public static Gen<Match> leaves() {
    return (random, size) -> leaf(new PacketGens.Draw(random, size), true);
  }

  /**
   * Leaves that may be negated: as {@link #leaves()}, without the nominal fields ({@code inport},
   * {@code outport}) that a {@code !} must not cover.
   */
  public static Gen<Match> negatableLeaves() {
    return (random, size) -> leaf(new PacketGens.Draw(random, size), false);
  }

  /**
   * Constants that type-check in a comparison of {@code field} by {@code relation}: single values,
   * masked values, prefixes, address sets, port groups and sets of them for {@code ==} and {@code
   * !=}, plain integers for the orderings.
   *
   * @throws IllegalArgumentException when {@code field} is a predicate, or does not allow {@code
   *     relation} (orderings need an ordered field, {@code !=} a field that is not nominal)
   */
  public static Gen<Value> values(Field field, Relation relation) {
    if (field.isPredicate()) {
      throw new IllegalArgumentException(
          field + " is a predicate and takes no value: use new Match.Predicate(field)");
    }
    if (relation.isOrdering() ? !field.isOrdered() : relation == Relation.NE && field.isNominal()) {
      throw new IllegalArgumentException(
          field
              + " does not allow "
              + relation
              + ": orderings need an ordered field, != a field that is not nominal");
    }
    return (random, size) -> value(new PacketGens.Draw(random, size), field, relation);
  }

  private static Match match(PacketGens.Draw d, int depth, boolean nominalAllowed) {
    if (depth <= 1 || d.between(0, 4) < 2) {
      return leaf(d, nominalAllowed);
    }
    int k = d.between(0, 9);
    if (k >= 8) {
      return new Match.Not(match(d, depth - 1, false));
    }
    int n = 2 + d.between(0, 2);
    ImmutableList.Builder<Match> ops = ImmutableList.builder();
    for (int i = 0; i < n; i++) {
      ops.add(match(d, depth - 1, nominalAllowed));
    }
    return k < 4 ? new Match.And(ops.build()) : new Match.Or(ops.build());
  }

  private static Match leaf(PacketGens.Draw d, boolean nominalAllowed) {
    int k = d.between(0, 19);
    if (k == 0) {
      return new Match.True();
    }
    if (k < 5) {
      return new Match.Predicate(d.pick(allowed(PREDICATES, nominalAllowed)));
    }
    Field f = d.pick(allowed(FIELDS, nominalAllowed));
    List<Relation> relations = new ArrayList<>(List.of(Relation.EQ));
    if (!f.isNominal()) {
      relations.add(Relation.NE);
    }
    if (f.isOrdered()) {
      relations.addAll(List.of(Relation.LT, Relation.LE, Relation.GT, Relation.GE));
    }
    Relation rel = d.pick(relations);
    return new Match.Comparison(f, rel, value(d, f, rel));
  }

  private static List<Field> allowed(List<Field> fields, boolean nominalAllowed) {
    return nominalAllowed ? fields : fields.stream().filter(f -> !f.isNominal()).toList();
  }

  private static Value value(PacketGens.Draw d, Field field, Relation relation) {
    if (relation.isOrdering()) {
      return new Value.Int(integer(d, field));
    }
    if (d.between(0, 3) != 3) {
      return single(d, field);
    }
    int n = 1 + d.between(0, 2);
    ImmutableList.Builder<Value> values = ImmutableList.builder();
    for (int i = 0; i < n; i++) {
      values.add(single(d, field));
    }
    return new Value.OneOf(values.build());
  }

  private static Value single(PacketGens.Draw d, Field field) {
    return switch (field.type()) {
      case STRING ->
          d.between(0, 2) == 2
              ? new Value.PortGroup(d.pick(GROUPS))
              : new Value.Str(
                  d.between(0, 7) == 7 ? d.pick(ODD_NAMES) : d.pick(PacketGens.PORT_NAMES));
      case INTEGER -> {
        long v = integer(d, field);
        if (!field.isNominal() && d.between(0, 4) == 4) {
          long mask =
              d.pick(List.of(0xff00L, 0x00ffL, 0xfL, 0x12L, field.maxValue())) & field.maxValue();
          yield new Value.MaskedInt(v & mask, mask);
        }
        yield new Value.Int(v);
      }
      case MAC -> {
        MacAddress mac = d.pick(PacketGens.MACS);
        if (d.between(0, 4) == 4) {
          MacAddress mask =
              d.pick(
                  List.of(
                      MacAddress.parse("01:00:00:00:00:00"),
                      MacAddress.parse("ff:ff:ff:00:00:00")));
          yield new Value.MaskedMac(MacAddress.of(mac.bits() & mask.bits()), mask);
        }
        yield new Value.Mac(mac);
      }
      case IPV4 ->
          address(d, d.pick(PacketGens.IP4S), V4_SETS, List.of("0.0.0.255", "255.0.255.0"));
      case IPV6 -> address(d, d.pick(PacketGens.IP6S), V6_SETS, List.of("::ffff", "ffff::ffff"));
      case BOOLEAN -> throw new IllegalStateException(field + " is a predicate");
    };
  }

  private static Value address(
      PacketGens.Draw d, IpAddress a, List<String> sets, List<String> masks) {
    int k = d.between(0, 7);
    if (k < 3) {
      return Value.of(a);
    }
    if (k < 5) {
      return Value.of(IpPrefix.of(a, d.between(0, a.bitLength())));
    }
    if (k < 6) {
      IpAddress mask = IpAddress.parse(d.pick(masks));
      return new Value.MaskedIp(and(a, mask), mask);
    }
    return new Value.AddressSet(d.pick(sets));
  }

  private static IpAddress and(IpAddress a, IpAddress mask) {
    if (a instanceof Ipv4Address v4) {
      return Ipv4Address.of(v4.bits() & ((Ipv4Address) mask).bits());
    }
    Ipv6Address v6 = (Ipv6Address) a;
    Ipv6Address m = (Ipv6Address) mask;
    return Ipv6Address.of(v6.high() & m.high(), v6.low() & m.low());
  }

  private static long integer(PacketGens.Draw d, Field f) {
    List<Long> pool =
        switch (f) {
          case ETH_TYPE -> List.of(0x800L, 0x806L, 0x86ddL, 0x88ccL);
          case IP_PROTO -> List.of(6L, 1L, 17L, 47L, 58L);
          case IP_TTL -> List.of(64L, 0L, 1L, 255L);
          case IP_DSCP -> List.of(0L, 10L, 46L, 63L);
          case IP_ECN, ARP_OP -> List.of(0L, 1L, 2L, 3L);
          case VLAN_VID -> List.of(0L, 1L, 100L, 4095L);
          case VLAN_PCP -> List.of(0L, 3L, 7L);
          case TCP_FLAGS -> List.of(0x2L, 0L, 0x12L, 0x10L, 0x4L, 0x11L);
          case ICMP4_TYPE, ICMP6_TYPE -> List.of(8L, 0L, 3L, 128L, 129L);
          case ICMP4_CODE, ICMP6_CODE -> List.of(0L, 1L);
          default -> PacketGens.L4_PORTS.stream().map(Integer::longValue).toList();
        };
    return d.pick(pool);
  }
}
