package io.nv.compiler.physical;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.MulticastGroup;
import io.nv.encap.keys.OvnVxlanVni;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.Topology;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A compiled topology: the logical pipelines, compiled once and shared by every host, and the
 * tunnel keys; one host's physical tables are realized on demand ({@link #host}), so no process
 * need hold every host's tables at once (each host's agent computes only its own).
 *
 * <p>A logical flow's physical form differs from it only where it outputs: {@code output(P)} in
 * an ingress pipeline becomes {@code outport = P; next(physical / output)}, in an egress pipeline
 * {@code next(physical / deliver)}; {@code output(inport)} (a reply built in the pipeline) becomes
 * OpenFlow's {@code in_port} output ({@link #physicalActions}). Everything else runs as compiled.
 *
 * <pre>{@code
 * Compilation c = Compilation.of(validated).get();
 * HostTables hv1 = c.host("hv1");
 * hv1.flowCount();   // physical flows + the logical flows of the datapaths hv1 needs
 * }</pre>
 *
 * <p>VXLAN topologies use OVN's split VNI (datapath key + egress key); thread-safe.
 */
public final class Compilation {
  private final ValidatedTopology topology;
  private final LogicalPipelines logical;
  private final KeyAssignment keys;
  private final Map<String, HostTables> hosts = new ConcurrentHashMap<>();
  private final Map<String, String> localnetHosts = new HashMap<>();
  /** What a tunnel key names, for reading packets off the wire; made on first use. */
  private final Supplier<ByKey> byKey = Suppliers.memoize(this::byKey);

  /** The datapaths by tunnel key, and each datapath's ports by port key. */
  private record ByKey(Map<Integer, Datapath> datapaths, Map<String, Map<Integer, String>> ports) {}

  /** The hosts in id order, and each one's place in it. */
  private final ImmutableList<Host> hostsInOrder;
  private final ImmutableList<String> hostIds;
  private final Map<String, Integer> hostIndex = new HashMap<>();
  /** What every host's realization reads of each datapath's ports, made once for all of them. */
  private final Map<LogicalDatapath, Ports> ports = new IdentityHashMap<>();

  /**
   * A datapath's ports as every host's realization reads them, by their place in {@link
   * LogicalDatapath#portsById}: arrays instead of a lookup by id for each port of each host.
   */
  static final class Ports {
    private final int datapathKey;
    private final ImmutableList<Action> routerZones;
    private final int[] keys;
    private final int[] owners;
    private final int[][] edgeOwners;
    private final int[][] groupOwners;

    Ports(
        int datapathKey, ImmutableList<Action> routerZones, int[] keys, int[] owners, int[][] edgeOwners,
        int[][] groupOwners) {
      this.datapathKey = datapathKey;
      this.routerZones = routerZones;
      this.keys = keys;
      this.owners = owners;
      this.edgeOwners = edgeOwners;
      this.groupOwners = groupOwners;
    }

    /** The datapath's tunnel key. */
    int datapathKey() {
      return datapathKey;
    }

    /**
     * A router's DNAT and SNAT zone loads ({@code reg.dnat_zone = z; reg.snat_zone = z + 1}), what
     * a packet entering the router sets; empty for a switch.
     */
    ImmutableList<Action> routerZones() {
      return routerZones;
    }

    /**
     * For each bucket of the datapath's {@code group}-th group, the {@link #owner} of the VIF or
     * LOCALNET port it outputs to, else -1: the buckets a host copies to locally are its own.
     */
    int[] edgeOwners(int group) {
      return edgeOwners[group];
    }

    /**
     * The {@link #owner}s of the ports the {@code group}-th group's buckets output to, each once and
     * in host order: the hosts a flood reaches (read only).
     */
    int[] groupOwners(int group) {
      return groupOwners[group];
    }

    /** The port key of the port at {@code ordinal}, or -1 when the key assignment has none. */
    int key(int ordinal) {
      return keys[ordinal];
    }

    /**
     * The {@link #hostIndex} of the host the port at {@code ordinal} lives on (a VIF's binding,
     * else the switch's LOCALNET host), or -1 for none.
     */
    int owner(int ordinal) {
      return owners[ordinal];
    }
  }

