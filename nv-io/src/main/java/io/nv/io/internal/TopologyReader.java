package io.nv.io.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.nv.io.DocumentErrorCode;
import io.nv.io.LocatedError;
import io.nv.io.Location;
import io.nv.model.Ids;
import io.nv.model.ModelPath;
import io.nv.model.Peering;
import io.nv.model.Tenant;
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
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
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
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ErrorCode;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ModelErrorCode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps a document's {@link Node} tree to a {@link Topology}, collecting every problem with the
 * model path of the element it is in and the line and column of the value, and recording a {@link
 * SourceMap}. Elements that lack a required field (or whose id cannot name them) are left out of
 * the topology; everything else is read as far as it goes.
 *
 * <pre>{@code
 * TopologyReader.Result r = TopologyReader.read(TreeReader.read(text, Format.YAML).get());
 * r.topology();   // what could be read
 * r.errors();     // what could not, located
 * }</pre>
 */
public final class TopologyReader {
  /** The apiVersion this reader understands. */
  public static final String API_VERSION = "nv/v1";

  /** The kind of document this reader understands. */
  public static final String KIND = "Topology";

  /**
   * What reading gave.
   *
   * @param topology the topology read (partial when elements had to be left out)
   * @param errors the document's problems, in document order
   * @param sourceMap where each element was written
   */
  public record Result(
      Topology topology, ImmutableList<LocatedError> errors, SourceMap sourceMap) {}

  private static final ImmutableSet<String> ROOT_KEYS =
      ImmutableSet.of(
          "apiVersion",
          "kind",
          "encapsulation",
          "tenants",
          "peerings",
          "hosts",
          "switches",
          "routers",
          "addressSets",
          "portGroups",
          "loadBalancers",
          "bindings");
  private static final ImmutableSet<String> TENANT_KEYS = ImmutableSet.of("id", "description");
  private static final ImmutableSet<String> PEERING_KEYS =
      ImmutableSet.of("id", "tenant1", "tenant2");
  private static final ImmutableSet<String> HOST_KEYS =
      ImmutableSet.of("id", "tunnelIp", "encapsulations", "underlayMtu");
  private static final ImmutableSet<String> SWITCH_KEYS =
      ImmutableSet.of(
          "id",
          "tenant",
          "subnets",
          "mtu",
          "unknownUnicast",
          "defaultDeny",
          "key",
          "ports",
          "acls");
  private static final ImmutableSet<String> PORT_KEYS =
      ImmutableSet.of(
          "id",
          "kind",
          "mac",
          "ips",
          "portSecurity",
          "unknown",
          "routerPort",
          "network",
          "vlan",
          "key");
  private static final ImmutableSet<String> ACL_KEYS =
      ImmutableSet.of("id", "tier", "priority", "direction", "match", "action", "log");
  private static final ImmutableSet<String> ROUTER_KEYS =
      ImmutableSet.of(
          "id", "tenant", "gateway", "key", "ports", "routes", "policies", "nats", "neighbours");
  private static final ImmutableSet<String> ROUTER_PORT_KEYS =
      ImmutableSet.of("id", "mac", "addresses", "key");
  private static final ImmutableSet<String> ROUTE_KEYS =
      ImmutableSet.of("id", "prefix", "nextHop", "port");
  private static final ImmutableSet<String> POLICY_KEYS =
      ImmutableSet.of("id", "priority", "match", "action", "nextHops");
  private static final ImmutableSet<String> NAT_KEYS =
      ImmutableSet.of("id", "type", "externalIp", "logical", "logicalPort", "externalMac");
  private static final ImmutableSet<String> NEIGHBOUR_KEYS = ImmutableSet.of("id", "ip", "mac");
  private static final ImmutableSet<String> ADDRESS_SET_KEYS =
      ImmutableSet.of("id", "tenant", "addresses");
  private static final ImmutableSet<String> PORT_GROUP_KEYS =
      ImmutableSet.of("id", "tenant", "ports", "defaultDeny", "acls");
  private static final ImmutableSet<String> LOAD_BALANCER_KEYS =
      ImmutableSet.of(
          "id",
          "tenant",
          "vips",
          "selectionFields",
          "affinityTimeout",
          "hairpinAddress",
          "switches",
          "routers");
  private static final ImmutableSet<String> VIP_KEYS =
      ImmutableSet.of("id", "address", "protocol", "port", "backends");
  private static final ImmutableSet<String> BACKEND_KEYS =
      ImmutableSet.of("address", "port", "weight", "healthy");
  private static final ImmutableSet<String> BINDING_KEYS = ImmutableSet.of("port", "host");

  private static final ImmutableMap<String, Encapsulation> ENCAPSULATIONS =
      Names.byName(Encapsulation.values());
  private static final ImmutableMap<String, PortKind> PORT_KINDS = Names.byName(PortKind.values());
  private static final ImmutableMap<String, UnknownUnicast> UNKNOWN_UNICAST =
      Names.byName(UnknownUnicast.values());
  private static final ImmutableMap<String, DefaultDeny> DEFAULT_DENY =
      Names.byName(DefaultDeny.values());
  private static final ImmutableMap<String, Direction> DIRECTIONS =
      Names.byName(Direction.values());
  private static final ImmutableMap<String, AclAction> ACL_ACTIONS =
      Names.byName(AclAction.values());
  private static final ImmutableMap<String, PolicyAction> POLICY_ACTIONS =
      Names.byName(PolicyAction.values());
  private static final ImmutableMap<String, NatType> NAT_TYPES = Names.byName(NatType.values());
  private static final ImmutableMap<String, SelectionField> SELECTION_FIELDS =
      Names.byName(SelectionField.values());

