package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.compiler.logical.LogicalPort;
import io.nv.compiler.logical.ZoneAssignment;
import io.nv.model.ModelPath;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs a packet through logical pipelines as a dataplane would: switch ingress, egress, through
 * router ports into routers and on into the next switch, with a conntrack model (zones, commit,
 * NAT, replies; {@code ct.state} set as OVS sets it), select groups choosing buckets by the FNV-1a
 * hash of docs/semantics.md, all groups copying. It records every step and returns the verdict.
 *
 * <p>Entering a datapath's ingress clears the scratch registers, flags and conntrack results;
 * going on to the same datapath's egress clears registers and flags but keeps the conntrack
 * results of the ingress, as in one OVS pass; the datapath, logical inport and outport carry over as the pipelines set
 * them. An all group that makes no copy drops the packet by the group's provenance; a packet with
 * several copies is delivered if any copy is, else it gets the verdict of the first copy by
 * outport id.
 *
 * <pre>{@code
 * Tracer tracer = Tracer.of(LogicalCompiler.compile(validated));
 * Trace syn = tracer.trace("app1", synToDb, ConntrackTable.empty());
 * Trace reply = tracer.trace("db1", synAckToApp, syn.table());
 * reply.verdict();   // verdict: delivered to app1
 * }</pre>
 */
public final class Tracer {
  /** More datapath hops than this drop the packet by {@code topology / loop}. */
  public static final int MAX_HOPS = 32;

  private static final ModelPath LOOP = ModelPath.parse("topology / loop");
  private static final int MAX_STEPS_PER_PIPELINE = 256;

  private final LogicalPipelines pipelines;
  private final ZoneAssignment zones;

  private Tracer(LogicalPipelines pipelines, ZoneAssignment zones) {
    this.pipelines = pipelines;
    this.zones = zones;
  }

  /**
   * A tracer over {@code pipelines}, with one conntrack table for the whole topology and zones
   * {@link ZoneAssignment#of(LogicalPipelines)} (unique across hosts).
   */
  public static Tracer of(LogicalPipelines pipelines) {
    return new Tracer(pipelines, ZoneAssignment.of(pipelines));
  }

  /** A tracer over {@code pipelines} that loads zones from {@code zones}. */
  public static Tracer of(LogicalPipelines pipelines, ZoneAssignment zones) {
    return new Tracer(pipelines, zones);
  }

  /**
   * Loads the zone registers a physical realization loads with a port: entering a switch at an
   * edge port (its zone and hairpin SNAT zone), going to egress towards one (its zone), entering
   * or leaving a router (its DNAT and SNAT zones).
   */
  private void loadZones(LogicalDatapath d, PacketState s, @Nullable String port) {
    if (d.datapath().kind() == Datapath.Kind.ROUTER) {
      s.set(Field.REG_DNAT_ZONE, zones.routerDnatZone(d.datapath().id()));
      s.set(Field.REG_SNAT_ZONE, zones.routerSnatZone(d.datapath().id()));
      return;
    }
    if (port != null && d.port(port).map(p -> p.role().isEdge()).orElse(false)) {
      s.set(Field.REG_ZONE, zones.zone(port));
      s.set(Field.REG_SNAT_ZONE, zones.snatZone(port));
    }
  }

  /** Traces {@code packet} entering at {@code inport} with an empty conntrack table. */
  public Trace trace(String inport, Packet packet) {
    return trace(inport, packet, ConntrackTable.empty());
  }

  /**
   * Traces {@code packet} entering at {@code inport} (a VIF or LOCALNET port) with conntrack state
   * {@code table}.
   *
   * @throws IllegalArgumentException when {@code inport} is not a VIF or LOCALNET port
   */
  public Trace trace(String inport, Packet packet, ConntrackTable table) {
    Datapath dp =
        pipelines
            .switchOfPort(inport)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no switch port " + inport + ": trace from a VIF or LOCALNET port"));
    LogicalDatapath d = pipelines.datapath(dp).orElseThrow();
    LogicalPort port = d.port(inport).orElseThrow();
    if (!port.role().isEdge()) {
      throw new IllegalArgumentException(
          "port " + inport + " links a router and is never an entry: trace from a VIF or LOCALNET port");
    }
    Run run = new Run(table, inport);
    PacketState s = PacketState.of(packet);
    s.enter(dp, inport);
    Verdict v = run.pipeline(d, Stage.Pipeline.SWITCH_INGRESS, s, 0, 1);
    ImmutableList.Builder<TraceStep> steps = ImmutableList.builder();
    for (StepBuilder sb : run.steps) {
      steps.add(sb.build());
    }
    return new Trace(inport, packet, steps.build(), v, run.table);
  }

