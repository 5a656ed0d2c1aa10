package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.nv.model.match.Match;
import io.nv.model.match.MatchContext;
import io.nv.model.match.Matches;
import io.nv.model.match.Reference;
import io.nv.model.match.Value;
import io.nv.model.packet.Packet;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import io.nv.testkit.Shrinker;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Properties of the match language over the matches of {@link MatchGens} and packets. */
class MatchProperties {
  private static final MatchContext CTX = MatchGens.CONTEXT;

  /** A match and the text of a loose spelling of it. */
  record Spelling(Match match, String text) {}

  /** A match and packets to evaluate it on. */
  record OnPackets(Match match, ImmutableList<Packet> packets) {}

  /** Two leaves and packets to evaluate them on. */
  record Pair(Match a, Match b, ImmutableList<Packet> packets) {}

  /** Operands for {@link Matches#and} and {@link Matches#or}, and packets. */
  record Operands(ImmutableList<Match> operands, ImmutableList<Packet> packets) {}

  private static Gen<ImmutableList<Packet>> packets(int n) {
    return Gens.listOf(PacketGens.anyPackets(), n, n);
  }

  /**
   * Keeps just one of a value's packets, so that a counterexample shows the packet that fails
   * rather than {@code n} of them (choice shrinking cannot drop packets below the fixed count).
   */
  private static <T> Shrinker<T> onePacket(
      Function<T, ImmutableList<Packet>> packets, BiFunction<T, ImmutableList<Packet>, T> with) {
    return v -> {
      ImmutableList<Packet> ps = packets.apply(v);
      return ps.size() < 2
          ? Stream.empty()
          : ps.stream().map(p -> with.apply(v, ImmutableList.of(p)));
    };
  }

  @Test
  void printedMatchesParseBackToTheSameTree() {
    Property.forAll(MatchGens.matches(6))
        .tries(3000)
        .check(
            m -> {
              String text = m.toString();
              assertThat(Match.tryParse(text).get()).as(text).isEqualTo(m);
              assertThat(Match.parse(text).toString()).isEqualTo(text);
            });
  }

  @Test
  void messyTextParsesToTheSameTreeAsCanonicalText() {
    Gen<Spelling> spellings =
        (random, size) -> {
          Match m = MatchGens.matches(5).generate(random, size);
          return new Spelling(m, messy(m, random));
        };
    Property.forAll(spellings)
        .tries(2000)
        .check(s -> assertThat(Match.tryParse(s.text()).get()).as(s.text()).isEqualTo(s.match()));
  }

