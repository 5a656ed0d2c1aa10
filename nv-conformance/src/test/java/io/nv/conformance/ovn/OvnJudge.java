package io.nv.conformance.ovn;

import com.google.common.collect.ImmutableList;
import io.nv.conformance.ovn.SummaryTrace.Continuation;
import io.nv.conformance.ovn.SummaryTrace.CtStep;
import io.nv.conformance.ovn.SummaryTrace.LbDst;
import io.nv.conformance.ovn.SummaryTrace.Select;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Connection;
import io.nv.model.semantics.ConnectionTable;
import io.nv.model.semantics.FiveTuple;
import io.nv.model.semantics.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks {@code ovn-trace} for the verdict on one packet, telling it the connection state nv's
 * reference semantics holds. The packet's path is traced one datapath pass at a time (a {@link
 * Segment}): OVN's physical tables clear conntrack state, flags and registers where a packet
 * crosses from one datapath into the next, while ovn-trace carries them on, so each pass starts a
 * trace of its own at the port the packet enters, with the packet as the previous pass left it.
 *
 * <p>Within a pass, {@code ovn-trace} keeps no conntrack table: each conntrack step takes the next
 * {@code --ct} flags. The judge finds the steps by tracing, gives each the state its zone has in
 * nv's table for the packet as it is there — {@code new}, {@code est}, or {@code est,rpl}; a
 * switch's zone is the step's logical port, a router's {@code ct_snat*} steps run in nv's {@code
 * router R / snat} zone and its {@code ct_dnat*} steps in {@code router R / dnat} — and traces
 * again until the flags given are the flags the steps need. Where a router un-NATs a reply
 * ({@code ct_snat}/{@code ct_dnat} without an address), ovn-trace assumes no entry and changes
 * nothing; the judge applies the translation nv's table records and traces on from there (un-SNAT:
 * the router's ingress again; un-DNAT: the linked switch). When nv load-balances the packet, the
 * judge passes the chosen backend as {@code --lb-dst}; when a router's ECMP {@code select} chose
 * another member than nv's next hop, it passes that member's id as {@code --select-id}.
 *
 * <pre>{@code
 * OvnJudge judge = new OvnJudge(sandbox, topology);
 * OvnJudge.Judgement j = judge.judge("web1", packet, tableBefore, tableAfter, evaluation.steps());
 * j.verdict();    // delivered to app1
 * j.command();    // ovn-trace --summary --ct=new … 'inport == "web1" && …', then the next passes
 * }</pre>
 */
final class OvnJudge {
  private static final int MAX_ROUNDS = 8;
  private static final int MAX_SEGMENTS = 12;
  private static final Pattern NV_NEXT_HOP = Pattern.compile("^(?:via (\\S+) out of|out of \\S+: no MAC known for (\\S+))");

  private final OvnSandbox ovn;
  private final Topology topology;
  private final Map<String, String> switchPortOfRouterPort = new HashMap<>();
  private final Set<String> routerTypePorts = new HashSet<>();
  /** ECMP members learned from traces: router / group / next hop → select id. */
  private final Map<String, Integer> selectIds = new HashMap<>();
  private int traces;
  private long nanos;

