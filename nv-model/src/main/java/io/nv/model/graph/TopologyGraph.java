package io.nv.model.graph;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.graph.Graphs;
import com.google.common.graph.ImmutableNetwork;
import com.google.common.graph.NetworkBuilder;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A Guava {@link ImmutableNetwork} of a validated topology: switches, routers and hosts as nodes,
 * switch–router links and port bindings as edges. It answers which hosts need which datapaths
 * (routing is distributed, so a host needs every datapath reachable from its ports through
 * routers) and prints DOT for teaching.
 *
 * <pre>{@code
 * TopologyGraph g = TopologyGraph.of(validated);
 * g.datapathsOf("hv1");        // [switch app, switch db, switch web, router r1]
 * g.hostsOf(Node.ofSwitch("web"));   // [host hv1, host hv2]
 * String dot = g.toDot();
 * }</pre>
 *
 * <p>Building is O(ports); {@link #datapathsOf} is a breadth-first search over datapaths.
 */
public final class TopologyGraph {
  private final ImmutableNetwork<Node, Edge> network;

  private TopologyGraph(ImmutableNetwork<Node, Edge> network) {
    this.network = network;
  }

  /** The graph of {@code validated}. */
  public static TopologyGraph of(ValidatedTopology validated) {
    Topology t = validated.topology();
    ImmutableNetwork.Builder<Node, Edge> b =
        NetworkBuilder.undirected().allowsParallelEdges(true).allowsSelfLoops(false).immutable();
    for (LogicalSwitch s : t.switches()) {
      b.addNode(Node.ofSwitch(s.id()));
    }
    for (LogicalRouter r : t.routers()) {
      b.addNode(Node.ofRouter(r.id()));
    }
    for (Host h : t.hosts()) {
      b.addNode(Node.ofHost(h.id()));
    }
    for (LogicalSwitch s : t.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
          LogicalRouter r = t.routerOfPort(p.routerPort().get()).orElseThrow();
          b.addEdge(Node.ofSwitch(s.id()), Node.ofRouter(r.id()), new Edge(Edge.Kind.LINK, p.id()));
        }
        t.hostOf(p.id())
            .ifPresent(
                h ->
                    b.addEdge(
                        Node.ofHost(h), Node.ofSwitch(s.id()), new Edge(Edge.Kind.BINDING, p.id())));
      }
    }
    return new TopologyGraph(b.build());
  }

  /** The underlying Guava network (read-only). */
  public ImmutableNetwork<Node, Edge> network() {
    return network;
  }

  /**
   * The datapaths host {@code hostId} needs: the switches of its bound ports and everything
   * reachable from them through router links, sorted.
   */
  public ImmutableSortedSet<Node> datapathsOf(String hostId) {
    Node host = Node.ofHost(hostId);
    if (!network.nodes().contains(host)) {
      throw new IllegalArgumentException("no host '" + hostId + "' in this topology");
    }
    Set<Node> seen = new HashSet<>();
    Deque<Node> todo = new ArrayDeque<>();
    for (Node n : network.adjacentNodes(host)) {
      if (seen.add(n)) {
        todo.add(n);
      }
    }
    while (!todo.isEmpty()) {
      Node n = todo.remove();
      for (Node m : network.adjacentNodes(n)) {
        if (m.isDatapath() && seen.add(m)) {
          todo.add(m);
        }
      }
    }
    return ImmutableSortedSet.copyOf(seen);
  }

  /** The hosts that need datapath {@code dp}, sorted. */
  public ImmutableSortedSet<Node> hostsOf(Node dp) {
    if (!dp.isDatapath() || !network.nodes().contains(dp)) {
      throw new IllegalArgumentException(dp + " is not a datapath of this topology");
    }
    ImmutableSortedSet.Builder<Node> hosts = ImmutableSortedSet.naturalOrder();
    for (Node n : network.nodes()) {
      if (n.kind() == Node.Kind.HOST && datapathsOf(n.id()).contains(dp)) {
        hosts.add(n);
      }
    }
    return hosts.build();
  }

  /** The datapaths connected to {@code dp} through links (its routing domain), {@code dp} included. */
  public ImmutableSortedSet<Node> domainOf(Node dp) {
    if (!dp.isDatapath() || !network.nodes().contains(dp)) {
      throw new IllegalArgumentException(dp + " is not a datapath of this topology");
    }
    Set<Node> reach = Graphs.reachableNodes(datapathGraph(), dp);
    return ImmutableSortedSet.copyOf(reach);
  }

  private com.google.common.graph.Graph<Node> datapathGraph() {
    com.google.common.graph.MutableGraph<Node> g =
        com.google.common.graph.GraphBuilder.undirected().allowsSelfLoops(true).build();
    network.nodes().stream().filter(Node::isDatapath).forEach(g::addNode);
    for (Edge e : network.edges()) {
      if (e.kind() == Edge.Kind.LINK) {
        var ends = network.incidentNodes(e);
        g.putEdge(ends.nodeU(), ends.nodeV());
      }
    }
    return g;
  }

  /** The graph in Graphviz DOT: datapaths as boxes (routers rounded), hosts as ellipses. */
  public String toDot() {
    StringBuilder sb = new StringBuilder("graph topology {\n");
    for (Node n : ImmutableSortedSet.copyOf(network.nodes())) {
      String shape =
          switch (n.kind()) {
            case SWITCH -> "box";
            case ROUTER -> "box, style=rounded";
            case HOST -> "ellipse";
          };
      sb.append("  \"").append(n).append("\" [shape=").append(shape).append("];\n");
    }
    network.edges().stream()
        .sorted(java.util.Comparator.comparing(Edge::kind).thenComparing(Edge::port))
        .forEach(
            e -> {
              var ends = network.incidentNodes(e);
              Node u = ends.nodeU().compareTo(ends.nodeV()) <= 0 ? ends.nodeU() : ends.nodeV();
              Node v = u.equals(ends.nodeU()) ? ends.nodeV() : ends.nodeU();
              sb.append("  \"").append(u).append("\" -- \"").append(v).append("\" [label=\"")
                  .append(e.port()).append('"')
                  .append(e.kind() == Edge.Kind.BINDING ? ", style=dashed" : "")
                  .append("];\n");
            });
    return sb.append("}\n").toString();
  }
}
