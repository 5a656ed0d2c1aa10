package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.io.Format;
import io.nv.io.TopologyDocuments;
import io.nv.io.internal.TreeReader.Tree;
import io.nv.model.workload.OvnLike;
import io.vavr.control.Either;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reading a document in two parts ({@link TreeParts}) gives the tree reading it whole gives, or
 * declines: on generated documents of many shapes, and on those documents mangled near the cut
 * (quotes, markers, directives, flow and block openers, tabs, other line breaks, lost characters).
 * Runs with a random seed; replay a failure with {@code -Dnv.seed=<seed>}.
 */
class TreePartsProperties {
  private static final long SEED = Long.getLong("nv.seed", new SplittableRandom().nextLong());

  private static final String[] INSERTS = {
    "\"", "'", "\n...\n", "\n---\n", "...\n", "---\n", "%YAML 1.1\n", "\t", "\n- x\n", "\n  - x\n",
    "\n    - x\n", "#", " # c\n", " |\n", " >\n", " [\n", " {\n", "[", "{", "]", "}", "&a ", "*a ",
    "\n\n", "\nswitches:\n", "\nbindings:\n", "\nrouters: []\n", "\nhosts:\n", "\u0085", "\r",
    "\u2028", ": ", "- ", "  ", "\n", "? ", "!t ", "\"a\nb\"", "'a\n\nb'", "\n  |\n    x\n"
  };

  @Test
  void generatedDocumentsReadInPartsAsWhole() {
    SplittableRandom r = new SplittableRandom(SEED);
    int cut = 0;
    for (int i = 0; i < 60; i++) {
      int switches = 1 + r.nextInt(12);
      int ports = 1 + r.nextInt(8);
      int hosts = 1 + r.nextInt(6);
      String text = TopologyDocuments.write(OvnLike.topology(switches, ports, hosts), Format.YAML);
      String what = "ovn-like(" + switches + ", " + ports + ", " + hosts + ") (run with -Dnv.seed=" + SEED + ")";
      cut += check(text, what) ? 1 : 0;
    }
    // Small ones may have their middle in a list of one entry (one router, one load balancer):
    // those are read whole; most are cut (42 to 56 of the 60, over 60 seeds).
    assertThat(cut).as("documents read in parts").isGreaterThan(30);
  }

  @Test
  void largeGeneratedDocumentsAreAlwaysCut() {
    int[][] sizes = {{30, 10, 5}, {100, 5, 3}, {5, 100, 20}, {60, 20, 60}};
    for (int[] s : sizes) {
      String text = TopologyDocuments.write(OvnLike.topology(s[0], s[1], s[2]), Format.YAML);
      assertThat(check(text, "ovn-like(" + s[0] + ", " + s[1] + ", " + s[2] + ")")).as(java.util.Arrays.toString(s)).isTrue();
    }
  }

  @Test
  void mangledDocumentsReadInPartsAsWholeOrNotInParts() {
    SplittableRandom r = new SplittableRandom(SEED);
    int cut = 0;
    int declined = 0;
    for (int i = 0; i < 400; i++) {
      String text = TopologyDocuments.write(OvnLike.topology(2 + r.nextInt(10), 1 + r.nextInt(6), 1 + r.nextInt(4)), Format.YAML);
      TreeParts.Cut at = TreeParts.cut(LineIndex.of(text, true));
      int around = at == null ? text.length() / 2 : at.offset();
      StringBuilder b = new StringBuilder(text);
      int edits = 1 + r.nextInt(3);
      StringBuilder how = new StringBuilder();
      for (int e = 0; e < edits; e++) {
        int pos = Math.max(0, Math.min(b.length(), around - 120 + r.nextInt(240)));
        if (r.nextInt(4) == 0 && pos < b.length()) {
          how.append(" delete@").append(pos);
          b.deleteCharAt(pos);
        } else {
          String ins = INSERTS[r.nextInt(INSERTS.length)];
          how.append(" insert@").append(pos).append('=').append(ins.replace("\n", "\\n"));
          b.insert(pos, ins);
        }
      }
      if (check(b.toString(), "edits" + how + " (run with -Dnv.seed=" + SEED + ")")) {
        cut++;
      } else {
        declined++;
      }
    }
    // Both outcomes happen, so both sides of the check ran: over 40 seeds, 34 to 67 of the 400
    // were cut (most mangled documents lose their cut, or are small), the rest read whole.
    assertThat(cut).as("mangled documents read in parts").isGreaterThan(15);
    assertThat(declined).as("mangled documents read whole").isGreaterThan(40);
  }