  private static final class StepBuilder {
    final int depth;
    final Datapath datapath;
    final Stage stage;
    final String inport;
    final @Nullable String outport;
    final @Nullable Flow flow;
    final List<String> events = new ArrayList<>();

    StepBuilder(int depth, Datapath datapath, Stage stage, PacketState s, @Nullable Flow flow) {
      this.depth = depth;
      this.datapath = datapath;
      this.stage = stage;
      this.inport = String.valueOf(s.name(Field.INPORT));
      this.outport = s.has(Field.OUTPORT) ? s.name(Field.OUTPORT) : null;
      this.flow = flow;
    }

    TraceStep build() {
      return new TraceStep(
          depth, datapath, stage, inport, Optional.ofNullable(outport), Optional.ofNullable(flow),
          ImmutableList.copyOf(events));
    }
  }

  /** Where an action list left the packet: continue in a stage, or done with a verdict. */
  private record Result(@Nullable Stage next, @Nullable Verdict verdict) {
    static Result next(Stage s) {
      return new Result(s, null);
    }

    static Result done(Verdict v) {
      return new Result(null, v);
    }
  }

  private final class Run {
    ConntrackTable table;
    final String entry;
    final List<StepBuilder> steps = new ArrayList<>();

    Run(ConntrackTable table, String entry) {
      this.table = table;
      this.entry = entry;
    }

    Verdict pipeline(LogicalDatapath d, Stage.Pipeline pipeline, PacketState s, int depth, int hops) {
      s.clearScratch();
      loadZones(d, s, s.name(Field.INPORT));
      return runFrom(d, Stages.first(pipeline), s, depth, hops);
    }

    Verdict runFrom(LogicalDatapath d, Stage start, PacketState s, int depth, int hops) {
      Stage stage = start;
      for (int i = 0; i < MAX_STEPS_PER_PIPELINE; i++) {
        Flow f = lookup(d, stage, s);
        StepBuilder step = new StepBuilder(depth, d.datapath(), stage, s, f);
        steps.add(step);
        if (f == null) {
          step.events.add("no flow matched: dropped");
          return new Verdict.Dropped(d.datapath().path());
        }
        Result r = execute(d, f, f.actions(), s, depth, hops, step);
        if (r.verdict() != null) {
          return r.verdict();
        }
        stage = java.util.Objects.requireNonNull(r.next());
      }
      return new Verdict.Dropped(LOOP);
    }

    @Nullable Flow lookup(LogicalDatapath d, Stage stage, PacketState s) {
      return Tracer.lookup(d.flows(stage), s);
    }

    Result execute(
        LogicalDatapath d, Flow flow, List<Action> actions, PacketState s, int depth, int hops,
        StepBuilder step) {
      PuntReason punt = null;
      for (Action a : actions) {
        if (s.rewrite(a)) {
          continue;
        } else if (a instanceof Action.Controller c) {
          if (c.reason() == PuntReason.LOG) {
            step.events.add("controller(log): logged, the packet goes on");
          } else {
            punt = c.reason();
          }
        } else if (a instanceof Action.NextStage n) {
          return Result.next(n.stage());
        } else if (a instanceof Action.Conntrack ct) {
          conntrack(ct, s, step);
          if (ct.recirculate().isPresent()) {
            return Result.next(ct.recirculate().get());
          }
        } else if (a instanceof Action.ApplyGroup g) {
          return group(d, flow, g.group(), s, depth, hops, step);
        } else if (a instanceof Action.Output o) {
          return Result.done(output(d, flow, o.port(), s, depth, hops, step));
        } else if (a instanceof Action.OutputInport) {
          step.events.add("reply sent back through " + s.name(Field.INPORT));
          return Result.done(new Verdict.Replied(flow.provenance(), s.toPacket(null, null)));
        } else if (a instanceof Action.Drop) {
          return Result.done(new Verdict.Dropped(flow.provenance()));
        } else if (a instanceof Action.Conjunction) {
          throw new IllegalStateException("a conjunctive flow was chosen to run: " + flow);
        }
      }
      if (punt != null) {
        step.events.add("punted to the controller (" + punt + ")");
        return Result.done(new Verdict.Punted(punt.toString(), flow.provenance()));
      }
      return Result.done(new Verdict.Dropped(flow.provenance()));
    }

