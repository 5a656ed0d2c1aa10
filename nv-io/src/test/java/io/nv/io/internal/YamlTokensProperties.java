package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.DocumentErrorCode;
import io.nv.io.Format;
import io.nv.io.LocatedError;
import io.nv.io.TopologyDocuments;
import io.nv.io.internal.TreeReader.Tree;
import io.nv.model.workload.OvnLike;
import io.nv.testkit.Gen;
import io.nv.testkit.Property;
import io.vavr.control.Either;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The event reader ({@link YamlTokens}) reads YAML as Jackson's YAML parser did ({@link
 * JacksonYamlTokens}, the reference): the same tree, scalar types, integer values, locations and
 * problems, or the same syntax error, on generated documents of every YAML style, mangled ones,
 * and a scalar of every YAML 1.1 type in every style and tag. Two differences are deliberate and
 * checked on their own ({@code YamlTokensTest}): a key that is a collection or an alias, and an
 * {@code !!int} that is no integer. Replay a failure with {@code -Dnv.seed=<seed>}.
 */
class YamlTokensProperties {
  /** Plain scalars of every type YAML 1.1 resolves, and near misses. */
  static final String[] SCALARS = {
    "web1", "t", "ls0-p1", "10.0.0.1", "10.0.0.0/24", "0a:00:00:00:00:01", "00:00:00:00:00:01",
    "1:30", "1:30.5", "190:20:30", "-1:30", "0x1F", "0x_1f", "-0x1F", "0b101", "0b1_0", "+0b1",
    "017", "0_17", "08", "0o17", "1_000", "+12", "-12", "-0", "+0", "0", "00", "-", "+", "1e5",
    "1.5e+3", "1.5E-3", ".5", "1.", "1_2.3_4", "1.2.3", ".inf", "-.Inf", "+.INF", ".NaN", ".nan",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-1-1T1:00:00Z",
    "yes", "Yes", "No", "NO", "TRUE", "True", "false", "off", "On", "y", "Y", "n", "N", "yEs",
    "null", "Null", "NULL", "nUll", "~", "<<", "=", "true1", "falsey", "nulls", "on-off", "ip4 && tcp.dst == 80",
    "allow-related", "é", "12345678901234567890123", "123456789012345678", "9223372036854775808",
    "0x7fffffffffffffffff", "0.0.0.0", "1.2", "192.168.0.1", "a:b", "1:2:3:4", "0:0", "1_", "_1",
    "0b", "0x", "0b2", "09", "1:60", "1:5a", "1 2", "80", "1000", "-.5", "+.5e1", "3:25:45.1"
  };

  private static final String ALPHABET = "0123456789-+._:eExbaBfFtTZn/ ~yo";

  private static final String[] TAGS = {
    "", "", "", "", "!!str ", "!!float ", "!!bool ", "!!null ", "! ", "!local ",
    "!<tag:yaml.org,2002:str> ", "!!timestamp ", "!!str,x "
  };

  /** Integers every YAML reading agrees on, and text that is plainly none. */
  private static final String[] INTEGERS = {
    "7", "-7", "+7", "0", "-0", "0x1F", "0X1F", "-0x1f", "0b101", "0B11", "017", "0_17", "1_000",
    "123456789012345678901234567890", "0x123456789abcdef0123", "0b1111111111111111111111111111111111",
    "abc", "1e5", "1.5", "x1"
  };

  private static final String[] BINARY = {"aGVsbG8=", "aGVs\n bG8=", "", "!!!", "aGVsbG8"};

  private static final String[] INSERTS = {
    "\"", "'", "\n...\n", "\n---\n", "%YAML 1.1\n", "\t", "\n- x\n", "#", " # c\n", " |\n", " >\n",
    "[", "{", "]", "}", "&a ", "*a ", "*b ", "\n\n", ": ", "- ", "  ", "\n", "? ", "!!float ", "!t ",
    "!!binary ", "\"a\nb\"", "\\", "\u0085", "\r", ",", "@", "`"
  };

  @Test
  void generatedDocumentsReadAsJacksonReadThem() {
    readAlike(documents(false));
  }

  @Test
  void mangledDocumentsReadAsJacksonReadThem() {
    readAlike(documents(true));
  }

  private static void readAlike(Gen<String> documents) {
    Set<String> outcomes = new java.util.TreeSet<>();
    Property.forAll(documents).tries(3000).check(text -> outcomes.add(sameReading(text)));
    // The documents reach trees with and without problems, and syntax errors.
    assertThat(outcomes).contains("tree", "tree with problems", "syntax error");
  }

