package io.nv.model.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import io.nv.model.packet.Packet;
import io.nv.model.packet.PacketGenerators;
import io.nv.model.packet.SeededRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Properties of the match language over generated trees and packets, run by {@link SeededRuns}: a
 * failure names its seed, and {@code -Dnv.seed=SEED} replays just that case.
 */
class MatchProperties {
  private static final long BASE_SEED = 0x6e76_6d61_7463_6800L;

  static void forAll(int cases, LongConsumer property) {
    SeededRuns.forAll(cases, property);
  }

  @Test
  void printedMatchesParseBackToTheSameTree() {
    forAll(
        3000,
        seed -> {
          Match m = MatchGenerators.randomMatch(new SplittableRandom(seed), 6);
          String text = m.toString();
          assertThat(Match.tryParse(text).get()).as(text).isEqualTo(m);
          assertThat(Match.parse(text).toString()).isEqualTo(text);
        });
  }

  @Test
  void messyTextParsesToTheSameTreeAsCanonicalText() {
    forAll(
        2000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Match m = MatchGenerators.randomMatch(r, 5);
          String messy = messy(m, r);
          assertThat(Match.tryParse(messy).get()).as(messy).isEqualTo(m);
        });
  }

  @Test
  void referencesOfTheTreeAgreeWithReferencesFoundInItsText() {
    forAll(
        2000,
        seed -> {
          Match m = MatchGenerators.randomMatch(new SplittableRandom(seed), 5);
          String text = m.toString();
          ImmutableList<Reference> refs = m.references();
          assertThat(Match.referencesIn(text).get()).isEqualTo(refs);
          for (Reference ref : refs) {
            assertThat(text.substring(ref.column() - 1)).startsWith(ref.text());
          }
        });
  }

  @Test
  void evaluationAgreesWithOvnStyleExpansion() {
    forAll(
        2000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Match m = MatchGenerators.randomMatch(r, 5);
          for (int i = 0; i < 25; i++) {
            Packet p = PacketGenerators.randomPacket(r);
            assertThat(m.matches(p, MatchGenerators.CONTEXT))
                .as("%s on %s", m, p)
                .isEqualTo(OvnExpansion.matches(m, p, MatchGenerators.CONTEXT));
          }
        });
  }

  @Test
  void generatedMatchesHitAndMissPackets() {
    // Guards the two properties above against generators that only ever produce false.
    int hits = 0;
    int misses = 0;
    SplittableRandom r = new SplittableRandom(BASE_SEED);
    for (int i = 0; i < 2000; i++) {
      Match m = MatchGenerators.randomMatch(r, 3);
      if (m.matches(PacketGenerators.randomPacket(r), MatchGenerators.CONTEXT)) {
        hits++;
      } else {
        misses++;
      }
    }
    assertThat(hits).isGreaterThan(300);
    assertThat(misses).isGreaterThan(300);
  }

  @Test
  void negatedComparisonKeepsItsPrerequisite() {
    forAll(
        3000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Match leaf = MatchGenerators.randomLeaf(r, false);
          Packet p = PacketGenerators.randomPacket(r);
          boolean prerequisite = true;
          if (leaf instanceof Match.Comparison c && c.field().prerequisite().isPresent()) {
            prerequisite = Matches.is(c.field().prerequisite().get()).matches(p);
          }
          assertThat(new Match.Not(leaf).matches(p, MatchGenerators.CONTEXT))
              .as("!(%s) on %s", leaf, p)
              .isEqualTo(prerequisite && !leaf.matches(p, MatchGenerators.CONTEXT));
        });
  }

  @Test
  void deMorganAndDoubleNegationHold() {
    forAll(
        2000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          Match a = MatchGenerators.randomLeaf(r, false);
          Match b = MatchGenerators.randomLeaf(r, false);
          Match notAnd = new Match.Not(new Match.And(ImmutableList.of(a, b)));
          Match orNot = new Match.Or(ImmutableList.of(new Match.Not(a), new Match.Not(b)));
          Match notOr = new Match.Not(new Match.Or(ImmutableList.of(a, b)));
          Match andNot = new Match.And(ImmutableList.of(new Match.Not(a), new Match.Not(b)));
          for (int i = 0; i < 10; i++) {
            Packet p = PacketGenerators.randomPacket(r);
            MatchContext ctx = MatchGenerators.CONTEXT;
            assertThat(notAnd.matches(p, ctx)).isEqualTo(orNot.matches(p, ctx));
            assertThat(notOr.matches(p, ctx)).isEqualTo(andNot.matches(p, ctx));
            assertThat(new Match.Not(new Match.Not(a)).matches(p, ctx))
                .isEqualTo(a.matches(p, ctx));
          }
        });
  }

  @Test
  void smartConstructorsKeepTheMeaning() {
    forAll(
        2000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          List<Match> ms = new ArrayList<>();
          int n = r.nextInt(5);
          for (int i = 0; i < n; i++) {
            ms.add(r.nextInt(6) == 0 ? Matches.FALSE : MatchGenerators.randomMatch(r, 3));
          }
          Match and = Matches.and(ms);
          Match or = Matches.or(ms);
          for (int i = 0; i < 10; i++) {
            Packet p = PacketGenerators.randomPacket(r);
            MatchContext ctx = MatchGenerators.CONTEXT;
            assertThat(and.matches(p, ctx)).isEqualTo(ms.stream().allMatch(m -> m.matches(p, ctx)));
            assertThat(or.matches(p, ctx)).isEqualTo(ms.stream().anyMatch(m -> m.matches(p, ctx)));
          }
        });
  }

  @Test
  void aFailingPropertyNamesItsSeed() {
    try {
      forAll(1, seed -> fail("boom"));
    } catch (AssertionError e) {
      assertThat(e).hasMessageContaining("seed").hasMessageContaining("boom");
      return;
    }
    fail("forAll swallowed the failure");
  }

  /**
   * The match written loosely: random spacing (none, spaces, tabs, newlines), redundant parentheses
   * around operands, hexadecimal integers, dotted masks for prefixes, sets of one without braces
   * dropped, trailing commas in sets.
   */
  static String messy(Match m, RandomGenerator r) {
    StringBuilder sb = new StringBuilder();
    messy(m, r, sb);
    return space(r) + sb + space(r);
  }

  private static void messy(Match m, RandomGenerator r, StringBuilder sb) {
    if (m instanceof Match.True) {
      sb.append(r.nextBoolean() ? "1" : "0x1");
    } else if (m instanceof Match.Not n) {
      if (n.operand() instanceof Match.True && r.nextBoolean()) {
        sb.append('0');
        return;
      }
      sb.append('!').append(space(r)).append('(').append(space(r));
      messy(n.operand(), r, sb);
      sb.append(space(r)).append(')');
    } else if (m instanceof Match.Predicate p) {
      sb.append(p.field().symbol());
    } else if (m instanceof Match.Comparison c) {
      sb.append(c.field().symbol()).append(space(r)).append(c.relation().symbol()).append(space(r));
      value(c.value(), r, sb);
    } else {
      List<Match> ops = m instanceof Match.And a ? a.operands() : ((Match.Or) m).operands();
      String op = m instanceof Match.And ? "&&" : "||";
      for (int i = 0; i < ops.size(); i++) {
        if (i > 0) {
          sb.append(space(r)).append(op).append(space(r));
        }
        Match o = ops.get(i);
        boolean group = o instanceof Match.And || o instanceof Match.Or || r.nextInt(4) == 0;
        if (group) {
          sb.append('(').append(space(r));
        }
        messy(o, r, sb);
        if (group) {
          sb.append(space(r)).append(')');
        }
      }
    }
  }

  private static void value(Value v, RandomGenerator r, StringBuilder sb) {
    if (v instanceof Value.OneOf set) {
      sb.append('{').append(space(r));
      for (int i = 0; i < set.values().size(); i++) {
        if (i > 0) {
          sb.append(r.nextBoolean() ? "," : "").append(r.nextBoolean() ? " " : "\t");
        }
        value(set.values().get(i), r, sb);
      }
      sb.append(r.nextBoolean() ? "," : "").append(space(r)).append('}');
    } else if (v instanceof Value.Int i && r.nextBoolean()) {
      sb.append("0X").append(Long.toHexString(i.value()).toUpperCase(java.util.Locale.ROOT));
    } else if (v instanceof Value.Ip ip && ip.prefix().version() == 4 && r.nextBoolean()) {
      int len = ip.prefix().length();
      int mask = len == 0 ? 0 : -1 << (32 - len);
      sb.append(ip.prefix().network()).append('/').append(io.nv.model.addr.Ipv4Address.of(mask));
    } else {
      sb.append(v);
    }
  }

  private static String space(RandomGenerator r) {
    return switch (r.nextInt(6)) {
      case 0, 1 -> "";
      case 2 -> "  ";
      case 3 -> "\t";
      case 4 -> "\n ";
      default -> " ";
    };
  }
}
