package io.nv.conformance.ovn;

import com.google.common.collect.ImmutableList;
import io.nv.conformance.ovn.SummaryTrace.CtStep;
import io.nv.conformance.ovn.SummaryTrace.LbDst;
import io.nv.model.Topology;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Connection;
import io.nv.model.semantics.ConnectionTable;
import io.nv.model.semantics.FiveTuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks {@code ovn-trace} for the verdict on one packet, telling it the connection state nv's
 * reference semantics holds. {@code ovn-trace} keeps no conntrack table: each conntrack step takes
 * the next {@code --ct} flags. The judge finds the steps by tracing, gives each the state its zone
 * (the step's logical port) has for the packet as it is there — {@code new}, {@code est}, or
 * {@code est,rpl} — and traces again until the flags given are the flags the steps need (a
 * different state can change the path, and so the steps). When nv load-balances the packet, the
 * judge passes the chosen backend as {@code --lb-dst}, so both pick the same one.
 *
 * <pre>{@code
 * OvnJudge judge = new OvnJudge(sandbox, topology);
 * OvnJudge.Judgement j = judge.judge("web1", packet, tableBefore, tableAfter);
 * j.verdict();    // delivered to app1
 * j.command();    // ovn-trace --summary --ct=new --ct=new 'inport == "web1" && …'
 * }</pre>
 */
final class OvnJudge {
  private static final int MAX_ROUNDS = 6;

  private final OvnSandbox ovn;
  private final Topology topology;
  private int traces;
  private long nanos;

  OvnJudge(OvnSandbox ovn, Topology topology) {
    this.ovn = ovn;
    this.topology = topology;
  }

  /**
   * The verdict, the trace it comes from and the options that produced it.
   *
   * @param verdict ovn-trace's verdict
   * @param options the options of the last trace ({@code --ct}, {@code --lb-dst})
   * @param microflow the microflow traced
   * @param text the last trace's output
   * @param trace the parsed trace
   * @param faithful false when ovn-trace cannot give every conntrack step the state it should
   *     have: it ORs a {@code ct_lb} step's flags into the state the packet carries from earlier
   *     steps, so a step that should see {@code est} after one that saw {@code new} sees both
   * @param returnTrip for a reply a router built whose way back ovn-trace could not simulate in
   *     the same trace, the judgement on that way back, traced on its own
   */
  record Judgement(
      OvnVerdict verdict,
      ImmutableList<String> options,
      String microflow,
      String text,
      SummaryTrace trace,
      boolean faithful,
      Optional<Judgement> returnTrip) {
    /** The command to rerun the trace by hand (the database option left out). */
    String command() {
      return "ovn-trace " + String.join(" ", options) + " '" + microflow + "'"
          + returnTrip.map(r -> "\n  return trip: " + r.command()).orElse("");
    }
  }

  /** How many times ovn-trace ran, and for how long in all. */
  int traces() {
    return traces;
  }

  long traceNanos() {
    return nanos;
  }

  /**
   * The judgement on {@code packet} entering at {@code port}, with nv's connection table before
   * the packet and after it.
   */
  Judgement judge(String port, Packet packet, ConnectionTable before, ConnectionTable after) {
    Judgement j = trace(port, packet, before, after, lbDst(port, packet, after));
    if (j.faithful() || j.trace().returnTrip().isEmpty()) {
      return j;
    }
    boolean requestFaithful = true;
    List<String> flags = flagsOf(j.options());
    List<Set<String>> effective = effective(j.trace().ctSteps(), flags);
    for (int i = 0; i < j.trace().ctSteps().size(); i++) {
      CtStep s = j.trace().ctSteps().get(i);
      if (!s.onReturn() && !s.generated() && s.lb() && !effective.get(i).equals(parse(flag(flags, i)))) {
        requestFaithful = false;
      }
    }
    if (!requestFaithful) {
      return j;
    }
    // The reply's way back, on its own: it meets the connection its request committed.
    SummaryTrace.ReturnTrip back = j.trace().returnTrip().get();
    Judgement r = trace(back.inport(), back.packet(), after, after, Optional.empty());
    OvnVerdict v =
        r.verdict().equals(OvnVerdict.delivered(List.of(port))) ? OvnVerdict.REPLIED : r.verdict();
    return new Judgement(v, j.options(), j.microflow(), j.text(), j.trace(), r.faithful(), Optional.of(r));
  }

  private Judgement trace(
      String port, Packet packet, ConnectionTable before, ConnectionTable after, Optional<LbDst> lbDst) {
    String microflow = Microflows.of(topology, port, packet);
    String first = FiveTuple.of(packet).map(t -> flags(before.find(port, t))).orElse("new");
    List<String> flags = new ArrayList<>(List.of(first, first, first, first));
    Judgement last = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<String> options = new ArrayList<>(List.of("--summary"));
      flags.forEach(f -> options.add("--ct=" + f));
      lbDst.ifPresent(d -> options.add(d.option()));
      long t0 = System.nanoTime();
      String text = ovn.trace(options, microflow);
      nanos += System.nanoTime() - t0;
      traces++;
      SummaryTrace trace = SummaryTrace.parse(text, port, packet, lbDst);
      List<String> wanted = wanted(trace.ctSteps(), before, after);
      last =
          new Judgement(
              trace.verdict(), ImmutableList.copyOf(options), microflow, text, trace,
              faithful(trace.ctSteps(), flags), Optional.empty());
      if (agrees(flags, wanted)) {
        return last;
      }
      flags = wanted;
    }
    return Objects.requireNonNull(last);
  }

  private static List<String> flagsOf(List<String> options) {
    return options.stream().filter(o -> o.startsWith("--ct=")).map(o -> o.substring(5)).toList();
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

  /**
   * The state each step's zone holds for the packet there: the table before the packet for a
   * zone's first step, the table after it for later ones (so a reply meets the commit an earlier
   * step of the same trace made, as a router's echo reply meets its request's).
   */
  static List<String> wanted(List<CtStep> steps, ConnectionTable before, ConnectionTable after) {
    Map<String, Integer> visits = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (CtStep s : steps) {
      int n = visits.merge(s.port(), 1, Integer::sum);
      ConnectionTable table = n == 1 ? before : after;
      out.add(FiveTuple.of(s.packet()).map(t -> flags(table.find(s.port(), t))).orElse("new"));
    }
    return out;
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
