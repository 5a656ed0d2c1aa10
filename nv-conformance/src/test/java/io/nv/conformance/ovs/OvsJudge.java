package io.nv.conformance.ovs;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.export.openflow.OpenFlowExport;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.PuntReason;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostStep;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTraceText;
import io.nv.compiler.trace.HostTracer;
import io.nv.encap.codec.GeneveOption;
import io.nv.encap.keys.GenevePortOption;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.packet.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what nv's {@link HostTracer} says one packet does with what real Open vSwitch's {@code
 * ofproto/trace} says, host by host: the packet's entry host is traced with {@code in_port} the
 * entry interface's OpenFlow port, the packet's headers and, per conntrack pass, the state nv's
 * tracer found ({@code --ct-next}, in OVS's breadth-first order, {@link HostTrace#ctNext}); every
 * {@code tnl_push} is followed by tracing the receiving host with the tunnel's fields ({@code
 * in_port} its tunnel port, {@code tun_id}, {@code tun_src}, {@code tun_dst}, {@code
 * tun_metadata0}) and the pushed packet's headers.
 *
 * <p>Each host's part of the path ({@linkplain HostTrace segment}) is reduced on both sides to its
 * <em>effects</em>: every copy output to an interface with its headers as it leaves (an {@code
 * in_port} output is nv's reply), every packet to the controller with its reason byte ({@code
 * controller(userdata=00.00.00.RR)}, {@link OpenFlowExport#reasonCode}), every log record, every
 * tunnel push with its remote address, VNI, Geneve option value and inner headers. The two
 * multisets must be equal, segment by segment; nv's verdict is a function of its effects (the
 * physical differential property checks it against the logical tracer), so equal effects mean
 * the same verdict, output ports, encapsulation and rewritten headers. OVS must also take exactly
 * the conntrack states it was given (no pass on its default {@code trk|new}) and warn of nothing.
 *
 * <p>Select groups hash differently in OVS ({@code selection_method=hash}): nv's tracer is re-run
 * with OVS's choice of bucket at every group ({@link HostTracer#choosing}), and the rest of the
 * path must agree for that choice; that OVS's groups hold exactly nv's buckets is checked apart
 * ({@link OvsGroups}).
 *
 * <pre>{@code
 * OvsJudge judge = new OvsJudge(ovs, compilation, exports);
 * OvsJudge.Verdict v = judge.trace("web1", packet, state);
 * v.agrees();   // false: v.explain() shows both sides
 * }</pre>
 */
final class OvsJudge {
  private static final int MAX_ROUNDS = 4;

  private final OvsHarness ovs;
  private final Compilation compilation;
  private final HostTracer tracer;
  private final Map<String, Map<Long, String>> groupNames = new HashMap<>();
  private final Map<Ipv4Address, String> hostsByIp = new HashMap<>();

  /** A judge over {@code compilation}, whose hosts' exports {@code ovs} runs. */
  OvsJudge(OvsHarness ovs, Compilation compilation, Map<String, OpenFlowExport> exports) {
    this.ovs = ovs;
    this.compilation = compilation;
    this.tracer = HostTracer.of(compilation);
    exports.forEach((host, e) -> {
      Map<Long, String> names = new HashMap<>();
      for (Group g : e.host().groups()) {
        names.put((long) e.groupId(g.name()), g.name());
      }
      groupNames.put(host, names);
    });
    compilation.topology().topology().hosts()
        .forEach(h -> hostsByIp.put((Ipv4Address) h.tunnelIp(), h.id()));
  }

  /** What one side did on one host: the effects, sorted, as text. */
  record Effects(String host, ImmutableList<String> effects) {}

  /**
   * One host's OVS trace.
   *
   * @param nvSegment the nv segment it was matched with, -1 when nv has none
   * @param host the host
   * @param flow the flow traced
   * @param ctNext the conntrack states given
   * @param trace what OVS said
   * @param effects its effects, sorted
   * @param pushes the tunnel pushes with their inner packets, in order
   * @param picks the select groups' choices
   * @param problems what makes the trace unusable (default conntrack states, warnings)
   * @param children the traces of the hosts its pushes reach, in push order
   */
  record Segment(int nvSegment, String host, String flow, ImmutableList<String> ctNext,
      OvsTrace trace, ImmutableList<String> effects, ImmutableList<Push> pushes,
      ImmutableList<Pick> picks, ImmutableList<String> problems, ImmutableList<Segment> children) {}