  private Compilation(ValidatedTopology topology, LogicalPipelines logical, KeyAssignment keys) {
    this.topology = topology;
    this.logical = logical;
    this.keys = keys;
    List<Host> byId = new ArrayList<>(topology.topology().hosts());
    byId.sort(java.util.Comparator.comparing(Host::id));
    this.hostsInOrder = ImmutableList.copyOf(byId);
    this.hostIds = hostsInOrder.stream().map(Host::id).collect(ImmutableList.toImmutableList());
    for (int i = 0; i < byId.size(); i++) {
      hostIndex.put(byId.get(i).id(), i);
    }
    // The hosts first: placing LOCALNET ports falls back on the first of them.
    placeLocalnets();
    logical.datapaths().forEach(d -> ports.put(d, portsOf(d)));
  }

  private Ports portsOf(LogicalDatapath d) {
    List<LogicalPort> ps = d.portsById();
    boolean isSwitch = d.datapath().kind() == Datapath.Kind.SWITCH;
    Map<String, Integer> portKeys = isSwitch ? keys.switchPorts() : keys.routerPorts();
    String localnet = localnetHosts.get(d.datapath().id());
    int[] k = new int[ps.size()];
    int[] o = new int[ps.size()];
    for (int i = 0; i < k.length; i++) {
      LogicalPort p = ps.get(i);
      Integer key = portKeys.get(p.id());
      k[i] = key == null ? -1 : key;
      String owner =
          p.role() == LogicalPort.Role.VIF ? topology.topology().hostOf(p.id()).orElse(null) : localnet;
      o[i] = owner == null ? -1 : hostIndex(owner);
    }
    int[][] edgeOwners = new int[d.groups().size()][];
    int[][] groupOwners = new int[d.groups().size()][];
    for (int g = 0; g < edgeOwners.length; g++) {
      int[] e = new int[d.groups().get(g).buckets().size()];
      int[] all = new int[e.length];
      int n = 0;
      for (int b = 0; b < e.length; b++) {
        int i = d.bucketPort(g, b);
        e[b] = -1;
        if (i >= 0 && o[i] >= 0) {
          LogicalPort.Role role = ps.get(i).role();
          e[b] = role.isEdge() ? o[i] : -1;
          n = insertOnce(all, n, o[i]);
        }
      }
      edgeOwners[g] = e;
      groupOwners[g] = n == all.length ? all : Arrays.copyOf(all, n);
    }
    ImmutableList<Action> zones = ImmutableList.of();
    if (!isSwitch) {
      int z = keys.routerZone(d.datapath().id());
      zones = ImmutableList.of(Actions.set(Field.REG_DNAT_ZONE, z), Actions.set(Field.REG_SNAT_ZONE, z + 1));
    }
    return new Ports(datapathKey(d.datapath()), zones, k, o, edgeOwners, groupOwners);
  }

  /**
   * Puts {@code x} into the first {@code n} of {@code sorted} (ascending, each once) unless there,
   * and returns their new count. A group's buckets are few (a switch's ports), and a sorted array
   * is what its realization reads, host by host.
   */
  private static int insertOnce(int[] sorted, int n, int x) {
    int at = Arrays.binarySearch(sorted, 0, n, x);
    if (at >= 0) {
      return n;
    }
    int i = -at - 1;
    System.arraycopy(sorted, i, sorted, i + 1, n - i);
    sorted[i] = x;
    return n + 1;
  }

  /** Datapath {@code d}'s ports as every host reads them. */
  Ports ports(LogicalDatapath d) {
    return java.util.Objects.requireNonNull(ports.get(d), () -> "not a datapath of this compilation: " + d.datapath());
  }

  /** The hosts in id order. */
  ImmutableList<Host> hostsInOrder() {
    return hostsInOrder;
  }

  /** The place of host {@code id} in {@link #hostsInOrder}. */
  int hostIndex(String id) {
    Integer i = hostIndex.get(id);
    if (i == null) {
      throw new IllegalArgumentException("no host '" + id + "': hosts are " + hosts());
    }
    return i;
  }