  @Test
  void referencesOfTheTreeAgreeWithReferencesFoundInItsText() {
    Property.forAll(MatchGens.matches(5))
        .tries(2000)
        .check(
            m -> {
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
    Property.forAll(Gens.zip(MatchGens.matches(5), packets(25), OnPackets::new))
        .tries(2000)
        .maxShrinkSteps(4000) // half for the choices, half for onePacket
        .shrinkWith(onePacket(OnPackets::packets, (o, ps) -> new OnPackets(o.match(), ps)))
        .check(
            o -> {
              for (Packet p : o.packets()) {
                assertThat(o.match().matches(p, CTX))
                    .as("%s on %s", o.match(), p)
                    .isEqualTo(OvnExpansion.matches(o.match(), p, CTX));
              }
            });
  }

  @Test
  void generatedMatchesHitAndMissPackets() {
    // Guards the properties above against generators that only ever produce false.
    int hits = 0;
    int misses = 0;
    SplittableRandom r = new SplittableRandom(0x6e76_6d61_7463_6800L);
    Gen<Match> matches = MatchGens.matches(3);
    Gen<Packet> packets = PacketGens.anyPackets();
    for (int i = 0; i < 2000; i++) {
      Match m = matches.generate(r, 100);
      if (m.matches(packets.generate(r, 100), CTX)) {
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
    Property.forAll(Gens.zip(MatchGens.negatableLeaves(), packets(1), OnPackets::new))
        .tries(3000)
        .check(
            o -> {
              Match leaf = o.match();
              Packet p = o.packets().get(0);
              boolean prerequisite = true;
              if (leaf instanceof Match.Comparison c && c.field().prerequisite().isPresent()) {
                prerequisite = Matches.is(c.field().prerequisite().get()).matches(p);
              }
              assertThat(new Match.Not(leaf).matches(p, CTX))
                  .as("!(%s) on %s", leaf, p)
                  .isEqualTo(prerequisite && !leaf.matches(p, CTX));
            });
  }

  @Test
  void deMorganAndDoubleNegationHold() {
    Gen<Match> leaves = MatchGens.negatableLeaves();
    Property.forAll(Gens.zip(leaves, leaves, packets(10), Pair::new))
        .tries(2000)
        .maxShrinkSteps(4000) // half for the choices, half for onePacket
        .shrinkWith(onePacket(Pair::packets, (p, ps) -> new Pair(p.a(), p.b(), ps)))
        .check(
            pair -> {
              Match a = pair.a();
              Match b = pair.b();
              Match notAnd = new Match.Not(new Match.And(ImmutableList.of(a, b)));
              Match orNot = new Match.Or(ImmutableList.of(new Match.Not(a), new Match.Not(b)));
              Match notOr = new Match.Not(new Match.Or(ImmutableList.of(a, b)));
              Match andNot = new Match.And(ImmutableList.of(new Match.Not(a), new Match.Not(b)));
              for (Packet p : pair.packets()) {
                assertThat(notAnd.matches(p, CTX)).isEqualTo(orNot.matches(p, CTX));
                assertThat(notOr.matches(p, CTX)).isEqualTo(andNot.matches(p, CTX));
                assertThat(new Match.Not(new Match.Not(a)).matches(p, CTX))
                    .isEqualTo(a.matches(p, CTX));
              }
            });
  }

  @Test
  void smartConstructorsKeepTheMeaning() {
    Gen<Match> operand =
        Gens.frequency(
            Gens.weighted(5, MatchGens.matches(3)), Gens.weighted(1, Gens.constant(Matches.FALSE)));
    Property.forAll(Gens.zip(Gens.listOf(operand, 0, 4), packets(10), Operands::new))
        .tries(2000)
        .maxShrinkSteps(4000) // half for the choices, half for onePacket
        .shrinkWith(onePacket(Operands::packets, (o, ps) -> new Operands(o.operands(), ps)))
        .check(
            o -> {
              List<Match> ms = o.operands();
              Match and = Matches.and(ms);
              Match or = Matches.or(ms);
              for (Packet p : o.packets()) {
                assertThat(and.matches(p, CTX))
                    .isEqualTo(ms.stream().allMatch(m -> m.matches(p, CTX)));
                assertThat(or.matches(p, CTX))
                    .isEqualTo(ms.stream().anyMatch(m -> m.matches(p, CTX)));
              }
            });
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
      sb.append(coin(r) ? "1" : "0x1");
    } else if (m instanceof Match.Not n) {
      if (n.operand() instanceof Match.True && coin(r)) {
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
        boolean group = o instanceof Match.And || o instanceof Match.Or || below(r, 4) == 3;
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
          sb.append(coin(r) ? "," : "").append(coin(r) ? "\t" : " ");
        }
        value(set.values().get(i), r, sb);
      }
      sb.append(coin(r) ? "," : "").append(space(r)).append('}');
    } else if (v instanceof Value.Int i && coin(r)) {
      sb.append("0X").append(Long.toHexString(i.value()).toUpperCase(java.util.Locale.ROOT));
    } else if (v instanceof Value.Ip ip && ip.prefix().version() == 4 && coin(r)) {
      int len = ip.prefix().length();
      int mask = len == 0 ? 0 : -1 << (32 - len);
      sb.append(ip.prefix().network()).append('/').append(io.nv.model.addr.Ipv4Address.of(mask));
    } else {
      sb.append(v);
    }
  }

  private static String space(RandomGenerator r) {
    return switch (below(r, 6)) {
      case 0, 1 -> "";
      case 2 -> "  ";
      case 3 -> "\t";
      case 4 -> "\n ";
      default -> " ";
    };
  }

  /** A draw of {@code 0..n-1} that shrinks toward 0, as {@link Gens#integers} does. */
  private static int below(RandomGenerator r, int n) {
    return Gens.integers(0, n - 1).generate(r, 0);
  }

  private static boolean coin(RandomGenerator r) {
    return below(r, 2) == 1;
  }
}
