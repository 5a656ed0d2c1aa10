package io.nv.compiler.flow;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import java.util.List;
import java.util.Optional;

/**
 * Small named actions, in the manner of ONOS's {@code Instructions}, so flows read as match +
 * actions.
 *
 * <pre>{@code
 * List<Action> a = List.of(Actions.setFlag(Field.FLAG_COMMIT), Actions.next(Stages.SWITCH_IN_LB));
 * }</pre>
 */
public final class Actions {
  private static final Action.Drop DROP = new Action.Drop();
  private static final Action.OutputInport OUTPUT_INPORT = new Action.OutputInport();
  private static final Action.DecTtl DEC_TTL = new Action.DecTtl();
  private static final Action.PopVlan POP_VLAN = new Action.PopVlan();

  private Actions() {}

  /** {@code output("port")}. */
  public static Action output(String port) {
    return new Action.Output(port);
  }

  /** {@code output(inport)}: answer through the ingress port. */
  public static Action outputInport() {
    return OUTPUT_INPORT;
  }

  /** {@code drop}. */
  public static Action drop() {
    return DROP;
  }

  /** {@code field = value}. */
  public static Action set(Field field, FieldValue value) {
    return new Action.SetField(field, value);
  }

  /** {@code field = value} for an integer field. */
  public static Action set(Field field, long value) {
    return set(field, FieldValue.of(value));
  }

  /** {@code field = mac}. */
  public static Action set(Field field, MacAddress mac) {
    return set(field, FieldValue.of(mac));
  }

  /** {@code field = address}. */
  public static Action set(Field field, IpAddress address) {
    return set(field, FieldValue.of(address));
  }

  /** {@code outport = "port"}. */
  public static Action setOutport(String port) {
    return set(Field.OUTPORT, FieldValue.name(port));
  }

  /** Sets the 1-bit {@code flag}. */
  public static Action setFlag(Field flag) {
    return set(flag, 1);
  }

  /** {@code destination = source}. */
  public static Action move(Field source, Field destination) {
    return new Action.MoveField(source, destination);
  }

  /** {@code ip.ttl--}. */
  public static Action decTtl() {
    return DEC_TTL;
  }

  /** {@code push_vlan(vid)}. */
  public static Action pushVlan(int vid) {
    return new Action.PushVlan(vid);
  }

  /** {@code pop_vlan}. */
  public static Action popVlan() {
    return POP_VLAN;
  }

  /** {@code next(stage)}: for a stage of {@link Stages}, one shared value. */
  public static Action next(Stage stage) {
    Action.NextStage[] ofPipeline = NEXT[stage.pipeline().ordinal()];
    int i = stage.ordinal();
    if (i >= 0 && i < ofPipeline.length && ofPipeline[i].stage() == stage) {
      return ofPipeline[i];
    }
    return new Action.NextStage(stage);
  }

  /**
   * {@code next(stage)} of every stage of {@link Stages}, by pipeline and ordinal: tens of
   * thousands of flows continue in a few stages, and a writer that renders each action list once
   * per object ({@code LogicalJson}) renders theirs once.
   */
  private static final Action.NextStage[][] NEXT = nextStages();

  private static Action.NextStage[][] nextStages() {
    Stage.Pipeline[] pipelines = Stage.Pipeline.values();
    Action.NextStage[][] next = new Action.NextStage[pipelines.length][];
    for (Stage.Pipeline p : pipelines) {
      List<Stage> stages = Stages.of(p);
      next[p.ordinal()] = new Action.NextStage[stages.size()];
      for (Stage st : stages) {
        next[p.ordinal()][st.ordinal()] = new Action.NextStage(st);
      }
    }
    return next;
  }

  /** A lookup in {@code zone} that applies {@code nat} and continues in {@code stage}. */
  public static Action ct(Action.Zone zone, Action.Nat nat, Stage stage) {
    return new Action.Conntrack(false, zone, nat, Optional.of(stage));
  }

  /** Commits the connection in {@code zone} and goes on with the next action. */
  public static Action ctCommit(Action.Zone zone) {
    return new Action.Conntrack(true, zone, Action.Nat.NONE, Optional.empty());
  }

  /** Commits the connection in {@code zone} with {@code nat}, then continues in {@code stage}. */
  public static Action ctCommit(Action.Zone zone, Action.Nat nat, Stage stage) {
    return new Action.Conntrack(true, zone, nat, Optional.of(stage));
  }

  /** {@code group("name")}. */
  public static Action group(String name) {
    return new Action.ApplyGroup(name);
  }

  /** {@code conjunction(id, clause/clauses)}. */
  public static Action conjunction(int id, int clause, int clauses) {
    return new Action.Conjunction(id, clause, clauses);
  }

  /** {@code controller(reason)}. */
  public static Action controller(PuntReason reason) {
    return new Action.Controller(reason);
  }
}
