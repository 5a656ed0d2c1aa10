package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.semantics.ConnectionTable;
import io.nv.model.semantics.Evaluation;
import io.nv.model.semantics.FiveTuple;
import io.nv.model.semantics.Semantics;
import io.nv.model.semantics.Step;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Properties of the reference semantics over generated scenarios: it always answers, and a reply
 * to a connection committed at both ends is never dropped by an ACL stage that tracks
 * connections.
 */
class SemanticsProperties {

  static Semantics semantics(Topology t) {
    return Semantics.of(
        Validator.validate(t)
            .fold(
                errors -> {
                  throw new AssertionError("generated topology does not validate: " + errors);
                },
                valid -> valid));
  }

  @Test
  void semanticsAlwaysGivesAVerdictAndNeverThrows() {
    Property.forAll(ScenarioGens.scenarios())
        .tries(2000)
        .shrinkWith(ScenarioGens.shrinker())
        .check(
            s -> {
              Semantics semantics = semantics(s.topology());
              ConnectionTable table = ConnectionTable.EMPTY;
              for (Scenario.Step step : s.steps()) {
                Evaluation e = semantics.evaluate(step.port(), step.packet(), table);
                assertThat(e.verdict()).isNotNull();
                assertThat(e.explain()).endsWith(e.verdict().toString());
                assertThat(e.table().size()).isGreaterThanOrEqualTo(table.size());
                if (e.verdict() instanceof Verdict.Delivered d) {
                  for (Verdict.Output o : d.outputs()) {
                    SwitchPort p = s.topology().portById(o.port()).orElseThrow();
                    assertThat(p.kind()).isNotEqualTo(PortKind.ROUTER);
                    assertThat(o.packet().inport()).isEmpty();
                  }
                }
                table = e.table();
              }
            });
  }

  @Test
  void largeTopologiesEvaluateToo() {
    Property.forAll(ScenarioGens.scenarios(TopologyShape.LARGE))
        .tries(15)
        .check(
            s -> {
              Semantics semantics = semantics(s.topology());
              ConnectionTable table = ConnectionTable.EMPTY;
              for (Scenario.Step step : s.steps()) {
                table = semantics.evaluate(step.port(), step.packet(), table).table();
              }
            });
  }

  /** A delivered packet: where it was sent from, and one copy as delivered. */
  private record Delivery(String client, String receiver, FiveTuple delivered) {}

  @Test
  void repliesOfConnectionsCommittedAtBothEndsAreNeverDroppedByAnAcl() {
    AtomicInteger checked = new AtomicInteger();
    AtomicInteger exercised = new AtomicInteger();
    Property.forAll(ScenarioGens.scenarios())
        .tries(2000)
        .shrinkWith(ScenarioGens.shrinker())
        .check(
            s -> {
              checked.incrementAndGet();
              Semantics semantics = semantics(s.topology());
              ConnectionTable table = ConnectionTable.EMPTY;
              List<Delivery> deliveries = new ArrayList<>();
              for (Scenario.Step step : s.steps()) {
                Optional<FiveTuple> tuple = FiveTuple.of(step.packet());
                boolean isReply = false;
                for (Delivery d : deliveries) {
                  if (tuple.isPresent()
                      && d.receiver().equals(step.port())
                      && d.delivered().reverse().equals(tuple.get())
                      && isReply(table, d.receiver(), tuple.get())
                      && isReply(table, d.client(), tuple.get())) {
                    isReply = true;
                  }
                }
                Evaluation e = semantics.evaluate(step.port(), step.packet(), table);
                if (isReply) {
                  exercised.incrementAndGet();
                  assertNotDroppedByATrackingAclStage(s.topology(), e);
                }
                if (e.verdict() instanceof Verdict.Delivered d) {
                  for (Verdict.Output o : d.outputs()) {
                    FiveTuple.of(o.packet())
                        .ifPresent(t -> deliveries.add(new Delivery(step.port(), o.port(), t)));
                  }
                }
                table = e.table();
              }
            });
    if (checked.get() >= 500) {
      assertThat(exercised.get()).as("replies checked").isGreaterThan(checked.get() / 20);
    }
  }

  private static boolean isReply(ConnectionTable table, String zone, FiveTuple t) {
    return table.find(zone, t).filter(ConnectionTable.Hit::reply).isPresent();
  }

  /**
   * An ACL verdict (a rule's drop or reject, a default-deny) is allowed only from the from-port
   * stage of a router-kind port, which has no conntrack (docs/semantics.md, ACL stages 4).
   */
  private static void assertNotDroppedByATrackingAclStage(Topology t, Evaluation e) {
    Verdict v = e.verdict();
    boolean byAcl =
        (v instanceof Verdict.Dropped d && isAclCause(d.by()))
            || (v instanceof Verdict.Punted p && p.reason().equals("reject"));
    if (!byAcl) {
      return;
    }
    Step deciding =
        e.steps().stream()
            .filter(
                s ->
                    s.stage() == Step.Stage.FROM_PORT_ACL || s.stage() == Step.Stage.TO_PORT_ACL)
            .reduce((a, b) -> b)
            .orElseThrow();
    String port = deciding.at().segments().get(deciding.at().segments().size() - 1).id();
    PortKind kind = t.portById(String.valueOf(port)).map(SwitchPort::kind).orElseThrow();
    assertThat(deciding.stage() == Step.Stage.FROM_PORT_ACL && kind == PortKind.ROUTER)
        .as("reply dropped by an ACL stage that tracks connections:\n%s", e.explain())
        .isTrue();
  }

  private static boolean isAclCause(ModelPath p) {
    String kind = p.segments().get(p.segments().size() - 1).kind();
    return kind.equals("acl") || kind.equals("default-deny");
  }

  @Test
  void generatedScenariosReachEveryReachableVerdict() {
    Set<String> seen = new TreeSet<>();
    for (long seed = 0; seed < 400; seed++) {
      Scenario s = ScenarioGens.scenarios().sample(seed, 60);
      Semantics semantics = semantics(s.topology());
      ConnectionTable table = ConnectionTable.EMPTY;
      List<Scenario.Step> steps = new ArrayList<>(s.steps());
      for (int extra = 0; extra < 10; extra++) {
        steps.add(PacketGens.steps(s.topology()).sample(seed * 31 + extra, 60));
      }
      for (Scenario.Step step : steps) {
        Evaluation e = semantics.evaluate(step.port(), step.packet(), table);
        seen.add(kind(e.verdict()));
        table = e.table();
      }
    }
    assertThat(seen)
        .contains(
            "delivered",
            "dropped acl",
            "dropped default-deny",
            "dropped port-security",
            "dropped vlan",
            "dropped invalid-source",
            "dropped unknown-unicast",
            "dropped l2-lookup",
            "dropped vip",
            "dropped no-route",
            "dropped local",
            "dropped non-ip",
            "replied arp-responder",
            "replied icmp-echo",
            "punted reject",
            "punted icmp-time-exceeded",
            "punted arp-request");
  }

  private static String kind(Verdict v) {
    if (v instanceof Verdict.Delivered) {
      return "delivered";
    }
    if (v instanceof Verdict.Dropped d) {
      return "dropped " + last(d.by());
    }
    if (v instanceof Verdict.Replied r) {
      return "replied " + last(r.by());
    }
    return "punted " + ((Verdict.Punted) v).reason();
  }

  private static String last(ModelPath p) {
    ModelPath.Segment s = p.segments().get(p.segments().size() - 1);
    return s.kind();
  }
}
