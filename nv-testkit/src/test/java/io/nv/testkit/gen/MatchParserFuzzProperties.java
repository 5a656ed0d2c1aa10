package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.nv.model.match.Match;
import io.nv.model.match.MatchSyntaxError;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import io.vavr.control.Either;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the parser: whatever the text, {@link Match#tryParse} returns a match or a {@link
 * MatchSyntaxError} with a column inside the text, and never throws.
 */
class MatchParserFuzzProperties {
  private static final List<String> FRAGMENTS =
      List.of(
          "ip4",
          "ip6",
          "ip",
          "tcp",
          "udp",
          "icmp",
          "arp",
          "eth.bcast",
          "vlan.present",
          "tcp.dst",
          "ip4.src",
          "ip6.dst",
          "eth.src",
          "eth.type",
          "inport",
          "outport",
          "ip.proto",
          "ip.ttl",
          "tcp.flags",
          "vlan.vid",
          "arp.op",
          "icmp4.type",
          "==",
          "!=",
          "<",
          "<=",
          ">",
          ">=",
          "=",
          "&&",
          "||",
          "&",
          "|",
          "!",
          "(",
          ")",
          "{",
          "}",
          ",",
          " ",
          "  ",
          "\t",
          "\n",
          "0",
          "1",
          "80",
          "65535",
          "65536",
          "0x",
          "0x800",
          "0xfff/0xf",
          "10.0.0.1",
          "10.0.0.0/8",
          "10.0.0.1/8",
          "0.0.0.1/0.0.0.255",
          "255.255.255.255/",
          "2001:db8::1",
          "::",
          "fe80::/10",
          "::ffff:1.2.3.4",
          "0a:00:00:00:00:01",
          "01:00:00:00:00:00/01:00:00:00:00:00",
          "\"web1\"",
          "\"",
          "\"a\\\"b\"",
          "\"\\u00e9\"",
          "\"\\u12",
          "\\",
          "$web_ip4",
          "$",
          "@web",
          "@",
          "@1",
          "/",
          ":",
          ".",
          "#",
          "é",
          "\u0000",
          "\uffff",
          "\ud800",
          "99999999999999999999999");

  /** A fragment, then a space one time in three. */
  private static final Gen<String> TOKENS =
      Gens.zip(
          Gens.elements(FRAGMENTS),
          Gens.integers(0, 2),
          (fragment, space) -> space == 2 ? fragment + " " : fragment);

  /** Printable ASCII half of the time, any UTF-16 unit (lone surrogates included) otherwise. */
  private static final Gen<Character> CHARACTERS =
      Gens.oneOf(
          Gens.integers(0x20, 0x7e).map(i -> (char) i.intValue()),
          Gens.integers(0, 0xffff).map(i -> (char) i.intValue()));

  @Test
  void randomTokenSoupGivesAMatchOrATypedError() {
    Property.forAll(Gens.listOf(TOKENS, 0, 24).map(ts -> String.join("", ts)))
        .tries(50_000)
        .check(MatchParserFuzzProperties::check);
  }

  @Test
  void mutatedValidMatchesGiveAMatchOrATypedError() {
    Gen<String> mutated =
        (random, size) -> {
          String text = MatchGens.matches(4).generate(random, size).toString();
          int edits = 1 + below(random, 3);
          for (int i = 0; i < edits; i++) {
            text = mutate(text, random);
          }
          return text;
        };
    Property.forAll(mutated).tries(50_000).check(MatchParserFuzzProperties::check);
  }

  @Test
  void randomCharactersGiveAMatchOrATypedError() {
    Property.forAll(Gens.listOf(CHARACTERS, 0, 39).map(MatchParserFuzzProperties::join))
        .tries(10_000)
        .check(MatchParserFuzzProperties::check);
  }

  @Test
  void pathologicalInputsGiveTypedErrors() {
    for (String s :
        List.of(
            "(".repeat(10_000),
            "!".repeat(10_000),
            "!(".repeat(10_000),
            "{".repeat(10_000),
            "tcp.dst == " + "{".repeat(10_000),
            "(".repeat(10_000) + "1" + ")".repeat(10_000),
            "\"" + "\\".repeat(10_001),
            ")".repeat(10_000),
            "1" + " &&".repeat(10_000))) {
      assertThat(Match.tryParse(s).isLeft()).isTrue();
      check(s);
    }
    assertThat(Match.tryParse("1" + " && 1".repeat(10_000)).isRight()).isTrue();
  }

  /** Plain checks, AssertJ only on failure: this runs 110,000 times. */
  private static void check(String text) {
    Either<MatchSyntaxError, Match> result;
    try {
      result = Match.tryParse(text);
    } catch (Throwable t) {
      throw new AssertionError("tryParse threw on " + show(text), t);
    }
    if (result.isLeft()) {
      MatchSyntaxError e = result.getLeft();
      if (e.column() < 1
          || e.column() > text.length() + 1
          || e.message().isBlank()
          || e.expectedHint().isBlank()) {
        fail("bad error %s for %s", e, show(text));
      }
      if (!Match.referencesIn(text).swap().contains(e)) {
        fail("referencesIn disagrees with tryParse on %s", show(text));
      }
      if (text.hashCode() % 16 == 0) {
        assertThatThrownBy(() -> Match.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(e.message());
      }
    } else {
      Match m = result.get();
      String printed = m.toString();
      if (!Match.tryParse(printed).contains(m)) {
        fail("%s parsed to %s, which prints as %s and does not parse back", show(text), m, printed);
      }
      if (Match.referencesIn(text).get().size() != m.references().size()) {
        fail("references of %s differ from those of %s", show(text), printed);
      }
    }
  }

  private static String mutate(String s, RandomGenerator r) {
    if (s.isEmpty()) {
      return FRAGMENTS.get(below(r, FRAGMENTS.size()));
    }
    int i = below(r, s.length());
    return switch (below(r, 6)) {
      case 0 -> s.substring(0, i) + s.substring(i + 1);
      case 1 -> s.substring(0, i) + FRAGMENTS.get(below(r, FRAGMENTS.size())) + s.substring(i);
      case 2 -> s.substring(0, i) + (char) (0x20 + below(r, 0x5f)) + s.substring(i + 1);
      case 3 -> s.substring(0, i);
      case 4 -> {
        int j = i + below(r, s.length() - i);
        yield s.substring(0, j) + s.substring(i, j) + s.substring(j);
      }
      default -> {
        int j = below(r, s.length());
        char[] cs = s.toCharArray();
        char t = cs[i];
        cs[i] = cs[j];
        cs[j] = t;
        yield new String(cs);
      }
    };
  }

  private static String show(String text) {
    String t =
        text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + " chars)" : text;
    return "'" + t.replace("\n", "\\n") + "'";
  }

  /** A draw of {@code 0..n-1} that shrinks toward 0, as {@link Gens#integers} does. */
  private static int below(RandomGenerator r, int n) {
    return Gens.integers(0, n - 1).generate(r, 0);
  }

  private static String join(List<Character> cs) {
    StringBuilder sb = new StringBuilder(cs.size());
    cs.forEach(sb::append);
    return sb.toString();
  }
}
