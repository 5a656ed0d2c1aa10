package io.nv.io.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
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
 * path ({@code router r1 / route default}, {@code switch #3}) and field ({@code mac}, {@code
 * ips[1]}, {@code acls[0].match}) to the line and column of the value, so validation errors point
 * into the document.
 *
 * <pre>{@code
 * SourceMap map = TopologyReader.read(tree).sourceMap();
 * map.resolve(error).map(SourceMap.Resolution::location);   // Optional[17:34]
 * }</pre>
 *
 * <p>The map mirrors the topology, not the document: lists hold the elements that were read, in
 * model order, so the positions in paths ({@code switch #3}) and fields ({@code routes[2]}) that
 * the validator counts over the topology's lists find their element even when the document had
 * elements that could not be read.
 */
public final class SourceMap {
  private static final Pattern INDEXED =
      Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,9})\\](?:\\.(.+))?");

  /** The document list of each kind of top-level element, by the kind paths name it by. */
  private static final ImmutableMap<String, String> TOP_LEVEL =
      ImmutableMap.<String, String>builder()
          .put("tenant", "tenants")
          .put("peering", "peerings")
          .put("host", "hosts")
          .put("switch", "switches")
          .put("router", "routers")
          .put("address-set", "addressSets")
          .put("port-group", "portGroups")
          .put("load-balancer", "loadBalancers")
          .put("binding", "bindings")
          .buildOrThrow();

  /** The list in its parent of each kind of nested element. */
  private static final ImmutableMap<String, String> NESTED =
      ImmutableMap.<String, String>builder()
          .put("port", "ports")
          .put("acl", "acls")
          .put("route", "routes")
          .put("policy", "policies")
          .put("nat", "nats")
          .put("neighbour", "neighbours")
          .put("vip", "vips")
          .buildOrThrow();

  /**
   * One element as written: its node, the name paths give it by id, the nodes of its fields (and of
   * list items, as {@code ips[0]}), and its child elements by field name, in model order.
   */
  public static final class Entry {
    private final Node node;
    private @Nullable String name;
    private final Map<String, Node> fields = new HashMap<>();
    private final Map<String, List<Entry>> children = new HashMap<>();

    /** An entry for the element written as {@code node}. */
    public Entry(Node node) {
      this.node = node;
    }

    /** Records the id that names this element in paths (a binding's: its port). */
    public void name(String name) {
      this.name = name;
    }

    /** Records that {@code field} of this element was written as {@code value}. */
    public void field(String field, Node value) {
      fields.putIfAbsent(field, value);
    }

    /** Records the next child of this element under {@code field} (model order). */
    public void child(String field, Entry child) {
      children.computeIfAbsent(field, k -> new ArrayList<>()).add(child);
    }

    private List<Entry> children(String field) {
      return children.getOrDefault(field, ImmutableList.of());
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

  private final @Nullable Entry root;
  private final LineIndex lines;

  private SourceMap(@Nullable Entry root, LineIndex lines) {
    this.root = root;
    this.lines = lines;
  }

  /** The map of a document whose top-level mapping is {@code root} (null when it has none). */
  public static SourceMap of(@Nullable Entry root, LineIndex lines) {
    return new SourceMap(root, lines);
  }

  /**
   * Where {@code error} is: its field's value when the field was written (inside the value, at the
   * error's column, for one written as text), else its element, else the nearest enclosing element
   * written. The field counts from the element of the path's first segment ({@code router r1 / port
   * r1-web} + {@code ports[0].mac}); a field that is not found there counts from the element the
   * whole path names (a switch port named by position: {@code switch web / port #2} + {@code mac}).
   */
  public Optional<Resolution> resolve(ModelError error) {
    Entry root = this.root;
    if (root == null) {
      return Optional.empty();
    }
    List<Entry> chain = elements(root, error.path());
    Entry first = chain.isEmpty() ? root : chain.get(0);
    Entry last = chain.isEmpty() ? root : chain.get(chain.size() - 1);
    if (error.field().isEmpty()) {
      return Optional.of(new Resolution(last.node.location(), false));
    }
    String field = error.field().get();
    Found f = find(first, field);
    if ((f == null || !f.exact()) && last != first) {
      Found own = find(last, field);
      if (own != null && (f == null || own.exact())) {
        f = own;
      }
    }
    if (f == null) {
      return Optional.of(new Resolution(last.node.location(), false));
    }
    return Optional.of(
        new Resolution(
            f.exact() ? column(f.node(), error.column()) : f.node().location(), f.exact()));
  }

  /** The entries of the elements {@code path} names, outermost first, as far as they resolve. */
  private static List<Entry> elements(Entry root, ModelPath path) {
    List<Entry> chain = new ArrayList<>();
    ImmutableList<ModelPath.Segment> segments = path.segments();
    for (int i = 0; i < segments.size(); i++) {
      ModelPath.Segment s = segments.get(i);
      String id = s.id();
      if (id == null) {
        break; // a cause (port-security, default-deny): its element is the nearest
      }
      Entry e;
      if (i > 0) {
        String list = NESTED.get(s.kind());
        e = list == null ? null : pick(chain.get(i - 1).children(list), id);
      } else if (s.kind().equals("port")) {
        e = id.startsWith("#") ? null : switchPort(root, id);
      } else {
        String list = TOP_LEVEL.get(s.kind());
        e = list == null ? null : pick(root.children(list), id);
      }
      if (e == null) {
        break;
      }
      chain.add(e);
    }
    return chain;
  }

  /** The first switch port named {@code id}: port ids are unique across switches. */
  private static @Nullable Entry switchPort(Entry root, String id) {
    for (Entry s : root.children("switches")) {
      Entry p = pick(s.children("ports"), id);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /**
   * The element {@code id} names among {@code entries}: {@code #i} the i-th, else the first with
   * that id (an element that repeats an id is named by position, so the id names the first).
   */
  private static @Nullable Entry pick(List<Entry> entries, String id) {
    if (id.startsWith("#")) {
      String digits = id.substring(1);
      if (digits.isEmpty()
          || digits.length() > 9
          || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int i = Integer.parseInt(digits);
      return i < entries.size() ? entries.get(i) : null;
    }
    for (Entry e : entries) {
      if (id.equals(e.name)) {
        return e;
      }
    }
    return null;
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
    List<Entry> kids = e.children(m.group(1));
    int i = Integer.parseInt(m.group(2));
    if (i >= kids.size()) {
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
   * The location of 1-based {@code column} inside a text value, or the value's start when the
   * column is 0 or cannot be mapped back to the document.
   */
  private Location column(Node node, int column) {
    Location at = node.location();
    if (column <= 0 || !(node instanceof Node.Scalar s) || s.kind() != Node.ScalarKind.STRING) {
      return at;
    }
    int start = lines.offset(at);
    if (start < 0 || column > s.text().length() + 1) {
      return at;
    }
    int off = ScalarSource.offset(lines.text(), start, s.style(), s.text(), column - 1);
    return off < 0 ? at : lines.at(off);
  }
}
