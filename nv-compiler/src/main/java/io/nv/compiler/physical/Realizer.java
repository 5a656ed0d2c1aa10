package io.nv.compiler.physical;

import static io.nv.compiler.flow.FlowMatches.outport;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPort;
import io.nv.encap.keys.MulticastGroup;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Realizes one host's tables from a {@link Compilation} (docs/physical.md): which datapaths the
 * host needs, which ports are local, and the flows and groups of its physical stages.
 */
final class Realizer {
  /** The outport name of a flooded copy between hosts (egress key {@code 32768}). */
  static final String FLOOD = "@flood";
  /** The outport name of an unknown-unicast copy between hosts ({@code 32769}). */
  static final String UNKNOWN = "@unknown";
  private static final FieldMatch TO_FLOOD = outport(FLOOD);
  private static final FieldMatch TO_UNKNOWN = outport(UNKNOWN);

  private static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
  private static final Stage SWITCH_IN = Stages.first(Stage.Pipeline.SWITCH_INGRESS);
  private static final Stage SWITCH_OUT = Stages.first(Stage.Pipeline.SWITCH_EGRESS);
  private static final Stage ROUTER_IN = Stages.first(Stage.Pipeline.ROUTER_INGRESS);
  private static final Stage ROUTER_OUT = Stages.first(Stage.Pipeline.ROUTER_EGRESS);

  /** What the ingress-to-egress hand-off clears (flags.hairpin stays; the zones are reloaded). */
  private static final Field[] HAND_OFF = {
    Field.FLAG_COMMIT, Field.FLAG_LB, Field.FLAG_UNDNAT, Field.REG_NEXTHOP4, Field.REG_NEXTHOP6,
    Field.REG_MAC, Field.REG_IP4, Field.REG_IP6, Field.REG_ZONE, Field.REG_SNAT_ZONE,
    Field.REG_DNAT_ZONE
  };

  private static final ImmutableList<Action> HAND_OFF_ACTIONS = handOffActions();

  private static ImmutableList<Action> handOffActions() {
    ImmutableList.Builder<Action> a = ImmutableList.builder();
    for (Field f : HAND_OFF) {
      a.add(Actions.set(f, 0));
    }
    return a.build();
  }

  private final Compilation c;
  private final Topology t;
  private final String host;
  private final ModelPath hostPath;
  /** The flows of each physical stage, by its ordinal. */
  private final List<List<Flow>> flows = new ArrayList<>();
  /** The stages whose flows were not made in canonical order. */
  private final BitSet unsorted = new BitSet();
  /**
   * For each stage, the view and port place of its last flow when that flow was a port's flow
   * ({@link #portFlow}); the view is null otherwise.
   */
  private final View[] lastView = new View[Stages.of(Stage.Pipeline.PHYSICAL).size()];
  private final int[] lastPort = new int[lastView.length];

  /** The groups made, and each name's place among them; sorted by name at the end. */
  private final List<Group> groups = new ArrayList<>();
  private final Map<String, Integer> groupIndex = new HashMap<>();
  /** The topology's hosts in id order ({@link Compilation#hostsInOrder}). */
  private final List<Host> hostsById;
  /** This host's place in {@link #hostsById}. */
  private final int self;
  /** The hosts this one tunnels to, by their place in {@link #hostsById}. */
  private final BitSet peers = new BitSet();

  private Realizer(Compilation c, String host) {
    this.c = c;
    this.t = c.topology().topology();
    this.host = host;
    this.hostPath = ModelPath.of("host", host);
    Stages.of(Stage.Pipeline.PHYSICAL).forEach(st -> flows.add(new ArrayList<>()));
    this.hostsById = c.hostsInOrder();
    this.self = c.hostIndex(host);
  }


  static HostTables realize(Compilation c, String host) {
    return new Realizer(c, host).run();
  }

