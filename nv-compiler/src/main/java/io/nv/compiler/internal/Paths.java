package io.nv.compiler.internal;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.model.ModelPath;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  private static final Map<Stage, ImmutableList<Action>> NEXT = new ConcurrentHashMap<>();

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

  /** {@code [next(the stage after stage)]}, one shared list per stage. */
  public static ImmutableList<Action> next(Stage stage) {
    return NEXT.computeIfAbsent(stage, s -> ImmutableList.of(Actions.next(Stages.next(s))));
  }
}
