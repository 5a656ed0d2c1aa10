package io.nv.model.semantics;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.match.Match;
import io.nv.model.match.MatchContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lookups the semantics needs, built once per topology so that evaluating a packet never scans
 * every port: ports by MAC and IP per switch, ARP owners, port groups per port, rules per stage,
 * router addresses, router links. Pure bookkeeping: every decision is in {@link Interpreter}.
 */
final class TopologyIndex {
  /** An ACL rule with its owner's path and parsed match (null when the text does not parse). */
  record Rule(AclRule acl, ModelPath path, @Nullable Match match) {}

  /** One switch's lookups. */
  static final class SwitchInfo {
    final LogicalSwitch sw;
    final Map<MacAddress, SwitchPort> vifByMac = new HashMap<>();
    final Map<MacAddress, SwitchPort> routerLinkByMac = new HashMap<>();
    /** Addresses of router ports linked to S (any router), for next hops through S. */
    final Map<IpAddress, RouterSide> routerPortByIp = new HashMap<>();
    final Map<IpAddress, SwitchPort> vifByIp = new HashMap<>();
    /** IPv4 address → the MAC that owns it (a VIF's, or a linked router port's). */
    final Map<Ipv4Address, MacAddress> arpOwners = new HashMap<>();
    final List<LoadBalancer> loadBalancers = new ArrayList<>();
    final List<Rule> fromPort = new ArrayList<>();
    final List<Rule> toPort = new ArrayList<>();
    boolean stateful;

    SwitchInfo(LogicalSwitch sw) {
      this.sw = sw;
    }

    ModelPath path() {
      return sw.path();
    }

