package io.nv.model.match;

import static io.nv.model.match.MatchProperties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.vavr.control.Either;
import java.util.List;
import java.util.SplittableRandom;
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

  @Test
  void randomTokenSoupGivesAMatchOrATypedError() {
    forAll(
        50_000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          StringBuilder sb = new StringBuilder();
          int n = r.nextInt(25);
          for (int i = 0; i < n; i++) {
            sb.append(FRAGMENTS.get(r.nextInt(FRAGMENTS.size())));
            if (r.nextInt(3) == 0) {
              sb.append(' ');
            }
          }
          check(sb.toString());
        });
  }

  @Test
  void mutatedValidMatchesGiveAMatchOrATypedError() {
    forAll(
        50_000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          String text = MatchGenerators.randomMatch(r, 4).toString();
          int edits = 1 + r.nextInt(3);
          for (int i = 0; i < edits; i++) {
            text = mutate(text, r);
          }
          check(text);
        });
  }

  @Test
  void randomCharactersGiveAMatchOrATypedError() {
    forAll(
        10_000,
        seed -> {
          SplittableRandom r = new SplittableRandom(seed);
          char[] cs = new char[r.nextInt(40)];
          for (int i = 0; i < cs.length; i++) {
            cs[i] = r.nextBoolean() ? (char) (0x20 + r.nextInt(0x5f)) : (char) r.nextInt(0x10000);
          }
          check(new String(cs));
        });
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

  private static String mutate(String s, SplittableRandom r) {
    if (s.isEmpty()) {
      return FRAGMENTS.get(r.nextInt(FRAGMENTS.size()));
    }
    int i = r.nextInt(s.length());
    return switch (r.nextInt(6)) {
      case 0 -> s.substring(0, i) + s.substring(i + 1);
      case 1 -> s.substring(0, i) + FRAGMENTS.get(r.nextInt(FRAGMENTS.size())) + s.substring(i);
      case 2 -> s.substring(0, i) + (char) (0x20 + r.nextInt(0x5f)) + s.substring(i + 1);
      case 3 -> s.substring(0, i);
      case 4 -> {
        int j = i + r.nextInt(s.length() - i);
        yield s.substring(0, j) + s.substring(i, j) + s.substring(j);
      }
      default -> {
        int j = r.nextInt(s.length());
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
}
