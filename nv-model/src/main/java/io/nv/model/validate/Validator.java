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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
 */
public final class Validator {
  private Validator() {}

  /** The structural checks of nv-model. */
  public static Validation<Seq<ModelError>, ValidatedTopology> validate(Topology topology) {
    return validate(topology, List.empty());
  }

  /** The structural checks, then (if they pass) every check in {@code extra}, in order. */
  public static Validation<Seq<ModelError>, ValidatedTopology> validate(
      Topology topology, Iterable<? extends TopologyCheck> extra) {
    Seq<ModelError> errors = new Run(topology).run();
    if (!errors.isEmpty()) {
      return Validation.invalid(errors);
    }
    ValidatedTopology valid = new ValidatedTopology(topology);
    Seq<ModelError> more = List.empty();
    for (TopologyCheck c : extra) {
      more = more.appendAll(c.check(valid));
    }
    return more.isEmpty() ? Validation.valid(valid) : Validation.invalid(more);
  }

  /** One validation run: collects errors in document order. */
  private static final class Run {
    private final Topology t;
    private final java.util.List<ModelError> errors = new ArrayList<>();

    Run(Topology t) {
      this.t = t;
    }

    Seq<ModelError> run() {
      ids();
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

    private void error(ModelErrorCode code, ModelPath path, String message) {
      errors.add(ModelError.of(code, path, message));
    }

    private void error(ModelErrorCode code, ModelPath path, String field, String message) {
      errors.add(ModelError.of(code, path, message).at(field));
    }

    // ---- identity ----

    private void ids() {
      unique(t.tenants(), Tenant::id, Tenant::path, "tenant");
      unique(t.peerings(), Peering::id, Peering::path, "peering");
      unique(t.switches(), LogicalSwitch::id, LogicalSwitch::path, "switch");
      unique(
          t.switches().stream().flatMap(s -> s.ports().stream()).toList(),
          SwitchPort::id,
          SwitchPort::path,
          "switch port");
      unique(t.routers(), LogicalRouter::id, LogicalRouter::path, "router");
      java.util.List<ModelPath> rports = new ArrayList<>();
      java.util.List<String> rportIds = new ArrayList<>();
      for (LogicalRouter r : t.routers()) {
        for (RouterPort p : r.ports()) {
          rports.add(p.path(r.path()));
          rportIds.add(p.id());
        }
      }
      Map<String, ModelPath> seen = new HashMap<>();
      for (int i = 0; i < rportIds.size(); i++) {
        checkId(rportIds.get(i), rports.get(i));
        ModelPath first = seen.putIfAbsent(rportIds.get(i), rports.get(i));
        if (first != null) {
          error(
              DUPLICATE_ID,
              rports.get(i),
              "id",
              "router port id '" + rportIds.get(i) + "' is already used by " + first
                  + ": router port ids are unique across the topology; rename one");
        }
      }
      unique(t.addressSets(), AddressSet::id, AddressSet::path, "address set");
      unique(t.portGroups(), PortGroup::id, PortGroup::path, "port group");
      unique(t.loadBalancers(), LoadBalancer::id, LoadBalancer::path, "load balancer");
      unique(t.hosts(), Host::id, Host::path, "host");
    }

    private <T> void unique(
        Iterable<T> items, Function<T, String> id, Function<T, ModelPath> path, String kind) {
      Map<String, ModelPath> seen = new HashMap<>();
      for (T item : items) {
        String i = id.apply(item);
        ModelPath p = path.apply(item);
        checkId(i, p);
        ModelPath first = seen.putIfAbsent(i, p);
        if (first != null) {
          error(
              DUPLICATE_ID,
              p,
              "id",
              kind + " id '" + i + "' is used twice (first at " + first + "): rename one");
        }
      }
    }

    private <T> void uniqueIn(
        ModelPath parent, Iterable<T> items, Function<T, String> id, String kind, String field) {
      Set<String> seen = new HashSet<>();
      int i = 0;
      for (T item : items) {
        String s = id.apply(item);
        ModelPath p = parent.child(kind, Ids.isValid(s) ? s : "#" + i);
        if (!Ids.isValid(s)) {
          error(INVALID_ID, p, field + "[" + i + "].id", "'" + s + "' is not a valid id: use " + Ids.rule());
        } else if (!seen.add(s)) {
          error(
              DUPLICATE_ID,
              p,
              field + "[" + i + "].id",
              kind + " id '" + s + "' is used twice in " + parent + ": rename one");
        }
        i++;
      }
    }

    private void checkId(String id, ModelPath p) {
      if (!Ids.isValid(id)) {
        error(INVALID_ID, p, "id", "'" + id + "' is not a valid id: use " + Ids.rule());
      }
    }

    // ---- tenants ----

    private void tenant(ModelPath p, String tenant) {
      if (t.tenantById(tenant).isEmpty()) {
        error(
            DANGLING_REFERENCE,
            p,
            "tenant",
            "tenant '" + tenant + "' does not exist: add it under tenants or fix the name");
      }
    }

    private void tenants() {
      for (Peering pe : t.peerings()) {
        tenant(pe.path(), pe.tenant1());
        tenant(pe.path(), pe.tenant2());
        if (pe.tenant1().equals(pe.tenant2())) {
          error(
              VALUE_OUT_OF_RANGE,
              pe.path(),
              "tenant2",
              "a peering links two different tenants; '" + pe.tenant1() + "' is named twice");
        }
      }
    }

    // ---- switches ----

    private void switches() {
      for (LogicalSwitch s : t.switches()) {
        ModelPath sp = s.path();
        tenant(sp, s.tenant());
        s.mtu()
            .ifPresent(
                mtu -> {
                  if (mtu < 576 || mtu > 9000) {
                    error(VALUE_OUT_OF_RANGE, sp, "mtu", "MTU " + mtu + " is not in 576..9000");
                  }
                });
        Map<MacAddress, String> macs = new HashMap<>();
        Map<IpAddress, String> ips = new HashMap<>();
        for (SwitchPort p : s.ports()) {
          port(s, p, macs, ips);
        }
        acls(sp, s.acls(), s.tenant());
      }
    }

    private void port(
        LogicalSwitch s, SwitchPort p, Map<MacAddress, String> macs, Map<IpAddress, String> ips) {
      ModelPath pp = p.path();
      switch (p.kind()) {
        case VIF -> {
          if (p.mac().isEmpty()) {
            error(MISSING_FIELD, pp, "mac", "a VIF port needs a MAC: add mac: 0a:…");
          }
          notApplicable(pp, p.routerPort().isPresent(), "routerPort", "VIF");
          notApplicable(pp, p.network().isPresent(), "network", "VIF");
          notApplicable(pp, p.vlan().isPresent(), "vlan", "VIF");
        }
        case ROUTER -> {
          if (p.routerPort().isEmpty()) {
            error(
                MISSING_FIELD,
                pp,
                "routerPort",
                "a ROUTER port names the router port it links to: add routerPort: <id>");
          }
          notApplicable(pp, p.mac().isPresent(), "mac", "ROUTER (the router port's MAC is used)");
          notApplicable(pp, !p.ips().isEmpty(), "ips", "ROUTER (the router port's addresses are used)");
          notApplicable(pp, p.portSecurity(), "portSecurity", "ROUTER");
          notApplicable(pp, p.network().isPresent(), "network", "ROUTER");
          notApplicable(pp, p.vlan().isPresent(), "vlan", "ROUTER");
        }
        case LOCALNET -> {
          if (p.network().isEmpty()) {
            error(
                MISSING_FIELD,
                pp,
                "network",
                "a LOCALNET port names the physical network it bridges: add network: <name>");
          }
          notApplicable(pp, p.routerPort().isPresent(), "routerPort", "LOCALNET");
          notApplicable(pp, p.portSecurity(), "portSecurity", "LOCALNET");
          p.vlan()
              .ifPresent(
                  v -> {
                    if (v < 1 || v > 4094) {
                      error(VALUE_OUT_OF_RANGE, pp, "vlan", "VLAN " + v + " is not in 1..4094");
                    }
                  });
        }
      }
      p.mac()
          .ifPresent(
              m -> {
                if (m.isMulticast()) {
                  error(
                      VALUE_OUT_OF_RANGE,
                      pp,
                      "mac",
                      m + " is a multicast MAC: a port needs a unicast MAC (first byte even)");
                }
                String other = macs.putIfAbsent(m, p.id());
                if (other != null) {
                  error(
                      DUPLICATE_MAC,
                      pp,
                      "mac",
                      "MAC " + m + " is already used by port " + other + " on switch " + s.id()
                          + ": give each port its own MAC");
                }
              });
      for (int i = 0; i < p.ips().size(); i++) {
        IpAddress ip = p.ips().get(i);
        String field = "ips[" + i + "]";
        String other = ips.putIfAbsent(ip, p.id());
        if (other != null) {
          error(
              DUPLICATE_IP,
              pp,
              field,
              "IP " + ip + " is already used by port " + other + " on switch " + s.id()
                  + ": give each port its own address");
        }
        if (!s.subnets().isEmpty() && s.subnets().stream().noneMatch(n -> n.contains(ip))) {
          error(
              IP_OUTSIDE_SUBNET,
              pp,
              field,
              ip + " is not in a subnet of switch " + s.id() + " " + s.subnets()
                  + ": change the address or add a subnet to the switch");
        }
      }
    }

    private void notApplicable(ModelPath p, boolean set, String field, String kind) {
      if (set) {
        error(FIELD_NOT_APPLICABLE, p, field, field + " does not apply to a port of kind " + kind + ": remove it");
      }
    }

    private void acls(ModelPath owner, Iterable<AclRule> acls, String tenant) {
      uniqueIn(owner, acls, AclRule::id, "acl", "acls");
      int i = 0;
      for (AclRule a : acls) {
        ModelPath ap = a.path(owner);
        String f = "acls[" + i + "]";
        if (a.priority() < 0 || a.priority() > 32767) {
          error(VALUE_OUT_OF_RANGE, ap, f + ".priority", "priority " + a.priority() + " is not in 0..32767");
        }
        if (a.tier() < 0 || a.tier() > 3) {
          error(VALUE_OUT_OF_RANGE, ap, f + ".tier", "tier " + a.tier() + " is not in 0..3");
        }
        MatchChecks.check(t, tenant, ap, f + ".match", a.match(), errors);
        i++;
      }
    }

    // ---- routers ----

    private void routers() {
      for (LogicalRouter r : t.routers()) {
        ModelPath rp = r.path();
        tenant(rp, r.tenant());
        java.util.List<IpPrefix> subnets = new ArrayList<>();
        java.util.List<String> owners = new ArrayList<>();
        for (RouterPort p : r.ports()) {
          ModelPath pp = p.path(rp);
          if (p.mac().isMulticast()) {
            error(VALUE_OUT_OF_RANGE, pp, "mac", p.mac() + " is a multicast MAC: use a unicast MAC");
          }
          if (p.addresses().isEmpty()) {
            error(MISSING_FIELD, pp, "addresses", "a router port needs at least one address, like 10.0.1.1/24");
          }
          for (int i = 0; i < p.addresses().size(); i++) {
            IpPrefix net = p.addresses().get(i).subnet();
            for (int j = 0; j < subnets.size(); j++) {
              if (subnets.get(j).overlaps(net)) {
                error(
                    OVERLAPPING_SUBNETS,
                    pp,
                    "addresses[" + i + "]",
                    net + " overlaps " + subnets.get(j) + " of port " + owners.get(j) + " on router "
                        + r.id() + ": a router's ports need disjoint subnets");
              }
            }
            subnets.add(net);
            owners.add(p.id());
          }
        }
        r.gateway()
            .ifPresent(
                g -> {
                  if (t.hostById(g).isEmpty()) {
                    error(UNKNOWN_HOST, rp, "gateway", "gateway host '" + g + "' does not exist: add it under hosts");
                  }
                });
        routes(r, subnets);
        policies(r);
        nats(r, subnets);
        neighbours(r, subnets);
      }
    }

    private static boolean onSubnet(java.util.List<IpPrefix> subnets, IpAddress a) {
      return subnets.stream().anyMatch(n -> n.contains(a));
    }

    private void routes(LogicalRouter r, java.util.List<IpPrefix> subnets) {
      uniqueIn(r.path(), r.routes(), StaticRoute::id, "route", "routes");
      int i = 0;
      for (StaticRoute s : r.routes()) {
        ModelPath p = s.path(r.path());
        String f = "routes[" + i + "]";
        if (s.nextHop().isEmpty() && s.port().isEmpty()) {
          error(MISSING_FIELD, p, f + ".nextHop", "a route needs a nextHop, a port, or both");
        }
        s.port()
            .ifPresent(
                port -> {
                  if (r.port(port).isEmpty()) {
                    error(
                        DANGLING_REFERENCE,
                        p,
                        f + ".port",
                        "router " + r.id() + " has no port '" + port + "': name one of its ports");
                  }
                });
        s.nextHop()
            .ifPresent(
                nh -> {
                  if (nh.version() != s.prefix().version()) {
                    error(
                        VALUE_OUT_OF_RANGE,
                        p,
                        f + ".nextHop",
                        "next hop " + nh + " is IPv" + nh.version() + " but the prefix is IPv"
                            + s.prefix().version());
                  } else if (!onSubnet(subnets, nh)) {
                    error(
                        NEXT_HOP_UNREACHABLE,
                        p,
                        f + ".nextHop",
                        "next hop " + nh + " is not on a subnet connected to router " + r.id()
                            + ": use an address of a router port's subnet");
                  }
                });
        i++;
      }
    }

    private void policies(LogicalRouter r) {
      uniqueIn(r.path(), r.policies(), PolicyRoute::id, "policy", "policies");
      int i = 0;
      for (PolicyRoute pr : r.policies()) {
        ModelPath p = pr.path(r.path());
        String f = "policies[" + i + "]";
        if (pr.priority() < 0 || pr.priority() > 32767) {
          error(VALUE_OUT_OF_RANGE, p, f + ".priority", "priority " + pr.priority() + " is not in 0..32767");
        }
        if (pr.action() == PolicyAction.REROUTE && pr.nextHops().isEmpty()) {
          error(MISSING_FIELD, p, f + ".nextHops", "a reroute policy needs nextHops");
        }
        if (pr.action() != PolicyAction.REROUTE && !pr.nextHops().isEmpty()) {
          error(FIELD_NOT_APPLICABLE, p, f + ".nextHops", "nextHops apply only to reroute policies: remove them");
        }
        MatchChecks.check(t, r.tenant(), p, f + ".match", pr.match(), errors);
        i++;
      }
    }

    private void nats(LogicalRouter r, java.util.List<IpPrefix> subnets) {
      uniqueIn(r.path(), r.nats(), NatRule::id, "nat", "nats");
      int i = 0;
      for (NatRule n : r.nats()) {
        ModelPath p = n.path(r.path());
        String f = "nats[" + i + "]";
        if (!onSubnet(subnets, n.externalIp())) {
          error(
              NAT_ADDRESS_NOT_ON_PORT,
              p,
              f + ".externalIp",
              "external address " + n.externalIp() + " is not in a subnet of a port of router "
                  + r.id() + ": use an address of the outside port's subnet");
        }
        if (n.type() != NatType.SNAT && n.logical().length() != n.logical().network().bitLength()) {
          error(
              VALUE_OUT_OF_RANGE,
              p,
              f + ".logical",
              n.type() + " needs a single logical address, not the prefix " + n.logical());
        }
        if (n.externalIp().version() != n.logical().version()) {
          error(VALUE_OUT_OF_RANGE, p, f + ".logical", "external and logical addresses differ in IP version");
        }
        n.logicalPort()
            .ifPresent(
                lp -> {
                  if (t.portById(lp).isEmpty()) {
                    error(DANGLING_REFERENCE, p, f + ".logicalPort", "port '" + lp + "' does not exist");
                  }
                });
        i++;
      }
    }

    private void neighbours(LogicalRouter r, java.util.List<IpPrefix> subnets) {
      uniqueIn(r.path(), r.neighbours(), StaticNeighbour::id, "neighbour", "neighbours");
      int i = 0;
      for (StaticNeighbour n : r.neighbours()) {
        if (!onSubnet(subnets, n.ip())) {
          error(
              NEXT_HOP_UNREACHABLE,
              n.path(r.path()),
              "neighbours[" + i + "].ip",
              "neighbour " + n.ip() + " is not on a subnet connected to router " + r.id());
        }
        i++;
      }
    }

    // ---- links between switches and routers ----

    private void links() {
      Map<String, String> claimed = new HashMap<>();
      for (LogicalSwitch s : t.switches()) {
        for (SwitchPort p : s.ports()) {
          if (p.kind() != PortKind.ROUTER || p.routerPort().isEmpty()) {
            continue;
          }
          String rpId = p.routerPort().get();
          Optional<RouterPort> rp = t.routerPortById(rpId);
          Optional<LogicalRouter> router = t.routerOfPort(rpId);
          if (rp.isEmpty() || router.isEmpty()) {
            error(
                DANGLING_REFERENCE,
                p.path(),
                "routerPort",
                "router port '" + rpId + "' does not exist: name a port of a router");
            continue;
          }
          String other = claimed.putIfAbsent(rpId, p.id());
          if (other != null) {
            error(
                PEERING_MISMATCH,
                p.path(),
                "routerPort",
                "router port " + rpId + " is already linked to switch port " + other
                    + ": a router port sits on one switch only");
          }
          for (InterfaceAddress a : rp.get().addresses()) {
            if (!s.subnets().isEmpty() && s.subnets().stream().noneMatch(n -> n.contains(a.address()))) {
              error(
                  PEERING_MISMATCH,
                  p.path(),
                  "routerPort",
                  "router port " + rpId + " address " + a + " is not in a subnet of switch " + s.id()
                      + " " + s.subnets() + ": fix the router port's address or the switch's subnets");
            }
          }
          String rt = router.get().tenant();
          if (!rt.equals(s.tenant())
              && t.peerings().stream().noneMatch(pe -> pe.links(rt, s.tenant()))) {
            error(
                CROSS_TENANT_LINK,
                p.path(),
                "routerPort",
                "router " + router.get().id() + " of tenant " + rt + " is linked to switch " + s.id()
                    + " of tenant " + s.tenant() + " without a peering: add a peering between them");
          }
        }
      }
    }

    // ---- address sets, port groups ----

    private void addressSets() {
      for (AddressSet a : t.addressSets()) {
        tenant(a.path(), a.tenant());
        for (PortGroup g : t.portGroups()) {
          if (a.id().equals(g.id() + "_ip4") || a.id().equals(g.id() + "_ip6")) {
            error(
                DUPLICATE_ID,
                a.path(),
                "id",
                "address set '" + a.id() + "' clashes with the set port group " + g.id()
                    + " defines: rename it");
          }
        }
      }
    }

    private void portGroups() {
      for (PortGroup g : t.portGroups()) {
        ModelPath gp = g.path();
        tenant(gp, g.tenant());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < g.ports().size(); i++) {
          String port = g.ports().get(i);
          String f = "ports[" + i + "]";
          Optional<LogicalSwitch> s = t.switchOfPort(port);
          if (s.isEmpty()) {
            error(DANGLING_REFERENCE, gp, f, "port '" + port + "' does not exist: name a switch port");
          } else if (!s.get().tenant().equals(g.tenant())) {
            error(
                CROSS_TENANT_REFERENCE,
                gp,
                f,
                "port " + port + " belongs to tenant " + s.get().tenant() + ", the group to "
                    + g.tenant() + ": groups hold their own tenant's ports");
          }
          if (!seen.add(port)) {
            error(DUPLICATE_ID, gp, f, "port " + port + " is listed twice: remove one");
          }
        }
        acls(gp, g.acls(), g.tenant());
      }
    }