    /** True for 255.255.255.255, multicast, and the broadcast address of an IPv4 subnet of S. */
    boolean isBroadcastOrMulticast(IpAddress a) {
      if (a.isMulticast() || a.equals(Ipv4Address.BROADCAST)) {
        return true;
      }
      for (IpPrefix subnet : sw.subnets()) {
        if (subnet.version() == 4 && subnet.last().equals(a)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A NAT rule with the router port it belongs to (the port whose subnet holds its address). */
  record Nat(NatRule rule, RouterPort port) {}

  /** A policy route with its parsed match (null when the text does not parse). */
  record Policy(PolicyRoute rule, @Nullable Match match) {}

  /**
   * A router with its lookups: own addresses (ports' and NAT rules' external addresses) with the
   * port owning each, static routes, NAT rules with their ports, policies from the highest
   * priority down (document order among equals), static neighbours.
   */
  record RouterInfo(
      LogicalRouter router,
      ImmutableMap<IpAddress, RouterPort> ownAddresses,
      ImmutableList<StaticRoute> routes,
      ImmutableList<Nat> nats,
      ImmutableList<Policy> policies,
      ImmutableMap<IpAddress, MacAddress> neighbours) {
    ModelPath path() {
      return router.path();
    }

    /** The port whose subnet holds {@code a}, first in port order; null when none does. */
    @Nullable RouterPort portOn(IpAddress a) {
      for (RouterPort p : router.ports()) {
        for (InterfaceAddress ia : p.addresses()) {
          if (ia.subnet().contains(a)) {
            return p;
          }
        }
      }
      return null;
    }

    /** The NAT rules of port {@code p} of the given types. */
    List<Nat> natsOf(RouterPort p, NatType... types) {
      List<Nat> out = new ArrayList<>();
      for (Nat n : nats) {
        if (n.port().id().equals(p.id()) && java.util.Arrays.asList(types).contains(n.rule().type())) {
          out.add(n);
        }
      }
      return out;
    }
  }

  /** The switch side of a router link. */
  record Link(SwitchInfo sw, SwitchPort port) {}

  /** The router side of a router link. */
  record RouterSide(RouterInfo router, RouterPort port) {}

  final Topology topology;
  final MatchContext matchContext;
  private final Map<String, SwitchInfo> switchOfPort = new HashMap<>();
  private final Map<String, SwitchPort> ports = new HashMap<>();
  private final Map<String, List<PortGroup>> groupsOfPort = new HashMap<>();
  private final Map<String, List<Rule>> groupFromPort = new HashMap<>();
  private final Map<String, List<Rule>> groupToPort = new HashMap<>();
  private final Map<String, Link> linkOfRouterPort = new HashMap<>();
  private final Map<String, RouterSide> routerSideOfLink = new HashMap<>();

  TopologyIndex(Topology t) {
    this.topology = t;
    this.matchContext = matchContext(t);
    Map<String, SwitchInfo> switches = new LinkedHashMap<>();
    for (LogicalSwitch s : t.switches()) {
      SwitchInfo info = new SwitchInfo(s);
      switches.putIfAbsent(s.id(), info);
      for (SwitchPort p : s.ports()) {
        switchOfPort.putIfAbsent(p.id(), info);
        ports.putIfAbsent(p.id(), p);
      }
      rules(s.acls(), s.path(), info.fromPort, info.toPort);
    }
    Map<String, RouterInfo> routers = new HashMap<>();
    for (LogicalRouter r : t.routers()) {
      routers.putIfAbsent(r.id(), routerInfo(r));
    }
    for (SwitchInfo info : switches.values()) {
      for (SwitchPort p : info.sw.ports()) {
        if (p.kind() == PortKind.VIF) {
          p.mac().ifPresent(m -> info.vifByMac.putIfAbsent(m, p));
          for (IpAddress ip : p.ips()) {
            info.vifByIp.putIfAbsent(ip, p);
            if (ip instanceof Ipv4Address v4 && p.mac().isPresent()) {
              info.arpOwners.putIfAbsent(v4, p.mac().get());
            }
          }
        } else if (p.kind() == PortKind.ROUTER && p.routerPort().isPresent()) {
          String rpId = p.routerPort().get();
          RouterPort rp = t.routerPortById(rpId).orElse(null);
          LogicalRouter r = t.routerOfPort(rpId).orElse(null);
          if (rp == null || r == null) {
            continue;
          }
          info.routerLinkByMac.putIfAbsent(rp.mac(), p);
          for (InterfaceAddress a : rp.addresses()) {
            if (a.address() instanceof Ipv4Address v4) {
              info.arpOwners.putIfAbsent(v4, rp.mac());
            }
          }
          linkOfRouterPort.putIfAbsent(rpId, new Link(info, p));
          RouterInfo ri = routers.get(r.id());
          if (ri != null) {
            RouterSide side = new RouterSide(ri, rp);
            routerSideOfLink.putIfAbsent(p.id(), side);
            for (InterfaceAddress a : rp.addresses()) {
              info.routerPortByIp.putIfAbsent(a.address(), side);
            }
            for (Nat n : ri.nats()) {
              if (n.port().id().equals(rpId)) {
                MacAddress owner = answeringMac(n);
                if (n.rule().externalIp() instanceof Ipv4Address v4) {
                  info.arpOwners.putIfAbsent(v4, owner);
                }
                if (!owner.equals(rp.mac())) {
                  info.routerLinkByMac.putIfAbsent(owner, p);
                }
              }
            }
          }
        }
      }
      info.stateful = hasAllowRelated(info.sw.acls());
    }
    List<PortGroup> groups = new ArrayList<>(t.portGroups());
    groups.sort(Comparator.comparing(PortGroup::id));
    for (PortGroup g : groups) {
      List<Rule> from = new ArrayList<>();
      List<Rule> to = new ArrayList<>();
      rules(g.acls(), g.path(), from, to);
      groupFromPort.put(g.id(), from);
      groupToPort.put(g.id(), to);
      boolean allowRelated = hasAllowRelated(g.acls());
      for (String member : g.ports()) {
        List<PortGroup> of = groupsOfPort.computeIfAbsent(member, k -> new ArrayList<>());
        if (!of.contains(g)) {
          of.add(g);
        }
        SwitchInfo s = switchOfPort.get(member);
        if (s != null && allowRelated) {
          s.stateful = true;
        }
      }
    }
    for (LoadBalancer lb : t.loadBalancers()) {
      for (String sid : lb.switches()) {
        SwitchInfo s = switches.get(sid);
        if (s != null && !s.loadBalancers.contains(lb)) {
          s.loadBalancers.add(lb);
          s.stateful = true;
        }
      }
    }
  }

  private static RouterInfo routerInfo(LogicalRouter r) {
    Map<IpAddress, RouterPort> own = new LinkedHashMap<>();
    for (RouterPort rp : r.ports()) {
      for (InterfaceAddress a : rp.addresses()) {
        own.putIfAbsent(a.address(), rp);
      }
    }
    RouterInfo bare =
        new RouterInfo(
            r, ImmutableMap.of(), ImmutableList.of(), ImmutableList.of(), ImmutableList.of(),
            ImmutableMap.of());
    ImmutableList.Builder<Nat> nats = ImmutableList.builder();
    for (NatRule n : r.nats()) {
      RouterPort port = bare.portOn(n.externalIp());
      if (port != null) { // validation guarantees one
        nats.add(new Nat(n, port));
        own.putIfAbsent(n.externalIp(), port);
      }
    }
    List<Policy> policies = new ArrayList<>();
    for (PolicyRoute pr : r.policies()) {
      policies.add(new Policy(pr, Match.tryParse(pr.match()).getOrNull()));
    }
    // Stable: document order among equal priorities.
    policies.sort(Comparator.comparingInt((Policy p) -> p.rule().priority()).reversed());
    Map<IpAddress, MacAddress> neighbours = new LinkedHashMap<>();
    r.neighbours().forEach(n -> neighbours.putIfAbsent(n.ip(), n.mac()));
    return new RouterInfo(
        r, ImmutableMap.copyOf(own), r.routes(), nats.build(), ImmutableList.copyOf(policies),
        ImmutableMap.copyOf(neighbours));
  }

  /** The MAC a NAT rule's external address answers ARP with: a floating IP's own, or its port's. */
  static MacAddress answeringMac(Nat n) {
    return n.rule().type() == NatType.FLOATING_IP && n.rule().externalMac().isPresent()
        ? n.rule().externalMac().get()
        : n.port().mac();
  }

  private static boolean hasAllowRelated(List<AclRule> acls) {
    return acls.stream().anyMatch(a -> a.action() == AclAction.ALLOW_RELATED);
  }

  private static void rules(
      List<AclRule> acls, ModelPath owner, List<Rule> fromPort, List<Rule> toPort) {
    for (AclRule a : acls) {
      @Nullable Match m = Match.tryParse(a.match()).getOrNull();
      Rule r = new Rule(a, a.path(owner), m);
      (a.direction() == Direction.FROM_PORT ? fromPort : toPort).add(r);
    }
  }

  /** Address sets, {@code $G_ip4} / {@code $G_ip6} of every port group, and the groups. */
  private static MatchContext matchContext(Topology t) {
    Map<String, List<IpPrefix>> sets = new HashMap<>();
    for (AddressSet a : t.addressSets()) {
      sets.putIfAbsent(a.id(), a.addresses());
    }
    Map<String, List<String>> groups = new HashMap<>();
    for (PortGroup g : t.portGroups()) {
      List<IpPrefix> v4 = new ArrayList<>();
      List<IpPrefix> v6 = new ArrayList<>();
      for (String member : g.ports()) {
        t.portById(member)
            .ifPresent(
                p ->
                    p.ips().forEach(ip -> (ip.version() == 4 ? v4 : v6).add(IpPrefix.host(ip))));
      }
      sets.putIfAbsent(g.id() + "_ip4", v4);
      sets.putIfAbsent(g.id() + "_ip6", v6);
      groups.putIfAbsent(g.id(), g.ports());
    }
    return MatchContext.of(sets, groups);
  }

  // ---- lookups ----

  @Nullable SwitchPort port(String id) {
    return ports.get(id);
  }

  @Nullable SwitchInfo switchOf(String portId) {
    return switchOfPort.get(portId);
  }

  /** The switch and router-kind port that link router port {@code routerPortId}, if linked. */
  @Nullable Link linkOf(String routerPortId) {
    return linkOfRouterPort.get(routerPortId);
  }

  /** The router and router port at the other end of router-kind switch port {@code portId}. */
  @Nullable RouterSide routerSideOf(String portId) {
    return routerSideOfLink.get(portId);
  }

  /**
   * True when router port {@code routerPortId} is a gateway port: linked to a switch that has a
   * LOCALNET port (docs/semantics.md, Placement).
   */
  boolean isGatewayPort(String routerPortId) {
    Link link = linkOfRouterPort.get(routerPortId);
    return link != null
        && link.sw().sw.ports().stream().anyMatch(p -> p.kind() == PortKind.LOCALNET);
  }

  /** The port groups that contain {@code portId}, by id. */
  ImmutableList<PortGroup> groupsOf(String portId) {
    List<PortGroup> g = groupsOfPort.get(portId);
    return g == null ? ImmutableList.of() : ImmutableList.copyOf(g);
  }

  /**
   * The rules of a stage: the switch's rules of that direction, then those of every group that
   * contains the stage's port, groups by id, rules in document order.
   */
  ImmutableList<Rule> rules(Direction d, SwitchInfo s, String portId) {
    ImmutableList.Builder<Rule> out = ImmutableList.builder();
    out.addAll(d == Direction.FROM_PORT ? s.fromPort : s.toPort);
    for (PortGroup g : groupsOf(portId)) {
      List<Rule> rs = (d == Direction.FROM_PORT ? groupFromPort : groupToPort).get(g.id());
      if (rs != null) {
        out.addAll(rs);
      }
    }
    return out.build();
  }
}
