package io.nv.model.diff;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import io.nv.model.ModelPath;
import io.nv.model.Peering;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The differences between two topologies: every element (tenant, switch, port, ACL rule, router,
 * router port, route, policy, NAT rule, neighbour, address set, port group, load balancer, VIP,
 * host, binding, peering, and the topology's own settings) added, removed or changed. A parent's
 * entry covers only its own attributes, so moving a VM (a new binding) shows as exactly one
 * change: {@code changed binding <port>}.
 *
 * <pre>{@code
 * TopologyDiff d = TopologyDiff.between(before, after);
 * d.isEmpty();          // false
 * d.changes();          // [changed binding web1]
 * TopologyDiff.between(t, t).isEmpty();   // true
 * }</pre>
 *
 * <p>O(elements) with hashing; changes are sorted by path.
 */
public final class TopologyDiff {
  private final ImmutableList<Change> changes;

  private TopologyDiff(ImmutableList<Change> changes) {
    this.changes = changes;
  }

  /** What changed from {@code before} to {@code after}. */
  public static TopologyDiff between(Topology before, Topology after) {
    Map<ModelPath, Object> a = flatten(before);
    Map<ModelPath, Object> b = flatten(after);
    List<Change> out = new ArrayList<>();
    for (ModelPath p : Sets.union(a.keySet(), b.keySet())) {
      Object x = a.get(p);
      Object y = b.get(p);
      if (x == null) {
        out.add(new Change(Change.Kind.ADDED, p));
      } else if (y == null) {
        out.add(new Change(Change.Kind.REMOVED, p));
      } else if (!x.equals(y)) {
        out.add(new Change(Change.Kind.CHANGED, p));
      }
    }
    return new TopologyDiff(ImmutableList.sortedCopyOf(out));
  }

  /** Every change, sorted by path. */
  public ImmutableList<Change> changes() {
    return changes;
  }

  /** True when the topologies are equal element by element. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  @Override
  public String toString() {
    return changes.toString();
  }

  /** Each element's path → its own attributes (children stripped, so they diff separately). */
  private static Map<ModelPath, Object> flatten(Topology t) {
    Map<ModelPath, Object> m = new LinkedHashMap<>();
    m.put(ModelPath.ROOT, t.encapsulation());
    for (Tenant x : t.tenants()) {
      m.putIfAbsent(x.path(), x);
    }
    for (Peering x : t.peerings()) {
      m.putIfAbsent(x.path(), x);
    }
    for (LogicalSwitch s : t.switches()) {
      m.putIfAbsent(
          s.path(),
          new LogicalSwitch.Builder().from(s).ports(List.of()).acls(List.of()).build());
      for (SwitchPort p : s.ports()) {
        m.putIfAbsent(p.path(), List.of(s.id(), p));
      }
      rules(m, s.path(), s.acls());
    }
    for (LogicalRouter r : t.routers()) {
      ModelPath rp = r.path();
      m.putIfAbsent(
          rp,
          new LogicalRouter.Builder()
              .from(r)
              .ports(List.of())
              .routes(List.of())
              .policies(List.of())
              .nats(List.of())
              .neighbours(List.of())
              .build());
      for (RouterPort x : r.ports()) {
        m.putIfAbsent(x.path(rp), x);
      }
      for (StaticRoute x : r.routes()) {
        m.putIfAbsent(x.path(rp), x);
      }
      for (PolicyRoute x : r.policies()) {
        m.putIfAbsent(x.path(rp), x);
      }
      for (NatRule x : r.nats()) {
        m.putIfAbsent(x.path(rp), x);
      }
      for (StaticNeighbour x : r.neighbours()) {
        m.putIfAbsent(x.path(rp), x);
      }
    }
    for (AddressSet x : t.addressSets()) {
      m.putIfAbsent(x.path(), x);
    }
    for (PortGroup g : t.portGroups()) {
      m.putIfAbsent(g.path(), new PortGroup.Builder().from(g).acls(List.of()).build());
      rules(m, g.path(), g.acls());
    }
    for (LoadBalancer lb : t.loadBalancers()) {
      m.putIfAbsent(lb.path(), new LoadBalancer.Builder().from(lb).vips(List.of()).build());
      for (Vip v : lb.vips()) {
        m.putIfAbsent(v.path(lb.path()), v);
      }
    }
    for (Host h : t.hosts()) {
      m.putIfAbsent(h.path(), h);
    }
    for (Binding b : t.bindings()) {
      m.putIfAbsent(b.path(), b.host());
    }
    return m;
  }

  private static void rules(Map<ModelPath, Object> m, ModelPath owner, List<AclRule> acls) {
    for (AclRule a : acls) {
      m.putIfAbsent(a.path(owner), Objects.requireNonNull(a));
    }
  }
}
