package io.nv.testkit.gen;

import com.google.common.collect.ImmutableList;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.placement.Binding;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Edit sequences over topologies made by {@link TopologyGens}: VM migrations, ports added and
 * removed, ACL rules added and removed, switches added and removed. Every step keeps the topology
 * valid, so properties can compare what a change does (keys that must survive, deltas that must
 * equal a full compile).
 *
 * <pre>{@code
 * Gen<ImmutableList<Edit>> seq = TopologyGens.topologies().flatMap(t -> Edits.sequences(t, 8));
 * }</pre>
 */
public final class Edits {
  private Edits() {}

  /** Sequences of 1..{@code maxEdits} edits starting from {@code start}. */
  public static Gen<ImmutableList<Edit>> sequences(Topology start, int maxEdits) {
    return (random, size) -> {
      int n = Gens.integers(1, Math.max(1, maxEdits)).generate(random, size);
      ImmutableList.Builder<Edit> out = ImmutableList.builder();
      Topology t = start;
      for (int i = 0; i < n; i++) {
        Edit e = next(t, random, size);
        out.add(e);
        t = e.after();
      }
      return out.build();
    };
  }

  /** One edit of {@code t}. */
  public static Gen<Edit> edits(Topology t) {
    return (random, size) -> next(t, random, size);
  }

  private static Edit next(Topology t, RandomGenerator r, int size) {
    int kind = Gens.integers(0, 5).generate(r, size);
    for (int attempt = 0; attempt < 6; attempt++) {
      @Nullable Edit e =
          switch ((kind + attempt) % 6) {
            case 0 -> migrate(t, r, size);
            case 1 -> addPort(t, r, size);
            case 2 -> removePort(t, r, size);
            case 3 -> addAcl(t, r, size);
            case 4 -> removeAcl(t, r, size);
            default -> addOrRemoveSwitch(t, r, size);
          };
      if (e != null) {
        return e;
      }
    }
    return addSwitch(t);
  }

  private static <T> T pick(List<T> items, RandomGenerator r, int size) {
    return items.get(Gens.integers(0, items.size() - 1).generate(r, size));
  }

  private static Topology mapSwitch(Topology t, LogicalSwitch s) {
    return new Topology.Builder().from(t)
        .switches(t.switches().stream().map(x -> x.id().equals(s.id()) ? s : x).toList()).build();
  }

  private static @Nullable Edit migrate(Topology t, RandomGenerator r, int size) {
    if (t.bindings().isEmpty() || t.hosts().size() < 2) {
      return null;
    }
    Binding b = pick(t.bindings(), r, size);
    List<String> others = t.hosts().stream().map(h -> h.id()).filter(h -> !h.equals(b.host())).toList();
    String to = pick(others, r, size);
    Topology after = new Topology.Builder().from(t)
        .bindings(t.bindings().stream().map(x -> x.equals(b) ? new Binding(b.port(), to) : x).toList())
        .build();
    return new Edit("migrate " + b.port() + " " + b.host() + " → " + to, t, after);
  }

