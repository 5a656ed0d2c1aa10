package io.nv.compiler.internal;

import com.google.common.collect.ImmutableList;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.match.Match;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.RouterPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Indexes over a topology that every datapath's compilation reads, built once in time linear in
 * the topology: port groups per switch and per port, load balancers per switch, the switch port
 * linking each router port, parsed matches, resolved address sets. Compiling one datapath reads
 * these and nothing another datapath's compilation produced.
 *
 * <pre>{@code
 * CompileContext ctx = new CompileContext(topology);
 * ctx.portGroupsOnSwitch("web");
 * }</pre>
 */
public final class CompileContext {
  private final Topology topology;
  private final Map<String, List<PortGroup>> groupsBySwitch = new HashMap<>();
  private final Map<String, List<PortGroup>> groupsByPort = new HashMap<>();
  private final Map<String, Map<String, List<String>>> membersBySwitch = new HashMap<>();
  private final Map<String, List<LoadBalancer>> lbsBySwitch = new HashMap<>();
  private final Map<String, SwitchPort> linkOfRouterPort = new HashMap<>();
  private final Map<String, LogicalSwitch> switchOfLink = new HashMap<>();
  private final Map<String, List<NatRule>> natsOfRouterPort = new HashMap<>();
  private final Map<String, List<RouterPort>> routerPortsOnSwitch = new HashMap<>();
  private final Map<String, Match> parsed = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, List<IpPrefix>> addressSets = new java.util.concurrent.ConcurrentHashMap<>();

