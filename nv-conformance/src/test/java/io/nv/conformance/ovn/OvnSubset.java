package io.nv.conformance.ovn;

import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.lb.LoadBalancer;
import java.util.List;

/**
 * The part of a generated topology that both nv (its reference semantics and compiler) and OVN
 * 23.03 express, so the two can be compared packet by packet. What OVN lacks is always removed:
 * ACL tiers are merged into tier 0 and PASS becomes ALLOW (the generators use both); priority 0
 * becomes 1 (the default-deny rows' priority). A router with NAT rules but no gateway host gets
 * one (OVN applies NAT only on a distributed gateway port, and ignores it without a gateway
 * chassis; nv's verdicts do not depend on placement). The rest is kept as the subset says.
 *
 * <pre>{@code
 * Topology t = OvnSubset.ROUTING.apply(generated);
 * }</pre>
 *
 * @param staticRoutes keep static routes (ECMP included)
 * @param policies keep policy routes
 * @param nat keep NAT rules, neighbours and gateways
 * @param routerLoadBalancers keep load balancers' attachments to routers
 */
record OvnSubset(boolean staticRoutes, boolean policies, boolean nat, boolean routerLoadBalancers) {
  /** Switches and connected routing only (the agreement before routing and NAT). */
  static final OvnSubset CONNECTED_ONLY = new OvnSubset(false, false, false, false);

  /**
   * What both evaluate: static routes (ECMP included), policies, SNAT, DNAT, floating IPs,
   * neighbours and gateways; not load balancers on routers (a validation error now).
   */
  static final OvnSubset ROUTING = new OvnSubset(true, true, true, false);

  Topology apply(Topology t) {
    String gatewayHost = t.hosts().isEmpty() ? "hv0" : t.hosts().get(0).id();
    Topology.Builder b = new Topology.Builder().from(t);
    b.switches(
        t.switches().stream()
            .map(s -> new LogicalSwitch.Builder().from(s).acls(rules(s.acls())).build())
            .toList());
    b.portGroups(
        t.portGroups().stream()
            .map(g -> new PortGroup.Builder().from(g).acls(rules(g.acls())).build())
            .toList());
    b.routers(t.routers().stream().map(r -> router(r, gatewayHost)).toList());
    if (!routerLoadBalancers) {
      b.loadBalancers(
          t.loadBalancers().stream()
              .map(lb -> new LoadBalancer.Builder().from(lb).routers(List.of()).build())
              .toList());
    }
    return b.build();
  }

  private LogicalRouter router(LogicalRouter r, String gatewayHost) {
    LogicalRouter.Builder b = new LogicalRouter.Builder().from(r);
    if (!staticRoutes) {
      b.routes(List.of());
    }
    if (!policies) {
      b.policies(List.of());
    }
    if (!nat) {
      b.nats(List.of()).neighbours(List.of()).gateway(java.util.Optional.empty());
    } else if (!r.nats().isEmpty() && r.gateway().isEmpty()) {
      b.gateway(gatewayHost);
    }
    return b.build();
  }

  private static List<AclRule> rules(List<AclRule> rules) {
    return rules.stream()
        .map(
            a ->
                new AclRule.Builder()
                    .from(a)
                    .tier(0)
                    .priority(Math.max(1, a.priority()))
                    .action(a.action() == AclAction.PASS ? AclAction.ALLOW : a.action())
                    .build())
        .toList();
  }
}
