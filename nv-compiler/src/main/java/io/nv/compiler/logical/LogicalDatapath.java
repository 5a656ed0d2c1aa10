package io.nv.compiler.logical;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.model.ModelPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The compiled logical pipelines of one datapath: its ports, its stages (ingress then egress), its
 * flows in canonical order (by stage, then priority from high to low, then match) and its groups.
 *
 * <pre>{@code
 * LogicalDatapath web = LogicalCompiler.compileDatapath(topology, Datapath.ofSwitch("web"));
 * web.flows(Stages.SWITCH_IN_L2_LOOKUP).size();
 * web.group("switch web / l2-lookup");
 * }</pre>
 */
public final class LogicalDatapath {
  private final Datapath datapath;
  private final ImmutableList<LogicalPort> ports;
  private final ImmutableList<Flow> flows;
  private final ImmutableList<Group> groups;
  /** Port id to its place in {@link #portsById}. */
  private final ImmutableMap<String, Integer> portIndex;
  private final ImmutableList<LogicalPort> portsById;
  private final boolean hasLocalnet;
  private final ImmutableMap<String, Group> groupIndex;
  private final ImmutableMap<Stage, ImmutableList<Flow>> byStage;
  /**
   * What a host's realization reads of the ports and groups; made at its first use. Not volatile:
   * every field of a {@link Realization} is final, so a thread sees it whole or not at all (two
   * threads may both make it, equal), and hosts' hot loops read it without a barrier.
   */
  private @Nullable Realization realization;

  /**
   * The ports' and groups' values every host's realization shares: made when a host first asks
   * (a logical-only compile never does).
   */
  private static final class Realization {
    final ImmutableList<ModelPath> portPaths;
    final long[] portCookies;
    final FieldMatch[] inportMatches;
    final FieldMatch[] outportMatches;
    /** For each group, for each bucket, the place in {@link #portsById} of its output port. */
    final int[][] bucketPorts;
    /** {@link Flow#cookieOf} each group's provenance. */
    final long[] groupCookies;
    /** Each group's local copy's name on a host. */
    final String[] localGroupNames;
    /** {@link FlowMatches#datapath} of this datapath. */
    final FieldMatch datapathMatch;

    Realization(LogicalDatapath d) {
      int n = d.portsById.size();
      datapathMatch = FlowMatches.datapath(d.datapath);
      ImmutableList.Builder<ModelPath> paths = ImmutableList.builderWithExpectedSize(n);
      portCookies = new long[n];
      inportMatches = new FieldMatch[n];
      outportMatches = new FieldMatch[n];
      for (int i = 0; i < n; i++) {
        LogicalPort p = d.portsById.get(i);
        ModelPath path =
            d.datapath.kind() == Datapath.Kind.SWITCH
                ? ModelPath.of("port", p.id())
                : d.datapath.path().child("port", p.id());
        paths.add(path);
        portCookies[i] = Flow.cookieOf(path);
        inportMatches[i] = FlowMatches.inport(p.id());
        outportMatches[i] = FlowMatches.outport(p.id());
      }
      portPaths = paths.build();
      bucketPorts = new int[d.groups.size()][];
      groupCookies = new long[d.groups.size()];
      localGroupNames = new String[d.groups.size()];
      for (int g = 0; g < d.groups.size(); g++) {
        groupCookies[g] = Flow.cookieOf(d.groups.get(g).provenance());
        localGroupNames[g] = d.groups.get(g).name() + LOCAL_GROUP_SUFFIX;
        List<Group.Bucket> buckets = d.groups.get(g).buckets();
        int[] ordinals = new int[buckets.size()];
        for (int b = 0; b < ordinals.length; b++) {
          ordinals[b] = -1;
          for (Action a : buckets.get(b).actions()) {
            if (a instanceof Action.Output o) {
              Integer i = d.portIndex.get(o.port());
              ordinals[b] = i == null ? -1 : i;
              break;
            }
          }
        }
        bucketPorts[g] = ordinals;
      }
    }
  }

  private Realization realization() {
    Realization r = realization;
    if (r == null) {
      r = new Realization(this);
      realization = r;
    }
    return r;
  }