  private ByKey byKey() {
    Topology t = topology.topology();
    Map<Integer, Datapath> datapaths = new HashMap<>();
    t.switches().forEach(s -> datapaths.put(keys.switchKey(s.id()), Datapath.ofSwitch(s.id())));
    t.routers().forEach(r -> datapaths.put(keys.routerKey(r.id()), Datapath.ofRouter(r.id())));
    Map<String, Map<Integer, String>> ports = new HashMap<>();
    for (var d : logical.datapaths()) {
      Map<Integer, String> m = new HashMap<>();
      for (var p : d.ports()) {
        m.put(portKey(d.datapath(), p.id()), p.id());
      }
      ports.put(d.datapath().toString(), m);
    }
    return new ByKey(datapaths, ports);
  }

  /**
   * Each switch's LOCALNET ports live on one host (docs/physical.md): the gateway host of a router
   * whose gateway port is on the switch, else the first host, by id, that has the switch — one
   * with a VIF of a switch routing reaches, or a gateway of a router it reaches. So a LOCALNET
   * port's connections live in one host's conntrack, as a gateway's do.
   */
  private void placeLocalnets() {
    if (logical.datapaths().stream().noneMatch(LogicalDatapath::hasLocalnet)) {
      return;
    }
    Topology t = topology.topology();
    Map<String, String> parent = new HashMap<>();
    java.util.function.UnaryOperator<String> find =
        new java.util.function.UnaryOperator<>() {
          @Override
          public String apply(String x) {
            String p = parent.getOrDefault(x, x);
            if (p.equals(x)) {
              return x;
            }
            String root = apply(p);
            parent.put(x, root);
            return root;
          }
        };
    for (var d : logical.datapaths()) {
      for (var p : d.ports()) {
        if (p.peerDatapath().isPresent()) {
          String a = find.apply(d.datapath().toString());
          String b = find.apply(p.peerDatapath().get().toString());
          if (!a.equals(b)) {
            parent.put(a, b);
          }
        }
      }
    }
    Map<String, java.util.TreeSet<String>> hostsOf = new HashMap<>();
    for (var b : t.bindings()) {
      logical.switchOfPort(b.port())
          .ifPresent(sw -> hostsOf.computeIfAbsent(find.apply(sw.toString()), k -> new java.util.TreeSet<>()).add(b.host()));
    }
    for (var r : t.routers()) {
      r.gateway()
          .ifPresent(g -> hostsOf.computeIfAbsent(find.apply(Datapath.ofRouter(r.id()).toString()), k -> new java.util.TreeSet<>()).add(g));
    }
    for (var d : logical.datapaths()) {
      if (d.datapath().kind() != Datapath.Kind.SWITCH || !d.hasLocalnet()) {
        continue;
      }
      String gateway = null;
      for (var p : d.ports()) {
        if (p.peerDatapath().isPresent() && gateway == null) {
          gateway =
              logical.datapath(p.peerDatapath().get())
                  .flatMap(r -> r.port(p.peerPort().orElseThrow()))
                  .flatMap(io.nv.compiler.logical.LogicalPort::gateway)
                  .orElse(null);
        }
      }
      java.util.TreeSet<String> candidates = hostsOf.get(find.apply(d.datapath().toString()));
      String at = gateway != null ? gateway : candidates != null ? candidates.first() : hosts().isEmpty() ? null : hosts().get(0);
      if (at != null) {
        localnetHosts.put(d.datapath().id(), at);
      }
    }
  }

  /** The host where switch {@code switchId}'s LOCALNET ports live, if it has any. */
  public Optional<String> localnetHost(String switchId) {
    return Optional.ofNullable(localnetHosts.get(switchId));
  }

  /**
   * The host where a packet entering at edge port {@code port} enters: a VIF's binding, a LOCALNET
   * port's host.
   */
  public Optional<String> hostOf(String port) {
    Optional<String> bound = topology.topology().hostOf(port);
    if (bound.isPresent()) {
      return bound;
    }
    return logical.switchOfPort(port).flatMap(sw -> localnetHost(sw.id()));
  }

  /** Compiles {@code topology} with fresh keys; a key space that runs out is an error. */
  public static Validation<Seq<ModelError>, Compilation> of(ValidatedTopology topology) {
    return of(topology, Optional.empty());
  }

  /**
   * Compiles {@code topology}; elements of {@code previous} keep their keys where they can (see
   * {@link Keys#allocate}).
   */
  public static Validation<Seq<ModelError>, Compilation> of(
      ValidatedTopology topology, Optional<KeyAssignment> previous) {
    return Keys.allocate(topology, VxlanMode.OVN_SPLIT, previous)
        .map(k -> new Compilation(topology, LogicalCompiler.compile(topology), k));
  }

