package io.nv.ovn.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
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
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import io.nv.model.match.Match;
import io.nv.model.validate.ModelError;
import io.nv.ovn.Approximation;
import io.nv.ovn.ExportOptions;
import io.nv.ovn.NbRow;
import io.nv.ovn.NbValue;
import io.nv.ovn.NorthboundExport;
import io.nv.ovn.OvnErrorCode;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps one topology to NB rows, collecting every export error. Rows come in model order, each
 * after the rows it refers to, so the same topology always gives the same transaction.
 *
 * <pre>{@code
 * Validation<Seq<ModelError>, NorthboundExport> nb = new Mapper(topology, options).export();
 * }</pre>
 */
public final class Mapper {
  /** OVN's identifier syntax ({@code lex.c}): what may follow {@code @} or {@code $}. */
  private static final Pattern OVN_NAME = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.]*");

  /** External-ids key that names the nv element a row without an nv name comes from. */
  static final String PATH_KEY = "nv-path";

  private final Topology t;
  private final ExportOptions options;
  private final List<ModelError> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<NbRow> rows = new ArrayList<>();
  /** Per nv load balancer, the uuid-names of its rows (one per protocol). */
  private final Map<String, List<String>> lbRows = new LinkedHashMap<>();
  /** Per switch or router id, the load balancers attached to it, in model order. */
  private final Map<String, List<String>> lbsBySwitch = new LinkedHashMap<>();
  private final Map<String, List<String>> lbsByRouter = new LinkedHashMap<>();
  /** Per router port id, the switch its ROUTER-kind switch port is on. */
  private final Map<String, LogicalSwitch> switchByRouterPort = new LinkedHashMap<>();

  /** A mapper of {@code topology}, which must be valid. */
  public Mapper(Topology topology, ExportOptions options) {
    this.t = topology;
    this.options = options;
    for (LoadBalancer lb : t.loadBalancers()) {
      for (String s : new java.util.LinkedHashSet<>(lb.switches())) {
        lbsBySwitch.computeIfAbsent(s, k -> new ArrayList<>()).add(lb.id());
      }
      for (String r : new java.util.LinkedHashSet<>(lb.routers())) {
        lbsByRouter.computeIfAbsent(r, k -> new ArrayList<>()).add(lb.id());
      }
    }
    for (LogicalSwitch s : t.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() == PortKind.ROUTER) {
          p.routerPort().ifPresent(rp -> switchByRouterPort.putIfAbsent(rp, s));
        }
      }
    }
  }

  /** The export, or every reason it cannot be made. */
  public Validation<Seq<ModelError>, NorthboundExport> export() {
    portNames();
    AclPlan acls = AclPlan.of(t, options, errors, notes);
    t.loadBalancers().forEach(this::loadBalancer);
    t.addressSets().forEach(this::addressSet);
    for (LogicalSwitch s : t.switches()) {
      logicalSwitch(s, acls);
    }
    for (PortGroup g : t.portGroups()) {
      portGroup(g, acls);
    }
    for (LogicalRouter r : t.routers()) {
      router(r);
    }
    if (!errors.isEmpty()) {
      return Validation.invalid(io.vavr.collection.List.ofAll(errors));
    }
    return Validation.valid(
        new NorthboundExport(ImmutableList.copyOf(rows), ImmutableList.copyOf(notes)));
  }

  // ---- checks ----

  private void portNames() {
    Set<String> switchPorts = new HashSet<>();
    t.switches().forEach(s -> s.ports().forEach(p -> switchPorts.add(p.id())));
    for (LogicalRouter r : t.routers()) {
      for (RouterPort rp : r.ports()) {
        if (switchPorts.contains(rp.id())) {
          errors.add(
              ModelError.of(
                  OvnErrorCode.PORT_NAME_CLASH,
                  rp.path(r.path()),
                  "switch port " + rp.id() + " and router port " + rp.id() + " share a name, but"
                      + " OVN names every logical port in one namespace: rename one of them"));
        }
      }
    }
  }

  static boolean isOvnName(String id) {
    return OVN_NAME.matcher(id).matches();
  }

  // ---- switches ----

  private void logicalSwitch(LogicalSwitch s, AclPlan acls) {
    if (s.unknownUnicast() == UnknownUnicast.FLOOD) {
      if (options.allows(Approximation.FLOOD_THROUGH_UNKNOWN)) {
        notes.add(
            s.path() + ": floods unknown unicast: every VIF gets the unknown address, and OVN no"
                + " longer answers ARP for them (flood-through-unknown)");
      } else {
        errors.add(
            ModelError.of(
                    OvnErrorCode.UNKNOWN_UNICAST_FLOOD,
                    s.path(),
                    "OVN sends unknown unicast only to ports whose addresses include 'unknown', and"
                        + " stops answering ARP for such ports: use unknownUnicast: unknown-ports"
                        + " and flag the ports that take unknown destinations, or accept the"
                        + " flood-through-unknown approximation (Approximation.FLOOD_THROUGH_UNKNOWN,"
                        + " nv compile --approximate flood-through-unknown)")
                .at("unknownUnicast"));
      }
    }
    List<NbValue> ports = new ArrayList<>();
    for (SwitchPort p : s.ports()) {
      ports.add(NbValue.ref(switchPort(s, p)));
    }
    List<NbValue> aclRefs = new ArrayList<>();
    for (AclRule a : s.acls()) {
      aclRefs.add(NbValue.ref(acl(s.path(), "acl_ls", s.id(), a, acls, null)));
    }
    aclRefs.addAll(defaultDeny(s.path(), "dd_ls", s.id(), s.defaultDeny(), null));
    List<NbValue> lbs = new ArrayList<>();
    for (String lb : lbsBySwitch.getOrDefault(s.id(), List.of())) {
      lbRows.getOrDefault(lb, List.of()).forEach(n -> lbs.add(NbValue.ref(n)));
    }
    Columns c = new Columns().put("name", s.id()).putSet("ports", ports).putSet("acls", aclRefs);
    c.putSet("load_balancer", lbs);
    s.key().ifPresent(k -> c.putMap("other_config", Map.of("requested-tnl-key", Integer.toString(k))));
    add("Logical_Switch", UuidNames.of("ls", s.id()), c);
  }

  private String switchPort(LogicalSwitch s, SwitchPort p) {
    Columns c = new Columns().put("name", p.id());
    Map<String, String> opts = new LinkedHashMap<>();
    switch (p.kind()) {
      case VIF -> {
        List<String> addresses = new ArrayList<>();
        p.mac().ifPresent(mac -> addresses.add(joinAddresses(mac.toString(), p.ips(), null)));
        if (p.unknown() || s.unknownUnicast() == UnknownUnicast.FLOOD) {
          // OVN sends unknown unicast to the ports whose addresses include "unknown".
          addresses.add("unknown");
        }
        c.putStrings("addresses", addresses);
        if (p.portSecurity() && p.mac().isPresent()) {
          // The prefix length lets OVN's egress port security admit the subnet broadcast.
          c.putStrings("port_security", List.of(joinAddresses(p.mac().get().toString(), p.ips(), s)));
        }
      }
      case ROUTER -> {
        c.put("type", "router");
        c.putStrings("addresses", List.of("router"));
        p.routerPort().ifPresent(rp -> opts.put("router-port", rp));
      }
      case LOCALNET -> {
        c.put("type", "localnet");
        c.putStrings("addresses", List.of("unknown"));
        p.network().ifPresent(n -> opts.put("network_name", n));
        p.vlan().ifPresent(v -> c.put("tag_request", v));
      }
    }
    p.key().ifPresent(k -> opts.put("requested-tnl-key", Integer.toString(k)));
    c.putMap("options", opts);
    String name = UuidNames.of("lsp", p.id());
    add("Logical_Switch_Port", name, c);
    return name;
  }

  /**
   * {@code "MAC IP…"}; with {@code subnetsOf}, each IP with the length of the switch subnet that
   * holds it (port security).
   */
  private static String joinAddresses(
      String mac, List<IpAddress> ips, @org.jspecify.annotations.Nullable LogicalSwitch subnetsOf) {
    StringBuilder sb = new StringBuilder(mac);
    for (IpAddress ip : ips) {
      sb.append(' ').append(ip);
      if (subnetsOf != null) {
        subnetsOf.subnets().stream()
            .filter(n -> n.contains(ip))
            .findFirst()
            .ifPresent(n -> sb.append('/').append(n.length()));
      }
    }
    return sb.toString();
  }

  // ---- ACLs ----

  /**
   * One ACL row; {@code group} is the port group whose membership the match is restricted to, or
   * null for a switch's rule.
   */
  private String acl(
      ModelPath owner,
      String prefix,
      String ownerId,
      AclRule a,
      AclPlan plan,
      @org.jspecify.annotations.Nullable String group) {
    ModelPath path = a.path(owner);
    String match = a.match().trim();
    if (group != null) {
      String side = a.direction() == Direction.TO_PORT ? "outport" : "inport";
      boolean needsParentheses = Match.tryParse(match).fold(e -> true, m -> m instanceof Match.Or);
      match = side + " == @" + group + " && " + (needsParentheses ? "(" + match + ")" : match);
    }
    Columns c =
        new Columns()
            .put("priority", plan.priority(path))
            .put("direction", direction(a.direction()))
            .put("match", match)
            .put("action", action(a.action()));
    if (a.log()) {
      c.put("log", true);
      c.putSet("severity", List.of(NbValue.of("info")));
    }
    if (a.id().length() <= 63) {
      c.putSet("name", List.of(NbValue.of(a.id())));
    }
    c.putMap("external_ids", Map.of(PATH_KEY, path.toString()));
    String name = UuidNames.of(prefix, ownerId, a.id());
    add("ACL", name, c);
    return name;
  }

  /** The default-deny rows of a switch ({@code group} null) or port group, lowest priority. */
  private List<NbValue> defaultDeny(
      ModelPath owner,
      String prefix,
      String ownerId,
      DefaultDeny deny,
      @org.jspecify.annotations.Nullable String group) {
    List<NbValue> refs = new ArrayList<>();
    for (Direction d : List.of(Direction.TO_PORT, Direction.FROM_PORT)) {
      if (!AclPlan.covers(deny, d)) {
        continue;
      }
      String side = d == Direction.TO_PORT ? "outport" : "inport";
      String match = group == null ? "ip" : side + " == @" + group + " && ip";
      Columns c =
          new Columns()
              .put("priority", 0)
              .put("direction", direction(d))
              .put("match", match)
              .put("action", "drop")
              .putSet("name", List.of(NbValue.of("default-deny")))
              .putMap("external_ids", Map.of(PATH_KEY, owner.cause("default-deny").toString()));
      String name = UuidNames.of(prefix, ownerId, d == Direction.TO_PORT ? "to" : "from");
      add("ACL", name, c);
      refs.add(NbValue.ref(name));
    }
    return refs;
  }

  private static String direction(Direction d) {
    return d == Direction.TO_PORT ? "to-lport" : "from-lport";
  }

  private static String action(AclAction a) {
    return switch (a) {
      case ALLOW -> "allow-stateless";
      case ALLOW_RELATED -> "allow-related";
      case DROP -> "drop";
      case REJECT -> "reject";
      // Reported as ACL_PASS; the row is never written.
      case PASS -> "drop";
    };
  }

  private void portGroup(PortGroup g, AclPlan acls) {
    boolean filters = !g.acls().isEmpty() || g.defaultDeny() != DefaultDeny.OFF;
    if (filters && !isOvnName(g.id())) {
      errors.add(
          ModelError.of(
              OvnErrorCode.PORT_GROUP_NAME,
              g.path(),
              "the export restricts the group's ACLs with 'outport == @" + g.id() + "', but OVN"
                  + " names after @ must start with a letter, '_' or '.' and hold only letters,"
                  + " digits, '_' and '.': rename the port group"));
    }
    List<NbValue> aclRefs = new ArrayList<>();
    for (AclRule a : g.acls()) {
      aclRefs.add(NbValue.ref(acl(g.path(), "acl_pg", g.id(), a, acls, g.id())));
    }
    aclRefs.addAll(defaultDeny(g.path(), "dd_pg", g.id(), g.defaultDeny(), g.id()));
    List<NbValue> ports = new ArrayList<>();
    for (String p : g.ports()) {
      ports.add(NbValue.ref(UuidNames.of("lsp", p)));
    }
    add(
        "Port_Group",
        UuidNames.of("pg", g.id()),
        new Columns().put("name", g.id()).putSet("ports", ports).putSet("acls", aclRefs));
  }

  private void addressSet(AddressSet a) {
    List<String> addresses = new ArrayList<>();
    for (IpPrefix p : a.addresses()) {
      addresses.add(prefix(p));
    }
    add(
        "Address_Set",
        UuidNames.of("as", a.id()),
        new Columns().put("name", a.id()).putStrings("addresses", addresses));
  }

  /** A host prefix as a plain address, as OVN writes it; any other prefix as written. */
  private static String prefix(IpPrefix p) {
    return p.length() == p.network().bitLength() ? p.network().toString() : p.toString();
  }

  // ---- load balancers ----

  private void loadBalancer(LoadBalancer lb) {
    Map<String, List<Vip>> byProtocol = new LinkedHashMap<>();
    for (Vip v : lb.vips()) {
      Optional<String> proto = protocol(v);
      if (proto.isEmpty()) {
        errors.add(
            ModelError.of(
                OvnErrorCode.VIP_PROTOCOL,
                v.path(lb.path()),
                "OVN load balancers take tcp, udp or sctp, not protocol " + v.protocol()
                    + ": use one of them"));
        continue;
      }
      byProtocol.computeIfAbsent(proto.get(), k -> new ArrayList<>()).add(v);
    }
    List<String> names = new ArrayList<>();
    boolean split = byProtocol.size() > 1;
    for (Map.Entry<String, List<Vip>> e : byProtocol.entrySet()) {
      Map<String, String> vips = new LinkedHashMap<>();
      for (Vip v : e.getValue()) {
        List<String> backends = new ArrayList<>();
        for (Backend b : v.backends()) {
          // OVN has no weights and learns health from probes: a down backend is left out, and a
          // backend of weight w is listed w times, so the hash gives it w buckets.
          if (!b.healthy()) {
            continue;
          }
          for (int i = 0; i < b.weight(); i++) {
            backends.add(endpoint(b.address(), b.port()));
          }
        }
        vips.put(endpoint(v.address(), v.port()), String.join(",", backends));
      }
      Columns c =
          new Columns()
              .put("name", split ? lb.id() + "-" + e.getKey() : lb.id())
              .putMap("vips", vips)
              .putSet("protocol", List.of(NbValue.of(e.getKey())));
      List<NbValue> fields = new ArrayList<>();
      for (SelectionField f : lb.selectionFields()) {
        fields.add(NbValue.of(f.name().toLowerCase(Locale.ROOT)));
      }
      c.putSet("selection_fields", fields);
      Map<String, String> opts = new LinkedHashMap<>();
      lb.hairpinAddress().ifPresent(h -> opts.put("hairpin_snat_ip", h.toString()));
      lb.affinityTimeout().ifPresent(a -> opts.put("affinity_timeout", Integer.toString(a)));
      c.putMap("options", opts);
      if (split) {
        c.putMap("external_ids", Map.of(PATH_KEY, lb.path().toString()));
      }
      String name = split ? UuidNames.of("lb", lb.id(), e.getKey()) : UuidNames.of("lb", lb.id());
      add("Load_Balancer", name, c);
      names.add(name);
    }
    lbRows.put(lb.id(), names);
  }

  private static Optional<String> protocol(Vip v) {
    return switch (v.protocol().number()) {
      case 6 -> Optional.of("tcp");
      case 17 -> Optional.of("udp");
      case 132 -> Optional.of("sctp");
      default -> Optional.empty();
    };
  }

  private static String endpoint(IpAddress a, int port) {
    return (a.version() == 6 ? "[" + a + "]" : a.toString()) + ":" + port;
  }

  // ---- routers ----

  private void router(LogicalRouter r) {
    Set<String> gatewayPorts = gatewayPorts(r);
    List<NbValue> ports = new ArrayList<>();
    for (RouterPort rp : r.ports()) {
      ports.add(NbValue.ref(routerPort(r, rp, gatewayPorts.contains(rp.id()))));
    }
    List<NbValue> routes = new ArrayList<>();
    for (StaticRoute s : r.routes()) {
      routes.add(NbValue.ref(route(r, s)));
    }
    List<NbValue> policies = new ArrayList<>();
    for (PolicyRoute p : r.policies()) {
      policies.add(NbValue.ref(policy(r, p)));
    }
    List<NbValue> nats = new ArrayList<>();
    for (NatRule n : r.nats()) {
      nat(r, n, gatewayPorts).ifPresent(name -> nats.add(NbValue.ref(name)));
    }
    List<NbValue> lbs = new ArrayList<>();
    for (String lb : lbsByRouter.getOrDefault(r.id(), List.of())) {
      lbRows.getOrDefault(lb, List.of()).forEach(n -> lbs.add(NbValue.ref(n)));
    }
    Columns c =
        new Columns()
            .put("name", r.id())
            .putSet("ports", ports)
            .putSet("static_routes", routes)
            .putSet("policies", policies)
            .putSet("nat", nats)
            .putSet("load_balancer", lbs);
    r.key().ifPresent(k -> c.putMap("options", Map.of("requested-tnl-key", Integer.toString(k))));
    add("Logical_Router", UuidNames.of("lr", r.id()), c);
    for (StaticNeighbour n : r.neighbours()) {
      neighbour(r, n);
    }
  }

  /**
   * The distributed gateway ports of {@code r}: with a gateway host, its ports linked to a switch
   * that has a LOCALNET port.
   */
  private Set<String> gatewayPorts(LogicalRouter r) {
    Set<String> out = new java.util.LinkedHashSet<>();
    if (r.gateway().isEmpty()) {
      if (!r.nats().isEmpty()) {
        for (NatRule n : r.nats()) {
          errors.add(
              ModelError.of(
                  OvnErrorCode.NAT_WITHOUT_GATEWAY,
                  n.path(r.path()),
                  "OVN applies NAT on a distributed gateway port, which needs a gateway chassis,"
                      + " and router " + r.id() + " has no gateway host (OVN would ignore the rule"
                      + " silently): set the router's gateway"));
        }
      }
      return out;
    }
    for (RouterPort rp : r.ports()) {
      Optional<LogicalSwitch> linked = linkedSwitch(rp.id());
      if (linked.isPresent()
          && linked.get().ports().stream().anyMatch(p -> p.kind() == PortKind.LOCALNET)) {
        out.add(rp.id());
      }
    }
    if (out.isEmpty()) {
      errors.add(
          ModelError.of(
                  OvnErrorCode.GATEWAY_WITHOUT_UPLINK,
                  r.path(),
                  "OVN places a gateway on a distributed gateway port: the router port linked to"
                      + " a switch with a localnet port, and no port of router " + r.id()
                      + " links such a switch: link one, or remove the gateway")
              .at("gateway"));
    }
    return out;
  }

  private Optional<LogicalSwitch> linkedSwitch(String routerPort) {
    return Optional.ofNullable(switchByRouterPort.get(routerPort));
  }

  private String routerPort(LogicalRouter r, RouterPort rp, boolean gateway) {
    List<String> networks = new ArrayList<>();
    for (InterfaceAddress a : rp.addresses()) {
      networks.add(a.toString());
    }
    Columns c =
        new Columns().put("name", rp.id()).put("mac", rp.mac().toString()).putStrings("networks", networks);
    if (gateway) {
      String host = r.gateway().orElseThrow();
      String gc = UuidNames.of("gc", rp.id(), host);
      add(
          "Gateway_Chassis",
          gc,
          new Columns().put("name", rp.id() + "-" + host).put("chassis_name", host).put("priority", 1));
      c.putSet("gateway_chassis", List.of(NbValue.ref(gc)));
    }
    rp.key().ifPresent(k -> c.putMap("options", Map.of("requested-tnl-key", Integer.toString(k))));
    String name = UuidNames.of("lrp", rp.id());
    add("Logical_Router_Port", name, c);
    return name;
  }

  private String route(LogicalRouter r, StaticRoute s) {
    // An empty next hop with an output port is an on-link route: the next hop is the destination.
    Columns c =
        new Columns()
            .put("ip_prefix", prefix(s.prefix()))
            .put("nexthop", s.nextHop().map(IpAddress::toString).orElse(""));
    s.port().ifPresent(p -> c.putSet("output_port", List.of(NbValue.of(p))));
    c.putMap("external_ids", Map.of(PATH_KEY, s.path(r.path()).toString()));
    String name = UuidNames.of("route", r.id(), s.id());
    add("Logical_Router_Static_Route", name, c);
    return name;
  }

  private String policy(LogicalRouter r, PolicyRoute p) {
    Columns c =
        new Columns()
            .put("priority", p.priority())
            .put("match", p.match().trim())
            .put("action", p.action().name().toLowerCase(Locale.ROOT));
    if (p.action() == PolicyAction.REROUTE) {
      List<String> hops = new ArrayList<>();
      p.nextHops().forEach(h -> hops.add(h.toString()));
      c.putStrings("nexthops", hops);
    }
    c.putMap("external_ids", Map.of(PATH_KEY, p.path(r.path()).toString()));
    String name = UuidNames.of("policy", r.id(), p.id());
    add("Logical_Router_Policy", name, c);
    return name;
  }

  private Optional<String> nat(LogicalRouter r, NatRule n, Set<String> gatewayPorts) {
    if (r.gateway().isEmpty()) {
      return Optional.empty(); // reported as NAT_WITHOUT_GATEWAY
    }
    Optional<RouterPort> outside =
        r.ports().stream()
            .filter(rp -> rp.addresses().stream().anyMatch(a -> a.subnet().contains(n.externalIp())))
            .findFirst();
    if (outside.isPresent() && !gatewayPorts.isEmpty() && !gatewayPorts.contains(outside.get().id())) {
      errors.add(
          ModelError.of(
              OvnErrorCode.NAT_OFF_GATEWAY,
              n.path(r.path()),
              "external address " + n.externalIp() + " lies on port " + outside.get().id()
                  + ", but OVN applies NAT on the gateway port " + String.join(", ", gatewayPorts)
                  + " (the port to a switch with a localnet port): use an address of the gateway"
                  + " port's subnet"));
    }
    Columns c =
        new Columns()
            .put("type", switch (n.type()) {
              case SNAT -> "snat";
              case DNAT -> "dnat";
              case FLOATING_IP -> "dnat_and_snat";
            })
            .put("external_ip", n.externalIp().toString())
            .put("logical_ip", prefix(n.logical()));
    n.logicalPort().ifPresent(p -> c.putSet("logical_port", List.of(NbValue.of(p))));
    n.externalMac().ifPresent(m -> c.putSet("external_mac", List.of(NbValue.of(m.toString()))));
    if (gatewayPorts.size() > 1 && outside.isPresent()) {
      c.putSet("gateway_port", List.of(NbValue.ref(UuidNames.of("lrp", outside.get().id()))));
    }
    if (n.type() == NatType.FLOATING_IP) {
      // nv's floating IP is a stateless 1:1 translation.
      c.putMap("options", Map.of("stateless", "true"));
    }
    c.putMap("external_ids", Map.of(PATH_KEY, n.path(r.path()).toString()));
    String name = UuidNames.of("nat", r.id(), n.id());
    add("NAT", name, c);
    return Optional.of(name);
  }

  private void neighbour(LogicalRouter r, StaticNeighbour n) {
    Optional<RouterPort> on =
        r.ports().stream()
            .filter(rp -> rp.addresses().stream().anyMatch(a -> a.subnet().contains(n.ip())))
            .findFirst();
    if (on.isEmpty()) {
      return; // validation puts every neighbour on a port's subnet
    }
    add(
        "Static_MAC_Binding",
        UuidNames.of("smb", r.id(), n.id()),
        new Columns()
            .put("logical_port", on.get().id())
            .put("ip", n.ip().toString())
            .put("mac", n.mac().toString())
            .put("override_dynamic_mac", true));
  }

  // ---- rows ----

  private void add(String table, String uuidName, Columns c) {
    rows.add(new NbRow(table, uuidName, c.build()));
  }

  /** Columns in the order they are put; empty sets and maps are left out (the schema default). */
  private static final class Columns {
    private final ImmutableMap.Builder<String, NbValue> m = ImmutableMap.builder();

    Columns put(String column, String value) {
      m.put(column, NbValue.of(value));
      return this;
    }

    Columns put(String column, long value) {
      m.put(column, NbValue.of(value));
      return this;
    }

    Columns put(String column, boolean value) {
      m.put(column, NbValue.of(value));
      return this;
    }

    Columns putSet(String column, List<NbValue> members) {
      if (!members.isEmpty()) {
        m.put(column, NbValue.set(members));
      }
      return this;
    }

    Columns putStrings(String column, List<String> members) {
      if (!members.isEmpty()) {
        m.put(column, NbValue.strings(members));
      }
      return this;
    }

    Columns putMap(String column, Map<String, String> entries) {
      if (!entries.isEmpty()) {
        m.put(column, NbValue.map(entries));
      }
      return this;
    }

    ImmutableMap<String, NbValue> build() {
      return m.buildOrThrow();
    }
  }
}
