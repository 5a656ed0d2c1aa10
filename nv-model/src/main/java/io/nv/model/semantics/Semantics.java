package io.nv.model.semantics;

import io.nv.model.Topology;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import io.nv.model.validate.ValidatedTopology;

/**
 * The reference semantics of a topology: what it should do to a packet, computed from the model
 * alone, step by step as {@code docs/semantics.md} says. It is the oracle the compiler and its
 * tracer are checked against, so it is written for obviousness, not speed (though it indexes the
 * topology once, so one packet costs about the ports it reaches and the rules it meets).
 *
 * <pre>{@code
 * Semantics s = Semantics.of(validated);
 * Evaluation syn = s.evaluate("app1", Packets.tcp(app1Mac, routerMac, app1Ip, db1Ip, 40000, 5432),
 *     ConnectionTable.EMPTY);
 * syn.verdict();                       // verdict: delivered to db1
 * Evaluation reply = s.evaluate("db1", answer, syn.table());
 * System.out.println(reply.explain()); // every step, then the verdict line
 * }</pre>
 *
 * <p>Static routes, ECMP, policy routes, NAT rules, static neighbours, gateways and load balancers
 * attached to routers are not evaluated yet: a topology with them is evaluated as if they were
 * absent (see "Not yet" in {@code docs/semantics.md}).
 *
 * <p>Thread-safe: a {@code Semantics} is immutable after {@link #of}.
 */
public final class Semantics {
  /** The most datapaths (switches and routers) one packet may traverse. */
  public static final int MAX_HOPS = 32;

  private final TopologyIndex index;
  private final int maxHops;

  private Semantics(Topology topology, int maxHops) {
    this.index = new TopologyIndex(topology);
    this.maxHops = maxHops;
  }

  /** The semantics of {@code topology}; indexes it once, in time linear in its size. */
  public static Semantics of(ValidatedTopology topology) {
    return new Semantics(topology.topology(), MAX_HOPS);
  }

  /** For tests of the hop limit, which connected routing alone never reaches. */
  static Semantics of(Topology topology, int maxHops) {
    return new Semantics(topology, maxHops);
  }

  /** The topology evaluated. */
  public Topology topology() {
    return index.topology;
  }

  /**
   * Evaluates {@code packet} entering at {@code ingressPort} (its own {@code inport} is ignored)
   * with the connections of {@code table}.
   *
   * @param ingressPort a VIF or LOCALNET port of the topology
   * @throws IllegalArgumentException when {@code ingressPort} is not such a port
   */
  public Evaluation evaluate(String ingressPort, Packet packet, ConnectionTable table) {
    SwitchPort port = index.port(ingressPort);
    TopologyIndex.SwitchInfo sw = index.switchOf(ingressPort);
    if (port == null || sw == null) {
      throw new IllegalArgumentException(
          "no switch port '" + ingressPort + "' in the topology: give the id of a VIF or LOCALNET port");
    }
    if (port.kind() == PortKind.ROUTER) {
      throw new IllegalArgumentException(
          "port '"
              + ingressPort
              + "' links a router and is no entry: give the id of a VIF or LOCALNET port");
    }
    return new Interpreter(index, maxHops, table).run(sw, port, packet);
  }

  /** Evaluates {@code packet} with no connections yet. */
  public Evaluation evaluate(String ingressPort, Packet packet) {
    return evaluate(ingressPort, packet, ConnectionTable.EMPTY);
  }
}
