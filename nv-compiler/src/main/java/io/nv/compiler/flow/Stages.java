package io.nv.compiler.flow;

import com.google.common.collect.ImmutableList;

/**
 * Every stage of nv's logical pipelines, in order, named after OVN's where one serves.
 *
 * <pre>{@code
 * Stages.of(Stage.Pipeline.SWITCH_EGRESS);   // [pre-acl, acl-tier0, …, output]
 * Stages.next(Stages.SWITCH_IN_PORT_SECURITY);   // SWITCH_IN_LB_UNSNAT
 * }</pre>
 */
public final class Stages {
  private Stages() {}

  private static Stage in(int i, String name) {
    return new Stage(Stage.Pipeline.SWITCH_INGRESS, name, i);
  }

  private static Stage out(int i, String name) {
    return new Stage(Stage.Pipeline.SWITCH_EGRESS, name, i);
  }

  private static Stage rin(int i, String name) {
    return new Stage(Stage.Pipeline.ROUTER_INGRESS, name, i);
  }

  private static Stage rout(int i, String name) {
    return new Stage(Stage.Pipeline.ROUTER_EGRESS, name, i);
  }

  /** Source checks (multicast source, VLAN) and ingress port security. */
  public static final Stage SWITCH_IN_PORT_SECURITY = in(0, "port-security");
  /** Un-SNAT of replies to hairpinned load-balancer connections. */
  public static final Stage SWITCH_IN_LB_UNSNAT = in(1, "lb-unsnat");
  /** Connection lookup in the inport's zone. */
  public static final Stage SWITCH_IN_PRE_ACL = in(2, "pre-acl");
  /** from-port ACLs of tier 0 (also passes replies of committed connections). */
  public static final Stage SWITCH_IN_ACL_TIER0 = in(3, "acl-tier0");
  /** from-port ACLs of tier 1. */
  public static final Stage SWITCH_IN_ACL_TIER1 = in(4, "acl-tier1");
  /** from-port ACLs of tier 2. */
  public static final Stage SWITCH_IN_ACL_TIER2 = in(5, "acl-tier2");
  /** from-port ACLs of tier 3. */
  public static final Stage SWITCH_IN_ACL_TIER3 = in(6, "acl-tier3");
  /** What no from-port tier decided: default-deny, or commit on stateful switches. */
  public static final Stage SWITCH_IN_ACL_DEFAULT = in(7, "acl-default");
  /** Load balancing: new connections to a VIP go to a select group that DNATs. */
  public static final Stage SWITCH_IN_LB = in(8, "lb");
  /** Hairpin SNAT: a backend reaching its own VIP. */
  public static final Stage SWITCH_IN_LB_HAIRPIN = in(9, "lb-hairpin");
  /** Commits connections the ACL stages asked to commit. */
  public static final Stage SWITCH_IN_STATEFUL = in(10, "stateful");
  /** Answers ARP requests for known addresses. */
  public static final Stage SWITCH_IN_ARP_RESPONDER = in(11, "arp-responder");
  /** Chooses the output port(s) by destination MAC. */
  public static final Stage SWITCH_IN_L2_LOOKUP = in(12, "l2-lookup");

