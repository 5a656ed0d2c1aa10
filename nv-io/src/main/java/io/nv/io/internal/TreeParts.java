package io.nv.io.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.io.internal.TreeReader.Tree;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.jspecify.annotations.Nullable;

/**
 * Reads a large YAML document in two parts at once: the parser runs on one core, and a cold JVM
 * spends most of a big document's read interpreting it, so a second core halves that.
 *
 * <p>The cut is at an entry of the top-level list the middle line of the text falls in (nearly
 * always {@code switches} or {@code bindings}): a line of exactly that list's indentation and
 * {@code "- "}.
 * The head is the text before the cut; the tail is the list's key line ({@code "switches:"}) and
 * the text from the cut on. Each is read on its own ({@link TreeReader#readPart}), and the list's
 * entries of both are joined. The result is the tree {@link TreeReader#readWhole} makes (mapping
 * serials aside: the tail numbers its mappings from {@link #TAIL_SERIALS}), and it is used only
 * when the cut cannot change what the text means:
 *
 * <ul>
 *   <li>lines break with {@code '\n'} only, and the document has no directive ({@code %YAML});
 *   <li>the line before the cut is indented deeper than the list's entries (so it continues the
 *       entry before, and no document marker sits between);
 *   <li>the list's first entry has the cut's indentation, so the cut is one of its entries;
 *   <li>both parts are whole documents without problems: a quoted scalar, flow collection or
 *       block scalar still open at the cut leaves the head unfinished, and anything else wrong
 *       shows in one part or the other;
 *   <li>the head's last key is the list's, the tail's keys after it are not among the head's.
 * </ul>
 *
 * Otherwise (or for a part that fails in any way) {@link #read} gives null and the document is read
 * whole, which reports every problem exactly as before.
 *
 * <pre>{@code
 * LineIndex lines = LineIndex.of(text, true);
 * Tree t = TreeParts.read(lines);   // null: read it whole
 * }</pre>
 */
final class TreeParts {
  /** Shorter documents are read whole: a part costs more to start than it saves. */
  static final int MIN_CHARS = 1 << 17;

  /** The first mapping serial of a tail: above any head's. */
  static final int TAIL_SERIALS = 1 << 30;

  private TreeParts() {}

  /** Where to cut: the entry line's offset and line, and the list's key. */
  record Cut(int offset, int line, String key) {}

  /** The tree of {@code lines}' text read in two parts at once, or null to read it whole. */
  static @Nullable Tree read(LineIndex lines) {
    Cut cut = Runtime.getRuntime().availableProcessors() > 1 ? cut(lines) : null;
    if (cut == null) {
      return null;
    }
    String text = lines.text();
    String tail = cut.key() + ":\n" + text.substring(cut.offset());
    ForkJoinTask<@Nullable Tree> later =
        ForkJoinPool.commonPool().submit(() -> TreeReader.readPart(tail, lines, cut.line() - 2, TAIL_SERIALS));
    Tree head = TreeReader.readPart(text.substring(0, cut.offset()), lines, 0, 0);
    Tree rest = later.join();
    return head == null || rest == null ? null : join(head, rest, cut.key(), lines);
  }

  /** The cut for {@code lines}' text, or null when it has none that is safe. */
  static @Nullable Cut cut(LineIndex lines) {
    String text = lines.text();
    if (!lines.newlinesOnly() || startsWithDirective(text)) {
      return null;
    }
    // The top-level key whose value the middle line is in: the last line before it that starts at
    // column 0 with something other than a comment or a list entry. The middle line, not the
    // middle character: the parser's work goes with the tokens, about one key or entry a line, and
    // lines are of unequal length (ovn-like's bindings are a quarter of its lines and a fifth of
    // its characters; cut at the middle character of ovn-like(100, 50, 100), the tail took 71 ms
    // of the quick compiler's code against the head's 58, and at the middle line 55 against 55).
    int middle = Math.max(1, (lines.lineCount() + 1) / 2);
    int keyLine = middle;
    while (keyLine >= 1 && !isTopLevelKey(text, lines.lineStart(keyLine))) {
      keyLine--;
    }
    if (keyLine < 1) {
      return null;
    }
    String key = keyOf(text, lines.lineStart(keyLine));
    if (key == null) {
      return null;
    }
    // The list's first entry fixes its indentation.
    int first = keyLine + 1;
    while (first <= lines.lineCount() && indentOf(text, lines.lineStart(first)) < 0) {
      first++;
    }
    if (first > lines.lineCount()) {
      return null;
    }
    int indent = entryIndent(text, lines.lineStart(first));
    if (indent < 0) {
      return null;
    }
    for (int l = Math.max(middle, first + 1); l <= lines.lineCount(); l++) {
      int start = lines.lineStart(l);
      if (start >= text.length() || isTopLevelKey(text, start)) {
        return null; // the list ends before an entry starts
      }
      if (entryIndent(text, start) == indent && indentOf(text, lines.lineStart(l - 1)) > indent) {
        return new Cut(start, l, key);
      }
    }
    return null;
  }