  /** A tunnel push and the packet inside it. */
  record Push(DatapathAction.TunnelPush push, Packet inner, String effect) {}

  /** A select group's choice in an OVS trace. */
  record Pick(String host, String group, int bucket) {}

  /**
   * The comparison of one packet.
   *
   * @param nv nv's trace (with OVS's buckets when they differed from nv's hash)
   * @param ovs the entry host's OVS trace and those it led to
   * @param disagreements what differs; empty when both agree
   * @param untraceable why {@code ofproto/trace} cannot show this packet's real path (its
   *     conntrack simulation does not un-NAT nor keep the original tuple), if it cannot
   * @param rounds how many nv traces it took to follow OVS's buckets (1 when nv's hash agreed)
   */
  record Verdict(HostTrace nv, Segment ovs, ImmutableList<String> disagreements,
      Optional<String> untraceable, int rounds) {
    boolean agrees() {
      return disagreements.isEmpty();
    }

    String explain() {
      StringBuilder sb = new StringBuilder();
      disagreements.forEach(d -> sb.append("  ").append(d).append('\n'));
      sb.append("-- nv --\n").append(HostTraceText.render(nv, true));
      sb.append("-- ovs --\n");
      append(sb, ovs, 0);
      return sb.toString();
    }

    private static void append(StringBuilder sb, Segment s, int depth) {
      String in = "  ".repeat(depth);
      sb.append(in).append("ofproto/trace br-int '").append(s.flow()).append("'");
      s.ctNext().forEach(c -> sb.append(" --ct-next ").append(c));
      sb.append("   # host ").append(s.host()).append(", nv segment ").append(s.nvSegment()).append('\n');
      s.effects().forEach(e -> sb.append(in).append("  effect: ").append(e).append('\n'));
      for (String line : s.trace().raw().split("\n", -1)) {
        if (line.startsWith("Flow:") || line.startsWith("Datapath actions:") || line.startsWith("recirc(")
            || line.contains(">>") || line.contains("using bucket")) {
          sb.append(in).append("  | ").append(line.strip()).append('\n');
        }
      }
      s.children().forEach(c -> append(sb, c, depth + 1));
    }
  }

  /** The interface of {@code port} on {@code host}. */
  String iface(String host, String port) {
    return ovs.spec(host).port(port).interfaceName();
  }

  /** nv's tracer over the judge's compilation. */
  HostTracer tracer() {
    return tracer;
  }

  /**
   * Traces {@code packet} entering at {@code port} in nv (from {@code state}) and in OVS, and
   * compares them; when OVS's select groups chose other buckets than nv's hash, nv traces again
   * with OVS's choices.
   */
  Verdict trace(String port, Packet packet, HostConntrack state) {
    HostTrace nv = tracer.trace(port, packet, state);
    String host = nv.host(0);
    HostSpec spec = ovs.spec(host);
    String flow = "in_port=" + spec.port(port).ofport() + "," + OvsPackets.fields(packet);
    Segment s = segment(host, flow, 0, nv);
    int rounds = 1;
    while (rounds < MAX_ROUNDS && !samePicks(nv, s)) {
      Map<String, Deque<Integer>> forced = new HashMap<>();
      for (Pick p : picks(s)) {
        forced.computeIfAbsent(p.host() + "|" + p.group(), k -> new ArrayDeque<>()).add(p.bucket());
      }
      nv = tracer.choosing((h, g, hashed) -> {
        Deque<Integer> q = forced.get(h + "|" + g.name());
        Integer b = q == null ? null : q.poll();
        return b == null || b >= g.buckets().size() ? hashed : b;
      }).trace(port, packet, state);
      s = segment(host, flow, 0, nv);
      rounds++;
    }
    List<String> problems = new ArrayList<>();
    compare(nv, s, problems);
    verdict(nv, s, spec.port(port).interfaceName(), problems);
    if (!samePicks(nv, s)) {
      problems.add("buckets: nv " + nvPicks(nv) + ", ovs " + picks(s));
    }
    return new Verdict(nv, s, ImmutableList.copyOf(problems), untraceable(nv), rounds);
  }