  private HostTables run() {
    List<LogicalDatapath> dps = localDatapaths();
    // Each port's owner and locality first: the port map numbers the local ones.
    Map<LogicalDatapath, View> views = new IdentityHashMap<>();
    // The output stage has a flow for nearly every port: room for them all at once.
    int portCount = 0;
    for (LogicalDatapath d : dps) {
      views.put(d, new View(d, c.ports(d), self));
      portCount += d.portsById().size();
    }
    flows.set(Stages.PHY_OUTPUT.ordinal(), new ArrayList<>(portCount + 1));
    PortMap ports = portMap(dps, views);
    // Datapaths by name and ports by id: the order the flows sort in, so sorting finds them
    // (nearly) in order. Each name is made once (a datapath's toString makes a new string).
    Map<LogicalDatapath, String> names = new IdentityHashMap<>();
    dps.forEach(d -> names.put(d, d.datapath().toString()));
    List<LogicalDatapath> byName = new ArrayList<>(dps);
    byName.sort(Comparator.comparing(names::get));
    for (LogicalDatapath d : byName) {
      View v = java.util.Objects.requireNonNull(views.get(d));
      classify(v);
      fromTunnel(v);
      floodCheck(v);
      output(v);
      deliver(v);
    }
    // Tunnel arrivals after every local port's classification, by tunnel key: the order they
    // sort in (their in_port is the tunnel's, then the key), so the stage needs no sorting.
    List<LogicalDatapath> byKey = new ArrayList<>(dps);
    byKey.sort(Comparator.comparingInt(d -> c.ports(d).datapathKey()));
    for (LogicalDatapath d : byKey) {
      arrivals(d);
    }
    for (LogicalDatapath d : dps) {
      groups(d);
    }
    for (Stage s : Stages.of(Stage.Pipeline.PHYSICAL)) {
      List<Action> last =
          s.equals(Stages.PHY_FLOOD_CHECK) ? List.of(Actions.next(Stages.PHY_OUTPUT)) : List.of(Actions.drop());
      flow(s, 0, FlowMatch.of(), last, hostPath);
    }
    ImmutableMap.Builder<Stage, ImmutableList<Flow>> byStage = ImmutableMap.builder();
    for (Stage s : Stages.of(Stage.Pipeline.PHYSICAL)) {
      List<Flow> l = flows.get(s.ordinal());
      if (unsorted.get(s.ordinal())) {
        l.sort(Flow.IN_STAGE_ORDER);
      }
      byStage.put(s, ImmutableList.copyOf(l));
    }
    List<Host> peerHosts = new ArrayList<>();
    peers.stream().forEach(i -> peerHosts.add(hostsById.get(i)));
    return new HostTables(
        c, hostsById.get(self), dps, byStage.buildOrThrow(), groupsByName(), ports, peerHosts);
  }

  // ---- which datapaths and ports ----

  /**
   * The datapaths of the switches with a VIF bound here or their LOCALNET ports here, of routers
   * this host is the gateway of, and everything a packet can reach from them through router links
   * (routing is distributed).
   */
  private List<LogicalDatapath> localDatapaths() {
    Deque<LogicalDatapath> todo = new ArrayDeque<>();
    // A switch with a VIF bound here or its LOCALNET ports here: a port of it lives here.
    for (LogicalDatapath d : c.logical().datapaths()) {
      if (d.datapath().kind() != Datapath.Kind.SWITCH) {
        continue;
      }
      Compilation.Ports table = c.ports(d);
      List<LogicalPort> ps = d.portsById();
      for (int i = 0; i < ps.size(); i++) {
        if (ps.get(i).role().isEdge() && table.owner(i) == self) {
          todo.add(d);
          break;
        }
      }
    }
    t.routers().stream()
        .filter(r -> r.gateway().map(host::equals).orElse(false))
        .forEach(r -> c.logical().datapath(Datapath.ofRouter(r.id())).ifPresent(todo::add));
    Set<LogicalDatapath> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<LogicalDatapath> out = new ArrayList<>();
    while (!todo.isEmpty()) {
      LogicalDatapath d = todo.poll();
      if (seen.add(d)) {
        out.add(d);
        todo.addAll(c.logical().peers(d));
      }
    }
    out.sort(Comparator.comparing(LogicalDatapath::datapath));
    return out;
  }


  /**
   * A datapath's ports as this host sees them, by their place in {@link
   * LogicalDatapath#portsById}: where each lives ({@link Compilation.Ports}, shared by every host)
   * and the local interface of each that has one here. One per datapath, not one per port.
   */
  private static final class View {
    final LogicalDatapath d;
    final Compilation.Ports table;
    private final int self;
    /** The local interface of each port that has one here, else null. */
    private final PortMap.@org.jspecify.annotations.Nullable Port[] ifaces;

