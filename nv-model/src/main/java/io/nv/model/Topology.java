package io.nv.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.immutables.value.Value;

/**
 * The whole description of a multi-tenant logical network and its placement: one immutable value.
 * Build it, then validate it ({@code Validator.validate}) to get a {@code ValidatedTopology} that
 * the compiler accepts.
 *
 * <pre>{@code
 * Topology t = new Topology.Builder()
 *     .addTenant(Tenant.of("acme"))
 *     .addSwitch(web)
 *     .addRouter(r1)
 *     .addHost(hv1)
 *     .addBinding(new Binding("web1", "hv1"))
 *     .build();
 * t.switchById("web");   // Optional[web]
 * }</pre>
 *
 * <p>Lookups by id are O(1) after the first call (indexes are built lazily, once). When ids
 * repeat (an invalid topology), lookups return the first element with the id.
 */
@Value.Immutable
public abstract class Topology {
  /** Package-private: use {@link Builder}. */
  Topology() {}

  /** The encapsulation of every tunnel; Geneve by default. */
  @Value.Default
  public Encapsulation encapsulation() {
    return Encapsulation.GENEVE;
  }

  /** Tenants. */
  public abstract ImmutableList<Tenant> tenants();

  /** Peerings between tenants. */
  public abstract ImmutableList<Peering> peerings();

  /** Logical switches (with their ports). */
  public abstract ImmutableList<LogicalSwitch> switches();

  /** Logical routers (with their ports, routes, policies, NAT and neighbours). */
  public abstract ImmutableList<LogicalRouter> routers();

  /** Address sets. */
  public abstract ImmutableList<AddressSet> addressSets();

  /** Port groups. */
  public abstract ImmutableList<PortGroup> portGroups();

  /** Load balancers. */
  public abstract ImmutableList<LoadBalancer> loadBalancers();

  /** Hosts. */
  public abstract ImmutableList<Host> hosts();

  /** Bindings of logical ports to hosts. */
  public abstract ImmutableList<Binding> bindings();

  /** The tenant with this id. */
  public Optional<Tenant> tenantById(String id) {
    return Optional.ofNullable(tenantIndex().get(id));
  }

  /** The switch with this id. */
  public Optional<LogicalSwitch> switchById(String id) {
    return Optional.ofNullable(switchIndex().get(id));
  }

  /** The router with this id. */
  public Optional<LogicalRouter> routerById(String id) {
    return Optional.ofNullable(routerIndex().get(id));
  }

  /** The switch port with this id. */
  public Optional<SwitchPort> portById(String id) {
    return Optional.ofNullable(portIndex().get(id));
  }

  /** The switch that owns the port with this id. */
  public Optional<LogicalSwitch> switchOfPort(String portId) {
    return Optional.ofNullable(portSwitchIndex().get(portId));
  }

  /** The router port with this id. */
  public Optional<RouterPort> routerPortById(String id) {
    return Optional.ofNullable(routerPortIndex().get(id));
  }

  /** The router that owns the router port with this id. */
  public Optional<LogicalRouter> routerOfPort(String routerPortId) {
    return Optional.ofNullable(routerPortRouterIndex().get(routerPortId));
  }

  /** The address set with this id. */
  public Optional<AddressSet> addressSetById(String id) {
    return Optional.ofNullable(addressSetIndex().get(id));
  }

  /** The port group with this id. */
  public Optional<PortGroup> portGroupById(String id) {
    return Optional.ofNullable(portGroupIndex().get(id));
  }

  /** The load balancer with this id. */
  public Optional<LoadBalancer> loadBalancerById(String id) {
    return Optional.ofNullable(loadBalancerIndex().get(id));
  }

  /** The host with this id. */
  public Optional<Host> hostById(String id) {
    return Optional.ofNullable(hostIndex().get(id));
  }

  /** The host the port is bound to (the first binding if bound twice). */
  public Optional<String> hostOf(String portId) {
    return Optional.ofNullable(bindingIndex().get(portId));
  }

  @Value.Lazy
  ImmutableMap<String, Tenant> tenantIndex() {
    return index(tenants(), Tenant::id);
  }

  @Value.Lazy
  ImmutableMap<String, LogicalSwitch> switchIndex() {
    return index(switches(), LogicalSwitch::id);
  }

  @Value.Lazy
  ImmutableMap<String, LogicalRouter> routerIndex() {
    return index(routers(), LogicalRouter::id);
  }

  @Value.Lazy
  ImmutableMap<String, SwitchPort> portIndex() {
    return index(switches().stream().flatMap(s -> s.ports().stream()).toList(), SwitchPort::id);
  }

  @Value.Lazy
  ImmutableMap<String, LogicalSwitch> portSwitchIndex() {
    Map<String, LogicalSwitch> m = new LinkedHashMap<>();
    for (LogicalSwitch s : switches()) {
      for (SwitchPort p : s.ports()) {
        m.putIfAbsent(p.id(), s);
      }
    }
    return ImmutableMap.copyOf(m);
  }

  @Value.Lazy
  ImmutableMap<String, RouterPort> routerPortIndex() {
    return index(routers().stream().flatMap(r -> r.ports().stream()).toList(), RouterPort::id);
  }

  @Value.Lazy
  ImmutableMap<String, LogicalRouter> routerPortRouterIndex() {
    Map<String, LogicalRouter> m = new LinkedHashMap<>();
    for (LogicalRouter r : routers()) {
      for (RouterPort p : r.ports()) {
        m.putIfAbsent(p.id(), r);
      }
    }
    return ImmutableMap.copyOf(m);
  }

  @Value.Lazy
  ImmutableMap<String, AddressSet> addressSetIndex() {
    return index(addressSets(), AddressSet::id);
  }

  @Value.Lazy
  ImmutableMap<String, PortGroup> portGroupIndex() {
    return index(portGroups(), PortGroup::id);
  }

  @Value.Lazy
  ImmutableMap<String, LoadBalancer> loadBalancerIndex() {
    return index(loadBalancers(), LoadBalancer::id);
  }

  @Value.Lazy
  ImmutableMap<String, Host> hostIndex() {
    return index(hosts(), Host::id);
  }

  /**
   * Port id to the host it is bound to. A host that exists is named by its own {@link Host#id}
   * object: a few strings, however many ports, that stay in cache for whoever looks the host up
   * in turn (a compile does, for every port).
   */
  @Value.Lazy
  ImmutableMap<String, String> bindingIndex() {
    ImmutableMap<String, Host> hosts = hostIndex();
    Map<String, String> m = new LinkedHashMap<>();
    for (Binding b : bindings()) {
      Host h = hosts.get(b.host());
      m.putIfAbsent(b.port(), h == null ? b.host() : h.id());
    }
    return ImmutableMap.copyOf(m);
  }

  private static <T> ImmutableMap<String, T> index(Iterable<T> items, Function<T, String> id) {
    Map<String, T> m = new LinkedHashMap<>();
    for (T t : items) {
      m.putIfAbsent(id.apply(t), t);
    }
    return ImmutableMap.copyOf(m);
  }

  /** Builds {@link Topology} values. */
  public static class Builder extends ImmutableTopology.Builder {}
}
