package io.nv.model.validate;

import static io.nv.model.validate.ModelErrorCode.*;

import io.nv.model.Ids;
import io.nv.model.ModelPath;
import io.nv.model.Peering;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
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
import io.nv.model.l3.PolicyAction;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Host;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Validates a {@link Topology}, returning every problem at once or a {@link ValidatedTopology}.
 *
 * <pre>{@code
 * Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(topology);
 * if (v.isInvalid()) {
 *   v.getError().forEach(e -> System.err.println(e));   // "DANGLING_REFERENCE port web1: …"
 * }
 * }</pre>
 *
 * <p>Structural checks run first; checks contributed by other modules run only on a structurally
 * valid topology (they rely on resolved references). Runs in O(elements + rules) plus the pairwise
 * subnet check per router.
 *
 * <p>An element whose id breaks the id rule, or repeats an id already taken, is named in errors by
 * its position in its list ({@code switch #3}, {@code switch web / port #0}, {@code router r1 /
 * route #2}), so the error points at that element and not at the first one with the id. The
 * {@link ModelError#field() field} of an error counts from the element named by the path's first
 * segment, as documents nest: {@code port web1} + {@code ips[1]}, {@code switch web / acl
 * allow-http} + {@code acls[0].match}, {@code router r1 / port r1-web} + {@code ports[0].mac}.
 */
public final class Validator {
  private Validator() {}

  /** The structural checks of nv-model. */
  public static Validation<Seq<ModelError>, ValidatedTopology> validate(Topology topology) {
    return validate(topology, List.empty());
  }

  /**
   * The structural checks, then (if they pass) every check in {@code extra}: their errors in the
   * order of {@code extra}, whichever finishes first. The checks run side by side on the common
   * fork-join pool ({@link TopologyCheck} says why they may).
   */
  public static Validation<Seq<ModelError>, ValidatedTopology> validate(
      Topology topology, Iterable<? extends TopologyCheck> extra) {
    Seq<ModelError> errors = new Run(topology).run();
    if (!errors.isEmpty()) {
      return Validation.invalid(errors);
    }
    ValidatedTopology valid = new ValidatedTopology(topology);
    java.util.List<TopologyCheck> checks = new ArrayList<>();
    extra.forEach(checks::add);
    // An ordered stream: each check's errors stay in their place, whichever thread ran it.
    Seq<ModelError> more =
        List.ofAll(
            (checks.size() > 1 ? checks.parallelStream() : checks.stream())
                .flatMap(c -> c.check(valid).toJavaStream())
                .toList());
    return more.isEmpty() ? Validation.valid(valid) : Validation.invalid(more);
  }

  /** One validation run: collects errors, element by element. */
  private static final class Run {
    private final Topology t;
    private final java.util.List<ModelError> errors = new ArrayList<>();
    private final MatchChecks matches = new MatchChecks();
    // Paths by list position, fixed once so every error about an element names it the same way.
    private final java.util.List<ModelPath> peeringPaths;
    private final java.util.List<ModelPath> switchPaths;
    private final java.util.List<java.util.List<ModelPath>> portPaths;
    private final java.util.List<ModelPath> routerPaths;
    private final java.util.List<java.util.List<ModelPath>> routerPortPaths;
    private final java.util.List<ModelPath> addressSetPaths;
    private final java.util.List<ModelPath> portGroupPaths;
    private final java.util.List<ModelPath> loadBalancerPaths;
    private final java.util.List<ModelPath> hostPaths;

    Run(Topology t) {
      this.t = t;
      topLevel(t.tenants(), Tenant::id, "tenant"); // tenants have nothing to check but ids
      peeringPaths = topLevel(t.peerings(), Peering::id, "peering");
      switchPaths = topLevel(t.switches(), LogicalSwitch::id, "switch");
      Map<String, ModelPath> portsTaken = new HashMap<>();
      portPaths = new ArrayList<>();
      for (int i = 0; i < t.switches().size(); i++) {
        Siblings ports =
            new Siblings(switchPaths.get(i), "port", "ports", "switch port",
                id -> ModelPath.of("port", id), "across the topology", portsTaken);
        portPaths.add(names(ports, t.switches().get(i).ports(), SwitchPort::id));
      }
      routerPaths = topLevel(t.routers(), LogicalRouter::id, "router");
      Map<String, ModelPath> routerPortsTaken = new HashMap<>();
      routerPortPaths = new ArrayList<>();
      for (int i = 0; i < t.routers().size(); i++) {
        ModelPath rp = routerPaths.get(i);
        Siblings ports =
            new Siblings(rp, "port", "ports", "router port", id -> rp.child("port", id),
                "across the topology", routerPortsTaken);
        routerPortPaths.add(names(ports, t.routers().get(i).ports(), RouterPort::id));
      }
      addressSetPaths = topLevel(t.addressSets(), AddressSet::id, "address-set");
      portGroupPaths = topLevel(t.portGroups(), PortGroup::id, "port-group");
      loadBalancerPaths = topLevel(t.loadBalancers(), LoadBalancer::id, "load-balancer");
      hostPaths = topLevel(t.hosts(), Host::id, "host");
    }

    Seq<ModelError> run() {
      tenants();
      switches();
      routers();
      links();
      addressSets();
      portGroups();
      loadBalancers();
      hosts();
      bindings();
      return List.ofAll(errors);
    }

    private void error(ModelErrorCode code, ModelPath path, String field, String message) {
      errors.add(ModelError.of(code, path, message).at(field));
    }

    // ---- identity ----

    /**
     * Sibling elements whose ids must be unique (in {@code taken}, which several lists may share):
     * elements of kind {@code kind} in the document list {@code list} of {@code parent} ({@code ""}
     * at top level), spoken of as {@code what}, named {@code byId} when their id is usable.
     */
    private record Siblings(
        ModelPath parent,
        String kind,
        String list,
        String what,
        Function<String, ModelPath> byId,
        String scope,
        Map<String, ModelPath> taken) {}

    /**
     * The path of the element at {@code index} of a list: its id's when the id is valid and not yet
     * taken (then it takes it), else its position; reports INVALID_ID and DUPLICATE_ID.
     */
    private ModelPath name(Siblings s, String id, int index) {
      ModelPath byPosition = s.parent().child(s.kind(), "#" + index);
      String field = s.list().isEmpty() ? "id" : s.list() + "[" + index + "].id";
      if (!Ids.isValid(id)) {
        error(INVALID_ID, byPosition, field, "'" + id + "' is not a valid id: use " + Ids.rule());
        return byPosition;
      }
      ModelPath first = s.taken().get(id);
      if (first != null) {
        error(
            DUPLICATE_ID,
            byPosition,
            field,
            s.what() + " id '" + id + "' is already used by " + first + ": " + s.what()
                + " ids are unique " + s.scope() + "; rename one");
        return byPosition;
      }
      ModelPath path = s.byId().apply(id);
      s.taken().put(id, path);
      return path;
    }

    private <T> java.util.List<ModelPath> names(
        Siblings s, java.util.List<T> items, Function<T, String> id) {
      java.util.List<ModelPath> paths = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        paths.add(name(s, id.apply(items.get(i)), i));
      }
      return paths;
    }

    private <T> java.util.List<ModelPath> topLevel(
        java.util.List<T> items, Function<T, String> id, String kind) {
      Siblings s =
          new Siblings(ModelPath.ROOT, kind, "", kind.replace('-', ' '),
              x -> ModelPath.of(kind, x), "across the topology", new HashMap<>());
      return names(s, items, id);
    }

    /** Paths of rule-like children, whose ids are unique within their parent. */
    private <T> java.util.List<ModelPath> rules(
        ModelPath parent, java.util.List<T> items, Function<T, String> id, String kind, String list,
        String what) {
      Siblings s =
          new Siblings(parent, kind, list, what, x -> parent.child(kind, x), "within " + parent,
              new HashMap<>());
      return names(s, items, id);
    }

    // ---- tenants ----

    private void tenant(ModelPath p, String field, String tenant) {
      if (t.tenantById(tenant).isEmpty()) {
        error(
            DANGLING_REFERENCE,
            p,
            field,
            "tenant '" + tenant + "' does not exist: add it under tenants or fix the name");
      }
    }

    private void tenants() {
      for (int i = 0; i < t.peerings().size(); i++) {
        Peering pe = t.peerings().get(i);
        ModelPath pp = peeringPaths.get(i);
        tenant(pp, "tenant1", pe.tenant1());
        tenant(pp, "tenant2", pe.tenant2());
        if (pe.tenant1().equals(pe.tenant2())) {
          error(
              VALUE_OUT_OF_RANGE,
              pp,
              "tenant2",
              "a peering links two different tenants, but '" + pe.tenant1()
                  + "' is named twice: name the other tenant in tenant2, or remove the peering"
                  + " (a tenant's own elements need none)");
        }
      }
    }

    // ---- switches ----

    private void switches() {
      for (int si = 0; si < t.switches().size(); si++) {
        LogicalSwitch s = t.switches().get(si);
        ModelPath sp = switchPaths.get(si);
        tenant(sp, "tenant", s.tenant());
        s.mtu()
            .ifPresent(
                mtu -> {
                  if (mtu < 576 || mtu > 9000) {
                    error(
                        VALUE_OUT_OF_RANGE,
                        sp,
                        "mtu",
                        "MTU " + mtu + " is not in 576..9000: set a value in that range, or leave"
                            + " mtu out to get the largest the encapsulation allows");
                  }
                });
        // Port addresses of the switch, with who holds them; router links first, because a VIF
        // that reuses the router's address is the one to change.
        Map<MacAddress, String> macs = new HashMap<>();
        Map<IpAddress, String> ips = new HashMap<>();
        routerAddresses(s, portPaths.get(si), macs, ips);
        for (int pi = 0; pi < s.ports().size(); pi++) {
          port(s, s.ports().get(pi), portPaths.get(si).get(pi), macs, ips);
        }
        acls(sp, s.acls(), s.tenant());
      }
    }

    /** Claims the MAC and addresses of each router port linked to {@code s}. */
    private void routerAddresses(
        LogicalSwitch s,
        java.util.List<ModelPath> paths,
        Map<MacAddress, String> macs,
        Map<IpAddress, String> ips) {
      Set<String> linked = new HashSet<>();
      for (int i = 0; i < s.ports().size(); i++) {
        SwitchPort p = s.ports().get(i);
        if (p.kind() != PortKind.ROUTER || p.routerPort().isEmpty()) {
          continue;
        }
        Optional<RouterPort> rp = t.routerPortById(p.routerPort().get());
        if (rp.isEmpty() || !linked.add(rp.get().id())) {
          continue; // reported by links()
        }
        String holder = "port " + p.id() + " (router port " + rp.get().id() + ")";
        String other = macs.putIfAbsent(rp.get().mac(), holder);
        if (other != null) {
          error(
              DUPLICATE_MAC,
              paths.get(i),
              "routerPort",
              "router port " + rp.get().id() + "'s MAC " + rp.get().mac() + " is already used by "
                  + other + " on switch " + s.id() + ": give router port " + rp.get().id()
                  + " its own MAC");
        }
        for (InterfaceAddress a : rp.get().addresses()) {
          String o = ips.putIfAbsent(a.address(), holder);
          if (o != null) {
            error(
                DUPLICATE_IP,
                paths.get(i),
                "routerPort",
                "router port " + rp.get().id() + "'s address " + a.address()
                    + " is already used by " + o + " on switch " + s.id() + ": give router port "
                    + rp.get().id() + " its own address");
          }
        }
      }
    }

    private void port(
        LogicalSwitch s,
        SwitchPort p,
        ModelPath pp,
        Map<MacAddress, String> macs,
        Map<IpAddress, String> ips) {
      switch (p.kind()) {
        case VIF -> {
          if (p.mac().isEmpty()) {
            error(
                MISSING_FIELD,
                pp,
                "mac",
                "a port of kind vif needs a MAC: add mac, e.g. mac: 0a:00:00:00:00:01");
          }
          notApplicable(pp, p.routerPort().isPresent(), "routerPort", "vif");
          notApplicable(pp, p.network().isPresent(), "network", "vif");
          notApplicable(pp, p.vlan().isPresent(), "vlan", "vif");
        }
        case ROUTER -> {
          if (p.routerPort().isEmpty()) {
            error(
                MISSING_FIELD,
                pp,
                "routerPort",
                "a port of kind router names the router port it links to: add routerPort: <id>");
          }
          notApplicable(pp, p.mac().isPresent(), "mac", "router (the router port's MAC is used)");
          notApplicable(
              pp, !p.ips().isEmpty(), "ips", "router (the router port's addresses are used)");
          notApplicable(pp, p.portSecurity(), "portSecurity", "router");
          notApplicable(pp, p.unknown(), "unknown", "router");
          notApplicable(pp, p.network().isPresent(), "network", "router");
          notApplicable(pp, p.vlan().isPresent(), "vlan", "router");
        }
        case LOCALNET -> {
          if (p.network().isEmpty()) {
            error(
                MISSING_FIELD,
                pp,
                "network",
                "a port of kind localnet names the physical network it bridges: add network:"
                    + " <name>");
          }
          notApplicable(
              pp, p.mac().isPresent(), "mac", "localnet (it bridges a whole physical network)");
          notApplicable(
              pp, !p.ips().isEmpty(), "ips", "localnet (it bridges a whole physical network)");
          notApplicable(pp, p.routerPort().isPresent(), "routerPort", "localnet");
          notApplicable(pp, p.portSecurity(), "portSecurity", "localnet");
          p.vlan()
              .ifPresent(
                  v -> {
                    if (v < 1 || v > 4094) {
                      error(
                          VALUE_OUT_OF_RANGE,
                          pp,
                          "vlan",
                          "VLAN " + v + " is not in 1..4094: use a VLAN id in that range, or leave"
                              + " vlan out for an untagged network");
                    }
                  });
        }
      }
      if (p.kind() != PortKind.VIF) {
        return; // router and localnet ports have no addresses of their own (reported above)
      }
      p.mac()
          .ifPresent(
              m -> {
                unicastMac(pp, "mac", m);
                String other = macs.putIfAbsent(m, "port " + p.id());
                if (other != null) {
                  error(
                      DUPLICATE_MAC,
                      pp,
                      "mac",
                      "MAC " + m + " is already used by " + other + " on switch " + s.id()
                          + ": give each port its own MAC");
                }
              });
      for (int i = 0; i < p.ips().size(); i++) {
        IpAddress ip = p.ips().get(i);
        String field = "ips[" + i + "]";
        String other = ips.putIfAbsent(ip, "port " + p.id());
        if (other != null) {
          error(
              DUPLICATE_IP,
              pp,
              field,
              other.equals("port " + p.id())
                  ? "IP " + ip + " is listed twice on this port: remove one"
                  : "IP " + ip + " is already used by " + other + " on switch " + s.id()
                      + ": give each port its own address");
        }
        Optional<IpPrefix> subnet = s.subnets().stream().filter(n -> n.contains(ip)).findFirst();
        if (!s.subnets().isEmpty() && subnet.isEmpty()) {
          error(
              IP_OUTSIDE_SUBNET,
              pp,
              field,
              ip + " is not in a subnet of switch " + s.id() + " (" + list(s.subnets())
                  + "): change the address or add a subnet to the switch");
        }
        subnet
            .flatMap(n -> notAHost(ip, n))
            .ifPresent(m -> error(VALUE_OUT_OF_RANGE, pp, field, m));
      }
    }

    private void notApplicable(ModelPath p, boolean set, String field, String kind) {
      if (set) {
        error(
            FIELD_NOT_APPLICABLE,
            p,
            field,
            field + " does not apply to a port of kind " + kind + ": remove it");
      }
    }

    private void unicastMac(ModelPath p, String field, MacAddress m) {
      if (m.isMulticast()) {
        error(
            VALUE_OUT_OF_RANGE,
            p,
            field,
            m + " is a multicast MAC: use a unicast MAC (even first byte), e.g. 0a:00:00:00:00:01");
      } else if (m.equals(MacAddress.ZERO)) {
        error(
            VALUE_OUT_OF_RANGE,
            p,
            field,
            "00:00:00:00:00:00 is not a usable MAC: use a unicast MAC, e.g. 0a:00:00:00:00:01");
      }
    }

    /** Why {@code ip} cannot be an interface address on {@code subnet}, if it cannot. */
    private static Optional<String> notAHost(IpAddress ip, IpPrefix subnet) {
      // IPv4 subnets of 4 or more addresses reserve the first and last (RFC 3021 frees /31).
      if (!(subnet.network() instanceof Ipv4Address net) || subnet.length() > 30) {
        return Optional.empty();
      }
      Ipv4Address last = (Ipv4Address) subnet.last();
      String which =
          ip.equals(net) ? "network address" : ip.equals(last) ? "broadcast address" : null;
      if (which == null) {
        return Optional.empty();
      }
      return Optional.of(
          ip + " is the " + which + " of " + subnet + ": use a host address, "
              + Ipv4Address.of(net.bits() + 1) + " to " + Ipv4Address.of(last.bits() - 1));
    }

    private void acls(ModelPath owner, java.util.List<AclRule> acls, String tenant) {
      java.util.List<ModelPath> paths = rules(owner, acls, AclRule::id, "acl", "acls", "ACL");
      for (int i = 0; i < acls.size(); i++) {
        AclRule a = acls.get(i);
        ModelPath ap = paths.get(i);
        String f = "acls[" + i + "]";
        if (a.priority() < 0 || a.priority() > 32767) {
          error(
              VALUE_OUT_OF_RANGE,
              ap,
              f + ".priority",
              "priority " + a.priority() + " is not in 0..32767: use a priority in that range");
        }
        if (a.tier() < 0 || a.tier() > 3) {
          error(
              VALUE_OUT_OF_RANGE,
              ap,
              f + ".tier",
              "tier " + a.tier() + " is not in 0..3: use a tier in that range (0, the default,"
                  + " is evaluated first)");
        }
        matches.check(t, tenant, ap, f + ".match", a.match(), errors);
      }
    }

    // ---- routers ----

    private void routers() {
      for (int ri = 0; ri < t.routers().size(); ri++) {
        LogicalRouter r = t.routers().get(ri);
        ModelPath rp = routerPaths.get(ri);
        tenant(rp, "tenant", r.tenant());
        java.util.List<IpPrefix> subnets = new ArrayList<>();
        java.util.List<String> owners = new ArrayList<>();
        Map<String, java.util.List<IpPrefix>> portSubnets = new HashMap<>();
        for (int pi = 0; pi < r.ports().size(); pi++) {
          RouterPort p = r.ports().get(pi);
          ModelPath pp = routerPortPaths.get(ri).get(pi);
          String f = "ports[" + pi + "]";
          unicastMac(pp, f + ".mac", p.mac());
          if (p.addresses().isEmpty()) {
            error(
                MISSING_FIELD,
                pp,
                f + ".addresses",
                "a router port needs at least one address: add addresses, e.g. [10.0.1.1/24]");
          }
          java.util.List<IpPrefix> own = new ArrayList<>();
          for (int i = 0; i < p.addresses().size(); i++) {
            InterfaceAddress a = p.addresses().get(i);
            String af = f + ".addresses[" + i + "]";
            IpPrefix net = a.subnet();
            notAHost(a.address(), net).ifPresent(m -> error(VALUE_OUT_OF_RANGE, pp, af, m));
            for (int j = 0; j < subnets.size(); j++) {
              if (subnets.get(j).overlaps(net)) {
                error(
                    OVERLAPPING_SUBNETS,
                    pp,
                    af,
                    net + " overlaps " + subnets.get(j) + " of port " + owners.get(j)
                        + " on router " + r.id() + ": a router's ports need disjoint subnets;"
                        + " renumber one of them");
              }
            }
            subnets.add(net);
            owners.add(p.id());
            own.add(net);
          }
          portSubnets.putIfAbsent(p.id(), own);
        }
        r.gateway()
            .ifPresent(
                g -> {
                  if (t.hostById(g).isEmpty()) {
                    error(
                        UNKNOWN_HOST,
                        rp,
                        "gateway",
                        "gateway host '" + g + "' does not exist: add it under hosts or fix the"
                            + " name");
                  }
                });
        routes(r, rp, subnets, portSubnets);
        policies(r, rp, subnets);
        nats(r, rp, subnets);
        neighbours(r, rp, subnets);
      }
    }

    private static boolean onSubnet(java.util.List<IpPrefix> subnets, IpAddress a) {
      return subnets.stream().anyMatch(n -> n.contains(a));
    }

    private static String list(Iterable<?> items) {
      StringBuilder sb = new StringBuilder();
      for (Object o : items) {
        sb.append(sb.length() == 0 ? "" : ", ").append(o);
      }
      return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String portIds(LogicalRouter r) {
      return list(r.ports().stream().map(RouterPort::id).toList());
    }

    private void routes(
        LogicalRouter r,
        ModelPath rp,
        java.util.List<IpPrefix> subnets,
        Map<String, java.util.List<IpPrefix>> portSubnets) {
      java.util.List<ModelPath> paths =
          rules(rp, r.routes(), StaticRoute::id, "route", "routes", "route");
      for (int i = 0; i < r.routes().size(); i++) {
        StaticRoute s = r.routes().get(i);
        ModelPath p = paths.get(i);
        String f = "routes[" + i + "]";
        if (s.nextHop().isEmpty() && s.port().isEmpty()) {
          error(
              MISSING_FIELD,
              p,
              f + ".nextHop",
              "a route needs a nextHop, a port, or both: add nextHop with an address on a"
                  + " connected subnet, or port with a port of router " + r.id());
        }
        Optional<java.util.List<IpPrefix>> out = s.port().map(portSubnets::get);
        if (s.port().isPresent() && out.isEmpty()) {
          error(
              DANGLING_REFERENCE,
              p,
              f + ".port",
              "router " + r.id() + " has no port '" + s.port().get() + "': name one of its ports ("
                  + portIds(r) + ")");
        }
        if (s.nextHop().isEmpty()) {
          continue;
        }
        IpAddress nh = s.nextHop().get();
        if (nh.version() != s.prefix().version()) {
          error(
              VALUE_OUT_OF_RANGE,
              p,
              f + ".nextHop",
              "next hop " + nh + " is IPv" + nh.version() + " but the prefix " + s.prefix()
                  + " is IPv" + s.prefix().version() + ": use a next hop of the prefix's family");
        } else if (out.isPresent() && !onSubnet(out.get(), nh)) {
          error(
              NEXT_HOP_UNREACHABLE,
              p,
              f + ".nextHop",
              "next hop " + nh + " is not on a subnet of port " + s.port().get() + " ("
                  + list(out.get()) + "): use an address of that subnet, or name the port the"
                  + " next hop is on");
        } else if (out.isEmpty() && !onSubnet(subnets, nh)) {
          error(
              NEXT_HOP_UNREACHABLE,
              p,
              f + ".nextHop",
              "next hop " + nh + " is not on a subnet connected to router " + r.id() + " ("
                  + list(subnets) + "): use an address of a router port's subnet");
        }
      }
    }

    private void policies(LogicalRouter r, ModelPath rp, java.util.List<IpPrefix> subnets) {
      java.util.List<ModelPath> paths =
          rules(rp, r.policies(), PolicyRoute::id, "policy", "policies", "policy");
      for (int i = 0; i < r.policies().size(); i++) {
        PolicyRoute pr = r.policies().get(i);
        ModelPath p = paths.get(i);
        String f = "policies[" + i + "]";
        if (pr.priority() < 0 || pr.priority() > 32767) {
          error(
              VALUE_OUT_OF_RANGE,
              p,
              f + ".priority",
              "priority " + pr.priority() + " is not in 0..32767: use a priority in that range");
        }
        if (pr.action() == PolicyAction.REROUTE && pr.nextHops().isEmpty()) {
          error(
              MISSING_FIELD,
              p,
              f + ".nextHops",
              "a reroute policy needs nextHops: add the addresses to send matching packets to");
        }
        if (pr.action() != PolicyAction.REROUTE && !pr.nextHops().isEmpty()) {
          error(
              FIELD_NOT_APPLICABLE,
              p,
              f + ".nextHops",
              "nextHops apply only to reroute policies: remove them, or make the action reroute");
        }
        for (int j = 0; j < pr.nextHops().size(); j++) {
          IpAddress nh = pr.nextHops().get(j);
          if (pr.action() == PolicyAction.REROUTE && !onSubnet(subnets, nh)) {
            error(
                NEXT_HOP_UNREACHABLE,
                p,
                f + ".nextHops[" + j + "]",
                "next hop " + nh + " is not on a subnet connected to router " + r.id() + " ("
                    + list(subnets) + "): use an address of a router port's subnet");
          }
        }
        matches.checkPolicy(t, r, p, f + ".match", pr.match(), errors);
      }
    }

    private void nats(LogicalRouter r, ModelPath rp, java.util.List<IpPrefix> subnets) {
      java.util.List<ModelPath> paths = rules(rp, r.nats(), NatRule::id, "nat", "nats", "NAT");
      if (r.gateway().isEmpty() && r.nats().stream().anyMatch(n -> n.type() != NatType.FLOATING_IP)) {
        error(
            MISSING_FIELD,
            rp,
            "gateway",
            "snat and dnat rules keep their connections in one host's conntrack: name that host"
                + " with gateway: <host id> (floating IPs need none)");
      }
      Map<IpAddress, String> inbound = new HashMap<>();
      for (int i = 0; i < r.nats().size(); i++) {
        NatRule n = r.nats().get(i);
        ModelPath p = paths.get(i);
        String f = "nats[" + i + "]";
        String type = n.type().name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.type() != NatType.SNAT) {
          String other = inbound.putIfAbsent(n.externalIp(), n.id());
          if (other != null) {
            error(
                DUPLICATE_IP,
                p,
                f + ".externalIp",
                "external address " + n.externalIp() + " is already translated inbound by NAT rule "
                    + other + " of router " + r.id() + ": give each dnat and floating-ip rule its"
                    + " own external address");
          }
        }
        if (!onSubnet(subnets, n.externalIp())) {
          error(
              NAT_ADDRESS_NOT_ON_PORT,
              p,
              f + ".externalIp",
              "external address " + n.externalIp() + " is not in a subnet of a port of router "
                  + r.id() + " (" + list(subnets) + "): use an address of the outside port's"
                  + " subnet");
        }
        if (n.externalIp().version() != n.logical().version()) {
          error(
              VALUE_OUT_OF_RANGE,
              p,
              f + ".logical",
              "logical " + n.logical() + " and external address " + n.externalIp()
                  + " differ in IP version: translate within one family");
        } else if (n.type() != NatType.SNAT
            && n.logical().length() != n.logical().network().bitLength()) {
          error(
              VALUE_OUT_OF_RANGE,
              p,
              f + ".logical",
              "a " + type + " rule translates to one logical address, not the prefix "
                  + n.logical() + ": write a single address, e.g. " + n.logical().network());
        }
        if (n.logicalPort().isPresent() && n.type() != NatType.FLOATING_IP) {
          error(
              FIELD_NOT_APPLICABLE,
              p,
              f + ".logicalPort",
              "logicalPort applies only to floating-ip rules: remove it");
        } else if (n.logicalPort().isPresent()) {
          String lp = n.logicalPort().get();
          Optional<LogicalSwitch> s = t.switchOfPort(lp);
          if (s.isEmpty()) {
            error(
                DANGLING_REFERENCE,
                p,
                f + ".logicalPort",
                "port '" + lp + "' does not exist: name the switch port of the VM that owns "
                    + n.logical().network());
          } else if (!s.get().tenant().equals(r.tenant())) {
            error(
                CROSS_TENANT_REFERENCE,
                p,
                f + ".logicalPort",
                "port " + lp + " belongs to tenant " + s.get().tenant() + ", router " + r.id()
                    + " to " + r.tenant() + ": name a port of the router's own tenant");
          }
        }
        if (n.externalMac().isPresent() && n.type() != NatType.FLOATING_IP) {
          error(
              FIELD_NOT_APPLICABLE,
              p,
              f + ".externalMac",
              "externalMac applies only to floating-ip rules: remove it");
        } else {
          n.externalMac().ifPresent(m -> unicastMac(p, f + ".externalMac", m));
        }
      }
    }

    private void neighbours(LogicalRouter r, ModelPath rp, java.util.List<IpPrefix> subnets) {
      java.util.List<ModelPath> paths =
          rules(rp, r.neighbours(), StaticNeighbour::id, "neighbour", "neighbours", "neighbour");
      for (int i = 0; i < r.neighbours().size(); i++) {
        StaticNeighbour n = r.neighbours().get(i);
        ModelPath p = paths.get(i);
        String f = "neighbours[" + i + "]";
        if (!onSubnet(subnets, n.ip())) {
          error(
              NEXT_HOP_UNREACHABLE,
              p,
              f + ".ip",
              "neighbour " + n.ip() + " is not on a subnet connected to router " + r.id() + " ("
                  + list(subnets) + "): use an address of a router port's subnet");
        }
        unicastMac(p, f + ".mac", n.mac());
      }
    }

    // ---- links between switches and routers ----

    private void links() {
      Map<String, String> claimed = new HashMap<>();
      for (int si = 0; si < t.switches().size(); si++) {
        LogicalSwitch s = t.switches().get(si);
        for (int pi = 0; pi < s.ports().size(); pi++) {
          SwitchPort p = s.ports().get(pi);
          ModelPath pp = portPaths.get(si).get(pi);
          if (p.kind() != PortKind.ROUTER || p.routerPort().isEmpty()) {
            continue;
          }
          String rpId = p.routerPort().get();
          Optional<RouterPort> rp = t.routerPortById(rpId);
          Optional<LogicalRouter> router = t.routerOfPort(rpId);
          if (rp.isEmpty() || router.isEmpty()) {
            error(
                DANGLING_REFERENCE,
                pp,
                "routerPort",
                "router port '" + rpId + "' does not exist: name a port of a router, or add the"
                    + " port to the router");
            continue;
          }
          String other = claimed.putIfAbsent(rpId, p.id());
          if (other != null) {
            error(
                PEERING_MISMATCH,
                pp,
                "routerPort",
                "router port " + rpId + " is already linked to switch port " + other
                    + ": a router port sits on one switch only; give this link its own router"
                    + " port");
          }
          if (!s.subnets().isEmpty()) {
            for (InterfaceAddress a : rp.get().addresses()) {
              if (!s.subnets().contains(a.subnet())) {
                error(
                    PEERING_MISMATCH,
                    pp,
                    "routerPort",
                    "router port " + rpId + " has address " + a + ", on " + a.subnet()
                        + ", which is not a subnet of switch " + s.id() + " ("
                        + list(s.subnets()) + "): " + subnetFix(s, a));
              }
            }
          }
          String rt = router.get().tenant();
          if (!rt.equals(s.tenant())
              && t.peerings().stream().noneMatch(pe -> pe.links(rt, s.tenant()))) {
            error(
                CROSS_TENANT_LINK,
                pp,
                "routerPort",
                "router " + router.get().id() + " of tenant " + rt + " is linked to switch "
                    + s.id() + " of tenant " + s.tenant() + " without a peering: add a peering"
                    + " between " + rt + " and " + s.tenant() + ", or link a router of "
                    + s.tenant());
          }
        }
      }
    }

    private static String subnetFix(LogicalSwitch s, InterfaceAddress a) {
      for (IpPrefix n : s.subnets()) {
        if (n.contains(a.address())) {
          return "give the router port the switch subnet's length, "
              + InterfaceAddress.of(a.address(), n.length()) + ", or fix the switch's subnets";
        }
      }
      return "give the router port an address in one of the switch's subnets, or add "
          + a.subnet() + " to the switch's subnets";
    }

    // ---- address sets, port groups ----

    private void addressSets() {
      Map<String, String> derived = new HashMap<>();
      for (PortGroup g : t.portGroups()) {
        derived.putIfAbsent(g.id() + "_ip4", g.id());
        derived.putIfAbsent(g.id() + "_ip6", g.id());
      }
      for (int i = 0; i < t.addressSets().size(); i++) {
        AddressSet a = t.addressSets().get(i);
        ModelPath ap = addressSetPaths.get(i);
        tenant(ap, "tenant", a.tenant());
        String group = derived.get(a.id());
        if (group != null) {
          error(
              DUPLICATE_ID,
              ap,
              "id",
              "address set '" + a.id() + "' clashes with the set $" + a.id() + " that port group "
                  + group + " defines: rename the address set");
        }
      }
    }

    private void portGroups() {
      for (int gi = 0; gi < t.portGroups().size(); gi++) {
        PortGroup g = t.portGroups().get(gi);
        ModelPath gp = portGroupPaths.get(gi);
        tenant(gp, "tenant", g.tenant());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < g.ports().size(); i++) {
          String port = g.ports().get(i);
          String f = "ports[" + i + "]";
          Optional<LogicalSwitch> s = t.switchOfPort(port);
          if (s.isEmpty()) {
            error(
                DANGLING_REFERENCE,
                gp,
                f,
                "port '" + port + "' does not exist: name a switch port or remove it");
          } else if (!s.get().tenant().equals(g.tenant())) {
            error(
                CROSS_TENANT_REFERENCE,
                gp,
                f,
                "port " + port + " belongs to tenant " + s.get().tenant() + ", the group to "
                    + g.tenant() + ": a group holds its own tenant's ports; remove it or use a"
                    + " group of " + s.get().tenant());
          }
          if (!seen.add(port)) {
            error(DUPLICATE_ID, gp, f, "port " + port + " is listed twice: remove one");
          }
        }
        acls(gp, g.acls(), g.tenant());
      }
    }

    // ---- load balancers ----

    /** Every datapath's own addresses: its ports' IPs, with who holds them. */
    private Map<String, Map<IpAddress, String>> datapathAddresses() {
      Map<String, Map<IpAddress, String>> m = new HashMap<>();
      for (LogicalSwitch s : t.switches()) {
        Map<IpAddress, String> ips = m.computeIfAbsent("switch " + s.id(), k -> new HashMap<>());
        for (SwitchPort p : s.ports()) {
          p.ips().forEach(ip -> ips.putIfAbsent(ip, "port " + p.id()));
          p.routerPort()
              .flatMap(t::routerPortById)
              .ifPresent(
                  rp ->
                      rp.addresses()
                          .forEach(
                              a -> ips.putIfAbsent(a.address(), "router port " + rp.id())));
        }
      }
      for (LogicalRouter r : t.routers()) {
        Map<IpAddress, String> ips = m.computeIfAbsent("router " + r.id(), k -> new HashMap<>());
        for (RouterPort rp : r.ports()) {
          rp.addresses().forEach(a -> ips.putIfAbsent(a.address(), "router port " + rp.id()));
        }
      }
      return m;
    }

    private void loadBalancers() {
      if (t.loadBalancers().isEmpty()) {
        return;
      }
      Map<String, Map<IpAddress, String>> addresses = datapathAddresses();
      Map<String, ModelPath> vipOwner = new HashMap<>();
      for (int li = 0; li < t.loadBalancers().size(); li++) {
        LoadBalancer lb = t.loadBalancers().get(li);
        ModelPath lp = loadBalancerPaths.get(li);
        tenant(lp, "tenant", lb.tenant());
        lb.affinityTimeout()
            .ifPresent(
                a -> {
                  if (a < 1 || a > 65535) {
                    error(
                        VALUE_OUT_OF_RANGE,
                        lp,
                        "affinityTimeout",
                        "affinity timeout " + a + " s is not in 1..65535: use a number of seconds"
                            + " in that range, or leave it out for no affinity");
                  }
                });
        Set<String> datapaths = new LinkedHashSet<>();
        for (int i = 0; i < lb.switches().size(); i++) {
          String s = lb.switches().get(i);
          String f = "switches[" + i + "]";
          Optional<LogicalSwitch> ls = t.switchById(s);
          if (ls.isEmpty()) {
            error(
                DANGLING_REFERENCE,
                lp,
                f,
                "switch '" + s + "' does not exist: name a switch of tenant " + lb.tenant());
          } else if (!ls.get().tenant().equals(lb.tenant())) {
            error(
                CROSS_TENANT_REFERENCE,
                lp,
                f,
                "switch " + s + " belongs to tenant " + ls.get().tenant()
                    + ", the load balancer to " + lb.tenant()
                    + ": attach it to the tenant's own switches");
          }
          if (!datapaths.add("switch " + s)) {
            error(DUPLICATE_ID, lp, f, "switch " + s + " is listed twice: remove one");
          }
        }
        for (int i = 0; i < lb.routers().size(); i++) {
          String r = lb.routers().get(i);
          String f = "routers[" + i + "]";
          if (i == 0) {
            error(
                NOT_SUPPORTED,
                lp,
                f,
                "load balancers on routers are not supported yet: attach the load balancer to the"
                    + " clients' switches (switches: [...]) instead");
          }
          Optional<LogicalRouter> lr = t.routerById(r);
          if (lr.isEmpty()) {
            error(
                DANGLING_REFERENCE,
                lp,
                f,
                "router '" + r + "' does not exist: name a router of tenant " + lb.tenant());
          } else if (!lr.get().tenant().equals(lb.tenant())) {
            error(
                CROSS_TENANT_REFERENCE,
                lp,
                f,
                "router " + r + " belongs to tenant " + lr.get().tenant()
                    + ", the load balancer to " + lb.tenant()
                    + ": attach it to the tenant's own routers");
          }
          if (!datapaths.add("router " + r)) {
            error(DUPLICATE_ID, lp, f, "router " + r + " is listed twice: remove one");
          }
        }
        java.util.List<ModelPath> paths = rules(lp, lb.vips(), Vip::id, "vip", "vips", "VIP");
        for (int i = 0; i < lb.vips().size(); i++) {
          Vip v = lb.vips().get(i);
          ModelPath vp = paths.get(i);
          String f = "vips[" + i + "]";
          vip(v, vp, f, datapaths, addresses, vipOwner);
        }
      }
    }

    private void vip(
        Vip v,
        ModelPath vp,
        String f,
        Set<String> datapaths,
        Map<String, Map<IpAddress, String>> addresses,
        Map<String, ModelPath> vipOwner) {
      if (v.protocol().number() != 6 && v.protocol().number() != 17) {
        error(
            VALUE_OUT_OF_RANGE,
            vp,
            f + ".protocol",
            "a VIP's protocol is tcp or udp, not " + v.protocol() + ": use one of them");
      }
      if (v.port() < 1 || v.port() > 65535) {
        error(
            VALUE_OUT_OF_RANGE,
            vp,
            f + ".port",
            "port " + v.port() + " is not in 1..65535: use a port in that range");
      }
      if (v.backends().isEmpty()) {
        error(
            MISSING_FIELD,
            vp,
            f + ".backends",
            "a VIP needs at least one backend: add backends, e.g. [10.0.1.11:80]");
      }
      Set<String> seen = new HashSet<>();
      for (int b = 0; b < v.backends().size(); b++) {
        Backend be = v.backends().get(b);
        String bf = f + ".backends[" + b + "]";
        if (be.address().version() != v.address().version()) {
          error(
              VALUE_OUT_OF_RANGE,
              vp,
              bf,
              "backend " + be.id() + " is IPv" + be.address().version() + " but VIP "
                  + v.address() + " is IPv" + v.address().version()
                  + ": use backends of the VIP's family");
        }
        if (!seen.add(be.id())) {
          error(DUPLICATE_ID, vp, bf, "backend " + be.id() + " is listed twice: remove one");
        }
      }
      for (String dp : datapaths) {
        String holder = addresses.getOrDefault(dp, Map.of()).get(v.address());
        if (holder != null) {
          error(
              VIP_CONFLICT,
              vp,
              f + ".address",
              "VIP " + v.address() + " is also the address of " + holder + " on " + dp
                  + ": traffic to it would be load-balanced; give the VIP an unused address");
        }
        String key = dp + "|" + v.address() + "|" + v.protocol() + "|" + v.port();
        ModelPath other = vipOwner.putIfAbsent(key, vp);
        if (other != null) {
          error(
              VIP_CONFLICT,
              vp,
              f + ".address",
              v.address() + " " + v.protocol() + " " + v.port() + " is also " + other + " on "
                  + dp + ": one VIP per address, protocol and port on a datapath; change the"
                  + " address or port, or move the backends into " + other);
        }
      }
    }

    // ---- placement ----

    private void hosts() {
      Map<IpAddress, String> vteps = new HashMap<>();
      String encap = t.encapsulation().name().toLowerCase(Locale.ROOT);
      for (int i = 0; i < t.hosts().size(); i++) {
        Host h = t.hosts().get(i);
        ModelPath hp = hostPaths.get(i);
        if (!h.encapsulations().contains(t.encapsulation())) {
          error(
              ENCAPSULATION_UNSUPPORTED,
              hp,
              "encapsulations",
              "host " + h.id() + " speaks "
                  + h.encapsulations().stream()
                      .map(e -> e.name().toLowerCase(Locale.ROOT))
                      .collect(Collectors.joining(", ", "[", "]"))
                  + " but the topology's tunnels use " + encap + ": add " + encap
                  + " to the host's encapsulations if its dataplane speaks it, or change the"
                  + " topology's encapsulation");
        }
        if (h.underlayMtu() < 1280 || h.underlayMtu() > 65535) {
          error(
              VALUE_OUT_OF_RANGE,
              hp,
              "underlayMtu",
              "underlay MTU " + h.underlayMtu() + " is not in 1280..65535: use the underlay's"
                  + " IP MTU (1500 by default)");
        }
        String other = vteps.putIfAbsent(h.tunnelIp(), h.id());
        if (other != null) {
          error(
              DUPLICATE_IP,
              hp,
              "tunnelIp",
              "tunnel address " + h.tunnelIp() + " is also host " + other
                  + "'s: give each host its own tunnel address");
        }
      }
    }

    private void bindings() {
      Map<String, ModelPath> bound = new LinkedHashMap<>();
      for (int i = 0; i < t.bindings().size(); i++) {
        Binding b = t.bindings().get(i);
        // A binding is named by its port; a second binding of one port, by its position.
        ModelPath bp =
            Ids.isValid(b.port()) && !bound.containsKey(b.port())
                ? ModelPath.of("binding", b.port())
                : ModelPath.of("binding", "#" + i);
        Optional<SwitchPort> port = t.portById(b.port());
        if (port.isEmpty()) {
          error(
              DANGLING_REFERENCE,
              bp,
              "port",
              "port '" + b.port() + "' does not exist: name a switch port of kind vif");
        } else if (port.get().kind() != PortKind.VIF) {
          error(
              BINDING_NOT_VIF,
              bp,
              "port",
              "port " + b.port() + " is of kind "
                  + port.get().kind().name().toLowerCase(Locale.ROOT)
                  + ": only vif ports are bound to hosts (router and localnet ports live"
                  + " wherever they are needed); remove the binding");
        }
        if (t.hostById(b.host()).isEmpty()) {
          error(
              UNKNOWN_HOST,
              bp,
              "host",
              "host '" + b.host() + "' does not exist: add it under hosts or fix the name");
        }
        ModelPath first = bound.putIfAbsent(b.port(), bp);
        if (first != null) {
          error(
              PORT_BOUND_TWICE,
              bp,
              "port",
              "port " + b.port() + " is already bound to host " + t.hostOf(b.port()).orElse("?")
                  + " by " + first + ": a port lives on one host; keep one binding");
        }
      }
    }
  }
}