    View(LogicalDatapath d, Compilation.Ports table, int self) {
      this.d = d;
      this.table = table;
      this.self = self;
      this.ifaces = new PortMap.Port[d.portsById().size()];
    }

    int size() {
      return ifaces.length;
    }

    LogicalPort port(int i) {
      return d.portsById().get(i);
    }

    /** Whether the {@code i}-th port is a VIF or LOCALNET port that lives on this host. */
    boolean localEdge(int i) {
      return d.portsById().get(i).role().isEdge() && table.owner(i) == self;
    }

    /** The local interface of the {@code i}-th port, or null. */
    PortMap.@org.jspecify.annotations.Nullable Port iface(int i) {
      return ifaces[i];
    }

    void setIface(int i, PortMap.Port iface) {
      ifaces[i] = iface;
    }

    /** A flow about the {@code i}-th port: its provenance is the port's. */
    Flow flow(int i, Stage stage, FlowMatch match, List<Action> actions) {
      return new Flow(stage, 100, match, ImmutableList.copyOf(actions), d.portCookie(i), d.portPath(i));
    }
  }

  /** Numbers the local VIFs and LOCALNET ports, and gives each its view's interface. */
  private PortMap portMap(List<LogicalDatapath> dps, Map<LogicalDatapath, View> views) {
    record Edge(View v, int i, LogicalPort p) {}
    List<Edge> vifs = new ArrayList<>();
    List<Edge> localnets = new ArrayList<>();
    for (LogicalDatapath d : dps) {
      if (d.datapath().kind() != Datapath.Kind.SWITCH) {
        continue;
      }
      View v = java.util.Objects.requireNonNull(views.get(d));
      for (int i = 0; i < v.size(); i++) {
        if (v.localEdge(i)) {
          LogicalPort p = v.port(i);
          (p.role() == LogicalPort.Role.VIF ? vifs : localnets).add(new Edge(v, i, p));
        }
      }
    }
    Comparator<Edge> byId = Comparator.comparing(e -> e.p().id());
    vifs.sort(byId);
    localnets.sort(byId);
    List<PortMap.Port> ports = new ArrayList<>();
    Set<String> names = new HashSet<>();
    names.add(PortMap.TUNNEL_IFACE);
    int ofport = 1;
    for (Edge e : vifs) {
      PortMap.Port lp = port(e.v().d, e.p(), PortMap.Kind.VIF, ofport++, names);
      e.v().setIface(e.i(), lp);
      ports.add(lp);
    }
    ofport = PortMap.FIRST_LOCALNET_OFPORT;
    for (Edge e : localnets) {
      PortMap.Port lp = port(e.v().d, e.p(), PortMap.Kind.LOCALNET, ofport++, names);
      e.v().setIface(e.i(), lp);
      ports.add(lp);
    }
    return new PortMap(
        com.google.common.collect.ImmutableList.copyOf(ports),
        new PortMap.TunnelPort(PortMap.TUNNEL_IFACE, PortMap.TUNNEL_OFPORT));
  }

  private PortMap.Port port(LogicalDatapath d, LogicalPort p, PortMap.Kind kind, int ofport, Set<String> names) {
    String iface = IFACE.matcher(p.id()).matches() && !names.contains(p.id()) ? p.id() : "p" + ofport;
    names.add(iface);
    return new PortMap.Port(
        p.id(), kind, iface, ofport, d.datapath(), c.portKey(d.datapath(), p.id()),
        c.keys().zone(p.id()));
  }

  // ---- flows ----

  private void flow(Stage stage, int priority, FlowMatch match, List<Action> actions, ModelPath prov) {
    add(Flow.of(stage, priority, match, actions, prov));
  }

  /**
   * Adds {@code f} to its stage, noting whether the stage is still in canonical order: the flows
   * are made in that order (datapaths by name, ports by id), so most stages need no sorting, and
   * comparing each flow with the one just made is cheaper than sorting (both are still in cache).
   */
  private void add(Flow f) {
    int stage = f.stage().ordinal();
    List<Flow> l = flows.get(stage);
    if (!l.isEmpty() && !unsorted.get(stage) && Flow.IN_STAGE_ORDER.compare(l.get(l.size() - 1), f) > 0) {
      unsorted.set(stage);
    }
    l.add(f);
    lastView[stage] = null;
  }