  /** How a kind of value is parsed from text, for error messages. */
  private record Parser<T>(
      Function<String, Optional<T>> parse, String what, String example, ErrorCode code) {}

  private static final Parser<MacAddress> MAC =
      new Parser<>(
          MacAddress::tryParse,
          "a MAC address",
          "0a:00:00:01:00:11",
          DocumentErrorCode.INVALID_ADDRESS);
  private static final Parser<IpAddress> IP =
      new Parser<>(
          IpAddress::tryParse,
          "an IP address",
          "10.0.1.11 or 2001:db8::11",
          DocumentErrorCode.INVALID_ADDRESS);
  private static final Parser<IpPrefix> PREFIX =
      new Parser<>(
          IpPrefix::tryParse, "an IP prefix", "10.0.1.0/24", DocumentErrorCode.INVALID_ADDRESS);
  private static final Parser<InterfaceAddress> INTERFACE_ADDRESS =
      new Parser<>(
          InterfaceAddress::tryParse,
          "an interface address",
          "10.0.1.1/24",
          DocumentErrorCode.INVALID_ADDRESS);

  private static final Parser<IpProtocol> PROTOCOL =
      new Parser<>(
          IpProtocol::tryParse,
          "an IP protocol (tcp, udp or 0..255)",
          "tcp",
          DocumentErrorCode.INVALID_VALUE);

  /** Where an element's fields are reported: its path, and a prefix for field names. */
  private record Scope(ModelPath path, String prefix) {}

  /** An element read, with its source-map entry. */
  private record Built<T>(T value, Obj obj) {}

  /** Reads one child element of a list. */
  @FunctionalInterface
  private interface ChildReader<T> {
    Optional<Built<T>> read(Node.Mapping node, ModelPath parent, String prefix, int index);
  }

  private final List<LocatedError> errors = new ArrayList<>();
  private final Map<Integer, Scope> scopes = new HashMap<>();
  /** Whether the tree has problems to attach to elements: only then are scopes recorded. */
  private final boolean scoped;
  // Ids already naming an element, by scope, so a repeated id names its element by position.
  private final Map<String, Set<String>> taken = new HashMap<>();
  private SourceMap.@Nullable Entry rootEntry;

  private TopologyReader(boolean scoped) {
    this.scoped = scoped;
  }

  /** Reads the topology of {@code tree}. */
  public static Result read(TreeReader.Tree tree) {
    TopologyReader r = new TopologyReader(!tree.problems().isEmpty());
    Topology t = r.document(tree.root());
    r.problems(tree.problems());
    List<LocatedError> sorted = new ArrayList<>(r.errors);
    sorted.sort(DOCUMENT_ORDER);
    return new Result(t, ImmutableList.copyOf(sorted), SourceMap.of(r.rootEntry, tree.lines()));
  }

  /** Errors by location, those without one last; stable, so equal places keep reading order. */
  public static final Comparator<LocatedError> DOCUMENT_ORDER =
      Comparator.comparing(
          (LocatedError e) -> e.location().orElse(null),
          Comparator.nullsLast(Comparator.naturalOrder()));

  // ---- errors ----

  private void error(
      ErrorCode code, ModelPath path, @Nullable String field, String message, Location at) {
    ModelError e = ModelError.of(code, path, message);
    errors.add(LocatedError.of(field == null || field.isEmpty() ? e : e.at(field), at));
  }

  private void problems(List<TreeReader.Problem> problems) {
    for (TreeReader.Problem p : problems) {
      Scope scope = null;
      int inner = -1;
      for (int i = p.openMappings().size() - 1; i >= 0 && scope == null; i--) {
        scope = scopes.get(p.openMappings().get(i));
        inner = i;
      }
      ModelPath path = scope == null ? ModelPath.ROOT : scope.path();
      String field =
          scope != null && p.key() != null && inner == p.openMappings().size() - 1
              ? scope.prefix() + p.key()
              : null;
      error(p.code(), path, field, p.message(), p.location());
    }
  }

  // ---- the document ----

