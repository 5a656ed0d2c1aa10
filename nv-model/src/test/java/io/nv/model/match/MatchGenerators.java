package io.nv.model.match;

import static io.nv.model.packet.PacketGenerators.pick;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.PacketGenerators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Random valid match trees for property tests, built with the raw records (so every shape occurs:
 * nested {@code And}s, double negation, sets of one value), with constants drawn from the pools of
 * {@link PacketGenerators} so that random packets match them often, and references only to the
 * names {@link #CONTEXT} defines. Plain functions of a {@link RandomGenerator}, ready to move into
 * nv-testkit as a {@code Gen<Match>}.
 */
public final class MatchGenerators {
  /** Defines every {@code $set} and {@code @group} the generated matches use. */
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

  private MatchGenerators() {}

  /** A random valid match at most {@code depth} levels deep (1..{@link Match#MAX_DEPTH}). */
  public static Match randomMatch(RandomGenerator r, int depth) {
    return match(r, depth, true);
  }

  /** A random comparison or predicate. */
  public static Match randomLeaf(RandomGenerator r, boolean nominalAllowed) {
    int k = r.nextInt(20);
    if (k == 0) {
      return new Match.True();
    }
    if (k < 5) {
      return new Match.Predicate(pick(r, allowed(PREDICATES, nominalAllowed)));
    }
    Field f = pick(r, allowed(FIELDS, nominalAllowed));
    List<Relation> relations = new ArrayList<>(List.of(Relation.EQ));
    if (!f.isNominal()) {
      relations.add(Relation.NE);
    }
    if (f.isOrdered()) {
      relations.addAll(List.of(Relation.LT, Relation.LE, Relation.GT, Relation.GE));
    }
    Relation rel = pick(r, relations);
    return new Match.Comparison(f, rel, randomValue(r, f, rel));
  }

  private static Match match(RandomGenerator r, int depth, boolean nominalAllowed) {
    if (depth <= 1 || r.nextInt(5) < 2) {
      return randomLeaf(r, nominalAllowed);
    }
    int k = r.nextInt(10);
    if (k < 2) {
      return new Match.Not(match(r, depth - 1, false));
    }
    int n = 2 + r.nextInt(3);
    ImmutableList.Builder<Match> ops = ImmutableList.builder();
    for (int i = 0; i < n; i++) {
      ops.add(match(r, depth - 1, nominalAllowed));
    }
    return k < 6 ? new Match.And(ops.build()) : new Match.Or(ops.build());
  }

  private static List<Field> allowed(List<Field> fields, boolean nominalAllowed) {
    return nominalAllowed ? fields : fields.stream().filter(f -> !f.isNominal()).toList();
  }

  /** A random value that type-checks against {@code field} and {@code relation}. */
  public static Value randomValue(RandomGenerator r, Field field, Relation relation) {
    if (relation.isOrdering()) {
      return new Value.Int(integer(r, field));
    }
    if (r.nextInt(4) != 0) {
      return single(r, field);
    }
    int n = 1 + r.nextInt(3);
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(single(r, field));
    }
    return new Value.OneOf(ImmutableList.copyOf(values));
  }

  private static Value single(RandomGenerator r, Field field) {
    return switch (field.type()) {
      case STRING ->
          r.nextInt(3) == 0
              ? new Value.PortGroup(pick(r, GROUPS))
              : new Value.Str(
                  r.nextInt(8) == 0 ? pick(r, ODD_NAMES) : pick(r, PacketGenerators.PORT_NAMES));
      case INTEGER -> {
        long v = integer(r, field);
        if (!field.isNominal() && r.nextInt(5) == 0) {
          long mask =
              pick(r, List.of(0xff00L, 0x00ffL, 0xfL, 0x12L, field.maxValue())) & field.maxValue();
          yield new Value.MaskedInt(v & mask, mask);
        }
        yield new Value.Int(v);
      }
      case MAC -> {
        MacAddress mac = pick(r, PacketGenerators.MACS);
        if (r.nextInt(5) == 0) {
          MacAddress mask =
              pick(
                  r,
                  List.of(
                      MacAddress.parse("01:00:00:00:00:00"),
                      MacAddress.parse("ff:ff:ff:00:00:00")));
          yield new Value.MaskedMac(MacAddress.of(mac.bits() & mask.bits()), mask);
        }
        yield new Value.Mac(mac);
      }
      case IPV4 ->
          address(r, pick(r, PacketGenerators.IP4S), V4_SETS, List.of("0.0.0.255", "255.0.255.0"));
      case IPV6 ->
          address(r, pick(r, PacketGenerators.IP6S), V6_SETS, List.of("::ffff", "ffff::ffff"));
      case BOOLEAN -> throw new IllegalArgumentException(field + " is a predicate");
    };
  }

  private static Value address(
      RandomGenerator r, IpAddress a, List<String> sets, List<String> masks) {
    int k = r.nextInt(8);
    if (k < 3) {
      return Value.of(a);
    }
    if (k < 5) {
      return Value.of(IpPrefix.of(a, r.nextInt(a.bitLength() + 1)));
    }
    if (k < 6) {
      IpAddress mask = IpAddress.parse(pick(r, masks));
      return new Value.MaskedIp(io.nv.model.match.internal.Bits.and(a, mask), mask);
    }
    return new Value.AddressSet(pick(r, sets));
  }

  private static long integer(RandomGenerator r, Field f) {
    List<Long> pool =
        switch (f) {
          case ETH_TYPE -> List.of(0x800L, 0x806L, 0x86ddL, 0x88ccL);
          case IP_PROTO -> List.of(1L, 6L, 17L, 47L, 58L);
          case IP_TTL -> List.of(0L, 1L, 64L, 255L);
          case IP_DSCP -> List.of(0L, 10L, 46L, 63L);
          case IP_ECN, ARP_OP -> List.of(0L, 1L, 2L, 3L);
          case VLAN_VID -> List.of(0L, 1L, 100L, 4095L);
          case VLAN_PCP -> List.of(0L, 3L, 7L);
          case TCP_FLAGS -> List.of(0L, 0x2L, 0x12L, 0x10L, 0x4L, 0x11L);
          case ICMP4_TYPE, ICMP6_TYPE -> List.of(0L, 3L, 8L, 128L, 129L);
          case ICMP4_CODE, ICMP6_CODE -> List.of(0L, 1L);
          default -> PacketGenerators.PORTS.stream().map(Integer::longValue).toList();
        };
    return pick(r, pool);
  }
}