  /**
   * Adds the flow of {@link View#flow} about the {@code i}-th port of {@code v}. When the stage's
   * last flow was about an earlier port of the same view, with the same priority and a match of
   * the same datapath test and that port's {@code outport} test, this one's match is the datapath
   * test and its own port's {@code outport} test: it sorts after it (the ports are in id order,
   * and that is how the two matches compare), so the comparison {@link #add} makes is known.
   */
  private void portFlow(View v, int i, Stage stage, FlowMatch match, List<Action> actions) {
    Flow f = v.flow(i, stage, match, actions);
    int s = stage.ordinal();
    int j = lastPort[s];
    if (lastView[s] == v && j < i && isPortTest(f.match(), v.d.outportMatch(i))) {
      List<Flow> l = flows.get(s);
      Flow last = l.get(l.size() - 1);
      if (last.priority() == f.priority()
          && isPortTest(last.match(), v.d.outportMatch(j))
          && last.match().field(0) == f.match().field(0)) {
        l.add(f);
        lastPort[s] = i;
        return;
      }
    }
    add(f);
    lastView[s] = v;
    lastPort[s] = i;
  }

  /** Whether {@code m} tests two fields, the second of which is {@code port}'s test itself. */
  @SuppressWarnings("ReferenceEquality") // a port's test is one shared object
  private static boolean isPortTest(FlowMatch m, FieldMatch port) {
    return m.size() == 2 && m.field(1) == port;
  }

  private static FieldMatch inPort(String iface) {
    return FieldMatch.exact(Field.IN_PORT, FieldValue.name(iface));
  }

  /** Loads router {@code r}'s DNAT and SNAT zones ({@link Compilation.Ports#routerZones}). */
  private List<Action> routerZones(Datapath r) {
    LogicalDatapath d = c.logical().datapath(r).orElseThrow(() -> new IllegalStateException("no datapath " + r));
    return c.ports(d).routerZones();
  }

  /** {@code zones}, then {@code next}. */
  private static List<Action> then(List<Action> zones, Action next) {
    return ImmutableList.<Action>builderWithExpectedSize(zones.size() + 1).addAll(zones).add(next).build();
  }

  private void classify(View v) {
    Datapath dp = v.d.datapath();
    if (dp.kind() == Datapath.Kind.SWITCH) {
      for (int i = 0; i < v.size(); i++) {
        LogicalPort p = v.port(i);
        PortMap.Port lp = v.iface(i);
        if (lp != null) {
          add(v.flow(i, 
              Stages.PHY_CLASSIFY, FlowMatch.of(inPort(lp.iface())),
              List.of(
                  new Action.Enter(dp, p.id()), Actions.set(Field.REG_ZONE, lp.zone()),
                  Actions.set(Field.REG_SNAT_ZONE, lp.zone() + 1), Actions.next(SWITCH_IN))));
        }
      }
    }
  }

  /** Tunnel arrivals for {@code d}: its VNI (under OVN-split VXLAN, its low 12 bits). */
  private void arrivals(LogicalDatapath d) {
    Datapath dp = d.datapath();
    boolean vxlan = t.encapsulation() == Encapsulation.VXLAN;
    int key = c.ports(d).datapathKey();
    FieldMatch vni =
        vxlan ? FieldMatch.masked(Field.TUNNEL_ID, key, 0xfff) : FieldMatch.exact(Field.TUNNEL_ID, key);
    flow(
        Stages.PHY_CLASSIFY, 100, FlowMatch.of(inPort(PortMap.TUNNEL_IFACE), vni),
        List.of(new Action.Enter(dp, ""), new Action.Decap(), Actions.next(Stages.PHY_FROM_TUNNEL)),
        dp.path());
  }