  /** A compilation of pipelines and keys already made for {@code topology}. */
  public static Compilation of(ValidatedTopology topology, LogicalPipelines logical, KeyAssignment keys) {
    return new Compilation(topology, logical, keys);
  }

  /** The topology compiled. */
  public ValidatedTopology topology() {
    return topology;
  }

  /** The logical pipelines, shared by every host. */
  public LogicalPipelines logical() {
    return logical;
  }

  /** The tunnel keys and conntrack zones. */
  public KeyAssignment keys() {
    return keys;
  }

  /** The hosts, by id. */
  public ImmutableList<String> hosts() {
    return hostIds;
  }

  /** Host {@code id}. */
  Host hostSpec(String id) {
    return hostsInOrder.get(hostIndex(id));
  }

  /**
   * Host {@code id}'s tables, realized on first use and kept.
   *
   * @throws IllegalArgumentException when the topology has no such host
   */
  public HostTables host(String id) {
    hostSpec(id);
    return hosts.computeIfAbsent(id, h -> Realizer.realize(this, h));
  }

  /** The tunnel key (datapath key) of {@code d}. */
  public int datapathKey(Datapath d) {
    return d.kind() == Datapath.Kind.SWITCH ? keys.switchKey(d.id()) : keys.routerKey(d.id());
  }

  /** The logical port key of {@code port} within {@code d}; a multicast outport's group key. */
  public int portKey(Datapath d, String port) {
    if (port.equals(Realizer.FLOOD)) {
      return MulticastGroup.FLOOD.key();
    }
    if (port.equals(Realizer.UNKNOWN)) {
      return MulticastGroup.UNKNOWN.key();
    }
    return d.kind() == Datapath.Kind.SWITCH ? keys.switchPortKey(port) : keys.routerPortKey(port);
  }

  /** The datapath with tunnel key {@code key}. */
  public Optional<Datapath> datapathOfKey(int key) {
    return Optional.ofNullable(byKey.get().datapaths().get(key));
  }

  /** The logical port of {@code d} with key {@code key} (a group key gives its multicast name). */
  public Optional<String> portOfKey(Datapath d, int key) {
    if (key == MulticastGroup.FLOOD.key()) {
      return Optional.of(Realizer.FLOOD);
    }
    if (key == MulticastGroup.UNKNOWN.key()) {
      return Optional.of(Realizer.UNKNOWN);
    }
    Map<Integer, String> m = byKey.get().ports().get(d.toString());
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(key));
  }

  /** The VNI of a packet for {@code d} to egress key {@code egress}: per encapsulation. */
  public long vni(Datapath d, int egress) {
    return vni(datapathKey(d), egress);
  }

  /** The VNI of a packet for the datapath with tunnel key {@code key} to egress key {@code egress}. */
  long vni(int key, int egress) {
    return topology.topology().encapsulation() == Encapsulation.VXLAN
        ? new OvnVxlanVni(key, egress).encode()
        : key;
  }

  /**
   * The physical form of a logical flow's (or bucket's) actions at {@code stage}: outputs become
   * the hand-off to the host's output tables; everything else is unchanged (the list itself when
   * nothing outputs).
   */
  public static List<Action> physicalActions(Stage stage, List<Action> actions) {
    boolean changes = false;
    for (Action a : actions) {
      if (a instanceof Action.Output || a instanceof Action.OutputInport) {
        changes = true;
        break;
      }
    }
    if (!changes || !stage.pipeline().isLogical()) {
      return actions;
    }
    List<Action> out = new ArrayList<>(actions.size() + 1);
    for (Action a : actions) {
      if (a instanceof Action.Output o) {
        if (stage.pipeline().isIngress()) {
          out.add(Actions.set(Field.OUTPORT, FieldValue.name(o.port())));
          out.add(Actions.next(Stages.PHY_OUTPUT));
        } else {
          out.add(Actions.next(Stages.PHY_DELIVER));
        }
      } else if (a instanceof Action.OutputInport) {
        out.add(new Action.OutputInPort());
      } else {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Compilation(" + logical + ", " + hosts().size() + " hosts)";
  }
}