  private Topology document(@Nullable Node root) {
    Topology.Builder t = new Topology.Builder();
    if (!(root instanceof Node.Mapping m)) {
      Location at = root == null ? new Location(1, 1) : root.location();
      error(
          DocumentErrorCode.WRONG_TYPE,
          ModelPath.ROOT,
          null,
          "the document is "
              + (root == null ? "empty" : root.describe())
              + ": a topology document is a mapping that starts with apiVersion: "
              + API_VERSION
              + " and kind: "
              + KIND,
          at);
      return t.build();
    }
    Obj o = new Obj(m, ModelPath.ROOT, "", "a topology document", ROOT_KEYS);
    rootEntry = o.entry;
    Optional<String> api = o.text("apiVersion");
    if (api.isEmpty()) {
      o.missing("apiVersion", API_VERSION);
    } else if (!api.get().equals(API_VERSION)) {
      o.errorAt(
          "apiVersion",
          DocumentErrorCode.UNSUPPORTED_API_VERSION,
          "apiVersion '" + api.get() + "' is not supported: write apiVersion: " + API_VERSION);
    }
    Optional<String> kind = o.text("kind");
    if (kind.isEmpty()) {
      o.missing("kind", KIND);
    } else if (!kind.get().equals(KIND)) {
      o.errorAt(
          "kind",
          DocumentErrorCode.WRONG_KIND,
          "kind '" + kind.get() + "' is not a topology: write kind: " + KIND);
    }
    o.choice("encapsulation", ENCAPSULATIONS, "an encapsulation").ifPresent(t::encapsulation);
    t.tenants(o.children("tenants", false, this::tenant));
    t.peerings(o.children("peerings", false, this::peering));
    t.hosts(o.children("hosts", false, this::host));
    t.switches(o.children("switches", false, this::logicalSwitch));
    t.routers(o.children("routers", false, this::router));
    t.addressSets(o.children("addressSets", false, this::addressSet));
    t.portGroups(o.children("portGroups", false, this::portGroup));
    t.loadBalancers(o.children("loadBalancers", false, this::loadBalancer));
    t.bindings(o.children("bindings", false, this::binding));
    return t.build();
  }

  // ---- tenants and placement ----