  private void fromTunnel(View v) {
    LogicalDatapath d = v.d;
    Datapath dp = d.datapath();
    FieldMatch in = d.datapathMatch();
    if (dp.kind() == Datapath.Kind.SWITCH) {
      // The multicast outports first: '@' sorts before the characters ids start with.
      Compilation.Ports table = v.table;
      for (int gi = 0; gi < d.groups().size(); gi++) {
        Group g = d.groups().get(gi);
        if (g.type() != Group.Type.ALL) {
          continue;
        }
        add(new Flow(
            Stages.PHY_FROM_TUNNEL, 100, FlowMatch.of(in, isUnknownGroup(g) ? TO_UNKNOWN : TO_FLOOD),
            ImmutableList.of(Actions.group(d.localGroupName(gi))), d.groupCookie(gi), g.provenance()));
      }
      for (int i = 0; i < v.size(); i++) {
        PortMap.Port lp = v.iface(i);
        if (lp != null) {
          portFlow(
              v, i, Stages.PHY_FROM_TUNNEL, FlowMatch.of(in, d.outportMatch(i)),
              List.of(Actions.set(Field.REG_ZONE, lp.zone()), Actions.next(SWITCH_OUT)));
        }
      }
      return;
    }
    List<Action> enter = null;
    for (int i = 0; i < v.size(); i++) {
      LogicalPort p = v.port(i);
      if (p.gateway().map(host::equals).orElse(false)) {
        if (enter == null) {
          enter = then(v.table.routerZones(), Actions.next(ROUTER_OUT));
        }
        portFlow(v, i, Stages.PHY_FROM_TUNNEL, FlowMatch.of(in, d.outportMatch(i)), enter);
      }
    }
  }

  private void floodCheck(View v) {
    LogicalDatapath d = v.d;
    if (d.datapath().kind() != Datapath.Kind.SWITCH) {
      return;
    }
    for (int i = 0; i < v.size(); i++) {
      if (v.localEdge(i)) {
        flow(
            Stages.PHY_FLOOD_CHECK, 100, FlowMatch.of(d.datapathMatch(), d.inportMatch(i), d.outportMatch(i)),
            List.of(Actions.drop()), d.datapath().path().cause("l2-lookup"));
      }
    }
  }

  /** The hand-off's actions, then {@code more}. */
  private static List<Action> handOff(List<Action> more) {
    return ImmutableList.<Action>builderWithExpectedSize(HAND_OFF_ACTIONS.size() + more.size())
        .addAll(HAND_OFF_ACTIONS)
        .addAll(more)
        .build();
  }

  private void output(View v) {
    LogicalDatapath d = v.d;
    Datapath dp = d.datapath();
    Compilation.Ports table = v.table;
    int key = table.datapathKey();
    FieldMatch in = d.datapathMatch();
    // The hand-offs every local router port shares.
    List<Action> routerOut = null;
    for (int i = 0; i < v.size(); i++) {
      LogicalPort p = v.port(i);
      PortMap.Port lp = v.iface(i);
      List<Action> a;
      if (dp.kind() == Datapath.Kind.ROUTER) {
        String gw = p.gateway().filter(g -> !g.equals(host)).orElse(null);
        if (gw != null) {
          a = List.of(tunnel(c.hostIndex(gw), key, portKey(v, i)));
        } else {
          if (routerOut == null) {
            routerOut = handOff(then(table.routerZones(), Actions.next(ROUTER_OUT)));
          }
          a = routerOut;
        }
      } else if (lp != null) {
        a = handOff(List.of(Actions.set(Field.REG_ZONE, lp.zone()), Actions.next(SWITCH_OUT)));
      } else if (p.role() == LogicalPort.Role.ROUTER_LINK) {
        a = handOff(List.of(Actions.next(SWITCH_OUT)));
      } else {
        int owner = table.owner(i);
        if (owner < 0) {
          continue; // an unbound VIF is nowhere: its packets are dropped
        }
        a = ImmutableList.of(tunnel(owner, key, portKey(v, i)));
      }
      portFlow(v, i, Stages.PHY_OUTPUT, FlowMatch.of(in, d.outportMatch(i)), a);
    }
  }

  /** The port key of the {@code i}-th port; the key assignment's own error when it has none. */
  private int portKey(View v, int i) {
    int key = v.table.key(i);
    return key >= 0 ? key : c.portKey(v.d.datapath(), v.port(i).id());
  }

