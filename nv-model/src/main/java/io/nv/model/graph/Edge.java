package io.nv.model.graph;

/**
 * An edge of a {@link TopologyGraph}: a link between a switch and a router (named by the switch
 * port), or a binding of a switch's port to a host (named by that port).
 *
 * <pre>{@code
 * Edge e = new Edge(Edge.Kind.LINK, "web-r1");
 * }</pre>
 *
 * @param kind link or binding
 * @param port the switch port the edge stands for
 */
public record Edge(Kind kind, String port) {
  /** The kinds of edge. */
  public enum Kind {
    /** Switch ↔ router, through a ROUTER switch port. */
    LINK,
    /** Host ↔ switch, through a bound VIF. */
    BINDING
  }
}
