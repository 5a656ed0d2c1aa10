package io.nv.encap.internal;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.nv.model.graph.Node;
import io.nv.model.graph.TopologyGraph;
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.placement.Binding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which hosts carry which datapaths, both ways, computed once in time linear in the topology: the
 * routing domains (datapaths joined by router links) by union-find, then each host carries the
 * domains of its bound ports — instead of one graph search per host, which costs hosts ×
 * datapaths when everything is routed together.
 *
 * <pre>{@code
 * Carriers c = Carriers.of(validated, graph);
 * c.hostsOf(Node.ofSwitch("web"));   // [hv1, hv2]
 * }</pre>
 */
public final class Carriers {
  private final Map<Node, Integer> domainOf;
  private final List<ImmutableSortedSet<Node>> domainDatapaths;
  private final List<ImmutableSortedSet<String>> domainHosts;
  private final ImmutableSortedMap<String, ImmutableSortedSet<Integer>> hostDomains;
  private final Map<ImmutableSortedSet<Integer>, ImmutableSortedSet<Node>> unions = new HashMap<>();

  private Carriers(
      Map<Node, Integer> domainOf,
      List<ImmutableSortedSet<Node>> domainDatapaths,
      List<ImmutableSortedSet<String>> domainHosts,
      ImmutableSortedMap<String, ImmutableSortedSet<Integer>> hostDomains) {
    this.domainOf = domainOf;
    this.domainDatapaths = domainDatapaths;
    this.domainHosts = domainHosts;
    this.hostDomains = hostDomains;
  }

  /** The carriers of every datapath of {@code validated} (the graph is not needed any more). */
  public static Carriers of(ValidatedTopology validated, TopologyGraph graph) {
    return of(validated);
  }

  /** The carriers of every datapath of {@code validated}. */
  public static Carriers of(ValidatedTopology validated) {
    Topology t = validated.topology();
    Map<Node, Node> parent = new HashMap<>();
    for (LogicalSwitch s : t.switches()) {
      parent.put(Node.ofSwitch(s.id()), Node.ofSwitch(s.id()));
    }
    for (LogicalRouter r : t.routers()) {
      parent.put(Node.ofRouter(r.id()), Node.ofRouter(r.id()));
    }
    for (LogicalSwitch s : t.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
          t.routerOfPort(p.routerPort().get())
              .ifPresent(r -> union(parent, Node.ofSwitch(s.id()), Node.ofRouter(r.id())));
        }
      }
    }
    Map<Node, Integer> domainOf = new HashMap<>();
    Map<Node, Integer> rootIndex = new HashMap<>();
    List<TreeSet<Node>> members = new ArrayList<>();
    for (Node n : new TreeSet<>(parent.keySet())) {
      Node root = find(parent, n);
      Integer i = rootIndex.get(root);
      if (i == null) {
        i = members.size();
        rootIndex.put(root, i);
        members.add(new TreeSet<>());
      }
      members.get(i).add(n);
      domainOf.put(n, i);
    }
    List<TreeSet<String>> hosts = new ArrayList<>();
    members.forEach(m -> hosts.add(new TreeSet<>()));
    TreeMap<String, TreeSet<Integer>> byHost = new TreeMap<>();
    for (Host h : t.hosts()) {
      byHost.put(h.id(), new TreeSet<>());
    }
    for (Binding b : t.bindings()) {
      Optional<LogicalSwitch> s = t.switchOfPort(b.port());
      TreeSet<Integer> of = byHost.get(b.host());
      if (s.isEmpty() || of == null) {
        continue;
      }
      int d = java.util.Objects.requireNonNull(domainOf.get(Node.ofSwitch(s.get().id())));
      of.add(d);
      hosts.get(d).add(b.host());
    }
    List<ImmutableSortedSet<Node>> dps = new ArrayList<>();
    members.forEach(m -> dps.add(ImmutableSortedSet.copyOf(m)));
    List<ImmutableSortedSet<String>> hs = new ArrayList<>();
    hosts.forEach(h -> hs.add(ImmutableSortedSet.copyOf(h)));
    ImmutableSortedMap.Builder<String, ImmutableSortedSet<Integer>> hd = ImmutableSortedMap.naturalOrder();
    byHost.forEach((h, d) -> hd.put(h, ImmutableSortedSet.copyOf(d)));
    return new Carriers(domainOf, dps, hs, hd.build());
  }

  private static Node find(Map<Node, Node> parent, Node n) {
    Node root = n;
    while (!up(parent, root).equals(root)) {
      root = up(parent, root);
    }
    Node x = n;
    while (!up(parent, x).equals(root)) {
      Node next = up(parent, x);
      parent.put(x, root);
      x = next;
    }
    return root;
  }

  private static Node up(Map<Node, Node> parent, Node n) {
    return java.util.Objects.requireNonNull(parent.get(n), "not a datapath");
  }

  private static void union(Map<Node, Node> parent, Node a, Node b) {
    Node ra = find(parent, a);
    Node rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }

  /** The datapaths host {@code hostId} carries (empty for an unknown host). */
  public synchronized ImmutableSortedSet<Node> datapathsOf(String hostId) {
    ImmutableSortedSet<Integer> ds = hostDomains.get(hostId);
    if (ds == null || ds.isEmpty()) {
      return ImmutableSortedSet.of();
    }
    if (ds.size() == 1) {
      return domainDatapaths.get(ds.first());
    }
    return unions.computeIfAbsent(
        ds,
        k -> {
          ImmutableSortedSet.Builder<Node> b = ImmutableSortedSet.naturalOrder();
          k.forEach(d -> b.addAll(domainDatapaths.get(d)));
          return b.build();
        });
  }

  /** The hosts that carry {@code datapath}, by id (empty when none does). */
  public ImmutableSortedSet<String> hostsOf(Node datapath) {
    Integer d = domainOf.get(datapath);
    return d == null ? ImmutableSortedSet.of() : domainHosts.get(d);
  }

  /** The routing domains: each a set of datapaths joined by router links, with its hosts. */
  public int domains() {
    return domainDatapaths.size();
  }

  /** The datapaths of domain {@code i}. */
  public ImmutableSortedSet<Node> domain(int i) {
    return domainDatapaths.get(i);
  }

  /** The hosts of domain {@code i}. */
  public ImmutableSortedSet<String> domainHosts(int i) {
    return domainHosts.get(i);
  }

  /** Every host id, sorted. */
  public ImmutableSortedSet<String> hosts() {
    return hostDomains.keySet();
  }
}
