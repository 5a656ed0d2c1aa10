package io.nv.compiler.physical;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.model.placement.Host;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One host's tables: the logical datapaths it needs (shared with every other host, run as their
 * {@linkplain Compilation#physicalActions physical form}), and its own physical tables around
 * them — classification ({@code physical / classify}), tunnel arrivals ({@code from-tunnel}), the
 * flood loopback check, local or remote output ({@code output}: a local port's egress, or a
 * tunnel to the host that owns the port, or to a router's gateway host), and delivery to an
 * interface or through a patch into the peer datapath ({@code deliver}). Flooding replicates to
 * the local ports and once to each remote host with a port of the switch. Everything is in
 * canonical order, so exports are byte-identical for the same compilation.
 *
 * <pre>{@code
 * HostTables hv1 = compilation.host("hv1");
 * hv1.datapaths();                           // switches with a VIF here, and what routes reach
 * hv1.flows(Stages.PHY_CLASSIFY);            // in_port=web1 → enter(switch web, "web1"), …
 * hv1.ports().port("web1").orElseThrow();    // its interface and OpenFlow port
 * }</pre>
 */
public final class HostTables {
  private final Compilation compilation;
  private final Host host;
  private final ImmutableList<LogicalDatapath> datapaths;
  private final Map<String, LogicalDatapath> byName = new HashMap<>();
  private final ImmutableList<Flow> flows;
  private final Map<Stage, ImmutableList<Flow>> byStage;
  private final ImmutableMap<String, Group> groups;
  private final PortMap ports;
  private final ImmutableList<Host> peers;

  HostTables(
      Compilation compilation,
      Host host,
      List<LogicalDatapath> datapaths,
      ImmutableMap<Stage, ImmutableList<Flow>> byStage,
      List<Group> groups,
      PortMap ports,
      List<Host> peers) {
    this.compilation = compilation;
    this.host = host;
    this.datapaths = ImmutableList.copyOf(datapaths);
    datapaths.forEach(d -> byName.put(d.datapath().toString(), d));
    ImmutableList.Builder<Flow> all = ImmutableList.builder();
    for (Stage s : Stages.of(Stage.Pipeline.PHYSICAL)) {
      all.addAll(byStage.getOrDefault(s, ImmutableList.of()));
    }
    this.flows = all.build();
    this.byStage = byStage;
    ImmutableMap.Builder<String, Group> g = ImmutableMap.builder();
    groups.forEach(x -> g.put(x.name(), x));
    this.groups = g.buildOrThrow();
    this.ports = ports;
    this.peers = ImmutableList.copyOf(peers);
  }

  /** The host's id. */
  public String host() {
    return host.id();
  }

  /** The host. */
  public Host spec() {
    return host;
  }

  /** The compilation the tables come from. */
  public Compilation compilation() {
    return compilation;
  }

  /** The logical datapaths the host needs, in canonical order. */
  public ImmutableList<LogicalDatapath> datapaths() {
    return datapaths;
  }

  /** Datapath {@code d}, if the host needs it. */
  public Optional<LogicalDatapath> datapath(Datapath d) {
    return Optional.ofNullable(byName.get(d.toString()));
  }

  /** The datapath named {@code name} ({@code switch web}), if the host needs it. */
  public Optional<LogicalDatapath> datapath(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The host's own (physical) flows, by stage, priority and match. */
  public ImmutableList<Flow> flows() {
    return flows;
  }

  /** The physical flows of {@code stage}. */
  public ImmutableList<Flow> flows(Stage stage) {
    ImmutableList<Flow> f = byStage.get(stage);
    if (f == null) {
      throw new IllegalArgumentException(stage + " is not a physical stage: use the datapath's flows");
    }
    return f;
  }

  /**
   * Every group the host's tables apply, by name: the select groups of its datapaths as compiled,
   * and the flood groups as realized here (local copies and one per remote host), plus the local
   * flood groups of tunnel arrivals.
   */
  public ImmutableList<Group> groups() {
    return groups.values().asList();
  }

  /** The group named {@code name}. */
  public Optional<Group> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  /** The host's interfaces. */
  public PortMap ports() {
    return ports;
  }

  /** The hosts this host's tunnels reach, by id. */
  public ImmutableList<Host> peers() {
    return peers;
  }

  /** The actions {@code f} runs on this host: its physical form (see {@link Compilation}). */
  public List<Action> actions(Flow f) {
    return Compilation.physicalActions(f.stage(), f.actions());
  }

  /** Physical flows plus the logical flows of the host's datapaths. */
  public int flowCount() {
    int n = flows.size();
    for (LogicalDatapath d : datapaths) {
      n += d.flows().size();
    }
    return n;
  }

  @Override
  public String toString() {
    return "HostTables(" + host.id() + ": " + datapaths.size() + " datapaths, " + flowCount()
        + " flows, " + groups.size() + " groups)";
  }
}