  private LogicalDatapath(
      Datapath datapath, ImmutableList<LogicalPort> ports, ImmutableList<Flow> flows,
      ImmutableList<Group> groups) {
    this.datapath = datapath;
    this.ports = ports;
    this.flows = flows;
    this.groups = groups;
    this.portsById =
        ImmutableList.sortedCopyOf(java.util.Comparator.comparing(LogicalPort::id), ports);
    ImmutableMap.Builder<String, Integer> pi = ImmutableMap.builderWithExpectedSize(ports.size());
    for (int i = 0; i < portsById.size(); i++) {
      pi.put(portsById.get(i).id(), i);
    }
    this.portIndex = pi.buildOrThrow();
    this.hasLocalnet = ports.stream().anyMatch(p -> p.role() == LogicalPort.Role.LOCALNET);
    ImmutableMap.Builder<String, Group> gi = ImmutableMap.builderWithExpectedSize(groups.size());
    for (Group g : groups) {
      gi.put(g.name(), g);
    }
    this.groupIndex = gi.buildOrThrow();
    this.byStage = byStage(datapath, flows);
  }

  /**
   * The flows of each stage. Compilers hand them over stage by stage, so each stage's list is a
   * view of its range of {@code flows}, not a copy; flows that come back to a stage are gathered.
   */
  private static ImmutableMap<Stage, ImmutableList<Flow>> byStage(
      Datapath datapath, ImmutableList<Flow> flows) {
    Set<Stage> seen = new HashSet<>();
    ImmutableMap.Builder<Stage, ImmutableList<Flow>> index = ImmutableMap.builder();
    // Stage by stage: the scan of a stage's flows is a loop of its own (runEnd), which a host JVM
    // compiles small while it runs; this loop turns once a stage.
    int from = 0;
    while (from < flows.size()) {
      Flow first = flows.get(from);
      Stage st = first.stage();
      checkKind(datapath, first);
      if (!seen.add(st)) {
        return gathered(datapath, flows);
      }
      int to = runEnd(flows, from, st);
      index.put(st, flows.subList(from, to));
      from = to;
    }
    return index.buildOrThrow();
  }

  /** Where the run of {@code stage}'s flows that starts at {@code from} ends. */
  private static int runEnd(ImmutableList<Flow> flows, int from, Stage stage) {
    int k = from + 1;
    // Compilers share the stage objects of Stages: most flows compare by identity alone.
    while (k < flows.size() && (flows.get(k).stage() == stage || flows.get(k).stage().equals(stage))) {
      k++;
    }
    return k;
  }

  private static ImmutableMap<Stage, ImmutableList<Flow>> gathered(
      Datapath datapath, ImmutableList<Flow> flows) {
    Map<Stage, List<Flow>> bs = new LinkedHashMap<>();
    for (Flow f : flows) {
      checkKind(datapath, f);
      bs.computeIfAbsent(f.stage(), k -> new ArrayList<>()).add(f);
    }
    ImmutableMap.Builder<Stage, ImmutableList<Flow>> index = ImmutableMap.builder();
    bs.forEach((k, v) -> index.put(k, ImmutableList.copyOf(v)));
    return index.buildOrThrow();
  }

  private static void checkKind(Datapath datapath, Flow f) {
    if (f.stage().pipeline().datapathKind() != datapath.kind()) {
      throw new IllegalArgumentException(
          "flow " + f + " belongs to a " + f.stage().pipeline() + " stage, not to " + datapath);
    }
  }

  /**
   * A datapath's pipelines.
   *
   * @throws IllegalArgumentException when port ids or group names repeat, or a flow belongs to
   *     another kind of datapath
   */
  public static LogicalDatapath of(
      Datapath datapath, List<LogicalPort> ports, List<Flow> flows, List<Group> groups) {
    return new LogicalDatapath(
        datapath, ImmutableList.copyOf(ports), ImmutableList.copyOf(flows), ImmutableList.copyOf(groups));
  }

  /** The datapath. */
  public Datapath datapath() {
    return datapath;
  }