  /** The tunnel to host {@code to} (its place in {@link #hostsById}), who becomes a peer. */
  private Action tunnel(int to, int datapathKey, int egress) {
    peers.set(to);
    Host h = hostsById.get(to);
    return new Action.Tunnel(h.id(), h.tunnelIp(), c.vni(datapathKey, egress), egress);
  }

  private void deliver(View v) {
    LogicalDatapath d = v.d;
    FieldMatch in = d.datapathMatch();
    for (int i = 0; i < v.size(); i++) {
      LogicalPort p = v.port(i);
      PortMap.Port lp = v.iface(i);
      if (lp != null) {
        portFlow(v, i, Stages.PHY_DELIVER, FlowMatch.of(in, d.outportMatch(i)), List.of(new Action.OutputPort(lp.iface())));
      } else if (p.peerDatapath().isPresent()) {
        Datapath peer = p.peerDatapath().get();
        List<Action> zones = peer.kind() == Datapath.Kind.ROUTER ? routerZones(peer) : List.of();
        ImmutableList.Builder<Action> a = ImmutableList.builderWithExpectedSize(zones.size() + 2);
        a.add(new Action.Enter(peer, p.peerPort().orElseThrow()));
        a.addAll(zones);
        a.add(Actions.next(peer.kind() == Datapath.Kind.ROUTER ? ROUTER_IN : SWITCH_IN));
        portFlow(v, i, Stages.PHY_DELIVER, FlowMatch.of(in, d.outportMatch(i)), a.build());
      }
    }
  }

  // ---- groups ----

  /** Adds {@code g}; a group of the same name made before stays, unless {@code replace}. */
  private void putGroup(Group g, boolean replace) {
    Integer at = groupIndex.putIfAbsent(g.name(), groups.size());
    if (at == null) {
      groups.add(g);
    } else if (replace) {
      groups.set(at, g);
    }
  }

  /** The groups by name (they are made nearly in that order, so sorting is mostly a check). */
  private List<Group> groupsByName() {
    groups.sort(Comparator.comparing(Group::name));
    return groups;
  }

  private static boolean isUnknownGroup(Group g) {
    List<ModelPath.Segment> s = g.provenance().segments();
    return !s.isEmpty() && s.get(s.size() - 1).kind().equals("unknown-unicast");
  }

  /**
   * The datapath's groups as realized here: select groups as compiled; a flood group's local
   * copies go through the loopback check, and each remote host with a member gets one copy; the
   * local flood of tunnel arrivals copies to the local VIFs and LOCALNET ports.
   */
  private void groups(LogicalDatapath d) {
    Compilation.Ports table = c.ports(d);
    int key = table.datapathKey();
    for (int gi = 0; gi < d.groups().size(); gi++) {
      Group g = d.groups().get(gi);
      if (g.type() == Group.Type.SELECT) {
        putGroup(g, false);
        continue;
      }
      int egress = isUnknownGroup(g) ? MulticastGroup.UNKNOWN.key() : MulticastGroup.FLOOD.key();
      int[] edgeOwners = table.edgeOwners(gi);
      int[] owners = table.groupOwners(gi);
      // Room for every copy at once: a switch's flood group has a bucket per port.
      List<Group.Bucket> here = new ArrayList<>(edgeOwners.length + owners.length);
      List<Group.Bucket> arrivals = new ArrayList<>(edgeOwners.length);
      for (int bi = 0; bi < edgeOwners.length; bi++) {
        if (edgeOwners[bi] == self) {
          String port = d.portsById().get(d.bucketPort(gi, bi)).id();
          Group.Bucket copy = Group.Bucket.of(Actions.set(Field.OUTPORT, FieldValue.name(port)), Actions.next(Stages.PHY_FLOOD_CHECK));
          here.add(copy);
          arrivals.add(copy); // a LOCALNET port lives on one host: this one
        }
      }
      // One copy to each other host with a port of the group, in host order.
      for (int r : owners) {
        if (r != self) {
          here.add(Group.Bucket.of(tunnel(r, key, egress)));
        }
      }
      putGroup(Group.all(g.name(), here, g.excludeInport(), g.provenance()), true);
      putGroup(Group.all(d.localGroupName(gi), arrivals, g.excludeInport(), g.provenance()), true);
    }
  }

}
