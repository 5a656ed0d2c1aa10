package io.nv.model.diff;

import io.nv.model.ModelPath;

/**
 * One difference between two topologies: an element added, removed or changed, named by its path.
 * A changed parent does not imply changed children: a port's change is its own entry.
 *
 * <pre>{@code
 * Change c = new Change(Change.Kind.CHANGED, ModelPath.of("binding", "web1"));
 * c.toString();   // "changed binding web1"
 * }</pre>
 *
 * @param kind added, removed or changed
 * @param path the element
 */
public record Change(Kind kind, ModelPath path) implements Comparable<Change> {
  /** The kinds of change. */
  public enum Kind {
    /** Only in the new topology. */
    ADDED,
    /** Only in the old topology. */
    REMOVED,
    /** In both, different. */
    CHANGED
  }

  @Override
  public int compareTo(Change o) {
    int c = path.compareTo(o.path);
    return c != 0 ? c : kind.compareTo(o.kind);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + path;
  }
}
