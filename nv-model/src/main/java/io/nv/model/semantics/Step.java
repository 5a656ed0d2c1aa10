package io.nv.model.semantics;

import io.nv.model.ModelPath;

/**
 * One line of an evaluation's explanation: which stage did what, where. {@code at} names the
 * datapath and port the stage ran for ({@code switch web / port web1}, {@code router r1 / port
 * r1-web}); the text names the model paths of the rules and causes involved.
 *
 * <pre>{@code
 * evaluation.steps().get(0).toString();
 * // "switch web / port web1: ingress: inport=\"web1\" eth.src=… tcp.dst=8080 …"
 * }</pre>
 *
 * @param at the datapath and port of the stage
 * @param stage the stage
 * @param text what happened, for people
 */
public record Step(ModelPath at, Stage stage, String text) {
  /**
   * The stages of docs/semantics.md, in pipeline order.
   *
   * <pre>{@code
   * Step.Stage.TO_PORT_ACL.label();   // "to-port-acl"
   * }</pre>
   */
  public enum Stage {
    /** A packet enters a switch or router. */
    INGRESS,
    /** Switch ingress 1: multicast source, VLAN tag. */
    SOURCE_CHECK,
    /** Ingress or egress port security. */
    PORT_SECURITY,
    /** A conntrack lookup. */
    CONNTRACK,
    /** The from-port ACL stage. */
    FROM_PORT_ACL,
    /** Load balancing: DNAT, hairpin. */
    LOAD_BALANCER,
    /** The switch's ARP responder. */
    ARP_RESPONDER,
    /** The switch's L2 lookup: unicast, flooding, unknown unicast. */
    L2_LOOKUP,
    /** The to-port ACL stage. */
    TO_PORT_ACL,
    /** Un-NAT of a load-balanced reply. */
    UN_NAT,
    /** Delivery to a port, or hand-over to a router. */
    OUTPUT,
    /** Router admission: MAC check, ARP, non-IP. */
    ROUTER_ADMISSION,
    /** Traffic to the router's own addresses. */
    ROUTER_LOCAL,
    /** The TTL check. */
    ROUTER_TTL,
    /** Router NAT: un-SNAT and DNAT on arrival, un-DNAT and SNAT on the way out. */
    ROUTER_NAT,
    /** Longest-prefix match over connected and static routes, ECMP. */
    ROUTING,
    /** Policy routes. */
    POLICY,
    /** TTL decrement and MAC rewrite for the next hop. */
    NEXT_HOP,
    /** Where a router's gateway host takes over. */
    GATEWAY,
    /** An ACL rule's {@code log} punt (the packet goes on). */
    LOG,
    /** The hop limit. */
    LOOP;

    /** The stage in lower case with dashes, as explanations print it. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  @Override
  public String toString() {
    return at + ": " + stage.label() + ": " + text;
  }
}
