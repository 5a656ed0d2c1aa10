package io.nv.compiler.internal;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.model.ModelPath;

/**
 * Shared pieces of flows that compilers would otherwise build millions of times: provenance
 * causes (a path segment checks its text once, here) and the common action lists.
 *
 * <pre>{@code
 * ModelPath ps = Paths.with(portPath, Paths.PORT_SECURITY);   // port web1 / port-security
 * Paths.next(Stages.SWITCH_IN_PORT_SECURITY);                 // [next(lb-unsnat)]
 * }</pre>
 */
public final class Paths {
  /** {@code port-security}. */
  public static final ModelPath.Segment PORT_SECURITY = cause("port-security");
  /** {@code vlan}. */
  public static final ModelPath.Segment VLAN = cause("vlan");
  /** {@code conntrack}. */
  public static final ModelPath.Segment CONNTRACK = cause("conntrack");
  /** {@code default-deny}. */
  public static final ModelPath.Segment DEFAULT_DENY = cause("default-deny");
  /** {@code arp-resolve}. */
  public static final ModelPath.Segment ARP_RESOLVE = cause("arp-resolve");

  /** {@code drop}. */
  public static final ImmutableList<Action> DROP = ImmutableList.of(Actions.drop());

  /**
   * {@code [next(…)]} of each stage that has a next one, by pipeline and then stage ordinal: a
   * table, not a map, as most flows' actions are one of these (a map's lookup hashed the stage
   * for every flow).
   */
  private static final ImmutableList<ImmutableList<ImmutableList<Action>>> NEXT = nextLists();

  private Paths() {}

  private static ModelPath.Segment cause(String text) {
    return new ModelPath.Segment(text, null);
  }

  /** {@code base} followed by {@code segment}. */
  public static ModelPath with(ModelPath base, ModelPath.Segment segment) {
    // The base's hash first (once per base: it is cached), so that the child's costs one segment.
    base.textHash();
    return base.child(segment);
  }

  private static ImmutableList<ImmutableList<ImmutableList<Action>>> nextLists() {
    ImmutableList.Builder<ImmutableList<ImmutableList<Action>>> all = ImmutableList.builder();
    for (Stage.Pipeline pipeline : Stage.Pipeline.values()) {
      ImmutableList<Stage> stages = Stages.of(pipeline);
      ImmutableList.Builder<ImmutableList<Action>> lists = ImmutableList.builder();
      for (int i = 0; i + 1 < stages.size(); i++) {
        lists.add(ImmutableList.of(Actions.next(stages.get(i + 1))));
      }
      all.add(lists.build());
    }
    return all.build();
  }

  /**
   * {@code [next(the stage after stage)]}, one shared list per stage.
   *
   * @throws IllegalArgumentException for the last stage of its pipeline
   */
  public static ImmutableList<Action> next(Stage stage) {
    ImmutableList<Stage> stages = Stages.of(stage.pipeline());
    int i = stage.ordinal();
    if (i >= 0 && i + 1 < stages.size() && (stages.get(i) == stage || stages.get(i).equals(stage))) {
      return NEXT.get(stage.pipeline().ordinal()).get(i);
    }
    // The last stage (Stages.next says so), or one that is not among Stages'.
    return ImmutableList.of(Actions.next(Stages.next(stage)));
  }
}
