package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.Format;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Characters of scalars parsed by the YAML and JSON readers, mapped back to the source. */
class ScalarSourceTest {

  /** The scalar {@code m} of a one-key document, with the source and where the scalar starts. */
  private record Parsed(String src, int start, Node.Scalar scalar) {
    int offset(int index) {
      return ScalarSource.offset(src, start, scalar.style(), scalar.text(), index);
    }
  }

  private static Parsed parse(String src, Format format) {
    TreeReader.Tree tree = TreeReader.read(src, format).get();
    Node.Scalar s = (Node.Scalar) value(Objects.requireNonNull(tree.root()), "m");
    return new Parsed(src, tree.lines().offset(s.location()), s);
  }

  private static Node value(Node mapping, String key) {
    return Objects.requireNonNull(((Node.Mapping) mapping).fields().get(key)).value();
  }

  /**
   * Every non-blank character of the text maps to where it is written: the same character, or the
   * backslash (or doubled quote) that writes it; in order.
   */
  private static void mapsEveryCharacter(Parsed p) {
    String text = p.scalar().text();
    int previous = -1;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == ' ' || c == '\n' || c == '\t') {
        continue;
      }
      int off = p.offset(k);
      assertThat(off).as("%s at %d of %s", c, k, p.src()).isGreaterThanOrEqualTo(previous);
      char written = p.src().charAt(off);
      // Only one escape writes two characters (a surrogate pair, \U0001F600).
      assertThat(off > previous || written == '\\').as("%d of %s", k, p.src()).isTrue();
      assertThat(written == c || written == '\\' || (c == '\'' && written == '\''))
          .as("'%s' at %d of %s maps to '%s'", c, k, p.src(), written)
          .isTrue();
      previous = off;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m: ip4.src == 10.0.0.1 && tcp.dst == 80\n",
        "m: \"ip4.src == 10.0.0.1\"\n",
        "m: 'ip4 && inport == \"web1\"'\n",
        "m: 'it''s ''quoted'''\n",
        "m: \"inport == \\\"web1\\\" && \\u0074cp.dst == \\x38\\x30\"\n",
        "m: \"tab\\there \\U0001F600 end\"\n",
        "m: \"folded\n  over\n\n  lines\"\n",
        "m: \"joined\\\n  here\"\n",
        "m: 'single\n  folded'\n",
        "m: plain\n  folded over\n  three lines\n",
        "m: |\n  ip4 &&\n    tcp.dst == 80\n",
        "m: |-\n  keep\n  lines\n",
        "m: >\n  folded\n  block\n\n  para\n",
        "m: |2\n    indented\n   less\n",
        "k:\n  m: |  # a comment\n    ip4\n",
        "{m: \"flow \\\"style\\\"\", x: 1}\n",
      })
  void mapsEveryCharacterOfYamlScalars(String src) {
    mapsEveryCharacter(src.startsWith("k:") ? nested(src) : parse(src, Format.YAML));
  }

  private static Parsed nested(String src) {
    TreeReader.Tree tree = TreeReader.read(src, Format.YAML).get();
    Node.Scalar s = (Node.Scalar) value(value(Objects.requireNonNull(tree.root()), "k"), "m");
    return new Parsed(src, tree.lines().offset(s.location()), s);
  }

  @Test
  void mapsEveryCharacterOfJsonStrings() {
    mapsEveryCharacter(
        parse(
            "{\"m\": \"outport == \\\"w\\u00e9b\\\" && ip6.src == \\/x \\ud83d\\ude00 \\\\ \\t1\"}",
            Format.JSON));
  }

  @Test
  void mapsRandomTextWrittenAsJsonWithAndWithoutEscapes() {
    long seed = Long.getLong("nv.seed", new SplittableRandom().nextLong());
    SplittableRandom r = new SplittableRandom(seed);
    String[] alphabet = {
      "a",
      "b",
      "9",
      " ",
      "=",
      "&",
      "$",
      "@",
      "\"",
      "\\",
      "/",
      "\t",
      "\u00e9",
      "\u2028",
      "\uD83D\uDE00"
    };
    for (int i = 0; i < 1000; i++) {
      StringBuilder json = new StringBuilder("{\"m\": \"");
      int n = r.nextInt(30);
      for (int j = 0; j < n; j++) {
        String item = alphabet[r.nextInt(alphabet.length)];
        for (int ci = 0; ci < item.length(); ci++) {
          char c = item.charAt(ci);
          boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
          if (mustEscape || r.nextInt(3) == 0) {
            json.append(
                c == '"' || c == '\\' || c == '/'
                    ? "\\" + c
                    : c == '\t' ? "\\t" : String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
      json.append("\"}");
      try {
        mapsEveryCharacter(parse(json.toString(), Format.JSON));
      } catch (AssertionError e) {
        throw new AssertionError("replay with -Dnv.seed=" + seed + ": " + json, e);
      }
    }
  }

  @Test
  void pastTheEndIsJustAfterTheLastCharacter() {
    Parsed quoted = parse("m: \"tcp.dst ==\"\n", Format.YAML);
    assertThat(quoted.offset(quoted.scalar().text().length()))
        .isEqualTo("m: \"tcp.dst ==".length());
    Parsed block = parse("m: |\n  tcp.dst ==\n", Format.YAML);
    assertThat(block.offset(block.scalar().text().length()))
        .isEqualTo("m: |\n  tcp.dst ==".length());
  }

  @Test
  void textThatDoesNotMatchItsSourceHasNoOffset() {
    Parsed tagged = parse("m: !!str ip4\n", Format.YAML);
    assertThat(tagged.offset(0)).isEqualTo(-1);
    // Positions outside the text, or a start that is not the scalar's.
    Parsed p = parse("m: ip4\n", Format.YAML);
    assertThat(p.offset(-1)).isEqualTo(-1);
    assertThat(p.offset(4)).isEqualTo(-1);
    assertThat(ScalarSource.offset(p.src(), 0, Node.ScalarStyle.DOUBLE_QUOTED, "ip4", 0))
        .isEqualTo(-1);
    assertThat(ScalarSource.offset("m: \"ip\"", 3, Node.ScalarStyle.DOUBLE_QUOTED, "ip4", 2))
        .isEqualTo(-1);
    assertThat(ScalarSource.offset("m: \"\\q\"", 3, Node.ScalarStyle.DOUBLE_QUOTED, "q", 0))
        .isEqualTo(-1);
    assertThat(ScalarSource.offset("m: |", 3, Node.ScalarStyle.BLOCK, "x", 0)).isEqualTo(-1);
  }
}