  /** Connection lookup in the outport's zone (un-NATs load-balanced replies). */
  public static final Stage SWITCH_OUT_PRE_ACL = out(0, "pre-acl");
  /** to-port ACLs of tier 0 (also passes replies of committed connections). */
  public static final Stage SWITCH_OUT_ACL_TIER0 = out(1, "acl-tier0");
  /** to-port ACLs of tier 1. */
  public static final Stage SWITCH_OUT_ACL_TIER1 = out(2, "acl-tier1");
  /** to-port ACLs of tier 2. */
  public static final Stage SWITCH_OUT_ACL_TIER2 = out(3, "acl-tier2");
  /** to-port ACLs of tier 3. */
  public static final Stage SWITCH_OUT_ACL_TIER3 = out(4, "acl-tier3");
  /** What no to-port tier decided: default-deny, or commit on stateful switches. */
  public static final Stage SWITCH_OUT_ACL_DEFAULT = out(5, "acl-default");
  /** Commits connections the ACL stages asked to commit. */
  public static final Stage SWITCH_OUT_STATEFUL = out(6, "stateful");
  /** Egress port security of IP destinations (broadcast and multicast pass for every port). */
  public static final Stage SWITCH_OUT_PORT_SECURITY_IP = out(7, "port-security-ip");
  /** Egress port security of Ethernet destinations. */
  public static final Stage SWITCH_OUT_PORT_SECURITY_L2 = out(8, "port-security-l2");
  /** Delivery to the outport (VLAN tagging for LOCALNET ports). */
  public static final Stage SWITCH_OUT_OUTPUT = out(9, "output");

  /** Router MAC check, ARP for router and NAT addresses. */
  public static final Stage ROUTER_IN_ADMISSION = rin(0, "admission");
  /** Un-SNAT: replies to a SNAT address get their inside destination back. */
  public static final Stage ROUTER_IN_UNSNAT = rin(1, "un-snat");
  /** DNAT: floating IPs (stateless) and DNAT rules (conntrack). */
  public static final Stage ROUTER_IN_DNAT = rin(2, "dnat");
  /** Traffic to the router itself (ICMP echo), TTL expiry. */
  public static final Stage ROUTER_IN_IP_INPUT = rin(3, "ip-input");
  /** Longest-prefix match over connected and static routes; ECMP groups. */
  public static final Stage ROUTER_IN_ROUTING = rin(4, "routing");
  /** Policy routes: allow, drop, reroute. */
  public static final Stage ROUTER_IN_POLICY = rin(5, "policy");
  /** TTL decrement, MAC rewrite from the next hop's binding, or punt an ARP request. */
  public static final Stage ROUTER_IN_ARP_RESOLVE = rin(6, "arp-resolve");
  /** Un-DNAT: replies of DNAT connections get their external source back. */
  public static final Stage ROUTER_OUT_UNDNAT = rout(0, "un-dnat");
  /** SNAT: floating IPs (stateless) and SNAT rules (conntrack) of the out port. */
  public static final Stage ROUTER_OUT_SNAT = rout(1, "snat");
  /** Hands the packet to the out port's peer switch. */
  public static final Stage ROUTER_OUT_DELIVERY = rout(2, "delivery");

  private static Stage phy(int i, String name) {
    return new Stage(Stage.Pipeline.PHYSICAL, name, i);
  }

  /** A host's first table: a local port's or a tunnel's arrival → datapath, logical ports, zones. */
  public static final Stage PHY_CLASSIFY = phy(0, "classify");
  /** A tunnel arrival, by logical outport: a local port's egress, or a local flood. */
  public static final Stage PHY_FROM_TUNNEL = phy(1, "from-tunnel");
  /** A flood copy back to its own inport is dropped (OVN's loopback check). */
  public static final Stage PHY_FLOOD_CHECK = phy(2, "flood-check");
  /** Ingress chose an outport: its egress here, or a tunnel to the host that has it. */
  public static final Stage PHY_OUTPUT = phy(3, "output");
  /** Egress output: to the local interface, or through a patch into the peer datapath. */
  public static final Stage PHY_DELIVER = phy(4, "deliver");

  private static final ImmutableList<Stage> PHYSICAL =
      ImmutableList.of(PHY_CLASSIFY, PHY_FROM_TUNNEL, PHY_FLOOD_CHECK, PHY_OUTPUT, PHY_DELIVER);