  /** Indexes {@code topology} (validated). */
  public CompileContext(Topology topology) {
    this.topology = topology;
    List<PortGroup> groups = new ArrayList<>(topology.portGroups());
    groups.sort(Comparator.comparing(PortGroup::id));
    for (PortGroup g : groups) {
      Map<String, List<String>> bySwitch = new HashMap<>();
      for (String port : g.ports()) {
        Optional<LogicalSwitch> s = topology.switchOfPort(port);
        if (s.isEmpty()) {
          continue;
        }
        List<String> members = bySwitch.computeIfAbsent(s.get().id(), k -> new ArrayList<>());
        if (members.isEmpty()) {
          groupsBySwitch.computeIfAbsent(s.get().id(), k -> new ArrayList<>()).add(g);
        }
        members.add(port);
        groupsByPort.computeIfAbsent(port, k -> new ArrayList<>()).add(g);
      }
      membersBySwitch.put(g.id(), bySwitch);
    }
    List<LoadBalancer> lbs = new ArrayList<>(topology.loadBalancers());
    lbs.sort(Comparator.comparing(LoadBalancer::id));
    for (LoadBalancer lb : lbs) {
      for (String s : lb.switches()) {
        List<LoadBalancer> l = lbsBySwitch.computeIfAbsent(s, k -> new ArrayList<>());
        if (!l.contains(lb)) {
          l.add(lb);
        }
      }
    }
    for (LogicalSwitch s : topology.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
          linkOfRouterPort.putIfAbsent(p.routerPort().get(), p);
          switchOfLink.putIfAbsent(p.id(), s);
          topology
              .routerPortById(p.routerPort().get())
              .ifPresent(
                  rp -> routerPortsOnSwitch.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(rp));
        }
      }
    }
    for (LogicalRouter r : topology.routers()) {
      for (NatRule n : r.nats()) {
        natPort(r, n.externalIp())
            .ifPresent(
                rp -> natsOfRouterPort.computeIfAbsent(rp.id(), k -> new ArrayList<>()).add(n));
      }
    }
  }

  /** The port of {@code r} whose subnet holds {@code a}, first in port order. */
  public static Optional<RouterPort> natPort(LogicalRouter r, IpAddress a) {
    for (RouterPort p : r.ports()) {
      for (InterfaceAddress ia : p.addresses()) {
        if (ia.subnet().contains(a)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The NAT rules of router port {@code routerPort}: those whose external address lies in its
   * subnet (docs/semantics.md, Router), in the router's order.
   */
  public List<NatRule> natsOf(String routerPort) {
    return natsOfRouterPort.getOrDefault(routerPort, List.of());
  }

  /** The router ports linked to switch {@code s} (of any router), in the switch's port order. */
  public List<RouterPort> routerPortsOn(String s) {
    return routerPortsOnSwitch.getOrDefault(s, List.of());
  }

  /**
   * True when router port {@code routerPort} is a gateway port: linked to a switch that has a
   * LOCALNET port.
   */
  public boolean isGatewayPort(String routerPort) {
    Optional<LogicalSwitch> s = linkOf(routerPort).flatMap(l -> switchOfLink(l.id()));
    return s.isPresent() && s.get().ports().stream().anyMatch(p -> p.kind() == PortKind.LOCALNET);
  }

  /** The topology. */
  public Topology topology() {
    return topology;
  }

  /** The port groups with a member on switch {@code s}, by id. */
  public List<PortGroup> portGroupsOnSwitch(String s) {
    return groupsBySwitch.getOrDefault(s, List.of());
  }

  /** The port groups containing {@code port}, by id. */
  public List<PortGroup> portGroupsOfPort(String port) {
    return groupsByPort.getOrDefault(port, List.of());
  }

  /** The members of group {@code group} on switch {@code s}, in the group's order. */
  public List<String> membersOn(String group, String s) {
    Map<String, List<String>> m = membersBySwitch.get(group);
    return m == null ? List.of() : m.getOrDefault(s, List.of());
  }

  /** True when port group {@code group} exists. */
  public boolean hasPortGroup(String group) {
    return membersBySwitch.containsKey(group);
  }

  /** The load balancers attached to switch {@code s}, by id. */
  public List<LoadBalancer> loadBalancersOn(String s) {
    return lbsBySwitch.getOrDefault(s, List.of());
  }

  /** The switch port of kind ROUTER that links router port {@code routerPort}, if any. */
  public Optional<SwitchPort> linkOf(String routerPort) {
    return Optional.ofNullable(linkOfRouterPort.get(routerPort));
  }

  /** The switch that has link port {@code linkPort}. */
  public Optional<LogicalSwitch> switchOfLink(String linkPort) {
    return Optional.ofNullable(switchOfLink.get(linkPort));
  }

  /** The parsed match of {@code rule}, parsed once per distinct text. */
  public Match match(AclRule rule) {
    return match(rule.match());
  }

  /**
   * ACL matches translated with {@code ip} (as a switch's ACL stages test them), by match text:
   * those whose translation asked nothing of the switch it was made for.
   */
  private final Map<String, List<Conj>> switchFreeAcls = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * {@code ip && text}, translated in {@code scope} (a switch's): the tests of an ACL rule's
   * flows. A translation that asks nothing of the switch (no port name, no port group: a rule on
   * protocols and addresses, which a topology often gives every switch alike) is made once and
   * shared by every switch whose rule has that text; the others are made per switch.
   */
  public List<Conj> aclTranslation(String text, MatchTranslator.Scope scope) {
    List<Conj> known = switchFreeAcls.get(text);
    if (known != null) {
      return known;
    }
    Asking asking = new Asking(scope);
    List<Conj> dnf =
        ImmutableList.copyOf(
            MatchTranslator.and(
                MatchTranslator.translate(io.nv.model.match.Matches.ip(), asking),
                MatchTranslator.translate(match(text), asking)));
    if (!asking.askedSwitch) {
      switchFreeAcls.putIfAbsent(text, dnf);
    }
    return dnf;
  }

  /** A scope that notes whether a translation asked about the switch's own ports. */
  private static final class Asking implements MatchTranslator.Scope {
    private final MatchTranslator.Scope scope;
    boolean askedSwitch;

    Asking(MatchTranslator.Scope scope) {
      this.scope = scope;
    }

    @Override
    public boolean hasPort(String port) {
      askedSwitch = true;
      return scope.hasPort(port);
    }

    @Override
    public List<IpPrefix> addressSet(String name) {
      // The topology's, the same on every switch.
      return scope.addressSet(name);
    }

    @Override
    public List<String> portGroupMembers(String group) {
      askedSwitch = true;
      return scope.portGroupMembers(group);
    }
  }

  /** The parsed match {@code text} (of an ACL or a policy), parsed once per distinct text. */
  public Match match(String text) {
    return parsed.computeIfAbsent(text, Match::parse);
  }

  /**
   * True when switch {@code s} is stateful: it or a port group with a member on it has an
   * ALLOW_RELATED rule, or a load balancer is attached to it.
   */
  public boolean isStateful(LogicalSwitch s) {
    if (!loadBalancersOn(s.id()).isEmpty() || hasAllowRelated(s.acls())) {
      return true;
    }
    for (PortGroup g : portGroupsOnSwitch(s.id())) {
      if (hasAllowRelated(g.acls())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasAllowRelated(List<AclRule> rules) {
    for (AclRule r : rules) {
      if (r.action() == AclAction.ALLOW_RELATED) {
        return true;
      }
    }
    return false;
  }

  /**
   * The prefixes of {@code $name}: an address set, or {@code G_ip4} / {@code G_ip6} of port group
   * {@code G} (its members' addresses).
   *
   * @throws IllegalArgumentException when nothing defines the name (validation prevents it)
   */
  public List<IpPrefix> addressSet(String name) {
    List<IpPrefix> cached = addressSets.get(name);
    if (cached != null) {
      return cached;
    }
    List<IpPrefix> out;
    Optional<AddressSet> set = topology.addressSetById(name);
    if (set.isPresent()) {
      out = set.get().addresses();
    } else if ((name.endsWith("_ip4") || name.endsWith("_ip6"))
        && topology.portGroupById(name.substring(0, name.length() - 4)).isPresent()) {
      int version = name.endsWith("_ip4") ? 4 : 6;
      PortGroup g = topology.portGroupById(name.substring(0, name.length() - 4)).get();
      List<IpPrefix> l = new ArrayList<>();
      for (String port : g.ports()) {
        for (IpAddress a : topology.portById(port).map(SwitchPort::ips).orElse(ImmutableList.of())) {
          if (a.version() == version) {
            l.add(IpPrefix.host(a));
          }
        }
      }
      out = l;
    } else {
      throw new IllegalArgumentException(
          "no address set $" + name + ": validate the topology before compiling it");
    }
    addressSets.put(name, out);
    return out;
  }
}
