package io.nv.io.internal;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import io.nv.io.Location;
import io.nv.model.ModelPath;
import io.nv.model.validate.ModelError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where each element of a topology read from a document was written: maps a {@link ModelError}'s
 * path and field ({@code mac}, {@code ips[1]}, {@code acls[0].match}) to the line and column of the
 * value, so validation errors point into the document.
 *
 * <pre>{@code
 * SourceMap map = TopologyReader.read(tree).sourceMap();
 * map.resolve(error, 0).map(SourceMap.Resolution::location);   // Optional[17:34]
 * }</pre>
 */
public final class SourceMap {
  private static final Pattern INDEXED =
      Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,9})\\](?:\\.(.+))?");

  /**
   * One element as written: its node, the nodes of its fields (and of list items, as {@code
   * ips[0]}), and its child elements by field name, in model order.
   */
  public static final class Entry {
    private final Node node;
    private final Map<String, Node> fields = new HashMap<>();
    private final Map<String, List<Entry>> children = new HashMap<>();

    /** An entry for the element written as {@code node}. */
    public Entry(Node node) {
      this.node = node;
    }

    /** Records that {@code field} of this element was written as {@code value}. */
    public void field(String field, Node value) {
      fields.putIfAbsent(field, value);
    }

    /** Records the next child of this element under {@code field} (model order). */
    public void child(String field, Entry child) {
      children.computeIfAbsent(field, k -> new ArrayList<>()).add(child);
    }

    /** The number of children recorded under {@code field}. */
    public int childCount(String field) {
      List<Entry> c = children.get(field);
      return c == null ? 0 : c.size();
    }
  }

  /**
   * Where an error is.
   *
   * @param location the line and column
   * @param exact true when it is the error's field itself, false when only its element was found
   */
  public record Resolution(Location location, boolean exact) {}

  private record Found(Node node, boolean exact) {}

  private final ImmutableListMultimap<ModelPath, Entry> entries;
  private final LineIndex lines;

  private SourceMap(ImmutableListMultimap<ModelPath, Entry> entries, LineIndex lines) {
    this.entries = entries;
    this.lines = lines;
  }

  /** Collects entries while a document is read. */
  public static final class Builder {
    private final ListMultimap<ModelPath, Entry> entries = ArrayListMultimap.create();

    /** Registers {@code entry} as the element at {@code path} (several if ids repeat). */
    public void register(ModelPath path, Entry entry) {
      entries.put(path, entry);
    }

    /** The map. */
    public SourceMap build(LineIndex lines) {
      return new SourceMap(ImmutableListMultimap.copyOf(entries), lines);
    }
  }

  /**
   * Where {@code error} is: its field's value when the field was written, else its element (or the
   * nearest enclosing element written). When several elements share the error's path (repeated
   * ids), {@code occurrence} picks one (0 = the first).
   */
  public Optional<Resolution> resolve(ModelError error, int occurrence) {
    ModelPath path = error.path();
    Entry own = null;
    for (ModelPath q = path; ; q = q.parent()) {
      List<Entry> es = entries.get(q);
      if (!es.isEmpty()) {
        Entry e = q.equals(path) ? es.get(Math.min(occurrence, es.size() - 1)) : es.get(0);
        if (own == null) {
          own = e;
        }
        if (error.field().isEmpty()) {
          break;
        }
        Found f = find(e, error.field().get());
        if (f != null) {
          return Optional.of(new Resolution(column(f.node(), error.column()), f.exact()));
        }
      }
      if (q.segments().isEmpty()) {
        break;
      }
    }
    return own == null ? Optional.empty() : Optional.of(new Resolution(own.node.location(), false));
  }

  private static @Nullable Found find(Entry e, String field) {
    Node n = e.fields.get(field);
    if (n != null) {
      return new Found(n, true);
    }
    Matcher m = INDEXED.matcher(field);
    if (!m.matches()) {
      return null;
    }
    List<Entry> kids = e.children.get(m.group(1));
    int i = Integer.parseInt(m.group(2));
    if (kids == null || i >= kids.size()) {
      return null;
    }
    Entry child = kids.get(i);
    String rest = m.group(3);
    if (rest == null) {
      return new Found(child.node, true);
    }
    Found f = find(child, rest);
    return f != null ? f : new Found(child.node, false);
  }

  /**
   * The location of 1-based {@code column} inside a string value written on one line, or the
   * value's start when the text cannot be mapped column for column (escapes, line breaks, blocks).
   */
  private Location column(Node node, int column) {
    Location at = node.location();
    if (column <= 0 || !(node instanceof Node.Scalar s) || s.kind() != Node.ScalarKind.STRING) {
      return at;
    }
    String text = s.text();
    if (column > text.length() + 1 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      return at;
    }
    int off = lines.offset(at);
    if (off < 0) {
      return at;
    }
    String src = lines.text();
    int quote =
        switch (s.style()) {
          case PLAIN -> 0;
          case SINGLE_QUOTED ->
              text.indexOf('\'') < 0 && src.startsWith("'" + text + "'", off) ? 1 : -1;
          case DOUBLE_QUOTED ->
              text.indexOf('"') < 0
                      && text.indexOf('\\') < 0
                      && src.startsWith("\"" + text + "\"", off)
                  ? 1
                  : -1;
          case BLOCK -> -1;
        };
    if (quote < 0 || (quote == 0 && !src.startsWith(text, off))) {
      return at;
    }
    int before = text.codePointCount(0, Math.min(column - 1, text.length()));
    return new Location(at.line(), at.column() + quote + before);
  }
}