  private static int index(String id, String prefix) {
    try {
      return id.startsWith(prefix) ? Integer.parseInt(id.substring(prefix.length())) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static @Nullable Edit addPort(Topology t, RandomGenerator r, int size) {
    List<LogicalSwitch> eligible = t.switches().stream()
        .filter(s -> s.subnets().size() == 1 && s.subnets().get(0).toString().startsWith("10.0.")).toList();
    if (eligible.isEmpty()) {
      return null;
    }
    LogicalSwitch s = pick(eligible, r, size);
    int next = s.ports().stream().mapToInt(p -> index(p.id(), s.id() + "p")).max().orElse(-1) + 1;
    if (next > 200) {
      return null;
    }
    Ipv4Address net = (Ipv4Address) s.subnets().get(0).network();
    int j = (net.bits() >>> 8) & 0xff;
    IpAddress ip = Ipv4Address.of(net.bits() | (10 + next));
    Set<IpAddress> used = new HashSet<>();
    s.ports().forEach(p -> used.addAll(p.ips()));
    if (used.contains(ip)) {
      return null;
    }
    SwitchPort p = new SwitchPort.Builder().id(s.id() + "p" + next)
        .mac(MacAddress.of(0x0a0000000000L | ((long) j << 16) | (16 + next))).addIp(ip).portSecurity(true).build();
    Topology after = new Topology.Builder().from(mapSwitch(t, new LogicalSwitch.Builder().from(s).addPort(p).build()))
        .addBinding(new Binding(p.id(), pick(t.hosts(), r, size).id())).build();
    return new Edit("add port " + p.id(), t, after);
  }

  private static Set<String> referencedPorts(Topology t) {
    Set<String> refs = new HashSet<>();
    t.portGroups().forEach(g -> refs.addAll(g.ports()));
    t.routers().forEach(rt -> rt.nats().forEach(n -> n.logicalPort().ifPresent(refs::add)));
    Set<IpAddress> pinned = new HashSet<>();
    t.loadBalancers().forEach(lb -> lb.vips().forEach(v -> v.backends().forEach(b -> pinned.add(b.address()))));
    t.routers().forEach(rt -> {
      rt.routes().forEach(x -> x.nextHop().ifPresent(pinned::add));
      rt.policies().forEach(x -> pinned.addAll(x.nextHops()));
      rt.nats().forEach(n -> pinned.add(n.logical().network()));
    });
    t.switches().forEach(s -> s.ports().forEach(p -> {
      if (p.ips().stream().anyMatch(pinned::contains)) {
        refs.add(p.id());
      }
    }));
    // ACL matches may name ports: keep those too.
    List<String> matches = new ArrayList<>();
    t.switches().forEach(s -> s.acls().forEach(a -> matches.add(a.match())));
    t.portGroups().forEach(g -> g.acls().forEach(a -> matches.add(a.match())));
    t.switches().forEach(s -> s.ports().forEach(p -> {
      if (matches.stream().anyMatch(m -> m.contains("\"" + p.id() + "\""))) {
        refs.add(p.id());
      }
    }));
    return refs;
  }

  private static @Nullable Edit removePort(Topology t, RandomGenerator r, int size) {
    Set<String> refs = referencedPorts(t);
    List<SwitchPort> removable = t.switches().stream().flatMap(s -> s.ports().stream())
        .filter(p -> p.kind() == PortKind.VIF && !refs.contains(p.id())).toList();
    if (removable.isEmpty()) {
      return null;
    }
    SwitchPort p = pick(removable, r, size);
    LogicalSwitch s = t.switchOfPort(p.id()).orElseThrow();
    LogicalSwitch s2 = new LogicalSwitch.Builder().from(s)
        .ports(s.ports().stream().filter(x -> !x.id().equals(p.id())).toList()).build();
    Topology after = new Topology.Builder().from(mapSwitch(t, s2))
        .bindings(t.bindings().stream().filter(b -> !b.port().equals(p.id())).toList()).build();
    return new Edit("remove port " + p.id(), t, after);
  }

  private static Edit addAcl(Topology t, RandomGenerator r, int size) {
    LogicalSwitch s = pick(t.switches(), r, size);
    int next = s.acls().stream().mapToInt(a -> index(a.id(), "e")).max().orElse(-1) + 1;
    // Keep the tenant's priorities distinct, as TopologyGens does: equal ones are unspecified.
    Set<Integer> used = new HashSet<>();
    t.switches().stream().filter(x -> x.tenant().equals(s.tenant()))
        .forEach(x -> x.acls().forEach(a -> used.add(a.priority())));
    t.portGroups().stream().filter(g -> g.tenant().equals(s.tenant()))
        .forEach(g -> g.acls().forEach(a -> used.add(a.priority())));
    int priority = TopologyGens.unusedPriority(Gens.integers(0, 32767).generate(r, size), used);
    AclRule a = new AclRule.Builder().id("e" + next).priority(priority)
        .match("tcp.dst == " + Gens.integers(1, 65535).generate(r, size))
        .action(pick(List.of(AclAction.values()), r, size)).build();
    return new Edit("add acl " + s.id() + "/" + a.id(), t, mapSwitch(t, new LogicalSwitch.Builder().from(s).addAcl(a).build()));
  }

  private static @Nullable Edit removeAcl(Topology t, RandomGenerator r, int size) {
    List<LogicalSwitch> withAcls = t.switches().stream().filter(s -> !s.acls().isEmpty()).toList();
    if (withAcls.isEmpty()) {
      return null;
    }
    LogicalSwitch s = pick(withAcls, r, size);
    AclRule a = pick(s.acls(), r, size);
    LogicalSwitch s2 = new LogicalSwitch.Builder().from(s)
        .acls(s.acls().stream().filter(x -> !x.id().equals(a.id())).toList()).build();
    return new Edit("remove acl " + s.id() + "/" + a.id(), t, mapSwitch(t, s2));
  }

  private static Edit addOrRemoveSwitch(Topology t, RandomGenerator r, int size) {
    List<LogicalSwitch> empty = new ArrayList<>();
    for (LogicalSwitch s : t.switches()) {
      boolean attached = t.loadBalancers().stream().anyMatch(lb -> lb.switches().contains(s.id()));
      if (s.ports().isEmpty() && !attached) {
        empty.add(s);
      }
    }
    if (!empty.isEmpty() && Gens.booleans().generate(r, size)) {
      LogicalSwitch s = pick(empty, r, size);
      return new Edit("remove switch " + s.id(), t, new Topology.Builder().from(t)
          .switches(t.switches().stream().filter(x -> !x.id().equals(s.id())).toList()).build());
    }
    return addSwitch(t);
  }

  private static Edit addSwitch(Topology t) {
    String tenant = t.tenants().get(0).id();
    int next = t.switches().stream().mapToInt(s -> index(s.id(), tenant + "s")).max().orElse(-1) + 1;
    LogicalSwitch s = new LogicalSwitch.Builder().id(tenant + "s" + next).tenant(tenant)
        .addSubnet(IpPrefix.parse("10.0." + (next % 256) + ".0/24")).build();
    return new Edit("add switch " + s.id(), t, new Topology.Builder().from(t).addSwitch(s).build());
  }
}
