package io.nv.compiler.internal;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.model.ModelPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects one datapath's flows and groups, allocates its conjunction ids, and finishes them in
 * canonical order: by stage, priority (high first), then match. OpenFlow keeps one flow per stage,
 * priority and match, so equal ones are merged: conjunction clauses combine their actions; a plain
 * flow replaces a clause flow; of two plain flows the first generated stays.
 *
 * <pre>{@code
 * DatapathBuilder b = new DatapathBuilder(Datapath.ofSwitch("web"));
 * b.flow(stage, 0, b.match(), List.of(Actions.next(next)), path);
 * LogicalDatapath d = b.build(ports);
 * }</pre>
 */
public final class DatapathBuilder {
  private final Datapath datapath;
  private final FieldMatch datapathMatch;
  private final List<Flow> flows;
  private final Map<String, Group> groups = new HashMap<>();
  /**
   * The one list per shared action (drop, next: {@link Actions} keeps one of each) that flows
   * give in a list of their own.
   */
  private final IdentityHashMap<Action, ImmutableList<Action>> sharedActions = new IdentityHashMap<>();
  private final int ingressStages;
  private int nextConjunction = 1;

  /** A builder for {@code datapath}. */
  public DatapathBuilder(Datapath datapath) {
    this(datapath, 16);
  }

  /**
   * A builder for {@code datapath} that expects about {@code expectedFlows} flows: its list starts
   * that long instead of growing to it, copied each time.
   */
  public DatapathBuilder(Datapath datapath, int expectedFlows) {
    this.flows = new ArrayList<>(Math.max(16, expectedFlows));
    this.datapath = datapath;
    this.datapathMatch = FlowMatches.datapath(datapath);
    this.ingressStages =
        Stages.of(
                datapath.kind() == Datapath.Kind.SWITCH
                    ? Stage.Pipeline.SWITCH_INGRESS
                    : Stage.Pipeline.ROUTER_INGRESS)
            .size();
  }

  /** The datapath. */
  public Datapath datapath() {
    return datapath;
  }

  /** The match of this datapath plus {@code parts}. */
  public FlowMatch match(FieldMatch... parts) {
    return FlowMatch.of(datapathMatch, parts);
  }

  /** The match of this datapath plus {@code parts}. */
  public FlowMatch match(List<FieldMatch> parts) {
    return FlowMatch.of(datapathMatch, parts);
  }

  /**
   * A flow's tests, named in place ({@code b.flow(st, 90, on(in, src), …)}): an array, not a list,
   * so that every flow's match is built the same way and the JIT inlines it.
   */
  public static FieldMatch[] on(FieldMatch... tests) {
    return tests;
  }

  /** Adds a flow whose match is this datapath's and {@code tests} ({@link #on}). */
  public void flow(Stage stage, int priority, FieldMatch[] tests, List<Action> actions, ModelPath provenance) {
    flow(stage, priority, match(tests), actions, provenance);
  }

  /** Adds a flow whose match is this datapath's and {@code tests}. */
  public void flow(Stage stage, int priority, List<FieldMatch> tests, List<Action> actions, ModelPath provenance) {
    flow(stage, priority, match(tests), actions, provenance);
  }

  /** Adds a flow. */
  public void flow(Stage stage, int priority, FlowMatch match, List<Action> actions, ModelPath provenance) {
    // Most flows do one thing (drop, or go on to a stage): they share one list per such action,
    // the first given (mostly one of Paths'). Any other immutable list is kept as it is (a loop
    // or a rule that gives one list to many flows makes it immutable), another list copied.
    // Actions made for one port are not looked up: they share nothing, and hashing each new one
    // cost more than its copy.
    ImmutableList<Action> list;
    if (actions instanceof ImmutableList<Action> given) {
      list = given.size() == 1 && isShared(given.get(0)) ? shared(given.get(0), given) : given;
    } else if (actions.size() == 1 && isShared(actions.get(0))) {
      list = shared(actions.get(0), null);
    } else {
      list = ImmutableList.copyOf(actions);
    }
    flows.add(new Flow(stage, priority, match, list, Flow.cookieOf(provenance), provenance));
  }

