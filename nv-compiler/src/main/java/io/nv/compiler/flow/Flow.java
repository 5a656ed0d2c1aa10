package io.nv.compiler.flow;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import java.util.Comparator;
import java.util.List;

/**
 * One entry of a stage's table: when a packet in {@code stage} matches {@code match}, and no
 * matching flow of the stage has a higher priority, {@code actions} run. {@code provenance} names
 * the model element and rule that produced the flow (its verdict path when the flow drops, punts
 * or replies); {@code cookie} is a hash of it that exporters write as the OpenFlow cookie.
 *
 * <pre>{@code
 * Flow f = Flow.of(Stages.SWITCH_OUT_ACL_TIER0, 2000,
 *     FlowMatches.match(FlowMatches.datapath(web), FlowMatches.ip4(), FlowMatches.tcp(),
 *         FlowMatches.l4Dst(80)),
 *     List.of(Actions.setFlag(Field.FLAG_COMMIT), Actions.next(Stages.SWITCH_OUT_STATEFUL)),
 *     ModelPath.parse("port-group web / acl allow-http"));
 * }</pre>
 *
 * @param stage the stage whose table holds the flow
 * @param priority 0..65535; higher wins
 * @param match the packets it applies to
 * @param actions what it does, terminal action (if any) last
 * @param cookie a 32-bit hash of the provenance
 * @param provenance the model element and rule it comes from
 */
public record Flow(
    Stage stage,
    int priority,
    FlowMatch match,
    ImmutableList<Action> actions,
    long cookie,
    ModelPath provenance) {

  /**
   * The canonical order of the flows of one stage: priority from high to low, then match; every
   * table nv emits lists a stage's flows in this order.
   */
  public static final Comparator<Flow> IN_STAGE_ORDER =
      (a, b) -> a.priority() != b.priority()
          ? Integer.compare(b.priority(), a.priority())
          : a.match().compareTo(b.match());

  /** The largest priority. */
  public static final int MAX_PRIORITY = 0xffff;

  /** Checks the priority and the order of actions. */
  public Flow {
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority " + priority + " not in 0..65535");
    }
    // The last action may be terminal: only the others are asked (most flows have one action, and
    // the question is an interface call on one of many action types).
    int last = actions.size() - 1;
    for (int i = 0; i < last; i++) {
      Action a = actions.get(i);
      if (a.isTerminal()) {
        throw new IllegalArgumentException(
            a + " ends the action list but is followed by " + actions.get(i + 1) + ": put it last");
      }
    }
    int conjunctions = 0;
    for (int i = 0; i <= last; i++) {
      if (actions.get(i) instanceof Action.Conjunction) {
        conjunctions++;
      }
    }
    if (conjunctions > 0 && conjunctions != actions.size()) {
      throw new IllegalArgumentException(
          "a flow with conjunction actions may have no other action (OpenFlow): " + actions);
    }
  }

  /** A flow whose cookie is {@link #cookieOf(ModelPath)} of its provenance. */
  public static Flow of(
      Stage stage, int priority, FlowMatch match, List<? extends Action> actions, ModelPath provenance) {
    return new Flow(
        stage, priority, match, ImmutableList.copyOf(actions), cookieOf(provenance), provenance);
  }

  /** True when the flow's actions are conjunction clauses only. */
  public boolean isConjunctive() {
    return !actions.isEmpty() && actions.get(0) instanceof Action.Conjunction;
  }

  /**
   * 32-bit FNV-1a of the provenance text (UTF-16 code units as bytes), {@link ModelPath#textHash}:
   * stable across runs and JVMs, and computed once per path object.
   */
  public static long cookieOf(ModelPath provenance) {
    return Integer.toUnsignedLong(provenance.textHash());
  }

  /** {@code stage priority=P match actions=A [provenance]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(stage.name()).append(" priority=").append(priority).append(' ').append(match)
        .append(" actions=");
    if (actions.isEmpty()) {
      sb.append("drop");
    }
    for (int i = 0; i < actions.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(actions.get(i));
    }
    return sb.append(" [").append(provenance).append(']').toString();
  }
}