    // ---- load balancers ----

    private void loadBalancers() {
      Map<String, String> vipOwner = new HashMap<>();
      Set<IpAddress> portIps = new HashSet<>();
      t.switches().forEach(s -> s.ports().forEach(p -> portIps.addAll(p.ips())));
      for (LoadBalancer lb : t.loadBalancers()) {
        ModelPath lp = lb.path();
        tenant(lp, lb.tenant());
        lb.affinityTimeout()
            .ifPresent(
                a -> {
                  if (a < 1 || a > 65535) {
                    error(VALUE_OUT_OF_RANGE, lp, "affinityTimeout", "affinity timeout " + a + " s is not in 1..65535");
                  }
                });
        for (int i = 0; i < lb.switches().size(); i++) {
          String s = lb.switches().get(i);
          Optional<LogicalSwitch> ls = t.switchById(s);
          if (ls.isEmpty()) {
            error(DANGLING_REFERENCE, lp, "switches[" + i + "]", "switch '" + s + "' does not exist");
          } else if (!ls.get().tenant().equals(lb.tenant())) {
            error(CROSS_TENANT_REFERENCE, lp, "switches[" + i + "]", "switch " + s + " belongs to tenant " + ls.get().tenant());
          }
        }
        for (int i = 0; i < lb.routers().size(); i++) {
          String r = lb.routers().get(i);
          Optional<LogicalRouter> lr = t.routerById(r);
          if (lr.isEmpty()) {
            error(DANGLING_REFERENCE, lp, "routers[" + i + "]", "router '" + r + "' does not exist");
          } else if (!lr.get().tenant().equals(lb.tenant())) {
            error(CROSS_TENANT_REFERENCE, lp, "routers[" + i + "]", "router " + r + " belongs to tenant " + lr.get().tenant());
          }
        }
        uniqueIn(lp, lb.vips(), Vip::id, "vip", "vips");
        int i = 0;
        for (Vip v : lb.vips()) {
          ModelPath vp = v.path(lp);
          String f = "vips[" + i + "]";
          if (v.protocol().number() != 6 && v.protocol().number() != 17) {
            error(VALUE_OUT_OF_RANGE, vp, f + ".protocol", "a VIP is tcp or udp, not " + v.protocol());
          }
          if (v.port() < 1 || v.port() > 65535) {
            error(VALUE_OUT_OF_RANGE, vp, f + ".port", "port " + v.port() + " is not in 1..65535");
          }
          if (v.backends().isEmpty()) {
            error(MISSING_FIELD, vp, f + ".backends", "a VIP needs at least one backend");
          }
          for (int b = 0; b < v.backends().size(); b++) {
            Backend be = v.backends().get(b);
            if (be.address().version() != v.address().version()) {
              error(VALUE_OUT_OF_RANGE, vp, f + ".backends[" + b + "]", "backend " + be.id() + " differs in IP version from the VIP");
            }
          }
          if (portIps.contains(v.address())) {
            error(
                VIP_CONFLICT,
                vp,
                f + ".address",
                "VIP " + v.address() + " is also a port's address: pick an unused address");
          }
          for (String dp : datapaths(lb)) {
            String key = dp + "|" + v.address() + "|" + v.protocol() + "|" + v.port();
            String other = vipOwner.putIfAbsent(key, vp.toString());
            if (other != null) {
              error(
                  VIP_CONFLICT,
                  vp,
                  f + ".address",
                  v.address() + " " + v.protocol() + " " + v.port() + " is also " + other + " on "
                      + dp + ": one VIP per address/protocol/port on a datapath");
            }
          }
          i++;
        }
      }
    }