  /** The one list of {@code action}: the first given ({@code given}, or a new one). */
  private ImmutableList<Action> shared(Action action, @Nullable ImmutableList<Action> given) {
    ImmutableList<Action> list = sharedActions.get(action);
    if (list == null) {
      list = given != null ? given : ImmutableList.of(action);
      sharedActions.put(action, list);
    }
    return list;
  }

  /** The actions {@link Actions} makes once for everyone: drop, and next of a stage of Stages. */
  private static boolean isShared(Action a) {
    return a instanceof Action.Drop || a instanceof Action.NextStage;
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
    List<Stage> stages = Stages.of(datapath.kind());
    int n = flows.size();
    // Placed stage by stage in one array (a counting sort, stable), then each stage's range put in
    // order and its equal flows merged in place: no list per stage, no copy but the final one.
    int[] stageOf = new int[n];
    int[] start = new int[stages.size() + 1];
    countStages(stages, stageOf, start);
    for (int i = 0; i < stages.size(); i++) {
      start[i + 1] += start[i];
    }
    Flow[] placed = placeByStage(stageOf, Arrays.copyOf(start, stages.size()));
    int kept = 0;
    for (int i = 0; i < stages.size(); i++) {
      sortInStageOrder(placed, start[i], start[i + 1]);
      kept = mergeInto(placed, start[i], start[i + 1], kept);
    }
    List<Group> g = new ArrayList<>(groups.values());
    g.sort(Comparator.comparing(Group::name));
    // An array's list: copied by one array copy, where a sub-list would be walked element-wise.
    Flow[] canonical = kept == n ? placed : Arrays.copyOf(placed, kept);
    return LogicalDatapath.of(datapath, ports, Arrays.asList(canonical), g);
  }

  // Each loop over a datapath's flows below is a method of its own. A stage can hold thousands of
  // flows (a router's ARP resolution one per VIF behind it), so a host JVM's optimizing compiler
  // compiles such a loop while it runs (on-stack replacement), once per loop, with everything its
  // method inlines: one loop a method keeps each of those compiles small, where three loops in
  // one method had it compile the whole sort three times over (about 250 ms each on two cores,
  // while the compiles it measures run slower code).

  /** Each flow's stage index ({@code stageOf}), and each stage's count at {@code count[i + 1]}. */
  private void countStages(List<Stage> stages, int[] stageOf, int[] count) {
    for (int k = 0; k < stageOf.length; k++) {
      Stage s = flows.get(k).stage();
      int i = s.ordinal() + (s.pipeline().isIngress() ? 0 : ingressStages);
      if (i >= stages.size() || !stages.get(i).equals(s)) {
        throw new IllegalArgumentException(s + " is not a stage of " + datapath);
      }
      stageOf[k] = i;
      count[i + 1]++;
    }
  }

  /** The flows placed stage by stage, in the order given within a stage. */
  private Flow[] placeByStage(int[] stageOf, int[] next) {
    Flow[] placed = new Flow[stageOf.length];
    for (int k = 0; k < stageOf.length; k++) {
      placed[next[stageOf[k]]++] = flows.get(k);
    }
    return placed;
  }

  /** Above this many priorities in one stage, {@link #sortInStageOrder} sorts as a whole. */
  private static final int MAX_BUCKETS = 32;

  private static final Comparator<Flow> BY_MATCH = (a, b) -> a.match().compareTo(b.match());

  /**
   * Puts one stage's flows, {@code flows[from..to)}, in {@link Flow#IN_STAGE_ORDER}, keeping the
   * order of equal ones, as a stable sort would. It is cheaper for the way compilers make flows:
   * element by element, each with a few priorities, so that a stage's flows of one priority come
   * mostly in match order. They are placed by priority (a counting sort over the stage's few
   * priorities), and the flows of one priority are sorted by match only when they are not in
   * order already.
   */
  static void sortInStageOrder(Flow[] flows, int from, int to) {
    if (inStageOrder(flows, from, to)) {
      return;
    }
    // The stage's priorities in ascending order; a flow's place is counted from the highest.
    int[] priorities = new int[MAX_BUCKETS];
    int buckets = priorities(flows, from, to, priorities);
    if (buckets < 0) {
      sortAll(flows, from, to);
      return;
    }
    int n = to - from;
    int[] start = new int[buckets + 1];
    int[] bucket = buckets(flows, from, to, priorities, buckets, start);
    for (int k = 0; k < buckets; k++) {
      start[k + 1] += start[k];
    }
    Flow[] out = placeByBucket(flows, from, bucket, Arrays.copyOf(start, buckets));
    for (int k = 0; k < buckets; k++) {
      if (!inMatchOrder(out, start[k], start[k + 1])) {
        Arrays.sort(out, start[k], start[k + 1], BY_MATCH);
      }
    }
    System.arraycopy(out, 0, flows, from, n);
  }

