package io.nv.model.graph;

/**
 * A node of a {@link TopologyGraph}: a logical datapath (switch or router) or a host.
 *
 * <pre>{@code
 * Node web = Node.ofSwitch("web");
 * web.toString();   // "switch web"
 * }</pre>
 *
 * @param kind what the node is
 * @param id the element id
 */
public record Node(Kind kind, String id) implements Comparable<Node> {
  /** The kinds of node. */
  public enum Kind {
    /** A logical switch. */
    SWITCH,
    /** A logical router. */
    ROUTER,
    /** A host. */
    HOST
  }

  /** The switch {@code id}. */
  public static Node ofSwitch(String id) {
    return new Node(Kind.SWITCH, id);
  }

  /** The router {@code id}. */
  public static Node ofRouter(String id) {
    return new Node(Kind.ROUTER, id);
  }

  /** The host {@code id}. */
  public static Node ofHost(String id) {
    return new Node(Kind.HOST, id);
  }

  /** True for switches and routers. */
  public boolean isDatapath() {
    return kind != Kind.HOST;
  }

  @Override
  public int compareTo(Node o) {
    int c = kind.compareTo(o.kind);
    return c != 0 ? c : id.compareTo(o.id);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
  }
}
