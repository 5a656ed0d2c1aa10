package io.nv.testkit.gen;

import com.google.common.collect.ImmutableList;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import java.util.stream.Collectors;

/**
 * A test case for the semantics and the compiler: a topology and the packets sent into it, in
 * order, each at an entry port. Evaluating the steps in order, with the connection table each
 * leaves, is one run; properties compare runs. {@link #toString()} prints the topology compactly
 * (only what decides a packet's fate) and the numbered steps, for counterexamples.
 *
 * <pre>{@code
 * Property.forAll(ScenarioGens.scenarios())
 *     .shrinkWith(ScenarioGens.shrinker())
 *     .check(s -> {
 *       ConnectionTable table = ConnectionTable.EMPTY;
 *       for (Scenario.Step step : s.steps()) {
 *         table = semantics.evaluate(step.port(), step.packet(), table).table();
 *       }
 *     });
 * }</pre>
 *
 * @param topology a valid topology
 * @param steps the packets, in the order they are sent
 */
public record Scenario(Topology topology, ImmutableList<Step> steps) {
  /**
   * One packet sent into the topology.
   *
   * <pre>{@code
   * new Scenario.Step("t0s0p1", Packets.tcp(srcMac, dstMac, srcIp, dstIp, 40000, 80));
   * }</pre>
   *
   * @param port the VIF or LOCALNET port it enters at
   * @param packet the packet
   */
  public record Step(String port, Packet packet) {
    @Override
    public String toString() {
      return "at " + port + ": " + packet;
    }
  }

  /** This scenario with {@code steps} instead. */
  public Scenario withSteps(ImmutableList<Step> steps) {
    return new Scenario(topology, steps);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Scenario\n");
    describe(topology, sb);
    sb.append("steps:\n");
    for (int i = 0; i < steps.size(); i++) {
      sb.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
    }
    return sb.toString();
  }

  /** The elements of {@code t} that decide what packets do, one a line. */
  static void describe(Topology t, StringBuilder sb) {
    for (LogicalSwitch s : t.switches()) {
      sb.append("switch ")
          .append(s.id())
          .append(" (")
          .append(s.tenant())
          .append(") ")
          .append(s.subnets())
          .append(s.defaultDeny() == DefaultDeny.OFF ? "" : " default-deny " + s.defaultDeny())
          .append(" unknown-unicast ")
          .append(s.unknownUnicast())
          .append('\n');
      for (SwitchPort p : s.ports()) {
        sb.append("  port ").append(p.id()).append(' ').append(p.kind());
        p.mac().ifPresent(m -> sb.append(' ').append(m));
        p.ips().forEach(ip -> sb.append(' ').append(ip));
        if (p.portSecurity()) {
          sb.append(" port-security");
        }
        if (p.unknown()) {
          sb.append(" unknown");
        }
        p.routerPort().ifPresent(rp -> sb.append(" -> ").append(rp));
        if (p.kind() == PortKind.LOCALNET) {
          p.vlan().ifPresent(v -> sb.append(" vlan ").append(v));
        }
        sb.append('\n');
      }
      s.acls().forEach(a -> acl(a, sb));
    }
    for (LogicalRouter r : t.routers()) {
      sb.append("router ").append(r.id()).append('\n');
      for (RouterPort p : r.ports()) {
        sb.append("  port ")
            .append(p.id())
            .append(' ')
            .append(p.mac())
            .append(' ')
            .append(p.addresses())
            .append('\n');
      }
      r.routes()
          .forEach(x -> sb.append("  route ").append(x.id()).append(' ').append(x.prefix()).append('\n'));
      r.policies().forEach(x -> sb.append("  policy ").append(x.id()).append('\n'));
      r.nats().forEach(x -> sb.append("  nat ").append(x.id()).append('\n'));
    }
    for (AddressSet a : t.addressSets()) {
      sb.append("address-set ").append(a.id()).append(' ').append(a.addresses()).append('\n');
    }
    for (PortGroup g : t.portGroups()) {
      sb.append("port-group ")
          .append(g.id())
          .append(' ')
          .append(g.ports())
          .append(g.defaultDeny() == DefaultDeny.OFF ? "" : " default-deny " + g.defaultDeny())
          .append('\n');
      g.acls().forEach(a -> acl(a, sb));
    }
    for (LoadBalancer lb : t.loadBalancers()) {
      sb.append("load-balancer ")
          .append(lb.id())
          .append(" on ")
          .append(lb.switches());
      lb.hairpinAddress().ifPresent(h -> sb.append(" hairpin ").append(h));
      lb.affinityTimeout().ifPresent(a -> sb.append(" affinity ").append(a));
      if (!lb.selectionFields().isEmpty()) {
        sb.append(" fields ").append(lb.selectionFields());
      }
      sb.append('\n');
      for (Vip v : lb.vips()) {
        sb.append("  vip ")
            .append(v.id())
            .append(' ')
            .append(v.address())
            .append(' ')
            .append(v.protocol())
            .append(' ')
            .append(v.port())
            .append(" -> ")
            .append(v.backends().stream().map(Scenario::backend).collect(Collectors.joining(", ")))
            .append('\n');
      }
    }
  }

  private static String backend(Backend b) {
    return b.id() + (b.weight() == 1 ? "" : " x" + b.weight()) + (b.healthy() ? "" : " down");
  }

  private static void acl(AclRule a, StringBuilder sb) {
    sb.append("  acl ")
        .append(a.id())
        .append(" tier ")
        .append(a.tier())
        .append(" priority ")
        .append(a.priority())
        .append(' ')
        .append(a.direction())
        .append(" \"")
        .append(a.match())
        .append("\" ")
        .append(a.action())
        .append(a.log() ? " log" : "")
        .append('\n');
  }
}
