package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.compiler.physical.PortMap;
import io.nv.encap.keys.GenevePortOption;
import io.nv.encap.keys.OvnVxlanVni;
import io.nv.model.ModelPath;
import io.nv.model.packet.Packet;
import io.nv.model.placement.Encapsulation;
import io.nv.model.semantics.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Runs a packet through hosts' physical tables, as real Open vSwitch on each host would: from its
 * entry interface on its own host (a VIF's binding, a LOCALNET port's host), through
 * classification, the logical pipelines in their physical form, the output tables, across a
 * tunnel (VNI, Geneve option, remote VTEP) into the destination host's tables, to an interface.
 * Each host has its own conntrack table ({@link HostConntrack}). The verdict grammar is the
 * logical tracer's: delivered to logical ports, dropped, replied, punted.
 *
 * <pre>{@code
 * HostTracer t = HostTracer.of(Compilation.of(validated).get());
 * HostTrace syn = t.trace("web1", synToApp2, HostConntrack.empty());
 * syn.tunnels();   // [hv1 → hv2 (192.168.0.2), vni 2, option 0x00020003]
 * syn.verdict();   // verdict: delivered to app2
 * syn.ctNext(0);   // the --ct-next states of ofproto/trace on hv1, in OVS's order
 * t.choosing((host, group, hashed) -> 1).trace(...);   // every select group takes bucket 1
 * }</pre>
 *
 * <p>The trace also records each host's part of the path as a segment ({@link HostTrace}): its
 * conntrack passes, exits and bucket picks, which is what a trace of real Open vSwitch shows host
 * by host (nv-conformance's {@code OvsJudge} compares the two).
 */
public final class HostTracer {
  private static final ModelPath LOOP = ModelPath.parse("topology / loop");
  private static final int MAX_STEPS = 4096;

  private final Compilation compilation;
  private final @Nullable BucketChoice choice;

  private HostTracer(Compilation compilation, @Nullable BucketChoice choice) {
    this.compilation = compilation;
    this.choice = choice;
  }

  /** A tracer over {@code compilation}'s hosts. */
  public static HostTracer of(Compilation compilation) {
    return new HostTracer(compilation, null);
  }

  /**
   * Which bucket a select group takes, in place of nv's own hash: another dataplane hashes
   * differently (Open vSwitch's {@code selection_method=hash}), and following its choice shows
   * whether the rest of the path agrees.
   *
   * <pre>{@code
   * HostTracer ovsPicks = tracer.choosing((host, group, hashed) -> group.name().equals(vip) ? 1 : hashed);
   * }</pre>
   */
  @FunctionalInterface
  public interface BucketChoice {
    /**
     * The bucket (0-based, below {@code group.buckets().size()}) that {@code group} takes on
     * {@code host}; {@code hashed} is the one nv's hash picks. Another number is a programmer
     * mistake.
     */
    int bucket(String host, Group group, int hashed);
  }

  /** This tracer with select groups choosing as {@code choice} says. */
  public HostTracer choosing(BucketChoice choice) {
    return new HostTracer(compilation, Objects.requireNonNull(choice, "choice"));
  }

  /**
   * Traces {@code packet} entering at edge port {@code inport} on the host where it lives.
   *
   * @throws IllegalArgumentException when the port is not a VIF or LOCALNET port with a host
   */
  public HostTrace trace(String inport, Packet packet, HostConntrack table) {
    String host =
        compilation
            .hostOf(inport)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "port " + inport + " is on no host: bind it, or trace from a bound VIF or a LOCALNET port"));
    return trace(host, inport, packet, table);
  }

  /**
   * Traces {@code packet} entering at edge port {@code inport} on {@code host}.
   *
   * @throws IllegalArgumentException when {@code host} has no interface for {@code inport}
   */
  public HostTrace trace(String host, String inport, Packet packet, HostConntrack table) {
    HostTables h = compilation.host(host);
    PortMap.Port port =
        h.ports()
            .port(inport)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "host " + host + " has no interface for port " + inport + ": its interfaces are "
                        + h.ports().ports().stream().map(PortMap.Port::logical).toList()));
    Run run = new Run(table, inport);
    PacketState s = PacketState.of(packet);
    s.setName(Field.IN_PORT, port.iface());
    Verdict v = run.table(h, Stages.PHY_CLASSIFY, s, 0);
    return new HostTrace(
        inport, packet, ImmutableList.copyOf(run.steps), v, ImmutableList.copyOf(run.tunnels),
        ImmutableList.copyOf(run.ctPasses), ImmutableList.copyOf(run.exits),
        ImmutableList.copyOf(run.buckets), run.tables());
  }

  private record Result(@Nullable Stage next, @Nullable Verdict verdict) {}

  private final class Run {
    final Map<String, ConntrackTable> conntrack = new HashMap<>();
    final String entry;
    final List<HostStep> steps = new ArrayList<>();
    final List<HostTrace.TunnelHop> tunnels = new ArrayList<>();
    final List<HostTrace.CtPass> ctPasses = new ArrayList<>();
    final List<HostTrace.Exit> exits = new ArrayList<>();
    final List<HostTrace.BucketPick> buckets = new ArrayList<>();
    int hops;
    int lookups;
    /** The segment being traced: 0 from the entry interface, k from the k-th tunnel arrival. */
    int segment;
    /** The conntrack pass being traced (an index of ctPasses), -1 for the segment's first. */
    int pass = -1;
    /** The port of the copy whose verdict the last all group returned (a tunnel copy reads it). */
    String lastFirstPort = "";

    Run(HostConntrack table, String entry) {
      this.conntrack.putAll(table.byHost());
      this.entry = entry;
    }

    void exit(HostTables h, HostTrace.Exit.Kind kind, String where, PacketState s) {
      exits.add(new HostTrace.Exit(h.host(), segment, kind, where, s.toPacket(null, null)));
    }

    Verdict dropped(HostTables h, ModelPath path, PacketState s) {
      exit(h, HostTrace.Exit.Kind.DROP, path.toString(), s);
      return new Verdict.Dropped(path);
    }

    HostConntrack tables() {
      return new HostConntrack(ImmutableMap.copyOf(new java.util.TreeMap<>(conntrack)));
    }

    Verdict table(HostTables h, Stage start, PacketState s, int depth) {
      Stage stage = start;
      while (true) {
        if (++lookups > MAX_STEPS) {
          return dropped(h, LOOP, s);
        }
        List<Flow> flows;
        Optional<Datapath> dp = Optional.empty();
        if (stage.pipeline().isLogical()) {
          String name = s.name(Field.DATAPATH);
          Optional<LogicalDatapath> d = name == null ? Optional.empty() : h.datapath(name);
          if (d.isEmpty()) {
            steps.add(new HostStep(h.host(), depth, Optional.empty(), stage, Optional.empty(),
                ImmutableList.of("datapath " + name + " is not on host " + h.host() + ": dropped")));
            return dropped(h, ModelPath.of("host", h.host()), s);
          }
          dp = Optional.of(d.get().datapath());
          flows = d.get().flows(stage);
        } else {
          flows = h.flows(stage);
        }
        Flow f = Tracer.lookup(flows, s);
        List<String> events = new ArrayList<>();
        HostStep step = new HostStep(h.host(), depth, dp, stage, Optional.ofNullable(f), ImmutableList.of());
        int at = steps.size();
        steps.add(step);
        if (f == null) {
          steps.set(at, step.with(List.of("no flow matched: dropped")));
          return dropped(h, dp.map(Datapath::path).orElse(ModelPath.of("host", h.host())), s);
        }
        Result r = execute(h, f, h.actions(f), s, depth, events);
        steps.set(at, step.with(events));
        if (r.verdict() != null) {
          return r.verdict();
        }
        stage = Objects.requireNonNull(r.next());
      }
    }

    Result execute(HostTables h, Flow flow, List<Action> actions, PacketState s, int depth, List<String> events) {
      PuntReason punt = null;
      for (Action a : actions) {
        if (s.rewrite(a)) {
          continue;
        } else if (a instanceof Action.Controller c) {
          if (c.reason() == PuntReason.LOG) {
            exit(h, HostTrace.Exit.Kind.LOG, c.reason().toString(), s);
            events.add("controller(log): logged, the packet goes on");
          } else {
            punt = c.reason();
          }
        } else if (a instanceof Action.NextStage n) {
          return new Result(n.stage(), null);
        } else if (a instanceof Action.Conntrack ct) {
          ConntrackTable t = conntrack.getOrDefault(h.host(), ConntrackTable.empty());
          FiveTuple before = s.isIp() ? s.tuple() : null;
          Optional<Connection> known = Optional.empty();
          if (before != null) {
            int zone = ct.zone() instanceof Action.Zone.Constant k
                ? k.zone()
                : (int) s.get(((Action.Zone.Register) ct.zone()).field());
            known = t.lookup(zone, before).map(ConntrackTable.Hit::connection);
          }
          ConntrackTable after = Tracer.conntrack(ct, s, t, events);
          conntrack.put(h.host(), after);
          if (ct.recirculate().isPresent()) {
            boolean fromTable =
                ct.nat() instanceof Action.Nat.Apply && before != null && !before.equals(s.tuple());
            if (known.isEmpty() && before != null && ct.commit()) {
              int zone = (int) s.get(Field.CT_ZONE);
              known = after.lookup(zone, before).map(ConntrackTable.Hit::connection);
            }
            int index = ctPasses.size();
            ctPasses.add(new HostTrace.CtPass(
                h.host(), (int) s.get(Field.CT_ZONE), (int) s.get(Field.CT_STATE), segment, pass, fromTable,
                known));
            pass = index;
            return new Result(ct.recirculate().get(), null);
          }
        } else if (a instanceof Action.ApplyGroup g) {
          return new Result(null, group(h, flow, g.group(), s, depth, events));
        } else if (a instanceof Action.Drop) {
          return new Result(null, dropped(h, flow.provenance(), s));
        } else if (a instanceof Action.Enter e) {
          if (++hops > Tracer.MAX_HOPS) {
            events.add("more than " + Tracer.MAX_HOPS + " datapath hops");
            return new Result(null, dropped(h, LOOP, s));
          }
          s.clearScratch();
          s.enter(e.datapath(), e.inport());
          if (e.inport().isEmpty()) {
            s.unset(Field.INPORT);
          }
          events.add("enter " + e.datapath() + (e.inport().isEmpty() ? "" : " at " + e.inport()));
        } else if (a instanceof Action.Decap) {
          decap(s, events);
        } else if (a instanceof Action.OutputPort o) {
          String port = h.ports().byInterface(o.iface()).map(PortMap.Port::logical).orElse(o.iface());
          events.add("output to interface " + o.iface() + " (" + port + ") on " + h.host());
          exit(h, HostTrace.Exit.Kind.OUTPUT, o.iface(), s);
          return new Result(null, new Verdict.Delivered(
              ImmutableList.of(new Verdict.Output(port, s.toPacket(entry, port)))));
        } else if (a instanceof Action.OutputInPort) {
          events.add("reply out of " + s.name(Field.IN_PORT) + " on " + h.host());
          exit(h, HostTrace.Exit.Kind.REPLY, Objects.requireNonNullElse(s.name(Field.IN_PORT), ""), s);
          return new Result(null, new Verdict.Replied(flow.provenance(), s.toPacket(null, null)));
        } else if (a instanceof Action.Tunnel t) {
          return new Result(null, tunnel(h, t, s, depth, events));
        } else if (a instanceof Action.Output || a instanceof Action.OutputInport
            || a instanceof Action.Conjunction) {
          throw new IllegalStateException(a + " in a host's table: " + flow);
        }
      }
      if (punt != null) {
        events.add("punted to the controller (" + punt + ")");
        exit(h, HostTrace.Exit.Kind.PUNT, punt.toString(), s);
        return new Result(null, new Verdict.Punted(punt.toString(), flow.provenance()));
      }
      return new Result(null, dropped(h, flow.provenance(), s));
    }

    /** Reads the logical ports a tunnel arrival carries (Geneve option, or the VXLAN VNI). */
    void decap(PacketState s, List<String> events) {
      Datapath dp = datapathOf(s);
      int ingress = 0;
      int egress;
      if (compilation.topology().topology().encapsulation() == Encapsulation.VXLAN) {
        egress = OvnVxlanVni.decode((int) s.get(Field.TUNNEL_ID)).egress();
      } else {
        GenevePortOption o = GenevePortOption.decode((int) s.get(Field.TUNNEL_METADATA));
        ingress = o.ingress();
        egress = o.egress();
      }
      if (ingress != 0) {
        compilation.portOfKey(dp, ingress).ifPresent(p -> s.setName(Field.INPORT, p));
      }
      Optional<String> out = compilation.portOfKey(dp, egress);
      if (out.isPresent()) {
        s.setName(Field.OUTPORT, out.get());
      }
      events.add("decap: inport key " + ingress + " (" + s.name(Field.INPORT) + "), outport key " + egress
          + " (" + out.orElse("unknown") + ")");
    }

    Datapath datapathOf(PacketState s) {
      String name = Objects.requireNonNull(s.name(Field.DATAPATH), "no datapath entered");
      int space = name.indexOf(' ');
      String kind = name.substring(0, space);
      String id = name.substring(space + 1);
      return kind.equals("switch") ? Datapath.ofSwitch(id) : Datapath.ofRouter(id);
    }

    Verdict tunnel(HostTables h, Action.Tunnel t, PacketState s, int depth, List<String> events) {
      Datapath dp = datapathOf(s);
      String in = s.name(Field.INPORT);
      int ingress = in == null ? 0 : compilation.portKey(dp, in);
      boolean geneve = compilation.topology().topology().encapsulation() != Encapsulation.VXLAN;
      OptionalInt option =
          geneve ? OptionalInt.of(new GenevePortOption(ingress, t.egress()).encode()) : OptionalInt.empty();
      Packet inner = s.toPacket(null, null);
      tunnels.add(new HostTrace.TunnelHop(h.host(), t.host(), t.remote(), t.vni(), option, inner, segment));
      exit(h, HostTrace.Exit.Kind.TUNNEL, t.host(), s);
      events.add(String.format("tunnel to %s (%s): vni %d%s", t.host(), t.remote(), t.vni(),
          option.isPresent() ? String.format(", option 0x%08x", option.getAsInt()) : ""));
      HostTables remote = compilation.host(t.host());
      PacketState arrived = s.copy();
      arrived.clearScratch();
      arrived.unset(Field.DATAPATH);
      arrived.unset(Field.INPORT);
      arrived.unset(Field.OUTPORT);
      arrived.setName(Field.IN_PORT, remote.ports().tunnel().iface());
      arrived.set(Field.TUNNEL_ID, t.vni());
      arrived.setIp(Field.TUNNEL_DST, t.remote());
      arrived.set(Field.TUNNEL_METADATA, option.orElse(0));
      int fromSegment = segment;
      int fromPass = pass;
      segment = tunnels.size();
      pass = -1;
      try {
        return table(remote, Stages.PHY_CLASSIFY, arrived, depth);
      } finally {
        segment = fromSegment;
        pass = fromPass;
      }
    }

    Verdict group(HostTables h, Flow flow, String name, PacketState s, int depth, List<String> events) {
      Group g =
          h.group(name).orElseThrow(() -> new IllegalStateException("host " + h.host() + " has no group " + name));
      if (g.type() == Group.Type.SELECT) {
        int hash = Tracer.hash(g.selectionFields(), s);
        int slot = (int) (Integer.toUnsignedLong(hash) % g.totalWeight());
        int i = 0;
        for (Group.Bucket b : g.buckets()) {
          if (slot < b.weight()) {
            break;
          }
          slot -= b.weight();
          i++;
        }
        int hashed = Math.min(i, g.buckets().size() - 1);
        i = hashed;
        if (choice != null) {
          i = choice.bucket(h.host(), g, hashed);
          if (i < 0 || i >= g.buckets().size()) {
            throw new IllegalArgumentException("bucket " + i + " of group " + name + " on " + h.host()
                + ": the group has " + g.buckets().size() + " buckets (0.." + (g.buckets().size() - 1) + ")");
          }
        }
        Group.Bucket chosen = g.buckets().get(i);
        buckets.add(new HostTrace.BucketPick(h.host(), segment, name, i, g.buckets().size()));
        events.add(i == hashed
            ? String.format("group \"%s\": hash 0x%08x chose bucket %d", name, hash, i + 1)
            : String.format("group \"%s\": bucket %d chosen (the hash 0x%08x chose %d)", name, i + 1, hash, hashed + 1));
        Result r = execute(h, flow, Compilation.physicalActions(flow.stage(), chosen.actions()), s, depth, events);
        return r.verdict() != null ? r.verdict() : table(h, Objects.requireNonNull(r.next()), s, depth);
      }
      String inport = s.name(Field.INPORT);
      record Copy(String port, Verdict verdict) {}
      List<Copy> copies = new ArrayList<>();
      int groupPass = pass;
      for (Group.Bucket b : g.buckets()) {
        String port = outport(b);
        if (g.excludeInport() && port != null && port.equals(inport)) {
          continue;
        }
        events.add("group \"" + name + "\": copy " + (copies.size() + 1) + (port == null ? "" : " to " + port));
        PacketState copy = s.copy();
        List<String> copyEvents = new ArrayList<>();
        lastFirstPort = "";
        pass = groupPass; // each copy starts from the pass that applied the group
        Result r = execute(h, flow, b.actions(), copy, depth + 1, copyEvents);
        if (!copyEvents.isEmpty()) {
          steps.add(new HostStep(h.host(), depth + 1, Optional.empty(), flow.stage(), Optional.of(flow),
              ImmutableList.copyOf(copyEvents)));
        }
        Verdict v = r.verdict() != null ? r.verdict() : table(h, Objects.requireNonNull(r.next()), copy, depth + 1);
        // A copy to another host stands for the copies that host made: it sorts as the first.
        copies.add(new Copy(port == null ? lastFirstPort : port, v));
      }
      pass = groupPass;
      if (copies.isEmpty()) {
        events.add("group \"" + name + "\" made no copy: dropped");
        lastFirstPort = "";
        return dropped(h, g.provenance(), s);
      }
      List<Verdict.Output> delivered = new ArrayList<>();
      for (Copy c : copies) {
        if (c.verdict() instanceof Verdict.Delivered d) {
          delivered.addAll(d.outputs());
        }
      }
      if (!delivered.isEmpty()) {
        return new Verdict.Delivered(ImmutableList.copyOf(delivered));
      }
      copies.sort(Comparator.comparing(Copy::port));
      lastFirstPort = copies.get(0).port();
      return copies.get(0).verdict();
    }
  }

  /** The logical outport a flood bucket sets (local copies), or null (a tunnel copy). */
  private static @Nullable String outport(Group.Bucket b) {
    for (Action a : b.actions()) {
      if (a instanceof Action.SetField sf && sf.field() == Field.OUTPORT) {
        return sf.value().name();
      }
      if (a instanceof Action.Output o) {
        return o.port();
      }
    }
    return null;
  }
}