  @Test
  void smallAndOddDocumentsAreNotCut() {
    for (String text : new String[] {"", "a: 1\n", "- a\n- b\n", "a:\n  - x\n", "%YAML 1.1\n---\na:\n  - x\n  - y\n",
        "a:\r\n  - x\r\n  - y\r\n"}) {
      assertThat(TreeParts.read(LineIndex.of(text, true))).as(text).isNull();
    }
  }

  @Test
  void aDocumentMarkerBeforeAnEntryIsNotCutAround() {
    for (String marker : new String[] {"...", "---"}) {
      StringBuilder b = new StringBuilder("apiVersion: nv/v1\nitems:\n");
      for (int i = 0; i < 40; i++) {
        if (i == 20) {
          b.append(marker).append('\n');
        }
        b.append("  - id: e").append(i).append("\n    n: ").append(i).append('\n');
      }
      String text = b.toString();
      LineIndex lines = LineIndex.of(text, true);
      assertThat(TreeReader.readWhole(text, Format.YAML, lines).isLeft()).as(marker + " ends the document").isTrue();
      assertThat(TreeParts.read(lines)).as(marker).isNull();
    }
  }

  /** Whether the parts were read; when they were, their tree is the whole one. */
  private static boolean check(String text, String what) {
    LineIndex lines = LineIndex.of(text, true);
    Tree parts;
    Either<io.nv.io.LocatedError, Tree> whole;
    try {
      parts = TreeParts.read(lines);
      whole = TreeReader.readWhole(text, Format.YAML, lines);
    } catch (RuntimeException e) {
      fail(what + ": reading threw\n" + text, e);
      return false;
    }
    if (parts == null) {
      return false;
    }
    if (whole.isLeft() || !whole.get().problems().isEmpty()) {
      fail(what + ": the parts were read, but the whole document has problems: "
          + (whole.isLeft() ? whole.getLeft() : whole.get().problems()) + "\n" + text);
    }
    assertThat(parts.problems()).isEmpty();
    assertThat(normalized(parts.root())).as(what + "\n" + text).isEqualTo(normalized(whole.get().root()));
    return true;
  }

  /** {@code n} with its mappings numbered in document order: parts number theirs apart. */
  private static @org.jspecify.annotations.Nullable Node normalized(@org.jspecify.annotations.Nullable Node n) {
    return n == null ? null : renumber(n, new HashMap<>());
  }

  private static Node renumber(Node n, Map<Integer, Integer> serials) {
    if (n instanceof Node.Mapping m) {
      Integer before = serials.putIfAbsent(m.serial(), serials.size());
      assertThat(before).as("serial %d is used once", m.serial()).isNull();
      int serial = serials.get(m.serial());
      ImmutableMap.Builder<String, Node.Field> fields = ImmutableMap.builder();
      m.fields().forEach((k, f) -> fields.put(k, new Node.Field(k, f.keyLocation(), renumber(f.value(), serials))));
      return new Node.Mapping(serial, fields.buildOrThrow(), m.location());
    }
    if (n instanceof Node.Sequence s) {
      ImmutableList.Builder<Node> items = ImmutableList.builder();
      s.items().forEach(x -> items.add(renumber(x, serials)));
      return new Node.Sequence(items.build(), s.location());
    }
    return n;
  }
}
