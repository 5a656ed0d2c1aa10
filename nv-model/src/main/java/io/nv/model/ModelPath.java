package io.nv.model;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The name of anything in a topology, as errors, trace verdicts and flow provenance print it: a
 * list of segments joined by {@code " / "}, each a kind and an id ({@code switch web}) or a
 * built-in cause without id ({@code port-security}).
 *
 * <pre>{@code
 * ModelPath p = ModelPath.of("switch", "web").child("acl", "allow-http");
 * p.toString();                                 // "switch web / acl allow-http"
 * ModelPath.of("port", "web1").cause("port-security").toString();
 *                                               // "port web1 / port-security"
 * ModelPath.parse("port-group db / default-deny").equals(
 *     ModelPath.of("port-group", "db").cause("default-deny"));   // true
 * }</pre>
 *
 * <p>Grammar: {@code path := segment (" / " segment)*}, {@code segment := kind [" " id]}; kinds are
 * lower-case words with dashes, ids never contain spaces or {@code /} (see {@link Ids}).
 */
public final class ModelPath implements Comparable<ModelPath> {
  /** The path of the topology itself (no segments), printed {@code topology}. */
  public static final ModelPath ROOT = new ModelPath(ImmutableList.of());

  /**
   * One step of a path.
   *
   * @param kind the element kind ({@code switch}, {@code port}, {@code acl} …) or a cause
   * @param id the element id, or null for a built-in cause such as {@code port-security}
   */
  public record Segment(String kind, @Nullable String id) {
    // Compiled once: compilers build a segment for every port and rule they name.
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");

    /** Checks the parts are printable and parse back. */
    public Segment {
      if (!KIND.matcher(kind).matches()) {
        throw new IllegalArgumentException(
            "path kind '" + kind + "' must be lower-case letters, digits and dashes");
      }
      if (id != null && (id.isEmpty() || id.contains(" ") || id.contains("/"))) {
        throw new IllegalArgumentException(
            "path id '" + id + "' must be non-empty without spaces or '/'");
      }
    }

    @Override
    public String toString() {
      return id == null ? kind : kind + " " + id;
    }
  }

  private final ImmutableList<Segment> segments;

  private ModelPath(ImmutableList<Segment> segments) {
    this.segments = segments;
  }

  /** The path of one element: {@code kind id}. */
  public static ModelPath of(String kind, String id) {
    return new ModelPath(ImmutableList.of(new Segment(kind, id)));
  }

  /** The path made of {@code segments}. */
  public static ModelPath of(List<Segment> segments) {
    return new ModelPath(ImmutableList.copyOf(segments));
  }

  /** Parses the text {@link #toString} prints. */
  public static ModelPath parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a model path: '" + text + "' (write e.g. 'switch web / acl allow-http')"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<ModelPath> tryParse(String text) {
    if (text.equals("topology")) {
      return Optional.of(ROOT);
    }
    ImmutableList.Builder<Segment> b = ImmutableList.builder();
    for (String part : Splitter.on(" / ").split(text)) {
      List<String> words = Splitter.on(' ').splitToList(part);
      try {
        if (words.size() == 1) {
          b.add(new Segment(words.get(0), null));
        } else if (words.size() == 2) {
          b.add(new Segment(words.get(0), words.get(1)));
        } else {
          return Optional.empty();
        }
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.of(new ModelPath(b.build()));
  }

  /** This path extended by the element {@code kind id}. */
  public ModelPath child(String kind, String id) {
    return append(new Segment(kind, id));
  }

  /** This path extended by a built-in cause such as {@code port-security}. */
  public ModelPath cause(String cause) {
    return append(new Segment(cause, null));
  }

  private ModelPath append(Segment s) {
    return new ModelPath(ImmutableList.<Segment>builder().addAll(segments).add(s).build());
  }

  /** The segments, outermost first. */
  public ImmutableList<Segment> segments() {
    return segments;
  }

  /** The path without its last segment ({@link #ROOT} for one segment). */
  public ModelPath parent() {
    return segments.isEmpty() ? this : new ModelPath(segments.subList(0, segments.size() - 1));
  }

  /** True when {@code other} equals this path or lies below it. */
  public boolean contains(ModelPath other) {
    return other.segments.size() >= segments.size()
        && other.segments.subList(0, segments.size()).equals(segments);
  }

  @Override
  public int compareTo(ModelPath o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ModelPath p && p.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  @Override
  public String toString() {
    if (segments.isEmpty()) {
      return "topology";
    }
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      if (sb.length() > 0) {
        sb.append(" / ");
      }
      sb.append(s);
    }
    return sb.toString();
  }
}
