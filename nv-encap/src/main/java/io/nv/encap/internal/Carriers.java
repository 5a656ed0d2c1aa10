package io.nv.encap.internal;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.nv.model.graph.Node;
import io.nv.model.graph.TopologyGraph;
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which hosts carry which datapaths, both ways, computed once: one search per host instead of one
 * per (datapath, host) pair as repeated {@link TopologyGraph#hostsOf} calls would cost.
 *
 * <pre>{@code
 * Carriers c = Carriers.of(validated, graph);
 * c.hostsOf(Node.ofSwitch("web"));   // [hv1, hv2]
 * }</pre>
 */
public final class Carriers {
  private final ImmutableSortedMap<String, ImmutableSortedSet<Node>> datapaths;
  private final ImmutableSortedMap<Node, ImmutableSortedSet<String>> hosts;

  private Carriers(
      ImmutableSortedMap<String, ImmutableSortedSet<Node>> datapaths,
      ImmutableSortedMap<Node, ImmutableSortedSet<String>> hosts) {
    this.datapaths = datapaths;
    this.hosts = hosts;
  }

  /** The carriers of every datapath of {@code validated}. */
  public static Carriers of(ValidatedTopology validated, TopologyGraph graph) {
    TreeMap<String, ImmutableSortedSet<Node>> byHost = new TreeMap<>();
    TreeMap<Node, SortedSet<String>> byDatapath = new TreeMap<>();
    for (Host h : validated.topology().hosts()) {
      ImmutableSortedSet<Node> dps = graph.datapathsOf(h.id());
      byHost.put(h.id(), dps);
      for (Node dp : dps) {
        byDatapath.computeIfAbsent(dp, k -> new TreeSet<>()).add(h.id());
      }
    }
    ImmutableSortedMap.Builder<Node, ImmutableSortedSet<String>> hosts =
        ImmutableSortedMap.naturalOrder();
    byDatapath.forEach((dp, hs) -> hosts.put(dp, ImmutableSortedSet.copyOf(hs)));
    return new Carriers(ImmutableSortedMap.copyOf(byHost), hosts.build());
  }

  /** The datapaths host {@code hostId} carries (empty for an unknown host). */
  public ImmutableSortedSet<Node> datapathsOf(String hostId) {
    ImmutableSortedSet<Node> s = datapaths.get(hostId);
    return s == null ? ImmutableSortedSet.of() : s;
  }

  /** The hosts that carry {@code datapath}, by id (empty when none does). */
  public ImmutableSortedSet<String> hostsOf(Node datapath) {
    ImmutableSortedSet<String> s = hosts.get(datapath);
    return s == null ? ImmutableSortedSet.of() : s;
  }

  /** Every host id, sorted. */
  public ImmutableSortedSet<String> hosts() {
    return datapaths.keySet();
  }
}
