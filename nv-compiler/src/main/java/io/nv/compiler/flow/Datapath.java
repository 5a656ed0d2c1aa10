package io.nv.compiler.flow;

import io.nv.model.ModelPath;
import org.jspecify.annotations.Nullable;

/**
 * A logical datapath: a switch or a router of the topology. Its text, {@code switch web} or {@code
 * router r1}, is its model path and the name {@link Field#DATAPATH} matches.
 *
 * <pre>{@code
 * Datapath web = Datapath.ofSwitch("web");
 * web.toString();   // "switch web"
 * }</pre>
 *
 * @param kind switch or router
 * @param id the switch's or router's id
 */
public record Datapath(Kind kind, String id) implements Comparable<Datapath> {
  /**
   * Whether a datapath is a switch or a router.
   *
   * <pre>{@code
   * Datapath.ofRouter("r1").kind();   // ROUTER
   * }</pre>
   */
  public enum Kind {
    /** A logical switch. */
    SWITCH,
    /** A logical router. */
    ROUTER
  }

  /** Checks the id. */
  public Datapath {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("a datapath id must not be empty");
    }
  }

  /** The datapath of switch {@code id}. */
  public static Datapath ofSwitch(String id) {
    return new Datapath(Kind.SWITCH, id);
  }

  /** The datapath of router {@code id}. */
  public static Datapath ofRouter(String id) {
    return new Datapath(Kind.ROUTER, id);
  }

  /** {@code switch <id>} or {@code router <id>}. */
  public ModelPath path() {
    return ModelPath.of(kind == Kind.SWITCH ? "switch" : "router", id);
  }

  // equals and hashCode written out, as FieldValue's are (the values the record's own would give).

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this || (o instanceof Datapath d && d.kind == kind && d.id.equals(id));
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + id.hashCode();
  }

  /** Switches first, then routers, each by id. */
  @Override
  public int compareTo(Datapath o) {
    int c = kind.compareTo(o.kind);
    return c != 0 ? c : id.compareTo(o.id);
  }

  @Override
  public String toString() {
    return (kind == Kind.SWITCH ? "switch " : "router ") + id;
  }
}
