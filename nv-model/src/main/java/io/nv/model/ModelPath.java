package io.nv.model;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
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

  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  /**
   * One step of a path.
   *
   * @param kind the element kind ({@code switch}, {@code port}, {@code acl} …) or a cause
   * @param id the element id, or null for a built-in cause such as {@code port-security}
   */
  public record Segment(String kind, @Nullable String id) {
    /** Checks the parts are printable and parse back. */
    public Segment {
      if (!isKind(kind)) {
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

    /** {@code [a-z][a-z0-9-]*}, checked by hand: paths are built for every element validated. */
    private static boolean isKind(String kind) {
      if (kind.isEmpty() || !isLower(kind.charAt(0))) {
        return false;
      }
      for (int i = 1; i < kind.length(); i++) {
        char c = kind.charAt(i);
        if (!isLower(c) && !(c >= '0' && c <= '9') && c != '-') {
          return false;
        }
      }
      return true;
    }

    private static boolean isLower(char c) {
      return c >= 'a' && c <= 'z';
    }
  }

  private final ImmutableList<Segment> segments;
  // Cached as String caches its hash: each field is only ever written with its final value, so
  // a thread that sees neither computes it again, and none sees a wrong one.
  private int textHash;
  private boolean textHashIsZero;

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
    return child(new Segment(kind, id));
  }

  /** This path extended by a built-in cause such as {@code port-security}. */
  public ModelPath cause(String cause) {
    return child(new Segment(cause, null));
  }

  /**
   * This path extended by {@code segment}. When this path's {@link #textHash} is known, the
   * child's is derived from it, hashing only the new segment: compilers that hash a port's path
   * once pay little for each of its causes.
   *
   * <pre>{@code
   * ModelPath.of("port", "web1").child(new ModelPath.Segment("port-security", null));
   * // port web1 / port-security
   * }</pre>
   */
  public ModelPath child(Segment segment) {
    ModelPath c =
        new ModelPath(
            ImmutableList.<Segment>builderWithExpectedSize(segments.size() + 1)
                .addAll(segments)
                .add(segment)
                .build());
    if (!segments.isEmpty() && (textHash != 0 || textHashIsZero)) {
      c.setTextHash(fnvSegment(fnv(textHash, " / "), segment));
    }
    return c;
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

  /**
   * The 32-bit FNV-1a hash of {@link #toString}'s text, each UTF-16 code unit hashed as its low
   * byte and then, when not zero, its high byte: the same in every run and JVM, so that it may name
   * the path outside the process (nv's flow cookies are this hash). Computed once per path object,
   * without building the text.
   *
   * <pre>{@code
   * ModelPath.parse("switch web").textHash() == ModelPath.of("switch", "web").textHash();   // true
   * ModelPath.ROOT.textHash();   // the hash of "topology"
   * }</pre>
   */
  public int textHash() {
    int h = textHash;
    if (h == 0 && !textHashIsZero) {
      h = computeTextHash();
      setTextHash(h);
    }
    return h;
  }

  private int computeTextHash() {
    if (segments.isEmpty()) {
      return fnv(FNV_OFFSET, "topology");
    }
    int h = FNV_OFFSET;
    for (int i = 0; i < segments.size(); i++) {
      if (i > 0) {
        h = fnv(h, " / ");
      }
      h = fnvSegment(h, segments.get(i));
    }
    return h;
  }

  private static int fnvSegment(int hash, Segment s) {
    int h = fnv(hash, s.kind());
    return s.id() == null ? h : fnv(fnv(h, " "), s.id());
  }

  private void setTextHash(int h) {
    if (h == 0) {
      textHashIsZero = true;
    } else {
      textHash = h;
    }
  }

  private static int fnv(int hash, String s) {
    int h = hash;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      h = (h ^ (c & 0xff)) * FNV_PRIME;
      if (c > 0xff) {
        h = (h ^ (c >>> 8)) * FNV_PRIME;
      }
    }
    return h;
  }

  @Override
  public String toString() {
    return segments.isEmpty() ? "topology" : appendTo(new StringBuilder(48)).toString();
  }

  /**
   * Appends {@link #toString()}'s text to {@code sb}, making no string of its own or of its
   * segments: for writers of many flows' provenance, which reuse one builder.
   *
   * <pre>{@code
   * ModelPath.of("switch", "web").child("acl", "allow-http").appendTo(new StringBuilder());
   *                                               // switch web / acl allow-http
   * }</pre>
   */
  public StringBuilder appendTo(StringBuilder sb) {
    if (segments.isEmpty()) {
      return sb.append("topology");
    }
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (i > 0) {
        sb.append(" / ");
      }
      sb.append(s.kind());
      String id = s.id();
      if (id != null) {
        sb.append(' ').append(id);
      }
    }
    return sb;
  }
}
