package io.nv.compiler.internal;

import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.model.ModelPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects one datapath's flows and groups, allocates its conjunction ids, and finishes them in
 * canonical order: by stage, priority (high first), then match; flows with equal stage, priority
 * and match are merged (conjunction clauses combine; otherwise the first one generated stays, as
 * OpenFlow would keep only one).
 *
 * <pre>{@code
 * DatapathBuilder b = new DatapathBuilder(Datapath.ofSwitch("web"));
 * b.flow(stage, 0, b.match(), List.of(Actions.next(next)), path);
 * LogicalDatapath d = b.build(ports);
 * }</pre>
 */
public final class DatapathBuilder {
  private static final Comparator<Flow> CANONICAL =
      Comparator.comparing(Flow::stage)
          .thenComparing(Comparator.comparingInt(Flow::priority).reversed())
          .thenComparing(Flow::match);

  private final Datapath datapath;
  private final FieldMatch datapathMatch;
  private final List<Flow> flows = new ArrayList<>();
  private final Map<String, Group> groups = new HashMap<>();
  private final Map<ModelPath, Long> cookies = new HashMap<>();
  private int nextConjunction = 1;

  /** A builder for {@code datapath}. */
  public DatapathBuilder(Datapath datapath) {
    this.datapath = datapath;
    this.datapathMatch = FlowMatches.datapath(datapath);
  }

  /** The datapath. */
  public Datapath datapath() {
    return datapath;
  }

  /** The match of this datapath plus {@code parts}. */
  public FlowMatch match(FieldMatch... parts) {
    FieldMatch[] all = new FieldMatch[parts.length + 1];
    all[0] = datapathMatch;
    System.arraycopy(parts, 0, all, 1, parts.length);
    return FlowMatch.of(all);
  }

  /** The match of this datapath plus {@code parts}. */
  public FlowMatch match(List<FieldMatch> parts) {
    return match(parts.toArray(new FieldMatch[0]));
  }

  /** Adds a flow. */
  public void flow(Stage stage, int priority, FlowMatch match, List<Action> actions, ModelPath provenance) {
    long cookie = cookies.computeIfAbsent(provenance, Flow::cookieOf);
    flows.add(
        new Flow(stage, priority, match, com.google.common.collect.ImmutableList.copyOf(actions), cookie, provenance));
  }

  /** Adds a group, unless one of that name exists. */
  public void group(Group g) {
    groups.putIfAbsent(g.name(), g);
  }

  /** A fresh conjunction id, unique in this datapath. */
  public int conjunctionId() {
    return nextConjunction++;
  }

  /** The datapath's pipelines, canonical. */
  public LogicalDatapath build(List<LogicalPort> ports) {
    List<Flow> sorted = new ArrayList<>(flows);
    sorted.sort(CANONICAL);
    List<Flow> merged = new ArrayList<>(sorted.size());
    for (Flow f : sorted) {
      Flow last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null
          && last.stage().equals(f.stage())
          && last.priority() == f.priority()
          && last.match().equals(f.match())) {
        if (last.isConjunctive() && f.isConjunctive()) {
          Set<Action> actions = new LinkedHashSet<>(last.actions());
          actions.addAll(f.actions());
          merged.set(
              merged.size() - 1,
              new Flow(
                  last.stage(), last.priority(), last.match(),
                  com.google.common.collect.ImmutableList.copyOf(actions), last.cookie(),
                  last.provenance()));
        }
        continue;
      }
      merged.add(f);
    }
    List<Group> g = new ArrayList<>(groups.values());
    g.sort(Comparator.comparing(Group::name));
    return LogicalDatapath.of(datapath, ports, merged, g);
  }
}