  OvnJudge(OvnSandbox ovn, Topology topology) {
    this.ovn = ovn;
    this.topology = topology;
    for (LogicalSwitch s : topology.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() == PortKind.ROUTER) {
          routerTypePorts.add(p.id());
          p.routerPort().ifPresent(rp -> switchPortOfRouterPort.putIfAbsent(rp, p.id()));
        }
      }
    }
  }

  /**
   * One datapath pass, as ovn-trace saw it in its last round.
   *
   * @param options the options of the trace ({@code --ct}, {@code --lb-dst}, {@code --select-id})
   * @param microflow the microflow traced
   * @param text the trace's output
   * @param trace the parsed trace
   * @param faithful false when ovn-trace cannot give every conntrack step the state it should
   *     have: it ORs a {@code ct_lb} step's flags into the state the packet carries from earlier
   *     steps, so a step that should see {@code est} after one that saw {@code new} sees both
   */
  record Segment(ImmutableList<String> options, String microflow, String text, SummaryTrace trace, boolean faithful) {
    String command() {
      return "ovn-trace " + String.join(" ", options) + " '" + microflow + "'";
    }
  }

  /**
   * The verdict and the passes it comes from.
   *
   * @param verdict ovn-trace's verdict: the last pass's
   * @param segments the passes, in order
   */
  record Judgement(OvnVerdict verdict, ImmutableList<Segment> segments) {
    /**
     * Whether every pass could give its conntrack steps the states they need, and ovn-trace
     * followed each as far as OVN goes.
     */
    boolean faithful() {
      return segments.stream().allMatch(s -> s.faithful() && s.trace().incomplete().isEmpty());
    }

    /** The first pass's trace. */
    SummaryTrace trace() {
      return segments.get(0).trace();
    }

    /** Every pass's options, in order. */
    ImmutableList<String> options() {
      return segments.stream().flatMap(s -> s.options().stream()).collect(ImmutableList.toImmutableList());
    }

    /** Every pass's output, in order. */
    String text() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < segments.size(); i++) {
        if (i > 0) {
          sb.append("-- then, ").append(segments.get(i - 1).trace().continuation().map(Continuation::why).orElse(""))
              .append(" --\n");
        }
        sb.append(segments.get(i).text());
      }
      return sb.toString();
    }

    /** Every pass's conntrack steps. */
    ImmutableList<CtStep> ctSteps() {
      return segments.stream().flatMap(s -> s.trace().ctSteps().stream()).collect(ImmutableList.toImmutableList());
    }

    /** ovn-trace's complaints in any pass. */
    ImmutableList<String> errors() {
      return segments.stream().flatMap(s -> s.trace().errors().stream()).collect(ImmutableList.toImmutableList());
    }

    /** Every pass's ECMP selections. */
    ImmutableList<Select> selects() {
      return segments.stream().flatMap(s -> s.trace().selects().stream()).collect(ImmutableList.toImmutableList());
    }

    /** The commands to rerun the passes by hand (the database option left out). */
    String command() {
      StringBuilder sb = new StringBuilder();
      for (Segment s : segments) {
        sb.append(sb.length() == 0 ? "" : "\n  then: ").append(s.command());
      }
      return sb.toString();
    }
  }

  /** How many times ovn-trace ran, and for how long in all. */
  int traces() {
    return traces;
  }

  long traceNanos() {
    return nanos;
  }

  /** {@link #judge(String, Packet, ConnectionTable, ConnectionTable, List)} without ECMP hints. */
  Judgement judge(String port, Packet packet, ConnectionTable before, ConnectionTable after) {
    return judge(port, packet, before, after, List.of());
  }

  /**
   * The judgement on {@code packet} entering at {@code port}, with nv's connection table before
   * the packet and after it, and nv's evaluation steps (for the next hops nv's routers chose).
   */
  Judgement judge(String port, Packet packet, ConnectionTable before, ConnectionTable after, List<Step> nvSteps) {
    Optional<SwitchPort> entry = topology.portById(port);
    if (entry.isPresent()
        && entry.get().kind() == PortKind.LOCALNET
        && entry.get().vlan().isPresent()
        && packet.vlan().filter(v -> v.vid() == entry.get().vlan().get()).isEmpty()) {
      // ovn-controller maps only frames with the port's tag to a tagged localnet port (its
      // physical flow matches the VLAN): anything else never enters the logical pipeline.
      String text = "# not traced: ovn-controller maps only frames tagged with VLAN " + entry.get().vlan().get()
          + " to localnet port " + port + "\n";
      SummaryTrace none = SummaryTrace.parse(text, port, packet, Optional.empty());
      return new Judgement(none.verdict(), ImmutableList.of(new Segment(ImmutableList.of(), "", text, none, true)));
    }
    Map<String, Integer> visits = new HashMap<>();
    Map<String, Integer> routerPasses = new HashMap<>();
    List<Segment> segments = new ArrayList<>();
    String inport = port;
    Packet p = packet;
    boolean reply = false;
    Optional<LbDst> lbDst = lbDst(port, packet, after);
    for (int k = 0; k < MAX_SEGMENTS; k++) {
      Optional<String> router = topology.routerOfPort(inport).map(r -> r.id());
      Optional<IpAddress> hop = Optional.empty();
      if (router.isPresent()) {
        int pass = routerPasses.merge(router.get(), 1, Integer::sum);
        hop = nextHop(nvSteps, router.get(), pass);
      }
      Segment s = segment(port, inport, p, reply, before, after, visits, k == 0 ? lbDst : Optional.empty(), hop);
      segments.add(s);
      Optional<Continuation> next = s.trace().continuation();
      if (next.isEmpty()) {
        return new Judgement(s.trace().verdict(), ImmutableList.copyOf(segments));
      }
      inport = next.get().inport();
      p = next.get().packet();
      reply = next.get().reply();
    }
    Segment last = segments.get(segments.size() - 1);
    return new Judgement(last.trace().verdict(), ImmutableList.copyOf(segments));
  }

  /** The next hop nv's router {@code router} chose on its {@code pass}-th pass, if it got that far. */
  static Optional<IpAddress> nextHop(List<Step> steps, String router, int pass) {
    String at = "router " + router + " / ";
    int n = 0;
    for (Step s : steps) {
      if (s.stage() == Step.Stage.INGRESS && s.at().toString().startsWith(at)) {
        n++;
      }
      if (n == pass && s.stage() == Step.Stage.NEXT_HOP && s.at().toString().startsWith(at)) {
        Matcher m = NV_NEXT_HOP.matcher(s.text());
        if (m.find()) {
          return IpAddress.tryParse(m.group(1) != null ? m.group(1) : m.group(2));
        }
      }
    }
    return Optional.empty();
  }

  private Segment segment(
      String entry,
      String inport,
      Packet packet,
      boolean reply,
      ConnectionTable before,
      ConnectionTable after,
      Map<String, Integer> visits,
      Optional<LbDst> lbDst,
      Optional<IpAddress> wantedHop) {
    Packet entering = Microflows.entering(topology, inport, packet);
    String microflow = Microflows.of(inport, entering);
    String first = FiveTuple.of(packet).map(t -> flags(before.find(inport, t))).orElse("new");
    List<String> flags = new ArrayList<>(List.of(first, first, first, first));
    Optional<Integer> selectId = Optional.empty();
    Set<Integer> triedIds = new HashSet<>();
    Segment last = null;
    Map<String, Integer> visitsAfter = visits;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<String> options = new ArrayList<>(List.of("--summary"));
      flags.forEach(f -> options.add("--ct=" + f));
      lbDst.ifPresent(d -> options.add(d.option()));
      selectId.ifPresent(id -> options.add("--select-id=" + id));
      long t0 = System.nanoTime();
      String text = ovn.trace(options, microflow);
      nanos += System.nanoTime() - t0;
      traces++;
      Map<String, Integer> v = new HashMap<>(visits);
      SummaryTrace trace =
          SummaryTrace.parse(text, entry, inport, entering, reply, lbDst, context(before, after, v));
      Map<String, Integer> w = new HashMap<>(visits);
      List<String> wanted = wanted(trace.ctSteps(), before, after, w);
      last = new Segment(ImmutableList.copyOf(options), microflow, text, trace, faithful(trace.ctSteps(), flags));
      visitsAfter = w;
      for (Select s : trace.selects()) {
        if (s.nextHop() != null) {
          selectIds.put(key(s, s.nextHop()), s.id());
        }
      }
      boolean hopOk = true;
      if (!trace.selects().isEmpty() && wantedHop.isPresent()) {
        Select s = trace.selects().get(trace.selects().size() - 1);
        if (!wantedHop.get().equals(s.nextHop())) {
          triedIds.add(s.id());
          Integer known = selectIds.get(key(s, wantedHop.get()));
          Optional<Integer> next =
              known != null && !triedIds.contains(known)
                  ? Optional.of(known)
                  : s.ids().stream().filter(id -> !triedIds.contains(id)).findFirst();
          if (next.isPresent()) {
            hopOk = false;
            selectId = next;
            triedIds.add(next.get());
          }
        } else if (selectId.isEmpty()) {
          selectId = Optional.of(s.id()); // keep nv's member in later rounds
        }
      }
      if (agrees(flags, wanted) && hopOk) {
        break;
      }
      flags = wanted;
    }
    visits.clear();
    visits.putAll(visitsAfter);
    return Objects.requireNonNull(last);
  }

  private static String key(Select s, IpAddress hop) {
    return s.datapath() + "/" + s.group() + "/" + hop;
  }

  /** What the trace of one pass needs to know: the topology, and nv's NAT connections. */
  private SummaryTrace.Context context(ConnectionTable before, ConnectionTable after, Map<String, Integer> visits) {
    return new SummaryTrace.Context() {
      @Override
      public boolean isRouter(String datapath) {
        return topology.routerById(datapath).isPresent();
      }

      @Override
      public boolean isRouterTypePort(String port) {
        return routerTypePorts.contains(port);
      }

      @Override
      public Optional<String> switchPortOf(String routerPort) {
        return Optional.ofNullable(switchPortOfRouterPort.get(routerPort));
      }

      @Override
      public Optional<Packet> unSnat(String router, Packet p) {
        return reply(zone(router, "snat"), p).map(c -> p.withIpDst(c.original().src()));
      }

      @Override
      public Optional<Packet> unDnat(String router, Packet p) {
        return reply(zone(router, "dnat"), p).map(c -> p.withIpSrc(c.original().dst()));
      }

      private Optional<Connection> reply(String zone, Packet p) {
        Optional<FiveTuple> t = FiveTuple.of(p);
        if (t.isEmpty()) {
          return Optional.empty();
        }
        ConnectionTable table = visits.getOrDefault(zone, 0) == 0 ? before : after;
        return table.find(zone, t.get()).filter(ConnectionTable.Hit::reply).map(ConnectionTable.Hit::connection);
      }
    };
  }

  static String zone(String router, String kind) {
    return "router " + router + " / " + kind;
  }

  private static String flag(List<String> flags, int i) {
    return i < flags.size() ? flags.get(i) : "est";
  }

  private static Set<String> parse(String flags) {
    return new TreeSet<>(Arrays.asList(flags.split(",")));
  }

  /** The state ovn-trace gives each step: its flags, ORed with the path's earlier ones for ct_lb. */
  static List<Set<String>> effective(List<CtStep> steps, List<String> flags) {
    List<Set<String>> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      CtStep s = steps.get(i);
      Set<String> e = new TreeSet<>();
      if (s.lb() && s.parent() >= 0 && !s.cleared()) {
        e.addAll(out.get(s.parent()));
      }
      e.addAll(parse(flag(flags, i)));
      out.add(e);
    }
    return out;
  }

  /** Whether every step that decides the verdict sees exactly the flags given for it. */
  static boolean faithful(List<CtStep> steps, List<String> flags) {
    List<Set<String>> e = effective(steps, flags);
    for (int i = 0; i < steps.size(); i++) {
      if (!steps.get(i).generated() && !e.get(i).equals(parse(flag(flags, i)))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the flags given are the flags the steps want (ovn-trace's default after the list: est). */
  private static boolean agrees(List<String> given, List<String> wanted) {
    for (int i = 0; i < wanted.size(); i++) {
      String g = i < given.size() ? given.get(i) : "est";
      if (!g.equals(wanted.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@link #wanted(List, ConnectionTable, ConnectionTable, Map)} for one trace on its own. */
  static List<String> wanted(List<CtStep> steps, ConnectionTable before, ConnectionTable after) {
    return wanted(steps, before, after, new HashMap<>());
  }

  /**
   * The state each step's zone holds for the packet there: the table before the packet for a
   * zone's first step, the table after it for later ones (so a reply meets the commit an earlier
   * step made, as a router's echo reply meets its request's); {@code visits} counts the steps per
   * zone over the packet's passes so far, and is updated.
   */
  static List<String> wanted(
      List<CtStep> steps, ConnectionTable before, ConnectionTable after, Map<String, Integer> visits) {
    List<String> out = new ArrayList<>();
    for (CtStep s : steps) {
      String zone = zoneOf(s);
      int n = visits.merge(zone, 1, Integer::sum);
      ConnectionTable table = n == 1 ? before : after;
      out.add(FiveTuple.of(s.packet()).map(t -> flags(table.find(zone, t))).orElse("new"));
    }
    return out;
  }

  /**
   * nv's zone for a step: the switch port, or a router's SNAT zone for {@code ct_snat*} and its
   * DNAT zone otherwise (a step's datapath is a router when its port is a router port, which no
   * switch port shares a name with).
   */
  private static String zoneOf(CtStep s) {
    if (s.header().startsWith("ct_snat")) {
      return zone(s.datapath(), "snat");
    }
    if (s.header().startsWith("ct_dnat") || s.header().startsWith("ct_commit")) {
      return zone(s.datapath(), "dnat");
    }
    return s.port();
  }

  private static String flags(Optional<ConnectionTable.Hit> hit) {
    if (hit.isEmpty()) {
      return "new";
    }
    return hit.get().reply() ? "est,rpl" : "est";
  }

  /**
   * The backend nv sends the packet to, if nv load-balances it at its entry: the NAT of the
   * connection its tuple opens (or continues) in the entry port's zone.
   */
  static Optional<LbDst> lbDst(String port, Packet packet, ConnectionTable after) {
    Optional<FiveTuple> tuple = FiveTuple.of(packet);
    if (tuple.isEmpty()) {
      return Optional.empty();
    }
    for (Connection c : after.inZone(port)) {
      if (c.isNatted() && c.original().equals(tuple.get())) {
        return Optional.of(new LbDst(c.translated().dst(), c.translated().dstPort()));
      }
    }
    return Optional.empty();
  }
}