  private Optional<Built<Tenant>> tenant(Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "tenant", i, prefix, "a tenant", TENANT_KEYS);
    Optional<String> id = o.id();
    Optional<String> description = o.text("description");
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Tenant.Builder b = new Tenant.Builder().id(id.get());
    description.ifPresent(b::description);
    return o.built(b.build());
  }

  private Optional<Built<Peering>> peering(Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "peering", i, prefix, "a peering", PEERING_KEYS);
    Optional<String> id = o.id();
    Optional<String> t1 = o.requiredText("tenant1", "<tenant id>");
    Optional<String> t2 = o.requiredText("tenant2", "<tenant id>");
    if (id.isEmpty() || t1.isEmpty() || t2.isEmpty()) {
      return Optional.empty();
    }
    return o.built(new Peering(id.get(), t1.get(), t2.get()));
  }

  private Optional<Built<Host>> host(Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "host", i, prefix, "a host", HOST_KEYS);
    Optional<String> id = o.id();
    Optional<IpAddress> tunnelIp = o.required("tunnelIp", IP);
    Optional<ImmutableList<Encapsulation>> encaps =
        o.present("encapsulations")
            ? Optional.of(
                o.list(
                    "encapsulations",
                    (n, f) -> o.choiceOf(n, f, ENCAPSULATIONS, "an encapsulation")))
            : Optional.empty();
    Optional<Integer> mtu = o.integer("underlayMtu");
    if (id.isEmpty() || tunnelIp.isEmpty()) {
      return Optional.empty();
    }
    Host.Builder b = new Host.Builder().id(id.get()).tunnelIp(tunnelIp.get());
    encaps.ifPresent(b::encapsulations);
    mtu.ifPresent(b::underlayMtu);
    return o.built(b.build());
  }

  private Optional<Built<Binding>> binding(Node.Mapping m, ModelPath parent, String prefix, int i) {
    // A binding is named by its port, like the validator names it; a second one, by position.
    Node.Field portField = m.fields().get("port");
    String port = portField != null && portField.value() instanceof Node.Scalar s ? s.text() : "";
    ModelPath path =
        Ids.isValid(port) && take("binding", port)
            ? ModelPath.of("binding", port)
            : ModelPath.of("binding", "#" + i);
    Obj o = new Obj(m, path, prefix, "a binding", BINDING_KEYS);
    Optional<String> p = o.requiredText("port", "<port id>");
    Optional<String> h = o.requiredText("host", "<host id>");
    if (p.isEmpty() || h.isEmpty()) {
      return Optional.empty();
    }
    o.entry.name(p.get());
    return Optional.of(new Built<>(new Binding(p.get(), h.get()), o));
  }

  // ---- switches ----

  private Optional<Built<LogicalSwitch>> logicalSwitch(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "switch", i, prefix, "a switch", SWITCH_KEYS);
    Optional<String> id = o.id();
    Optional<String> tenant = o.requiredText("tenant", "<tenant id>");
    ImmutableList<IpPrefix> subnets = o.list("subnets", (n, f) -> o.parsedOf(n, f, PREFIX));
    Optional<Integer> mtu = o.integer("mtu");
    Optional<UnknownUnicast> unknown =
        o.choice("unknownUnicast", UNKNOWN_UNICAST, "an unknown-unicast policy");
    Optional<DefaultDeny> deny = o.choice("defaultDeny", DEFAULT_DENY, "a default-deny mode");
    Optional<Integer> key = o.integer("key");
    ImmutableList<SwitchPort> ports = o.children("ports", false, this::switchPort);
    ImmutableList<AclRule> acls = o.children("acls", true, this::acl);
    if (id.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    LogicalSwitch.Builder b =
        new LogicalSwitch.Builder()
            .id(id.get())
            .tenant(tenant.get())
            .subnets(subnets)
            .mtu(mtu)
            .key(key)
            .ports(ports)
            .acls(acls);
    unknown.ifPresent(b::unknownUnicast);
    deny.ifPresent(b::defaultDeny);
    return o.built(b.build());
  }

  private Optional<Built<SwitchPort>> switchPort(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    // Port ids are unique across the topology, so a port's path is its own, not under its switch.
    Obj o = element(m, parent, "port", i, prefix, "a switch port", PORT_KEYS, true);
    Optional<String> id = o.id();
    Optional<PortKind> kind = o.choice("kind", PORT_KINDS, "a port kind");
    Optional<MacAddress> mac = o.parsed("mac", MAC);
    ImmutableList<IpAddress> ips = o.list("ips", (n, f) -> o.parsedOf(n, f, IP));
    Optional<Boolean> portSecurity = o.bool("portSecurity");
    Optional<Boolean> unknown = o.bool("unknown");
    Optional<String> routerPort = o.text("routerPort");
    Optional<String> network = o.text("network");
    Optional<Integer> vlan = o.integer("vlan");
    Optional<Integer> key = o.integer("key");
    if (id.isEmpty()) {
      return Optional.empty();
    }
    SwitchPort.Builder b =
        new SwitchPort.Builder()
            .id(id.get())
            .mac(mac)
            .ips(ips)
            .routerPort(routerPort)
            .network(network)
            .vlan(vlan)
            .key(key);
    kind.ifPresent(b::kind);
    portSecurity.ifPresent(b::portSecurity);
    unknown.ifPresent(b::unknown);
    return o.built(b.build());
  }

  private Optional<Built<AclRule>> acl(Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "acl", i, prefix, "an ACL rule", ACL_KEYS);
    Optional<String> id = o.id();
    Optional<Integer> tier = o.integer("tier");
    Optional<Integer> priority = o.requiredInteger("priority", "1000");
    Optional<Direction> direction = o.choice("direction", DIRECTIONS, "a direction");
    Optional<String> match = o.requiredText("match", "\"tcp.dst == 80\"");
    Optional<AclAction> action = o.requiredChoice("action", ACL_ACTIONS, "an ACL action");
    Optional<Boolean> log = o.bool("log");
    if (id.isEmpty() || priority.isEmpty() || match.isEmpty() || action.isEmpty()) {
      return Optional.empty();
    }
    AclRule.Builder b =
        new AclRule.Builder()
            .id(id.get())
            .priority(priority.get())
            .match(match.get())
            .action(action.get());
    tier.ifPresent(b::tier);
    direction.ifPresent(b::direction);
    log.ifPresent(b::log);
    return o.built(b.build());
  }

  // ---- routers ----

  private Optional<Built<LogicalRouter>> router(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "router", i, prefix, "a router", ROUTER_KEYS);
    Optional<String> id = o.id();
    Optional<String> tenant = o.requiredText("tenant", "<tenant id>");
    Optional<String> gateway = o.text("gateway");
    Optional<Integer> key = o.integer("key");
    // Router ports are named under their router, so their fields count from it: ports[0].mac.
    ImmutableList<RouterPort> ports = o.children("ports", true, this::routerPort);
    ImmutableList<StaticRoute> routes = o.children("routes", true, this::route);
    ImmutableList<PolicyRoute> policies = o.children("policies", true, this::policy);
    ImmutableList<NatRule> nats = o.children("nats", true, this::nat);
    ImmutableList<StaticNeighbour> neighbours = o.children("neighbours", true, this::neighbour);
    if (id.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new LogicalRouter.Builder()
            .id(id.get())
            .tenant(tenant.get())
            .gateway(gateway)
            .key(key)
            .ports(ports)
            .routes(routes)
            .policies(policies)
            .nats(nats)
            .neighbours(neighbours)
            .build());
  }

  private Optional<Built<RouterPort>> routerPort(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "port", i, prefix, "a router port", ROUTER_PORT_KEYS);
    Optional<String> id = o.id();
    Optional<MacAddress> mac = o.required("mac", MAC);
    ImmutableList<InterfaceAddress> addresses =
        o.list("addresses", (n, f) -> o.parsedOf(n, f, INTERFACE_ADDRESS));
    Optional<Integer> key = o.integer("key");
    if (id.isEmpty() || mac.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new RouterPort.Builder().id(id.get()).mac(mac.get()).addresses(addresses).key(key).build());
  }

  private Optional<Built<StaticRoute>> route(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "route", i, prefix, "a route", ROUTE_KEYS);
    Optional<String> id = o.id();
    Optional<IpPrefix> dest = o.required("prefix", PREFIX);
    Optional<IpAddress> nextHop = o.parsed("nextHop", IP);
    Optional<String> port = o.text("port");
    if (id.isEmpty() || dest.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new StaticRoute.Builder()
            .id(id.get())
            .prefix(dest.get())
            .nextHop(nextHop)
            .port(port)
            .build());
  }

  private Optional<Built<PolicyRoute>> policy(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "policy", i, prefix, "a policy route", POLICY_KEYS);
    Optional<String> id = o.id();
    Optional<Integer> priority = o.requiredInteger("priority", "100");
    Optional<String> match = o.requiredText("match", "\"tcp.dst == 23\"");
    Optional<PolicyAction> action = o.requiredChoice("action", POLICY_ACTIONS, "a policy action");
    ImmutableList<IpAddress> nextHops = o.list("nextHops", (n, f) -> o.parsedOf(n, f, IP));
    if (id.isEmpty() || priority.isEmpty() || match.isEmpty() || action.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new PolicyRoute.Builder()
            .id(id.get())
            .priority(priority.get())
            .match(match.get())
            .action(action.get())
            .nextHops(nextHops)
            .build());
  }

  private Optional<Built<NatRule>> nat(Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "nat", i, prefix, "a NAT rule", NAT_KEYS);
    Optional<String> id = o.id();
    Optional<NatType> type = o.requiredChoice("type", NAT_TYPES, "a NAT type");
    Optional<IpAddress> external = o.required("externalIp", IP);
    Optional<IpPrefix> logical = o.required("logical", PREFIX);
    Optional<String> logicalPort = o.text("logicalPort");
    Optional<MacAddress> externalMac = o.parsed("externalMac", MAC);
    if (id.isEmpty() || type.isEmpty() || external.isEmpty() || logical.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new NatRule.Builder()
            .id(id.get())
            .type(type.get())
            .externalIp(external.get())
            .logical(logical.get())
            .logicalPort(logicalPort)
            .externalMac(externalMac)
            .build());
  }

  private Optional<Built<StaticNeighbour>> neighbour(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "neighbour", i, prefix, "a static neighbour", NEIGHBOUR_KEYS);
    Optional<String> id = o.id();
    Optional<IpAddress> ip = o.required("ip", IP);
    Optional<MacAddress> mac = o.required("mac", MAC);
    if (id.isEmpty() || ip.isEmpty() || mac.isEmpty()) {
      return Optional.empty();
    }
    return o.built(new StaticNeighbour.Builder().id(id.get()).ip(ip.get()).mac(mac.get()).build());
  }

  // ---- address sets and port groups ----

  private Optional<Built<AddressSet>> addressSet(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "address-set", i, prefix, "an address set", ADDRESS_SET_KEYS);
    Optional<String> id = o.id();
    Optional<String> tenant = o.requiredText("tenant", "<tenant id>");
    ImmutableList<IpPrefix> addresses = o.list("addresses", (n, f) -> o.parsedOf(n, f, PREFIX));
    if (id.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new AddressSet.Builder().id(id.get()).tenant(tenant.get()).addresses(addresses).build());
  }

  private Optional<Built<PortGroup>> portGroup(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "port-group", i, prefix, "a port group", PORT_GROUP_KEYS);
    Optional<String> id = o.id();
    Optional<String> tenant = o.requiredText("tenant", "<tenant id>");
    ImmutableList<String> ports = o.list("ports", o::textOf);
    Optional<DefaultDeny> deny = o.choice("defaultDeny", DEFAULT_DENY, "a default-deny mode");
    ImmutableList<AclRule> acls = o.children("acls", true, this::acl);
    if (id.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    PortGroup.Builder b =
        new PortGroup.Builder().id(id.get()).tenant(tenant.get()).ports(ports).acls(acls);
    deny.ifPresent(b::defaultDeny);
    return o.built(b.build());
  }

  // ---- load balancers ----

  private Optional<Built<LoadBalancer>> loadBalancer(
      Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "load-balancer", i, prefix, "a load balancer", LOAD_BALANCER_KEYS);
    Optional<String> id = o.id();
    Optional<String> tenant = o.requiredText("tenant", "<tenant id>");
    ImmutableList<Vip> vips = o.children("vips", true, this::vip);
    ImmutableList<SelectionField> fields =
        o.list(
            "selectionFields", (n, f) -> o.choiceOf(n, f, SELECTION_FIELDS, "a selection field"));
    Optional<Integer> affinity = o.integer("affinityTimeout");
    Optional<IpAddress> hairpin = o.parsed("hairpinAddress", IP);
    ImmutableList<String> switches = o.list("switches", o::textOf);
    ImmutableList<String> routers = o.list("routers", o::textOf);
    if (id.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new LoadBalancer.Builder()
            .id(id.get())
            .tenant(tenant.get())
            .vips(vips)
            .selectionFields(fields)
            .affinityTimeout(affinity)
            .hairpinAddress(hairpin)
            .switches(switches)
            .routers(routers)
            .build());
  }

  private Optional<Built<Vip>> vip(Node.Mapping m, ModelPath parent, String prefix, int i) {
    Obj o = element(m, parent, "vip", i, prefix, "a VIP", VIP_KEYS);
    Optional<String> id = o.id();
    Optional<IpAddress> address = o.required("address", IP);
    Optional<IpProtocol> protocol = o.required("protocol", PROTOCOL);
    Optional<Integer> port = o.requiredInteger("port", "80");
    ImmutableList<Backend> backends = o.backends();
    if (id.isEmpty() || address.isEmpty() || protocol.isEmpty() || port.isEmpty()) {
      return Optional.empty();
    }
    return o.built(
        new Vip.Builder()
            .id(id.get())
            .address(address.get())
            .protocol(protocol.get())
            .port(port.get())
            .backends(backends)
            .build());
  }

  // ---- element scaffolding ----

  private Obj element(
      Node.Mapping m,
      ModelPath parent,
      String kind,
      int index,
      String prefix,
      String what,
      ImmutableSet<String> keys) {
    return element(m, parent, kind, index, prefix, what, keys, false);
  }

  /**
   * The element {@code kind} at {@code index} of its list, named as the validator names it: by its
   * id when the id is valid and no earlier element of its scope took it, else by its position in
   * the document ({@code acl #2}); {@code topLevel} elements (switch ports) are named without their
   * parent when they have an id. Ids of switch ports, and of router ports, are unique across the
   * topology; of rules, within their parent.
   */
  private Obj element(
      Node.Mapping m,
      ModelPath parent,
      String kind,
      int index,
      String prefix,
      String what,
      ImmutableSet<String> keys,
      boolean topLevel) {
    Node.Field idField = m.fields().get("id");
    String id =
        idField != null
                && idField.value() instanceof Node.Scalar s
                && s.kind() != Node.ScalarKind.NULL
            ? s.text()
            : null;
    String scope =
        kind.equals("port") ? (topLevel ? "switch port" : "router port") : parent + " / " + kind;
    ModelPath path;
    if (id != null && Ids.isValid(id) && take(scope, id)) {
      path = topLevel ? ModelPath.of(kind, id) : parent.child(kind, id);
    } else {
      path = parent.child(kind, "#" + index);
    }
    return new Obj(m, path, prefix, what, keys);
  }

  /** Takes {@code id} in {@code scope}: false when an earlier element took it. */
  private boolean take(String scope, String id) {
    return taken.computeIfAbsent(scope, k -> new HashSet<>()).add(id);
  }

  /** Whether {@code id} can be a model path segment (the validator reports other id rules). */
  private static boolean nameable(String id) {
    return !id.isEmpty() && id.indexOf(' ') < 0 && id.indexOf('/') < 0;
  }

  /** Whether a prefix's text carries host bits its network drops (10.0.1.5/24). */
  private static boolean hasHostBits(String text, IpPrefix p) {
    int slash = text.indexOf('/');
    return slash >= 0
        && IpAddress.tryParse(text.substring(0, slash))
            .map(a -> !a.equals(p.network()))
            .orElse(false);
  }

  /** One mapping being read as an element. */
  private final class Obj {
    final Node.Mapping node;
    final ModelPath path;
    final String prefix;
    final String what;
    final SourceMap.Entry entry;

    Obj(Node.Mapping node, ModelPath path, String prefix, String what, ImmutableSet<String> keys) {
      this.node = node;
      this.path = path;
      this.prefix = prefix;
      this.what = what;
      this.entry = new SourceMap.Entry(node);
      if (scoped) {
        scopes.put(node.serial(), new Scope(path, prefix));
      }
      for (Node.Field f : node.fields().values()) {
        if (!keys.contains(f.name())) {
          String hint =
              Names.suggest(f.name(), keys)
                  .map(s -> " (did you mean '" + s + "'?)")
                  .orElse(": " + what + " has " + Names.list(keys));
          error(
              DocumentErrorCode.UNKNOWN_FIELD,
              f.name(),
              "unknown field '" + f.name() + "'" + hint,
              f.keyLocation());
        }
      }
    }

    <T> Optional<Built<T>> built(T value) {
      return Optional.of(new Built<>(value, this));
    }

    void errorAt(String key, ErrorCode code, String message) {
      Node.Field f = node.fields().get(key);
      error(code, key, message, f == null ? node.location() : f.value().location());
    }

    void error(ErrorCode code, String field, String message, Location at) {
      TopologyReader.this.error(code, path, prefix + field, message, at);
    }

    boolean present(String key) {
      return value(key) != null;
    }

    /** The value of {@code key}, recorded in the source map; null when absent or null. */
    @Nullable Node value(String key) {
      Node.Field f = node.fields().get(key);
      if (f == null) {
        return null;
      }
      entry.field(key, f.value());
      Node v = f.value();
      if (v instanceof Node.Bad
          || (v instanceof Node.Scalar s && s.kind() == Node.ScalarKind.NULL)) {
        return null;
      }
      return v;
    }

    void missing(String key, String example) {
      Node.Field f = node.fields().get(key);
      // A key written without a value points at the key; a key not written, at the element.
      Location at = f == null ? node.location() : f.value().location();
      if (f != null && f.value() instanceof Node.Bad) {
        return;
      }
      error(
          ModelErrorCode.MISSING_FIELD,
          key,
          what + " needs " + key + ": add " + key + ": " + example,
          at);
    }

    Optional<String> id() {
      Node n = value("id");
      if (n == null) {
        missing("id", "<id>");
        return Optional.empty();
      }
      Optional<String> id = textOf(n, "id");
      id.ifPresent(entry::name);
      if (id.isPresent() && !Ids.isValid(id.get())) {
        error(
            ModelErrorCode.INVALID_ID,
            "id",
            "'" + id.get() + "' is not a valid id: use " + Ids.rule(),
            n.location());
        return id.filter(TopologyReader::nameable);
      }
      return id;
    }

    /** Reads one field's node; reports its own problems and returns empty for them. */
    interface FieldReader<T> {
      Optional<T> read(Node n, String field);
    }

    /** The field {@code key} read by {@code reader}, or empty when it is absent. */
    <T> Optional<T> optional(String key, FieldReader<T> reader) {
      Node n = value(key);
      return n == null ? Optional.empty() : reader.read(n, key);
    }

    /** The field {@code key} read by {@code reader}; absent is a MISSING_FIELD error. */
    <T> Optional<T> required(String key, String example, FieldReader<T> reader) {
      Node n = value(key);
      if (n == null) {
        missing(key, example);
        return Optional.empty();
      }
      return reader.read(n, key);
    }

    Optional<String> text(String key) {
      return optional(key, this::textOf);
    }

    Optional<String> requiredText(String key, String example) {
      return required(key, example, this::textOf);
    }

    /**
     * Any scalar's text: YAML may resolve {@code 80} to a number or {@code off} to a boolean, but
     * text fields take the characters as written.
     */
    Optional<String> textOf(Node n, String field) {
      if (n instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL) {
        return Optional.of(s.text());
      }
      if (n instanceof Node.Scalar || n instanceof Node.Bad) {
        return Optional.empty();
      }
      wrongType(n, field, "text");
      return Optional.empty();
    }

    void wrongType(Node n, String field, String expected) {
      if (n instanceof Node.Bad) {
        return;
      }
      error(
          DocumentErrorCode.WRONG_TYPE,
          field,
          field + " takes " + expected + ", not " + n.describe(),
          n.location());
    }

    Optional<Integer> integer(String key) {
      return optional(key, this::integerOf);
    }

    Optional<Integer> requiredInteger(String key, String example) {
      return required(key, example, this::integerOf);
    }

    Optional<Integer> integerOf(Node n, String field) {
      if (!(n instanceof Node.Scalar s) || s.kind() != Node.ScalarKind.INTEGER) {
        wrongType(n, field, "a whole number");
        return Optional.empty();
      }
      BigInteger v = s.integer();
      if (v == null || v.bitLength() >= 32) {
        error(
            ModelErrorCode.VALUE_OUT_OF_RANGE,
            field,
            s.describe()
                + " is out of range: "
                + field
                + " takes a whole number the field allows"
                + " (at most "
                + Integer.MAX_VALUE
                + ")",
            n.location());
        return Optional.empty();
      }
      return Optional.of(v.intValue());
    }

    Optional<Boolean> bool(String key) {
      Node n = value(key);
      if (n == null) {
        return Optional.empty();
      }
      if (n instanceof Node.Scalar s
          && (s.kind() == Node.ScalarKind.TRUE || s.kind() == Node.ScalarKind.FALSE)) {
        return Optional.of(s.kind() == Node.ScalarKind.TRUE);
      }
      wrongType(n, key, "true or false");
      return Optional.empty();
    }

    <T> Optional<T> parsed(String key, Parser<T> parser) {
      return optional(key, (n, f) -> parsedOf(n, f, parser));
    }

    <T> Optional<T> required(String key, Parser<T> parser) {
      return required(key, parser.example(), (n, f) -> parsedOf(n, f, parser));
    }

    /** An address (or protocol) read from the scalar's text, whatever type YAML gave it. */
    <T> Optional<T> parsedOf(Node n, String field, Parser<T> parser) {
      Optional<String> text = textOf(n, field);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      Optional<T> v = parser.parse().apply(text.get());
      ErrorCode code = parser.code();
      if (v.isEmpty()) {
        error(
            code,
            field,
            "'" + text.get() + "' is not " + parser.what() + ": write e.g. " + parser.example(),
            n.location());
      } else if (v.get() instanceof IpPrefix p && hasHostBits(text.get(), p)) {
        error(
            code,
            field,
            "'" + text.get() + "' has host bits set: write the network, " + p,
            n.location());
        return Optional.empty();
      }
      return v;
    }

    <E> Optional<E> choice(String key, ImmutableMap<String, E> values, String what) {
      return optional(key, (n, f) -> choiceOf(n, f, values, what));
    }

    <E> Optional<E> requiredChoice(String key, ImmutableMap<String, E> values, String what) {
      Node n = value(key);
      if (n == null) {
        missing(key, values.keySet().iterator().next());
        return Optional.empty();
      }
      return choiceOf(n, key, values, what);
    }

    <E> Optional<E> choiceOf(Node n, String field, ImmutableMap<String, E> values, String what) {
      Optional<String> text = textOf(n, field);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      E v = values.get(text.get());
      if (v == null) {
        String hint =
            Names.suggest(text.get(), values.keySet())
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
        error(
            DocumentErrorCode.INVALID_VALUE,
            field,
            "'"
                + text.get()
                + "' is not "
                + what
                + hint
                + ": use one of "
                + Names.list(values.keySet()),
            n.location());
      }
      return Optional.ofNullable(v);
    }

    /** The items of the list {@code key} that {@code item} reads; source-mapped as key[i]. */
    <T> ImmutableList<T> list(String key, ItemReader<T> item) {
      Node n = value(key);
      if (n == null) {
        return ImmutableList.of();
      }
      if (!(n instanceof Node.Sequence seq)) {
        wrongType(n, key, "a list, like " + key + ": [...]");
        return ImmutableList.of();
      }
      ImmutableList.Builder<T> out = ImmutableList.builder();
      int kept = 0;
      for (int i = 0; i < seq.items().size(); i++) {
        Node it = seq.items().get(i);
        Optional<T> v =
            it instanceof Node.Scalar s && s.kind() == Node.ScalarKind.NULL
                ? nullItem(it, key + "[" + i + "]")
                : item.read(it, key + "[" + i + "]");
        if (v.isPresent()) {
          entry.field(key + "[" + kept + "]", it);
          out.add(v.get());
          kept++;
        }
      }
      return out.build();
    }

    private <T> Optional<T> nullItem(Node n, String field) {
      error(
          DocumentErrorCode.WRONG_TYPE,
          field,
          field + " is empty: remove it or write a value",
          n.location());
      return Optional.empty();
    }

    /**
     * The child elements in the list {@code key}, each a mapping; {@code relative} children name
     * their fields from this element ({@code acls[0].match}), as the validator does for rules.
     */
    <T> ImmutableList<T> children(String key, boolean relative, ChildReader<T> reader) {
      Node n = value(key);
      if (n == null) {
        return ImmutableList.of();
      }
      if (!(n instanceof Node.Sequence seq)) {
        wrongType(n, key, "a list");
        return ImmutableList.of();
      }
      ImmutableList.Builder<T> out = ImmutableList.builder();
      for (int i = 0; i < seq.items().size(); i++) {
        Node it = seq.items().get(i);
        String field = key + "[" + i + "]";
        if (!(it instanceof Node.Mapping m)) {
          wrongType(it, field, "a mapping with the element's fields (id: …)");
          continue;
        }
        String childPrefix = relative ? prefix + field + "." : "";
        Optional<Built<T>> b = reader.read(m, path, childPrefix, i);
        if (b.isPresent()) {
          entry.child(key, b.get().obj().entry);
          out.add(b.get().value());
        }
      }
      return out.build();
    }

    /** A VIP's backends: {@code 10.0.1.11:80} or {@code {address, port, weight, healthy}}. */
    ImmutableList<Backend> backends() {
      Node n = value("backends");
      if (n == null) {
        return ImmutableList.of();
      }
      if (!(n instanceof Node.Sequence seq)) {
        wrongType(n, "backends", "a list, like backends: [10.0.1.11:80]");
        return ImmutableList.of();
      }
      ImmutableList.Builder<Backend> out = ImmutableList.builder();
      for (int i = 0; i < seq.items().size(); i++) {
        Node it = seq.items().get(i);
        String field = "backends[" + i + "]";
        Optional<Backend> b;
        SourceMap.Entry e = new SourceMap.Entry(it);
        if (it instanceof Node.Mapping m) {
          Obj o = new Obj(m, path, prefix + field + ".", "a backend", BACKEND_KEYS);
          b = o.backend();
          e = o.entry;
        } else if (it instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL) {
          b = backend(s, field);
        } else {
          wrongType(it, field, "a backend, like 10.0.1.11:80 or {address: 10.0.1.11, port: 80}");
          b = Optional.empty();
        }
        if (b.isPresent()) {
          entry.child("backends", e);
          out.add(b.get());
        }
      }
      return out.build();
    }

    private Optional<Backend> backend() {
      Optional<IpAddress> address = required("address", IP);
      Optional<Integer> port = requiredInteger("port", "80");
      Optional<Integer> weight = integer("weight");
      Optional<Boolean> healthy = bool("healthy");
      boolean inRange = true;
      // Backend checks its ranges on construction, so they are document errors here.
      if (port.isPresent() && (port.get() < 1 || port.get() > 65535)) {
        errorAt(
            "port",
            ModelErrorCode.VALUE_OUT_OF_RANGE,
            "port " + port.get() + " is not in 1..65535");
        inRange = false;
      }
      if (weight.isPresent() && (weight.get() < 1 || weight.get() > 256)) {
        errorAt(
            "weight",
            ModelErrorCode.VALUE_OUT_OF_RANGE,
            "weight " + weight.get() + " is not in 1..256");
        inRange = false;
      }
      if (!inRange || address.isEmpty() || port.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          new Backend(address.get(), port.get(), weight.orElse(1), healthy.orElse(true)));
    }

    private Optional<Backend> backend(Node.Scalar s, String field) {
      String text = s.text();
      String addr;
      String port;
      if (text.startsWith("[")) {
        int close = text.indexOf("]:");
        addr = close < 0 ? "" : text.substring(1, close);
        port = close < 0 ? "" : text.substring(close + 2);
      } else {
        int colon = text.lastIndexOf(':');
        addr = colon < 0 ? "" : text.substring(0, colon);
        port = colon < 0 ? "" : text.substring(colon + 1);
      }
      if (addr.isEmpty()
          || port.isEmpty()
          || port.length() > 9
          || !port.chars().allMatch(c -> c >= '0' && c <= '9')
          || (!text.startsWith("[") && addr.indexOf(':') >= 0)) {
        error(
            DocumentErrorCode.INVALID_VALUE,
            field,
            "'"
                + text
                + "' is not a backend: write ADDRESS:PORT, like 10.0.1.11:80 ([2001:db8::11]:80"
                + " for IPv6), or a mapping {address, port, weight, healthy}",
            s.location());
        return Optional.empty();
      }
      Optional<IpAddress> a = IpAddress.tryParse(addr);
      if (a.isEmpty()) {
        error(
            DocumentErrorCode.INVALID_ADDRESS,
            field,
            "'"
                + addr
                + "' in backend '"
                + text
                + "' is not an IP address: write e.g. 10.0.1.11:80",
            s.location());
        return Optional.empty();
      }
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        error(
            ModelErrorCode.VALUE_OUT_OF_RANGE,
            field,
            "port " + p + " of backend '" + text + "' is not in 1..65535",
            s.location());
        return Optional.empty();
      }
      return Optional.of(Backend.of(a.get(), p));
    }
  }

  /** Reads one item of a list of scalars. */
  @FunctionalInterface
  private interface ItemReader<T> {
    Optional<T> read(Node item, String field);
  }
}