    Verdict output(
        LogicalDatapath d, Flow flow, String port, PacketState s, int depth, int hops, StepBuilder step) {
      if (flow.stage().pipeline().isIngress()) {
        s.setName(Field.OUTPORT, port);
        Stage.Pipeline egress =
            d.datapath().kind() == Datapath.Kind.SWITCH
                ? Stage.Pipeline.SWITCH_EGRESS
                : Stage.Pipeline.ROUTER_EGRESS;
        // Within one datapath pass the ingress ct() results stay, as in OVS: an egress that does
        // no ct() of its own (a router-kind outport) still sees them.
        s.clearRegisters();
        loadZones(d, s, port);
        return runFrom(d, Stages.first(egress), s, depth, hops);
      }
      Optional<LogicalPort> lp = d.port(port);
      lp.flatMap(LogicalPort::gateway)
          .ifPresent(h -> step.events.add("gateway port " + port + ": handled on gateway host " + h));
      if (lp.isPresent() && lp.get().peerDatapath().isPresent()) {
        Datapath peer = lp.get().peerDatapath().get();
        String peerPort = lp.get().peerPort().orElseThrow();
        if (hops + 1 > MAX_HOPS) {
          step.events.add("more than " + MAX_HOPS + " datapath hops");
          return new Verdict.Dropped(LOOP);
        }
        step.events.add("through " + port + " into " + peer + " at " + peerPort);
        LogicalDatapath next = pipelines.datapath(peer).orElseThrow();
        next.port(peerPort)
            .flatMap(LogicalPort::gateway)
            .ifPresent(h -> step.events.add("gateway port " + peerPort + ": handled on gateway host " + h));
        s.enter(peer, peerPort);
        return pipeline(
            next,
            peer.kind() == Datapath.Kind.SWITCH ? Stage.Pipeline.SWITCH_INGRESS : Stage.Pipeline.ROUTER_INGRESS,
            s, depth, hops + 1);
      }
      if (lp.isEmpty() || lp.get().role() == LogicalPort.Role.ROUTER_PORT
          || lp.get().role() == LogicalPort.Role.ROUTER_LINK) {
        step.events.add("port " + port + " leads nowhere: dropped");
        return new Verdict.Dropped(flow.provenance());
      }
      step.events.add("delivered to " + port);
      return new Verdict.Delivered(
          ImmutableList.of(new Verdict.Output(port, s.toPacket(entry, port))));
    }

