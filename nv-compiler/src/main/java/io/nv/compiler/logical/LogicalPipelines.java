package io.nv.compiler.logical;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The logical pipelines of a whole topology: one {@link LogicalDatapath} per switch and router,
 * switches first, each kind by id. Placement plays no part: every host shares these.
 *
 * <pre>{@code
 * LogicalPipelines p = LogicalCompiler.compile(validated);
 * p.datapath(Datapath.ofSwitch("web")).orElseThrow().flows().size();
 * p.flowCount();
 * }</pre>
 */
public final class LogicalPipelines {
  private final ImmutableMap<Datapath, LogicalDatapath> datapaths;
  private final Map<String, Datapath> switchOfPort;
  /** Each datapath's peers ({@link #peers}). */
  private final Map<LogicalDatapath, ImmutableList<LogicalDatapath>> peers = new IdentityHashMap<>();

  private LogicalPipelines(ImmutableMap<Datapath, LogicalDatapath> datapaths) {
    this.datapaths = datapaths;
    this.switchOfPort = new HashMap<>();
    for (LogicalDatapath d : datapaths.values()) {
      if (d.datapath().kind() == Datapath.Kind.SWITCH) {
        for (LogicalPort p : d.ports()) {
          switchOfPort.putIfAbsent(p.id(), d.datapath());
        }
      }
      // By identity: a datapath's equality compares (and its hash reads) every flow.
      Set<LogicalDatapath> added = Collections.newSetFromMap(new IdentityHashMap<>());
      ImmutableList.Builder<LogicalDatapath> linked = ImmutableList.builder();
      for (LogicalPort p : d.ports()) {
        LogicalDatapath peer = p.peerDatapath().map(datapaths::get).orElse(null);
        if (peer != null && added.add(peer)) {
          linked.add(peer);
        }
      }
      peers.put(d, linked.build());
    }
  }

  /** The pipelines of {@code datapaths}, put in canonical order. */
  public static LogicalPipelines of(Collection<LogicalDatapath> datapaths) {
    List<LogicalDatapath> sorted = new ArrayList<>(datapaths);
    sorted.sort((a, b) -> a.datapath().compareTo(b.datapath()));
    ImmutableMap.Builder<Datapath, LogicalDatapath> b = ImmutableMap.builder();
    for (LogicalDatapath d : sorted) {
      b.put(d.datapath(), d);
    }
    return new LogicalPipelines(b.buildOrThrow());
  }

  /** Every datapath, switches first, each kind by id. */
  public ImmutableCollection<LogicalDatapath> datapaths() {
    return datapaths.values();
  }

  /** The datapath {@code d}. */
  public Optional<LogicalDatapath> datapath(Datapath d) {
    return Optional.ofNullable(datapaths.get(d));
  }

  /**
   * The datapaths {@code d}'s ports link to (a router's switches, a switch's routers), each once,
   * in the order of the ports that first link to them: what a packet can reach from {@code d} in
   * one hop.
   *
   * @throws IllegalArgumentException when {@code d} is not one of these datapaths
   */
  public ImmutableList<LogicalDatapath> peers(LogicalDatapath d) {
    ImmutableList<LogicalDatapath> p = peers.get(d);
    if (p == null) {
      throw new IllegalArgumentException("not a datapath of these pipelines: " + d.datapath());
    }
    return p;
  }

  /** The switch that has the switch port {@code portId}. */
  public Optional<Datapath> switchOfPort(String portId) {
    return Optional.ofNullable(switchOfPort.get(portId));
  }

  /** Every flow of every datapath, datapath by datapath. */
  public ImmutableList<Flow> flows() {
    ImmutableList.Builder<Flow> b = ImmutableList.builderWithExpectedSize(flowCount());
    for (LogicalDatapath d : datapaths.values()) {
      b.addAll(d.flows());
    }
    return b.build();
  }

  /** The number of flows of every datapath. */
  public int flowCount() {
    int n = 0;
    for (LogicalDatapath d : datapaths.values()) {
      n += d.flows().size();
    }
    return n;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LogicalPipelines p && p.datapaths.equals(datapaths);
  }

  @Override
  public int hashCode() {
    return datapaths.hashCode();
  }

  @Override
  public String toString() {
    return "LogicalPipelines(" + datapaths.size() + " datapaths, " + flowCount() + " flows)";
  }
}
