package io.nv.encap.plan;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.nv.encap.internal.Carriers;
import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.KeySpace;
import io.nv.encap.keys.MulticastGroup;
import io.nv.encap.keys.OvnVxlanVni;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.graph.Node;
import io.nv.model.graph.TopologyGraph;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ValidatedTopology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How one host tunnels: its VTEP, the peers it exchanges tunnels with, the remote hosts it
 * replicates flooded frames to per switch, its MTU budget and the MTU of each switch it carries,
 * and the keys it uses. A host only appears as a peer when it shares a datapath with this one.
 *
 * <pre>{@code
 * EncapPlan plan = EncapPlan.of(validated, keys, "hv1");
 * plan.peers();              // [Peer[host=hv2, tunnelIp=192.168.0.2], Peer[host=hv3, …]]
 * plan.budget().innerMtu();  // 1442
 * System.out.print(plan.toText());
 * }</pre>
 *
 * @param host the host id
 * @param space the key space (encapsulation and VXLAN mode)
 * @param vtep the local tunnel endpoint
 * @param peers hosts that share a datapath with this one, sorted by id
 * @param replication per switch this host carries (sorted by id): the remote hosts with ports on it
 * @param budget this host's MTU budget (untagged inner frames)
 * @param switchMtus the MTU of each switch this host carries, by switch id
 * @param datapaths the keys of the datapaths this host carries, switches then routers, by id
 * @param localPorts the VIFs bound to this host, by id, with their keys and zones
 */
