package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@link YamlScalars#resolve} answers what SnakeYAML's {@link Resolver} answers, for every text:
 * the words booleans and nulls are made of in every mix of cases, text made of the characters
 * numbers and timestamps are made of, and any text at all. Replay a failure with {@code
 * -Dnv.seed=<seed>}.
 */
class YamlScalarsProperties {
  private static final Resolver RESOLVER = new Resolver();

  private static Tag resolver(String s) {
    return RESOLVER.resolve(NodeId.scalar, s, true);
  }

  @Test
  void wordsInEveryCaseResolveAsTheResolverResolvesThem() {
    Set<Tag> tags = new HashSet<>();
    for (String w : new String[] {"y", "n", "t", "f", "o", "yes", "no", "true", "false", "on", "off", "null", "nul", "trues"}) {
      for (String v : cases(w)) {
        assertThat(YamlScalars.resolve(v)).as(v).isEqualTo(resolver(v));
        tags.add(resolver(v));
      }
    }
    assertThat(tags).containsExactlyInAnyOrder(Tag.BOOL, Tag.NULL, Tag.STR);
  }

  @Test
  void numberLikeTextResolvesAsTheResolverResolvesIt() {
    // The characters of integers, decimals and timestamps, and a few that are none of theirs.
    Gen<String> texts =
        Gens.oneOf(
            Gens.strings("0123456789-+._:", 1, 12),
            Gens.strings("0123456789-+._:eExXbBaAfFtTZziInNoO /\t~<", 1, 12),
            Gens.strings("0123456789-", 10, 10).map(s -> s.substring(0, 4) + "-" + s.substring(5, 7) + "-" + s.substring(8)),
            Gens.strings("0123456789:.", 1, 8).map(s -> "2001-12-14T" + s));
    Set<Tag> tags = new HashSet<>();
    Property.forAll(texts)
        .tries(20000)
        .check(
            s -> {
              assertThat(YamlScalars.resolve(s)).as(s).isEqualTo(resolver(s));
              tags.add(resolver(s));
            });
    assertThat(tags).contains(Tag.INT, Tag.FLOAT, Tag.TIMESTAMP, Tag.STR);
  }

  @Test
  void anyTextResolvesAsTheResolverResolvesIt() {
    Property.forAll(Gens.strings("ab<=~!&*yYnNtTfFoO0123456789.+-_:/ é\t", 0, 8))
        .tries(20000)
        .check(s -> assertThat(YamlScalars.resolve(s)).as(s).isEqualTo(resolver(s)));
  }

  @Test
  void integersHaveTheValuesTheirFormsSay() {
    String[][] cases = {
      {"0", "0"}, {"-0", "0"}, {"+7", "7"}, {"-7", "-7"}, {"1_000", "1000"}, {"0x1F", "31"},
      {"0X1f", "31"}, {"-0x_1F", "-31"}, {"0b101", "5"}, {"0B1_1", "3"}, {"017", "15"}, {"0_17", "15"},
      {"00", "0"}, {"123456789012345678901234567890", "123456789012345678901234567890"}
    };
    for (String[] c : cases) {
      assertThat(YamlScalars.isInteger(c[0])).as(c[0]).isTrue();
      assertThat(YamlScalars.integer(c[0])).as(c[0]).isEqualTo(new BigInteger(c[1]));
    }
    for (String no : new String[] {"", "+", "-", "0b", "0x", "0b2", "09", "0x-5", "1e5", "1.5", "1:30", "abc", "٣", "0x_"}) {
      assertThat(YamlScalars.isInteger(no)).as(no).isFalse();
    }
  }

  @Test
  void booleansAreJacksonsWords() {
    for (String t : new String[] {"y", "Y", "yes", "YeS", "on", "ON", "true", "tRUE"}) {
      assertThat(YamlScalars.bool(t)).as(t).isTrue();
    }
    for (String f : new String[] {"n", "N", "no", "nO", "off", "OfF", "false", "FALSE"}) {
      assertThat(YamlScalars.bool(f)).as(f).isFalse();
    }
    for (String x : new String[] {"", "t", "f", "yess", "nope", "o", "truth"}) {
      assertThat(YamlScalars.bool(x)).as(x).isNull();
    }
  }

  /** {@code w} in every mix of upper and lower case. */
  private static List<String> cases(String w) {
    List<String> out = new ArrayList<>();
    for (int mask = 0; mask < 1 << w.length(); mask++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < w.length(); i++) {
        char c = w.charAt(i);
        b.append((mask & (1 << i)) != 0 ? Character.toUpperCase(c) : c);
      }
      out.add(b.toString());
    }
    return out;
  }
}