    Result group(
        LogicalDatapath d, Flow flow, String name, PacketState s, int depth, int hops, StepBuilder step) {
      Group g =
          d.group(name)
              .orElseThrow(() -> new IllegalStateException(d.datapath() + " has no group " + name));
      if (g.type() == Group.Type.SELECT) {
        int hash = hash(g.selectionFields(), s);
        int total = g.totalWeight();
        int slot = (int) (Integer.toUnsignedLong(hash) % total);
        int i = 0;
        Group.Bucket chosen = g.buckets().get(0);
        for (Group.Bucket bkt : g.buckets()) {
          if (slot < bkt.weight()) {
            chosen = bkt;
            break;
          }
          slot -= bkt.weight();
          i++;
        }
        step.events.add(
            String.format(
                "group \"%s\": hash 0x%08x mod %d chose bucket %d: %s",
                name, hash, total, i + 1, chosen.actions()));
        return execute(d, flow, chosen.actions(), s, depth, hops, step);
      }
      String inport = s.name(Field.INPORT);
      record Copy(String port, Verdict verdict) {}
      List<Copy> copies = new ArrayList<>();
      for (Group.Bucket bkt : g.buckets()) {
        String port = outputPort(bkt.actions());
        if (g.excludeInport() && port != null && port.equals(inport)) {
          continue;
        }
        step.events.add("group \"" + name + "\": copy to " + (port == null ? bkt.actions() : port));
        PacketState copy = s.copy();
        StepBuilder marker = new StepBuilder(depth + 1, d.datapath(), flow.stage(), copy, flow);
        marker.events.add("copy " + (copies.size() + 1) + (port == null ? "" : " to " + port));
        steps.add(marker);
        Result r = execute(d, flow, bkt.actions(), copy, depth + 1, hops, marker);
        Verdict v =
            r.verdict() != null
                ? r.verdict()
                : runFrom(d, java.util.Objects.requireNonNull(r.next()), copy, depth + 1, hops);
        copies.add(new Copy(port == null ? "" : port, v));
      }
      if (copies.isEmpty()) {
        step.events.add("group \"" + name + "\" made no copy: dropped");
        return Result.done(new Verdict.Dropped(g.provenance()));
      }
      List<Verdict.Output> delivered = new ArrayList<>();
      for (Copy c : copies) {
        if (c.verdict() instanceof Verdict.Delivered dv) {
          delivered.addAll(dv.outputs());
        }
      }
      if (!delivered.isEmpty()) {
        return Result.done(new Verdict.Delivered(ImmutableList.copyOf(delivered)));
      }
      copies.sort(Comparator.comparing(Copy::port));
      return Result.done(copies.get(0).verdict());
    }

    void conntrack(Action.Conntrack ct, PacketState s, StepBuilder step) {
      table = Tracer.conntrack(ct, s, table, step.events);
    }
  }

  /**
   * Runs {@code ct} on {@code s} against {@code table} as OVS's conntrack would (lookup, commit,
   * NAT, the {@code ct_*} fields of a recirculation); events go to {@code events}; returns the
   * table after it.
   */
  static ConntrackTable conntrack(
      Action.Conntrack ct, PacketState s, ConntrackTable table, List<String> events) {
    if (!s.isIp()) {
      events.add("ct: not an IP packet, untracked");
      return table;
    }
    int zone =
        ct.zone() instanceof Action.Zone.Constant c
            ? c.zone()
            : (int) s.get(((Action.Zone.Register) ct.zone()).field());
    FiveTuple t = s.tuple();
    Optional<ConntrackTable.Hit> hit = table.lookup(zone, t);
    boolean isNew = hit.isEmpty();
    Connection conn = hit.map(ConntrackTable.Hit::connection).orElse(null);
    boolean reply = hit.map(ConntrackTable.Hit::reply).orElse(false);
    StringBuilder ev = new StringBuilder("ct(zone ").append(zone).append("): ").append(t);
    ev.append(isNew ? ", new" : reply ? ", established, reply" : ", established");
    if (ct.commit() && isNew) {
      FiveTuple translated = t;
      if (ct.nat() instanceof Action.Nat.Dnat dn) {
        translated = t.withDestination(dn.address(), dn.port());
      } else if (ct.nat() instanceof Action.Nat.Snat sn) {
        translated = t.withSource(sn.address());
      }
      conn = new Connection(zone, t, translated.reverse());
      table = table.commit(conn);
      ev.append(", committed");
    }
    int state = CtState.TRK | (isNew ? CtState.NEW : CtState.EST) | (reply ? CtState.RPL : 0);
    if (!(ct.nat() instanceof Action.Nat.None) && conn != null && conn.isNatted()) {
      FiveTuple to = reply ? conn.original().reverse() : conn.translated();
      if (!to.equals(t)) {
        if (!to.src().equals(t.src()) || to.srcPort() != t.srcPort()) {
          state |= CtState.SNAT;
        }
        if (!to.dst().equals(t.dst()) || to.dstPort() != t.dstPort()) {
          state |= CtState.DNAT;
        }
        s.apply(to);
        ev.append(", NAT to ").append(to);
      }
    }
    events.add(ev.toString());
    if (ct.recirculate().isEmpty()) {
      return table;
    }
    s.set(Field.CT_STATE, state);
    s.set(Field.CT_ZONE, zone);
    FiveTuple orig = conn != null ? conn.original() : t;
    s.unset(Field.CT_IP4_DST);
    s.unset(Field.CT_IP6_DST);
    s.setIp(orig.dst().version() == 4 ? Field.CT_IP4_DST : Field.CT_IP6_DST, orig.dst());
    if (orig.hasPorts()) {
      s.set(Field.CT_L4_DST, orig.dstPort());
    } else {
      s.unset(Field.CT_L4_DST);
    }
    return table;
  }