public record EncapPlan(
    String host,
    KeySpace space,
    Vtep vtep,
    ImmutableList<Peer> peers,
    ImmutableList<Replication> replication,
    MtuBudget budget,
    ImmutableSortedMap<String, Integer> switchMtus,
    ImmutableList<DatapathKey> datapaths,
    ImmutableList<LocalPort> localPorts) {

  /** The smallest UDP source port a tunnelled packet uses (RFC 7348 §5, RFC 8926 §3.3). */
  public static final int MIN_SOURCE_PORT = 49152;

  /** The largest UDP source port a tunnelled packet uses. */
  public static final int MAX_SOURCE_PORT = 65535;

  /**
   * The local tunnel endpoint.
   *
   * <pre>{@code
   * new Vtep(IpAddress.parse("192.168.0.1"), Encapsulation.GENEVE, 6081);
   * }</pre>
   *
   * @param address the host's tunnel address
   * @param encapsulation the encapsulation of every tunnel
   * @param udpPort the UDP destination port: 6081 for Geneve, 4789 for VXLAN
   */
  public record Vtep(IpAddress address, Encapsulation encapsulation, int udpPort) {
    /** IANA's Geneve port. */
    public static final int GENEVE_PORT = 6081;

    /** IANA's VXLAN port. */
    public static final int VXLAN_PORT = 4789;

    /** The UDP destination port of {@code encapsulation}. */
    public static int udpPortOf(Encapsulation encapsulation) {
      return encapsulation == Encapsulation.GENEVE ? GENEVE_PORT : VXLAN_PORT;
    }
  }

  /**
   * A host this one exchanges tunnels with.
   *
   * <pre>{@code
   * new Peer("hv2", IpAddress.parse("192.168.0.2"));
   * }</pre>
   *
   * @param host the peer's id
   * @param tunnelIp its tunnel address
   */
  public record Peer(String host, IpAddress tunnelIp) {}

  /**
   * Head-end replication of a switch's flooded frames (broadcast, multicast, unknown unicast): one
   * copy per remote host where the switch has a bound port. A host that carries the switch only to
   * route (no port of it bound there) gets no copy: router ports are handled on the sending host.
   *
   * <pre>{@code
   * new Replication("web", 1, 1, List.of("hv2", "hv3"));
   * }</pre>
   *
   * @param switchId the switch
   * @param key its datapath key
   * @param floodVni the VNI of a flooded copy (the datapath key, or under OVN-split VXLAN the key
   *     with egress {@link MulticastGroup#FLOOD} in the high bits)
   * @param remotes the remote hosts, sorted by id
   */
  public record Replication(String switchId, int key, int floodVni, ImmutableList<String> remotes) {
    /** Copies the list. */
    public Replication {
      remotes = ImmutableList.copyOf(remotes);
    }
  }

  /**
   * The key of a datapath the host carries.
   *
   * <pre>{@code
   * new DatapathKey(Node.ofSwitch("web"), 1);
   * }</pre>
   *
   * @param datapath the switch or router
   * @param key its datapath key
   */
  public record DatapathKey(Node datapath, int key) {}

  /**
   * A VIF bound to the host.
   *
   * <pre>{@code
   * new LocalPort("web1", "web", 2, 1);
   * }</pre>
   *
   * @param port the port id
   * @param switchId its switch
   * @param key its port key within the switch
   * @param zone its conntrack zone
   */
  public record LocalPort(String port, String switchId, int key, int zone) {}

  /**
   * The plan of host {@code hostId}.
   *
   * @throws IllegalArgumentException if the topology has no such host, or {@code keys} were
   *     allocated for another encapsulation or lack an element of the topology
   */
  public static EncapPlan of(ValidatedTopology validated, KeyAssignment keys, String hostId) {
    Topology t = validated.topology();
    Host host =
        t.hostById(hostId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no host '"
                            + hostId
                            + "' in the topology: pick one of "
                            + t.hosts().stream().map(Host::id).sorted().toList()));
    if (keys.encapsulation() != t.encapsulation()) {
      throw new IllegalArgumentException(
          "keys were allocated for "
              + keys.encapsulation()
              + " but the topology uses "
              + t.encapsulation()
              + ": allocate keys for this topology");
    }
    Carriers carriers = Carriers.of(validated, TopologyGraph.of(validated));
    KeySpace space = keys.space();

    TreeSet<String> peerIds = new TreeSet<>();
    ImmutableList.Builder<Replication> replication = ImmutableList.builder();
    ImmutableSortedMap.Builder<String, Integer> mtus = ImmutableSortedMap.naturalOrder();
    ImmutableList.Builder<DatapathKey> dps = ImmutableList.builder();
    for (Node dp : carriers.datapathsOf(hostId)) {
      int key = keys.datapathKey(dp);
      dps.add(new DatapathKey(dp, key));
      for (String h : carriers.hostsOf(dp)) {
        if (!h.equals(hostId)) {
          peerIds.add(h);
        }
      }
      // Routers never flood, and a flooded frame is useful only where the switch has ports: router
      // ports are handled on the sending host (routing is distributed), so the copies go to the
      // hosts of the switch's bound VIFs, as in OVN.
      if (dp.kind() == Node.Kind.SWITCH) {
        LogicalSwitch s = t.switchById(dp.id()).orElseThrow();
        TreeSet<String> remotes = new TreeSet<>();
        for (SwitchPort p : s.ports()) {
          t.hostOf(p.id()).filter(h -> !h.equals(hostId)).ifPresent(remotes::add);
        }
        int floodVni =
            space.isSplitVxlan() ? new OvnVxlanVni(key, MulticastGroup.FLOOD.key()).encode() : key;
        replication.add(new Replication(dp.id(), key, floodVni, ImmutableList.copyOf(remotes)));
        mtus.put(dp.id(), switchMtu(t, s, carriers.hostsOf(dp)));
      }
    }
    ImmutableList<Peer> peers =
        peerIds.stream()
            .map(id -> new Peer(id, t.hostById(id).orElseThrow().tunnelIp()))
            .collect(ImmutableList.toImmutableList());

    List<LocalPort> local = new ArrayList<>();
    for (Binding b : t.bindings()) {
      if (b.host().equals(hostId)) {
        SwitchPort p = t.portById(b.port()).orElseThrow();
        if (p.kind() == PortKind.VIF) {
          String sw = t.switchOfPort(p.id()).orElseThrow().id();
          local.add(new LocalPort(p.id(), sw, keys.switchPortKey(p.id()), keys.zone(p.id())));
        }
      }
    }
    local.sort(Comparator.comparing(LocalPort::port));

    return new EncapPlan(
        hostId,
        space,
        new Vtep(host.tunnelIp(), t.encapsulation(), Vtep.udpPortOf(t.encapsulation())),
        peers,
        replication.build(),
        MtuBudget.of(host, t.encapsulation()),
        mtus.build(),
        dps.build(),
        ImmutableList.copyOf(local));
  }

  /**
   * The MTU of switch {@code switchId}: its own {@code mtu} if set, else the smallest inner MTU of
   * the hosts that carry it (so a frame fits every tunnel it may take); with no such host, the
   * smallest over all hosts, and with no host at all, a 1500-byte IPv4 underlay's.
   *
   * @throws IllegalArgumentException if the topology has no such switch
   */
  public static int switchMtu(ValidatedTopology validated, TopologyGraph graph, String switchId) {
    Topology t = validated.topology();
    LogicalSwitch s =
        t.switchById(switchId)
            .orElseThrow(
                () -> new IllegalArgumentException("no switch '" + switchId + "' in the topology"));
    List<String> carriers = new ArrayList<>();
    graph.hostsOf(Node.ofSwitch(switchId)).forEach(h -> carriers.add(h.id()));
    return switchMtu(t, s, carriers);
  }

  private static int switchMtu(Topology t, LogicalSwitch s, Collection<String> carriers) {
    if (s.mtu().isPresent()) {
      return s.mtu().get();
    }
    List<Host> hosts = new ArrayList<>();
    for (String h : carriers) {
      hosts.add(t.hostById(h).orElseThrow());
    }
    if (hosts.isEmpty()) {
      hosts.addAll(t.hosts());
    }
    return hosts.stream()
        .mapToInt(h -> MtuBudget.of(h, t.encapsulation()).innerMtu())
        .min()
        .orElse(MtuBudget.of(t.encapsulation(), 4, 1500).innerMtu());
  }

  /**
   * The UDP source port of a tunnelled packet whose inner flow hashes to {@code innerFlowHash}: the
   * same flow always takes the same port (no reordering), different flows spread over 49152..65535
   * so the underlay's ECMP spreads them too (RFC 7348 §5, RFC 8926 §3.3).
   */
  public static int sourcePort(int innerFlowHash) {
    // Fold the high half in, so hashes that differ only in high bits still pick different ports.
    int h = innerFlowHash ^ (innerFlowHash >>> 16);
    return MIN_SOURCE_PORT + (h & (MAX_SOURCE_PORT - MIN_SOURCE_PORT));
  }

  /**
   * The plan for people: VTEP, peers, replication lists, the MTU arithmetic, switch MTUs and keys.
   *
   * <pre>
   * plan for host hv1
   * vtep: 192.168.0.1 geneve udp/6081
   * peers (2):
   *   hv2 192.168.0.2
   *   hv3 192.168.0.3
   * ...
   * </pre>
   */
  public String toText() {
    String encap = vtep.encapsulation().name().toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    sb.append("plan for host ").append(host).append('\n');
    sb.append("vtep: ")
        .append(vtep.address())
        .append(' ')
        .append(encap)
        .append(" udp/")
        .append(vtep.udpPort());
    if (vtep.encapsulation() == Encapsulation.VXLAN) {
      sb.append(" (").append(space.vxlanMode().text()).append(')');
    }
    sb.append('\n');
    sb.append("peers (").append(peers.size()).append("):\n");
    for (Peer p : peers) {
      sb.append("  ").append(p.host()).append(' ').append(p.tunnelIp()).append('\n');
    }
    sb.append("replication (one copy per remote host, per switch):\n");
    for (Replication r : replication) {
      sb.append("  switch ").append(r.switchId()).append(" vni ").append(r.floodVni());
      if (r.floodVni() != r.key()) {
        sb.append(" (key ").append(r.key()).append(", egress flood)");
      }
      sb.append(": ")
          .append(r.remotes().isEmpty() ? "(no remote host)" : String.join(", ", r.remotes()))
          .append('\n');
    }
    sb.append("mtu budget (")
        .append(encap)
        .append(" over IPv")
        .append(budget.ipVersion())
        .append(", underlay ")
        .append(budget.underlayMtu())
        .append("):\n");
    sb.append(String.format(Locale.ROOT, "  %5d underlay IP MTU%n", budget.underlayMtu()));
    for (MtuBudget.Cost c : budget.costs()) {
      sb.append(String.format(Locale.ROOT, "  - %3d %s%n", c.bytes(), c.what()));
    }
    sb.append(String.format(Locale.ROOT, "  = %d inner IP MTU%n", budget.innerMtu()));
    sb.append("  (")
        .append(budget.arithmetic())
        .append("; each inner 802.1Q tag costs ")
        .append(MtuBudget.VLAN_TAG)
        .append(" more: ")
        .append(budget.withVlanTags(1).innerMtu())
        .append(" with one tag)\n");
    sb.append("switch mtu:\n");
    switchMtus.forEach((s, m) -> sb.append("  ").append(s).append(' ').append(m).append('\n'));
    sb.append("keys:\n");
    sb.append("  datapaths: ")
        .append(
            datapaths.isEmpty()
                ? "(none)"
                : datapaths.stream()
                    .map(d -> d.datapath() + " = " + d.key())
                    .collect(Collectors.joining(", ")))
        .append('\n');
    sb.append("  local ports:").append(localPorts.isEmpty() ? " (none)" : "").append('\n');
    for (LocalPort p : localPorts) {
      sb.append("    ")
          .append(p.port())
          .append(" key ")
          .append(p.key())
          .append(" zone ")
          .append(p.zone())
          .append(" (switch ")
          .append(p.switchId())
          .append(")\n");
    }
    return sb.toString();
  }
}