  @Test
  void everyScalarInEveryStyleAndTagIsTypedAsJacksonTypedIt() {
    Set<Node.ScalarKind> kinds = EnumSet.noneOf(Node.ScalarKind.class);
    AtomicInteger integers = new AtomicInteger();
    for (String s : SCALARS) {
      for (String tag : TAGS) {
        for (String written : new String[] {s, "'" + s.replace("'", "''") + "'", "\"" + s + "\""}) {
          String text = "v: " + tag + written + "\nw: [" + tag + written + "]\n";
          sameReading(text);
          Either<LocatedError, Tree> t = events(text);
          if (t.isRight() && t.get().root() instanceof Node.Mapping m
              && m.fields().get("v") != null
              && m.fields().get("v").value() instanceof Node.Scalar sc) {
            kinds.add(sc.kind());
            integers.addAndGet(sc.integer() != null ? 1 : 0);
          }
        }
      }
      sameReading("v: |\n  " + s + "\n");
      sameReading("v: >-\n  " + s + "\n  " + s + "\n");
      sameReading("- " + s + "\n- [" + s + ", {" + s + ": " + s + "}]\n");
    }
    for (String i : INTEGERS) {
      sameReading("v: !!int " + i + "\n");
      sameReading("v: !!int '" + i + "'\n");
    }
    for (String b : BINARY) {
      sameReading("v: !!binary " + b + "\n");
      sameReading("v: !!binary |\n  " + b + "\n");
    }
    assertThat(kinds).containsExactlyInAnyOrder(Node.ScalarKind.values());
    assertThat(integers.get()).isGreaterThan(40);
  }

  @Test
  void randomPlainScalarsAreTypedAsJacksonTypedThem() {
    Gen<String> scalars = io.nv.testkit.Gens.strings(ALPHABET, 1, 10);
    Property.forAll(scalars).tries(5000).check(s -> sameReading("v: " + s + "\n"));
  }