  private static boolean inStageOrder(Flow[] flows, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (Flow.IN_STAGE_ORDER.compare(flows[i - 1], flows[i]) > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The distinct priorities of {@code flows[from..to)} into {@code priorities}, ascending, and
   * their number; -1 when there are more than {@link #MAX_BUCKETS}.
   */
  private static int priorities(Flow[] flows, int from, int to, int[] priorities) {
    int buckets = 0;
    for (int f = from; f < to; f++) {
      int at = Arrays.binarySearch(priorities, 0, buckets, flows[f].priority());
      if (at < 0) {
        if (buckets == MAX_BUCKETS) {
          return -1;
        }
        at = -at - 1;
        System.arraycopy(priorities, at, priorities, at + 1, buckets - at);
        priorities[at] = flows[f].priority();
        buckets++;
      }
    }
    return buckets;
  }

  /** Each flow's bucket, highest priority first, with each bucket's count at {@code count[k + 1]}. */
  private static int[] buckets(Flow[] flows, int from, int to, int[] priorities, int buckets, int[] count) {
    int[] bucket = new int[to - from];
    for (int f = 0; f < bucket.length; f++) {
      int b = buckets - 1 - Arrays.binarySearch(priorities, 0, buckets, flows[from + f].priority());
      bucket[f] = b;
      count[b + 1]++;
    }
    return bucket;
  }

  private static Flow[] placeByBucket(Flow[] flows, int from, int[] bucket, int[] next) {
    Flow[] out = new Flow[bucket.length];
    for (int f = 0; f < bucket.length; f++) {
      out[next[bucket[f]]++] = flows[from + f];
    }
    return out;
  }

  private static boolean inMatchOrder(Flow[] flows, int from, int to) {
    for (int f = from + 1; f < to; f++) {
      if (flows[f - 1].match().compareTo(flows[f].match()) > 0) {
        return false;
      }
    }
    return true;
  }

  private static void sortAll(Flow[] flows, int from, int to) {
    Arrays.sort(flows, from, to, Flow.IN_STAGE_ORDER);
  }

  /** Which of {@code kept} and the equal flow {@code f} after it stays, or the two combined. */
  private static Flow merged(Flow kept, Flow f) {
    if (kept.isConjunctive() && !f.isConjunctive()) {
      // A plain flow decides every packet the clause would have counted: within one rule it runs
      // the same actions; across rules of one priority the winner is unspecified anyway.
      return f;
    }
    if (kept.isConjunctive() && f.isConjunctive()) {
      Set<Action> actions = new LinkedHashSet<>(kept.actions());
      actions.addAll(f.actions());
      return new Flow(
          kept.stage(), kept.priority(), kept.match(), ImmutableList.copyOf(actions), kept.cookie(),
          kept.provenance());
    }
    return kept;
  }

  /**
   * Moves one sorted stage, {@code flows[from..to)}, down to {@code flows[kept..)} with its equal
   * flows merged ({@code kept <= from}), and returns where the kept flows now end.
   */
  private static int mergeInto(Flow[] flows, int from, int to, int kept) {
    int stageStart = kept;
    for (int k = from; k < to; k++) {
      Flow f = flows[k];
      Flow last = kept == stageStart ? null : flows[kept - 1];
      if (last != null
          && last.priority() == f.priority()
          && last.match().equals(f.match())) {
        flows[kept - 1] = merged(last, f);
        continue;
      }
      flows[kept++] = f;
    }
    return kept;
  }
}