    private static java.util.List<String> datapaths(LoadBalancer lb) {
      java.util.List<String> dps = new ArrayList<>();
      lb.switches().forEach(s -> dps.add("switch " + s));
      lb.routers().forEach(r -> dps.add("router " + r));
      return dps;
    }

    // ---- placement ----

    private void hosts() {
      Map<IpAddress, String> vteps = new HashMap<>();
      for (Host h : t.hosts()) {
        if (!h.encapsulations().contains(t.encapsulation())) {
          error(
              ENCAPSULATION_UNSUPPORTED,
              h.path(),
              "encapsulations",
              "host " + h.id() + " speaks " + h.encapsulations() + " but the topology uses "
                  + t.encapsulation() + ": add it to the host's encapsulations");
        }
        if (h.underlayMtu() < 1280 || h.underlayMtu() > 65535) {
          error(VALUE_OUT_OF_RANGE, h.path(), "underlayMtu", "underlay MTU " + h.underlayMtu() + " is not in 1280..65535");
        }
        String other = vteps.putIfAbsent(h.tunnelIp(), h.id());
        if (other != null) {
          error(DUPLICATE_IP, h.path(), "tunnelIp", "tunnel address " + h.tunnelIp() + " is also host " + other + "'s");
        }
      }
    }

    private void bindings() {
      Map<String, String> bound = new HashMap<>();
      int i = 0;
      for (Binding b : t.bindings()) {
        ModelPath bp = ModelPath.of("binding", Ids.isValid(b.port()) ? b.port() : "#" + i);
        String f = "bindings[" + i + "]";
        Optional<SwitchPort> port = t.portById(b.port());
        if (port.isEmpty()) {
          errors.add(
              ModelError.of(DANGLING_REFERENCE, bp, "port '" + b.port() + "' does not exist: name a VIF port")
                  .at(f + ".port"));
        } else if (port.get().kind() != PortKind.VIF) {
          errors.add(
              ModelError.of(
                      BINDING_NOT_VIF,
                      bp,
                      "port " + b.port() + " is a " + port.get().kind() + " port: only VIFs are bound to hosts")
                  .at(f + ".port"));
        }
        if (t.hostById(b.host()).isEmpty()) {
          errors.add(
              ModelError.of(UNKNOWN_HOST, bp, "host '" + b.host() + "' does not exist: add it under hosts")
                  .at(f + ".host"));
        }
        String other = bound.putIfAbsent(b.port(), b.host());
        if (other != null) {
          errors.add(
              ModelError.of(
                      PORT_BOUND_TWICE,
                      bp,
                      "port " + b.port() + " is already bound to host " + other + ": keep one binding")
                  .at(f + ".port"));
        }
        i++;
      }
    }
  }
}