  @Test
  void generatedTopologiesReadAsJacksonReadThem() {
    for (int[] s : new int[][] {{1, 1, 1}, {3, 4, 2}, {12, 10, 5}}) {
      String text = TopologyDocuments.write(OvnLike.topology(s[0], s[1], s[2]), Format.YAML);
      assertThat(sameReading(text)).isEqualTo("tree");
    }
    for (String name : new String[] {"three-tier", "two-tenants", "routing-nat", "routing-policy", "vl2-flat"}) {
      try {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/topologies/" + name + ".yaml"));
        assertThat(sameReading(text)).as(name).isEqualTo("tree");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void nestingTooDeepStopsBothAlike() {
    assertThat(sameReading("v: " + "[".repeat(150) + "]".repeat(150) + "\n")).isEqualTo("too deep");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      b.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    assertThat(sameReading(b.append("  ".repeat(120)).append("x\n").toString())).isEqualTo("too deep");
  }

  /** The event reader's reading of a text. */
  private static Either<LocatedError, Tree> events(String text) {
    return TreeReader.read(new YamlTokens(text), Format.YAML, LineIndex.of(text, true));
  }

  /** Checks that both readers read {@code text} alike; says what they read. */
  static String sameReading(String text) {
    Either<LocatedError, Tree> events = events(text);
    Either<LocatedError, Tree> jackson = JacksonYamlTokens.read(text);
    String shown = "\n----\n" + text + "\n----";
    if (jackson.isLeft()) {
      assertThat(events.isLeft()).as("the event reader reads what Jackson cannot: %s%s", jackson.getLeft(), shown).isTrue();
      LocatedError j = jackson.getLeft();
      LocatedError e = events.getLeft();
      assertThat(e.code()).as(shown).isEqualTo(j.code());
      String jm = j.error().message();
      if (jm.startsWith("not valid YAML: Expected a field name")) {
        // A key that is a collection or an alias: said differently, on purpose.
        assertThat(e.error().message()).as(shown).startsWith("not valid YAML: a key here is");
        return "key error";
      }
      if (jm.startsWith("not valid YAML: Malformed Number token")) {
        assertThat(e.error().message()).as(shown).startsWith("not valid YAML: malformed number");
        return "number error";
      }
      assertThat(e.error().message()).as(shown).isEqualTo(jm);
      assertThat(e.location()).as(shown).isEqualTo(j.location());
      return j.code() == DocumentErrorCode.TOO_DEEP ? "too deep" : "syntax error";
    }
    assertThat(events.isRight()).as("Jackson reads what the event reader cannot: %s%s", events.isLeft() ? events.getLeft() : "", shown).isTrue();
    assertThat(events.get().root()).as(shown).isEqualTo(jackson.get().root());
    assertThat(events.get().problems()).as(shown).isEqualTo(jackson.get().problems());
    return events.get().problems().isEmpty() ? "tree" : "tree with problems";
  }

  /** YAML documents: block and flow collections, scalars of every style and tag, anchors and aliases. */
  static Gen<String> documents(boolean mangled) {
    return (random, size) -> {
      StringBuilder b = new StringBuilder();
      switch (random.nextInt(8)) {
        case 0 -> b.append("---\n");
        case 1 -> b.append("# a comment\n");
        case 2 -> b.append("%YAML 1.1\n---\n");
        default -> { }
      }
      // An !!int that a mangling breaks is one of the deliberate differences: none in those.
      block(random, b, 0, 0, true, !mangled);
      switch (random.nextInt(10)) {
        case 0 -> b.append("...\n");
        case 1 -> b.append("---\nx: 1\n");
        case 2 -> b.append("---\n");
        default -> { }
      }
      if (mangled) {
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
          int pos = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
          if (random.nextInt(3) == 0 && pos < b.length()) {
            b.deleteCharAt(pos);
          } else {
            b.insert(pos, INSERTS[random.nextInt(INSERTS.length)]);
          }
        }
      }
      return b.toString();
    };
  }

  /** A block collection at {@code indent}: a mapping or a list. */
  private static void block(RandomGenerator r, StringBuilder b, int indent, int depth, boolean mapping, boolean ints) {
    int n = 1 + r.nextInt(4);
    String pad = " ".repeat(indent);
    for (int i = 0; i < n; i++) {
      b.append(pad);
      if (mapping) {
        b.append(key(r)).append(':');
      } else {
        b.append('-');
      }
      int kind = depth >= 4 ? 0 : r.nextInt(6);
      switch (kind) {
        case 1 -> {
          b.append('\n');
          block(r, b, indent + 2, depth + 1, true, ints);
        }
        case 2 -> {
          b.append('\n');
          block(r, b, indent + (mapping ? r.nextInt(2) * 2 : 2), depth + 1, false, ints);
        }
        case 3 -> {
          b.append(' ');
          flow(r, b, depth + 1, ints);
          b.append('\n');
        }
        case 4 -> {
          b.append(r.nextBoolean() ? " |" : " >-").append('\n');
          for (int l = 0; l < 1 + r.nextInt(2); l++) {
            b.append(pad).append("  ").append(SCALARS[r.nextInt(SCALARS.length)]).append('\n');
          }
        }
        default -> {
          b.append(' ').append(scalar(r, false, ints));
          if (r.nextInt(8) == 0) {
            b.append(" # note");
          }
          b.append('\n');
        }
      }
    }
  }

  /** A flow collection. */
  private static void flow(RandomGenerator r, StringBuilder b, int depth, boolean ints) {
    boolean mapping = r.nextBoolean();
    if (r.nextInt(6) == 0) {
      b.append(r.nextBoolean() ? "&a " : "!!seq ");
    }
    b.append(mapping ? '{' : '[');
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(", ");
      }
      if (mapping) {
        b.append(key(r)).append(": ");
      }
      if (depth < 6 && r.nextInt(4) == 0) {
        flow(r, b, depth + 1, ints);
      } else {
        b.append(scalar(r, true, ints));
      }
    }
    b.append(mapping ? '}' : ']');
  }

  private static String key(RandomGenerator r) {
    return switch (r.nextInt(14)) {
      case 0 -> "'k" + r.nextInt(3) + "'";
      case 1 -> "\"k" + r.nextInt(3) + "\"";
      case 2 -> "? [a]\n";
      case 3 -> "*a";
      case 4 -> "&a k" + r.nextInt(3);
      case 5 -> "1";
      default -> "k" + r.nextInt(4);
    };
  }

  private static String scalar(RandomGenerator r, boolean inFlow, boolean ints) {
    int anchor = r.nextInt(12);
    String prefix = anchor == 0 ? "&a " : anchor == 1 ? "&b " : "";
    if (r.nextInt(12) == 0) {
      return r.nextBoolean() ? "*a" : "*b";
    }
    String tag;
    String s;
    switch (r.nextInt(10)) {
      case 0 -> {
        tag = ints ? "!!int " : "!!float ";
        s = INTEGERS[r.nextInt(INTEGERS.length)];
      }
      case 1 -> {
        tag = "!!binary ";
        s = BINARY[r.nextInt(2)].replace("\n", "");
      }
      default -> {
        tag = TAGS[r.nextInt(TAGS.length)];
        s = SCALARS[r.nextInt(SCALARS.length)];
      }
    }
    String written =
        switch (r.nextInt(5)) {
          case 0 -> "'" + s.replace("'", "''") + "'";
          case 1 -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"")
              + (r.nextInt(4) == 0 && !tag.equals("!!int ") ? "\\t\\u00e9" : "") + "\"";
          default -> inFlow && s.contains(",") ? "'" + s + "'" : s;
        };
    return prefix + tag + written;
  }
}