  private static final ImmutableList<Stage> SWITCH_INGRESS =
      ImmutableList.of(
          SWITCH_IN_PORT_SECURITY,
          SWITCH_IN_LB_UNSNAT,
          SWITCH_IN_PRE_ACL,
          SWITCH_IN_ACL_TIER0,
          SWITCH_IN_ACL_TIER1,
          SWITCH_IN_ACL_TIER2,
          SWITCH_IN_ACL_TIER3,
          SWITCH_IN_ACL_DEFAULT,
          SWITCH_IN_LB,
          SWITCH_IN_LB_HAIRPIN,
          SWITCH_IN_STATEFUL,
          SWITCH_IN_ARP_RESPONDER,
          SWITCH_IN_L2_LOOKUP);
  private static final ImmutableList<Stage> SWITCH_EGRESS =
      ImmutableList.of(
          SWITCH_OUT_PRE_ACL,
          SWITCH_OUT_ACL_TIER0,
          SWITCH_OUT_ACL_TIER1,
          SWITCH_OUT_ACL_TIER2,
          SWITCH_OUT_ACL_TIER3,
          SWITCH_OUT_ACL_DEFAULT,
          SWITCH_OUT_STATEFUL,
          SWITCH_OUT_PORT_SECURITY_IP,
          SWITCH_OUT_PORT_SECURITY_L2,
          SWITCH_OUT_OUTPUT);
  private static final ImmutableList<Stage> ROUTER_INGRESS =
      ImmutableList.of(
          ROUTER_IN_ADMISSION,
          ROUTER_IN_UNSNAT,
          ROUTER_IN_DNAT,
          ROUTER_IN_IP_INPUT,
          ROUTER_IN_ROUTING,
          ROUTER_IN_POLICY,
          ROUTER_IN_ARP_RESOLVE);
  private static final ImmutableList<Stage> ROUTER_EGRESS =
      ImmutableList.of(ROUTER_OUT_UNDNAT, ROUTER_OUT_SNAT, ROUTER_OUT_DELIVERY);

  /** The stages of {@code pipeline}, in order. */
  public static ImmutableList<Stage> of(Stage.Pipeline pipeline) {
    return switch (pipeline) {
      case SWITCH_INGRESS -> SWITCH_INGRESS;
      case SWITCH_EGRESS -> SWITCH_EGRESS;
      case ROUTER_INGRESS -> ROUTER_INGRESS;
      case ROUTER_EGRESS -> ROUTER_EGRESS;
      case PHYSICAL -> PHYSICAL;
    };
  }

  /** The stages of a datapath of kind {@code kind}: ingress, then egress. */
  public static ImmutableList<Stage> of(Datapath.Kind kind) {
    return kind == Datapath.Kind.SWITCH
        ? ImmutableList.<Stage>builder().addAll(SWITCH_INGRESS).addAll(SWITCH_EGRESS).build()
        : ImmutableList.<Stage>builder().addAll(ROUTER_INGRESS).addAll(ROUTER_EGRESS).build();
  }

  /** The first stage of {@code pipeline}. */
  public static Stage first(Stage.Pipeline pipeline) {
    return of(pipeline).get(0);
  }

  /**
   * The stage after {@code stage} in its pipeline.
   *
   * @throws IllegalArgumentException for the last stage, which must output or drop instead
   */
  public static Stage next(Stage stage) {
    ImmutableList<Stage> all = of(stage.pipeline());
    if (stage.ordinal() + 1 >= all.size()) {
      throw new IllegalArgumentException(
          stage + " is the last stage of its pipeline: end its flows with output or drop");
    }
    return all.get(stage.ordinal() + 1);
  }

  /** The ACL stage of {@code tier} (0..3) in the ingress (from-port) or egress (to-port) pipeline. */
  public static Stage aclTier(boolean ingress, int tier) {
    if (tier < 0 || tier > 3) {
      throw new IllegalArgumentException("ACL tier " + tier + " not in 0..3");
    }
    return of(ingress ? Stage.Pipeline.SWITCH_INGRESS : Stage.Pipeline.SWITCH_EGRESS)
        .get((ingress ? SWITCH_IN_ACL_TIER0 : SWITCH_OUT_ACL_TIER0).ordinal() + tier);
  }
}