  /** The stages, ingress then egress. */
  public ImmutableList<Stage> stages() {
    return Stages.of(datapath.kind());
  }

  /** The ports, in the model's order. */
  public ImmutableList<LogicalPort> ports() {
    return ports;
  }

  /** The ports by id: the order of a host's flows about them. */
  public ImmutableList<LogicalPort> portsById() {
    return portsById;
  }

  /** The port with this id. */
  public Optional<LogicalPort> port(String id) {
    Integer i = portIndex.get(id);
    return i == null ? Optional.empty() : Optional.of(portsById.get(i));
  }

  /** The place of port {@code id} in {@link #portsById}, or -1 when the datapath has none. */
  public int portOrdinal(String id) {
    Integer i = portIndex.get(id);
    return i == null ? -1 : i;
  }

  /**
   * The model path of the {@code ordinal}-th port by id, the provenance of a host's flows about it:
   * {@code port P} on a switch, {@code router R / port P} on a router.
   */
  public ModelPath portPath(int ordinal) {
    return realization().portPaths.get(ordinal);
  }

  /** What a group's local copy adds to its name: {@code "ls0 / flood / local"}. */
  public static final String LOCAL_GROUP_SUFFIX = " / local";

  /**
   * {@link FlowMatches#datapath} of this datapath: one object, shared by every host's flows in it.
   */
  public FieldMatch datapathMatch() {
    return realization().datapathMatch;
  }

  /**
   * The name of the {@code group}-th group's local copy on a host, its name and {@link
   * #LOCAL_GROUP_SUFFIX}: the copies a flood arriving from a tunnel makes to the host's own ports.
   */
  public String localGroupName(int group) {
    return realization().localGroupNames[group];
  }

  /** {@link Flow#cookieOf} the {@code ordinal}-th port's {@link #portPath}. */
  public long portCookie(int ordinal) {
    return realization().portCookies[ordinal];
  }

  /**
   * {@link FlowMatches#inport} the {@code ordinal}-th port by id: one object, shared by every
   * host's flows about the port.
   */
  public FieldMatch inportMatch(int ordinal) {
    return realization().inportMatches[ordinal];
  }

  /**
   * {@link FlowMatches#outport} the {@code ordinal}-th port by id: one object, shared by every
   * host's flows about the port.
   */
  public FieldMatch outportMatch(int ordinal) {
    return realization().outportMatches[ordinal];
  }

  /** Whether one of its ports is a LOCALNET port. */
  public boolean hasLocalnet() {
    return hasLocalnet;
  }

  /** Every flow, in canonical order. */
  public ImmutableList<Flow> flows() {
    return flows;
  }

  /** The flows of {@code stage}, in canonical order (highest priority first). */
  public ImmutableList<Flow> flows(Stage stage) {
    ImmutableList<Flow> l = byStage.get(stage);
    return l == null ? ImmutableList.of() : l;
  }

  /** The groups, in canonical order. */
  public ImmutableList<Group> groups() {
    return groups;
  }

  /**
   * The place in {@link #portsById} of the port that bucket {@code bucket} of the {@code group}-th
   * group outputs to (its first {@link Action.Output}), or -1 when it outputs to none of this
   * datapath's ports: what a host's realization of a flood group reads of each bucket.
   */
  public int bucketPort(int group, int bucket) {
    return realization().bucketPorts[group][bucket];
  }

  /**
   * {@link Flow#cookieOf} the {@code group}-th group's provenance: the cookie of a host's flows
   * that apply it.
   */
  public long groupCookie(int group) {
    return realization().groupCookies[group];
  }

  /** The group called {@code name}. */
  public Optional<Group> group(String name) {
    return Optional.ofNullable(groupIndex.get(name));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LogicalDatapath d
        && d.datapath.equals(datapath)
        && d.ports.equals(ports)
        && d.flows.equals(flows)
        && d.groups.equals(groups);
  }

  @Override
  public int hashCode() {
    return datapath.hashCode() * 31 + flows.hashCode();
  }

  @Override
  public String toString() {
    return datapath + " (" + ports.size() + " ports, " + flows.size() + " flows, " + groups.size()
        + " groups)";
  }
}