  /**
   * The flow of {@code flows} (one table, in priority order) that {@code s} hits, conjunctive
   * matches included, as OVS chooses: the first plain flow that matches, unless a completed
   * conjunction of higher priority wins, then the flow matching its {@code conj_id}.
   */
  static @Nullable Flow lookup(List<Flow> flows, PacketState s) {
    Flow hard = null;
    Map<Integer, long[]> clauses = null;
    for (Flow f : flows) {
      if (!s.matches(f.match())) {
        continue;
      }
      if (!f.isConjunctive()) {
        hard = f;
        break;
      }
      if (clauses == null) {
        clauses = new HashMap<>();
      }
      for (Action a : f.actions()) {
        Action.Conjunction c = (Action.Conjunction) a;
        long[] seen = clauses.computeIfAbsent(c.id(), k -> new long[] {0, c.clauses(), f.priority()});
        seen[0] |= 1L << (c.clause() - 1);
      }
    }
    if (clauses == null) {
      return hard;
    }
    int bestId = -1;
    long bestPriority = -1;
    for (Map.Entry<Integer, long[]> e : clauses.entrySet()) {
      long[] v = e.getValue();
      boolean complete = v[0] == (v[1] == 64 ? -1L : (1L << v[1]) - 1);
      boolean beatsHard = hard == null || v[2] > hard.priority();
      if (complete
          && beatsHard
          && (v[2] > bestPriority || (v[2] == bestPriority && e.getKey() < bestId))) {
        bestId = e.getKey();
        bestPriority = v[2];
      }
    }
    if (bestId < 0) {
      return hard;
    }
    s.set(Field.CONJ_ID, Integer.toUnsignedLong(bestId));
    Flow found = null;
    for (Flow f : flows) {
      if (!f.isConjunctive() && f.match().find(Field.CONJ_ID) != null && s.matches(f.match())) {
        found = f;
        break;
      }
    }
    s.set(Field.CONJ_ID, 0);
    return found != null ? found : hard;
  }

  private static @Nullable String outputPort(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.Output o) {
        return o.port();
      }
    }
    return null;
  }

  /**
   * 32-bit FNV-1a over the selected fields' bytes, big-endian: MACs 6 bytes, IPv4 4, IPv6 16,
   * transport ports 2 (docs/semantics.md, "Backend selection").
   */
  static int hash(List<Field> fields, PacketState s) {
    int h = 0x811c9dc5;
    for (Field f : fields) {
      int bytes =
          switch (f.kind()) {
            case MAC -> 6;
            case IPV4 -> 4;
            case IPV6 -> 16;
            default -> 2;
          };
      long hi = s.getHigh(f);
      long lo = s.get(f);
      for (int i = bytes - 1; i >= 0; i--) {
        int b = (int) (i >= 8 ? hi >>> (8 * (i - 8)) : lo >>> (8 * i)) & 0xff;
        h = (h ^ b) * 0x01000193;
      }
    }
    return h;
  }

  /** FNV-1a of {@code bytes}, for tests that check the tracer's choice. */
  static int fnv1a(byte[] bytes) {
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    return h;
  }
}