  /**
   * Why {@code ofproto/trace} cannot follow {@code t}'s path, if it cannot: its conntrack
   * simulation applies only a {@code ct(nat(…))}'s own address (so a {@code ct(nat)} that un-NATs
   * a reply or re-applies a connection's NAT changes nothing there), and it never fills in the
   * connection's original tuple ({@code ct_nw_dst}, {@code ct_tp_dst}: the hairpin flows).
   */
  static Optional<String> untraceable(HostTrace t) {
    for (HostTrace.CtPass p : t.ctPasses()) {
      if (p.natFromTable()) {
        return Optional.of("ct(nat) rewrote the packet from its connection (zone " + p.zone() + " on "
            + p.host() + ")");
      }
    }
    for (HostStep s : t.steps()) {
      if (s.flow().isPresent()) {
        FlowMatch m = s.flow().get().match();
        if (m.find(Field.CT_IP4_DST) != null || m.find(Field.CT_IP6_DST) != null
            || m.find(Field.CT_L4_DST) != null) {
          return Optional.of("matched the connection's original tuple (" + s.flow().get().provenance() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private boolean samePicks(HostTrace nv, Segment s) {
    List<String> a = new ArrayList<>();
    nvPicks(nv).forEach(p -> a.add(p.toString()));
    List<String> b = new ArrayList<>();
    picks(s).forEach(p -> b.add(p.toString()));
    a.sort(null);
    b.sort(null);
    return a.equals(b);
  }

  private static List<Pick> nvPicks(HostTrace nv) {
    List<Pick> out = new ArrayList<>();
    nv.buckets().forEach(b -> out.add(new Pick(b.host(), b.group(), b.bucket())));
    return out;
  }

  private static List<Pick> picks(Segment s) {
    List<Pick> out = new ArrayList<>();
    collectPicks(s, out);
    return out;
  }

  private static void collectPicks(Segment s, List<Pick> out) {
    out.addAll(s.picks());
    s.children().forEach(c -> collectPicks(c, out));
  }

  // ---- OVS ----

  /** Traces {@code flow} on {@code host} with nv segment {@code nvSegment}'s states, and follows its pushes. */
  private Segment segment(String host, String flow, int nvSegment, HostTrace nv) {
    List<String> ctNext = new ArrayList<>();
    if (nvSegment >= 0) {
      nv.ctNext(nvSegment).forEach(state -> ctNext.add(ctNextText(state)));
    }
    OvsTrace t = ovs.trace(host, flow, ctNext.toArray(String[]::new));
    List<String> effects = new ArrayList<>();
    List<Push> pushes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (OvsTrace.Pass p : t.passes()) {
      if (p.header().contains("default ct_state")) {
        problems.add("OVS " + host + " ran a conntrack pass nv did not (" + p.header() + ")");
      }
      p.warnings().forEach(w -> problems.add("OVS " + host + " warns: " + w));
      Packet start;
      try {
        start = OvsPackets.packet(p.flow());
      } catch (RuntimeException e) {
        problems.add("cannot read the flow of pass " + p.index() + " on " + host + ": " + e.getMessage());
        continue;
      }
      replay(host, p.actions(), start, effects, pushes, problems);
    }
    List<Pick> picks = new ArrayList<>();
    for (OvsTrace.BucketChoice b : t.buckets()) {
      String name = groupNames.getOrDefault(host, Map.of()).get(b.group());
      if (name != null && isSelect(host, name)) {
        picks.add(new Pick(host, name, b.bucket()));
      }
    }
    List<Segment> children = new ArrayList<>();
    boolean[] used = new boolean[nv.tunnels().size()];
    for (Push push : pushes) {
      int matched = -1;
      for (int i = 0; i < nv.tunnels().size(); i++) {
        HostTrace.TunnelHop hop = nv.tunnels().get(i);
        if (!used[i] && hop.segment() == nvSegment && tunnelEffect(hop).equals(push.effect())) {
          matched = i;
          used[i] = true;
          break;
        }
      }
      String to = hostsByIp.get(push.push().remoteIp());
      if (to == null) {
        problems.add("OVS " + host + " pushed to " + push.push().remoteIp() + ", no host's address");
        continue;
      }
      HostSpec spec = ovs.spec(to);
      StringBuilder f = new StringBuilder("in_port=").append(spec.tunnel().ofport())
          .append(",tun_id=0x").append(Long.toHexString(push.push().vni()))
          .append(",tun_src=").append(push.push().localIp())
          .append(",tun_dst=").append(push.push().remoteIp());
      push.push().option(GenevePortOption.OPTION_CLASS, GenevePortOption.OPTION_TYPE)
          .ifPresent(o -> f.append(",tun_metadata0=0x").append(Long.toHexString(value(o))));
      f.append(',').append(OvsPackets.fields(push.inner()));
      children.add(segment(to, f.toString(), matched < 0 ? -1 : matched + 1, nv));
    }
    effects.sort(null);
    return new Segment(nvSegment, host, flow, ImmutableList.copyOf(ctNext), t,
        ImmutableList.copyOf(effects), ImmutableList.copyOf(pushes), ImmutableList.copyOf(picks),
        ImmutableList.copyOf(problems), ImmutableList.copyOf(children));
  }

  private boolean isSelect(String host, String group) {
    return compilation.host(host).group(group).map(g -> g.type() == Group.Type.SELECT).orElse(false);
  }

  /** Runs datapath actions over {@code p}, noting every effect. */
  private void replay(String host, List<DatapathAction> actions, Packet start, List<String> effects,
      List<Push> pushes, List<String> problems) {
    Packet p = start;
    for (DatapathAction a : actions) {
      try {
        if (a instanceof DatapathAction.SetHeader s) {
          p = OvsPackets.apply(p, s);
        } else if (a instanceof DatapathAction.PushVlan v) {
          p = OvsPackets.push(p, v);
        } else if (a instanceof DatapathAction.PopVlan) {
          p = p.withoutVlan();
        } else if (a instanceof DatapathAction.Output o) {
          if (o.bridge().equals(OvsHarness.INTEGRATION_BRIDGE)) {
            effects.add(outEffect(host, o.interfaceName(), p));
          }
        } else if (a instanceof DatapathAction.TunnelPush t) {
          String e = tunnelEffect(host, t.remoteIp(), t.vni(),
              t.option(GenevePortOption.OPTION_CLASS, GenevePortOption.OPTION_TYPE).map(OvsJudge::value),
              p);
          effects.add(e);
          pushes.add(new Push(t, p, e));
        } else if (a instanceof DatapathAction.Controller c) {
          int code = c.userdata().length() == 0 ? -1 : c.userdata().byteAt(c.userdata().length() - 1);
          String reason = reason(code);
          effects.add(host + (reason.equals("log") ? " log" : " punt " + reason));
        } else if (a instanceof DatapathAction.Userspace u) {
          effects.add(host + " userspace " + u.text());
        } else if (a instanceof DatapathAction.Clone c) {
          replay(host, c.actions(), p, effects, pushes, problems);
        }
      } catch (RuntimeException e) {
        problems.add("cannot replay " + a.text() + " on " + p + ": " + e.getMessage());
      }
    }
  }

  private static long value(GeneveOption o) {
    long v = 0;
    for (int i = 0; i < o.data().length(); i++) {
      v = v << 8 | o.data().byteAt(i);
    }
    return v;
  }

  private static String reason(int code) {
    for (PuntReason r : PuntReason.values()) {
      if (OpenFlowExport.reasonCode(r) == code) {
        return r.toString();
      }
    }
    return "code " + code;
  }

  // ---- nv ----

  private static String outEffect(String host, String iface, Packet p) {
    return host + " out " + iface + " " + p.withoutInport().withoutOutport();
  }

  private static String tunnelEffect(String host, Object remote, long vni, Optional<Long> option, Packet inner) {
    return host + " tunnel " + remote + " vni 0x" + Long.toHexString(vni)
        + option.map(o -> String.format(" option 0x%08x", o)).orElse("") + " " + inner.withoutInport().withoutOutport();
  }

  private static String tunnelEffect(HostTrace.TunnelHop hop) {
    return tunnelEffect(hop.from(), hop.remote(), hop.vni(),
        hop.option().isPresent() ? Optional.of(Integer.toUnsignedLong(hop.option().getAsInt())) : Optional.empty(),
        hop.inner());
  }

  /** nv's effects of segment {@code segment}, sorted. */
  static ImmutableList<String> nvEffects(HostTrace t, int segment) {
    List<String> out = new ArrayList<>();
    for (HostTrace.Exit e : t.exits(segment)) {
      switch (e.kind()) {
        case OUTPUT, REPLY -> out.add(outEffect(e.host(), e.where(), e.packet()));
        case PUNT -> out.add(e.host() + " punt " + e.where());
        case LOG -> out.add(e.host() + " log");
        case TUNNEL, DROP -> { }
      }
    }
    for (HostTrace.TunnelHop hop : t.tunnels()) {
      if (hop.segment() == segment) {
        out.add(tunnelEffect(hop));
      }
    }
    out.sort(null);
    return ImmutableList.copyOf(out);
  }

  private void compare(HostTrace nv, Segment s, List<String> problems) {
    problems.addAll(s.problems());
    if (s.nvSegment() < 0) {
      problems.add("OVS " + s.host() + " received a tunnel nv did not send: " + s.effects());
    } else {
      ImmutableList<String> want = nvEffects(nv, s.nvSegment());
      if (!want.equals(s.effects())) {
        problems.add("segment " + s.nvSegment() + " on " + s.host() + ": nv " + want + " but ovs " + s.effects());
      }
      int passes = (int) s.trace().passes().stream().filter(p -> p.header().contains("conntrack")).count();
      if (passes != s.ctNext().size()) {
        problems.add("segment " + s.nvSegment() + " on " + s.host() + ": nv has " + s.ctNext().size()
            + " conntrack passes, ovs " + passes);
      }
    }
    s.children().forEach(c -> compare(nv, c, problems));
  }

  /**
   * OVS's outcome in nv's verdict terms, through each host's {@code ports.json}: the logical ports
   * its outputs reach (interface → logical port), a reply out of the entry interface, a punt's
   * reason byte. A flood's copies may end differently (a punted copy beside delivered ones), so
   * only what the verdict implies is checked; the effects say the rest.
   */
  private void verdict(HostTrace nv, Segment s, String entryIface, List<String> problems) {
    List<String> outputs = new ArrayList<>();
    List<String> punts = new ArrayList<>();
    collectOutcome(s, outputs, punts);
    List<String> want = new ArrayList<>();
    String expected;
    if (nv.verdict() instanceof io.nv.model.semantics.Verdict.Delivered d) {
      d.outputs().forEach(o -> want.add(o.port()));
      expected = "delivered to " + want;
    } else if (nv.verdict() instanceof io.nv.model.semantics.Verdict.Replied) {
      want.add(nv.host(0) + " reply " + ovs.spec(nv.host(0)).port(entryIface).logical());
      expected = "a reply out of " + entryIface;
    } else {
      expected = nv.verdict().toString();
    }
    want.sort(null);
    List<String> got = new ArrayList<>();
    for (String o : outputs) {
      // "host iface": a reply when it leaves the entry interface of the entry host.
      List<String> hi = com.google.common.base.Splitter.on(' ').splitToList(o);
      String logical = ovs.spec(hi.get(0)).port(hi.get(1)).logical();
      boolean reply = nv.verdict() instanceof io.nv.model.semantics.Verdict.Replied
          && hi.get(0).equals(nv.host(0)) && hi.get(1).equals(entryIface);
      got.add(reply ? hi.get(0) + " reply " + logical : logical);
    }
    got.sort(null);
    boolean ok = nv.verdict() instanceof io.nv.model.semantics.Verdict.Punted p
        ? got.isEmpty() && punts.contains(p.reason())
        : got.equals(want);
    if (!ok) {
      problems.add("verdict: nv " + expected + ", ovs outputs " + got + (punts.isEmpty() ? "" : ", punts " + punts));
    }
  }

  private static void collectOutcome(Segment s, List<String> outputs, List<String> punts) {
    for (String e : s.effects()) {
      List<String> w = com.google.common.base.Splitter.on(' ').limit(4).splitToList(e);
      if (w.size() >= 3 && w.get(1).equals("out")) {
        outputs.add(w.get(0) + " " + w.get(2));
      } else if (w.size() >= 3 && w.get(1).equals("punt")) {
        punts.add(w.get(2));
      }
    }
    s.children().forEach(c -> collectOutcome(c, outputs, punts));
  }

  /** A {@code --ct-next} argument: {@code trk,est,rpl}. */
  static String ctNextText(int state) {
    List<String> names = new ArrayList<>();
    if ((state & CtState.TRK) != 0) {
      names.add("trk");
    }
    if ((state & CtState.NEW) != 0) {
      names.add("new");
    }
    if ((state & CtState.EST) != 0) {
      names.add("est");
    }
    if ((state & CtState.REL) != 0) {
      names.add("rel");
    }
    if ((state & CtState.RPL) != 0) {
      names.add("rpl");
    }
    if ((state & CtState.INV) != 0) {
      names.add("inv");
    }
    if ((state & CtState.SNAT) != 0) {
      names.add("snat");
    }
    if ((state & CtState.DNAT) != 0) {
      names.add("dnat");
    }
    return String.join(",", names);
  }
}