  private static boolean startsWithDirective(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        return true;
      }
      if (c == '#' || c == '\n') {
        int nl = text.indexOf('\n', i);
        if (nl < 0) {
          return false;
        }
        i = nl + 1;
      } else {
        // Directives come before any content.
        return false;
      }
    }
    return false;
  }

  /** Whether the line at {@code start} begins with a character that starts a top-level key. */
  private static boolean isTopLevelKey(String text, int start) {
    if (start >= text.length()) {
      return false;
    }
    char c = text.charAt(start);
    return c != ' ' && c != '\t' && c != '#' && c != '-' && c != '\n';
  }

  /** The key of a line {@code key:} (a plain word, nothing after the colon but spaces), or null. */
  private static @Nullable String keyOf(String text, int start) {
    int end = lineEnd(text, start);
    int colon = start;
    while (colon < end && isWordChar(text.charAt(colon))) {
      colon++;
    }
    if (colon == start || colon >= end || text.charAt(colon) != ':' || !Character.isLetter(text.charAt(start))) {
      return null;
    }
    for (int i = colon + 1; i < end; i++) {
      if (text.charAt(i) != ' ') {
        return null;
      }
    }
    return text.substring(start, colon);
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  private static int lineEnd(String text, int start) {
    int nl = text.indexOf('\n', start);
    return nl < 0 ? text.length() : nl;
  }

  /** The indentation of a list entry line ({@code spaces "- " more}), or -1 for any other line. */
  private static int entryIndent(String text, int start) {
    int indent = indentOf(text, start);
    int i = start + indent;
    return indent >= 0 && i + 2 < text.length() && text.charAt(i) == '-' && text.charAt(i + 1) == ' '
            && text.charAt(i + 2) != ' ' && text.charAt(i + 2) != '\n'
        ? indent
        : -1;
  }

  /** The number of spaces the line at {@code start} begins with; -1 for a blank or comment line. */
  private static int indentOf(String text, int start) {
    int i = start;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '#' ? -1 : i - start;
  }

  /** The head's tree with the tail's entries of {@code key} and its later keys, or null. */
  private static @Nullable Tree join(Tree head, Tree tail, String key, LineIndex lines) {
    if (!(head.root() instanceof Node.Mapping h) || !(tail.root() instanceof Node.Mapping t)) {
      return null;
    }
    ImmutableList<Map.Entry<String, Node.Field>> hf = h.fields().entrySet().asList();
    ImmutableList<Map.Entry<String, Node.Field>> tf = t.fields().entrySet().asList();
    if (hf.isEmpty() || tf.isEmpty() || !hf.get(hf.size() - 1).getKey().equals(key) || !tf.get(0).getKey().equals(key)) {
      return null;
    }
    Node.Field last = hf.get(hf.size() - 1).getValue();
    if (!(last.value() instanceof Node.Sequence a) || !(tf.get(0).getValue().value() instanceof Node.Sequence b)) {
      return null;
    }
    ImmutableMap.Builder<String, Node.Field> fields = ImmutableMap.builderWithExpectedSize(hf.size() + tf.size() - 1);
    for (int i = 0; i < hf.size() - 1; i++) {
      fields.put(hf.get(i).getKey(), hf.get(i).getValue());
    }
    ImmutableList<Node> items = ImmutableList.<Node>builderWithExpectedSize(a.items().size() + b.items().size())
        .addAll(a.items()).addAll(b.items()).build();
    fields.put(key, new Node.Field(key, last.keyLocation(), new Node.Sequence(items, a.location())));
    for (int i = 1; i < tf.size(); i++) {
      if (h.fields().containsKey(tf.get(i).getKey())) {
        return null; // a duplicate key: reading it whole reports it
      }
      fields.put(tf.get(i).getKey(), tf.get(i).getValue());
    }
    return new Tree(new Node.Mapping(h.serial(), fields.buildOrThrow(), h.location()), ImmutableList.of(), lines);
  }
}
