package io.nv.conformance.ovn;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code ovn-trace --summary} output: a tree of pipelines ({@code ingress(dp=…, inport=…)},
 * {@code egress(…)}), conntrack forks ({@code ct_next(ct_state=…)}, {@code ct_lb_mark}) and actions.
 * Walking it in execution order gives the packet's fate as an {@link OvnVerdict}, and every
 * conntrack step with the zone (logical port) it ran in and the packet as it was there, so the
 * caller can tell {@code ovn-trace} which {@code --ct} state each step should see.
 *
 * <p>The verdict follows nv's rule for copies: delivered if any copy is delivered (to a port
 * other than the entry, or to the entry without being turned into a reply); otherwise the fate of
 * the first copy in outport order, a copy that ends without output being dropped. A flood's copy
 * back to its own inport (which OVS never outputs) is no copy, as nv floods none there; copies to
 * router-type ports count after the others, as nv floods none there either. Packets that OVN
 * builds ({@code tcp_reset}, {@code icmp4}, {@code arp} …) are the controller's answers: {@code
 * punted (reject)}, {@code punted (icmp-time-exceeded)}, {@code punted (arp-request)}.
 *
 * <p>A trace may end in a {@link Continuation}, where the packet's path goes on but this trace no
 * longer follows it faithfully: where a unicast IP packet crosses into the next datapath (OVN's
 * physical tables clear conntrack state, flags and registers there, ovn-trace carries them over),
 * and where a router un-NATs a reply ({@code ct_snat}/{@code ct_dnat} without an address, which
 * ovn-trace treats as "no entry, no change"; the {@link Context} says what nv's connection table
 * translates). The judge traces the continuation on its own.
 *
 * <pre>{@code
 * SummaryTrace t = SummaryTrace.parse(text, "web1", packet, Optional.empty());
 * t.verdict();   // delivered to app1
 * t.ctSteps();   // [ingress web1: 10.0.1.11:40000 > 10.0.2.21:8080 tcp (new|trk), …]
 * }</pre>
 */
final class SummaryTrace {
  /**
   * One conntrack step of the trace.
   *
   * @param datapath the datapath (switch or router id) it ran in
   * @param ingress whether it ran in an ingress pipeline (its zone is the inport) or egress
   * @param port the pipeline's logical port (the inport at ingress, the outport at egress): the
   *     zone of a switch's step
   * @param packet the packet as it was at the step
   * @param header the step as printed
   * @param lb whether it is a {@code ct_lb}/{@code ct_lb_mark} step, which ovn-trace ORs into the
   *     state the packet already has instead of replacing it
   * @param parent the index of the conntrack step before it on its path, or -1
   * @param cleared whether a {@code ct_clear} came between that step and this one
   * @param onReturn whether the packet was a reply OVN built (an echo reply) by then
   * @param generated whether it belongs to a packet OVN generated (a reset, an ICMP error), whose
   *     fate is not part of the verdict
   */
  record CtStep(
      String datapath, boolean ingress, String port, Packet packet, String header, boolean lb, int parent, boolean cleared,
      boolean onReturn, boolean generated) {
    @Override
    public String toString() {
      return (ingress ? "ingress " : "egress ") + datapath + "/" + port + ": " + header;
    }
  }

  /** A load balancer destination given with {@code --lb-dst}. */
  record LbDst(IpAddress address, int port) {
    String option() {
      return "--lb-dst=" + (address.version() == 6 ? "[" + address + "]" : address) + ":" + port;
    }
  }

  private static final Pattern OUTPUT = Pattern.compile("/\\* output to \"([^\"]*)\", type \"([^\"]*)\" \\*/");
  private static final Pattern PIPELINE =
      Pattern.compile("(ingress|egress)\\(dp=\"([^\"]*)\", inport=\"([^\"]*)\"(?:, outport=\"([^\"]*)\")?\\)");
  private static final Pattern SNAT_TO_VIP = Pattern.compile("/\\* nat\\(src=\\[?([0-9a-f.:]+)\\]?(?::[0-9]+)?\\) \\*/");
  private static final Pattern ASSIGN = Pattern.compile("([a-z0-9_.]+) = ([^;]+)");
  private static final Pattern MAC_BINDING = Pattern.compile("/\\* MAC binding to ([0-9a-f:]+)\\. \\*/");
  private static final Pattern GROUP = Pattern.compile("reg8\\[0\\.\\.15\\] = ([0-9]+)");
  private static final Pattern SELECT_IDS = Pattern.compile("= select\\(([0-9=, ]+)\\)");
  private static final Pattern SELECT = Pattern.compile("^select: [^ ]+ = ([0-9]+)");
  private static final Pattern NEXT_HOP = Pattern.compile("x?x?reg0 = ([0-9a-f.:]+)");
  private static final Pattern SWAP = Pattern.compile("([a-z0-9_.]+) <-> ([a-z0-9_.]+)");
  private static final Set<String> GENERATED =
      Set.of("tcp_reset", "icmp4", "icmp6", "icmp4_error", "icmp6_error", "arp", "nd_ns", "nd_na",
          "nd_na_router", "sctp_abort", "reject");

  /**
   * Where the packet's path goes on after this trace stops following it.
   *
   * @param inport the logical port the packet enters next (a switch or router port)
   * @param packet the packet as it enters there
   * @param reply whether OVN has turned the packet into a reply (an echo reply) by then
   * @param why {@code patch} (the next datapath), {@code un-snat} or {@code un-dnat}
   */
  record Continuation(String inport, Packet packet, boolean reply, String why) {}

  /**
   * A {@code select} action (ECMP): the group it chose for, the member id, the ids it could
   * choose, and the next hop the chosen member loads ({@code reg0}/{@code xxreg0}), if seen.
   */
  record Select(String datapath, int group, int id, ImmutableList<Integer> ids, boolean random, @Nullable IpAddress nextHop) {}

  /** What the trace needs from the topology and nv's connection state. */
  interface Context {
    /**
     * Whether the trace stops where the packet crosses into the next datapath (the judge's
     * passes), or reads the whole path as one ovn-trace run shows it.
     */
    default boolean cutsAtDatapaths() {
      return true;
    }

    /** Whether {@code datapath} is a router. */
    boolean isRouter(String datapath);

    /** Whether {@code port} is a router-type switch port. */
    boolean isRouterTypePort(String port);

    /** The switch port linked to router port {@code routerPort}. */
    Optional<String> switchPortOf(String routerPort);

    /** The packet after router {@code router}'s un-SNAT, if nv has it as a reply of a SNAT connection. */
    Optional<Packet> unSnat(String router, Packet p);

    /** The packet after router {@code router}'s un-DNAT, if nv has it as a reply of a DNAT connection. */
    Optional<Packet> unDnat(String router, Packet p);

    /** The whole path as one ovn-trace run shows it; no topology: nothing is a router, nothing is un-NATed. */
    Context NONE =
        new Context() {
          @Override
          public boolean cutsAtDatapaths() {
            return false;
          }

          @Override
          public boolean isRouter(String datapath) {
            return false;
          }

          @Override
          public boolean isRouterTypePort(String port) {
            return false;
          }

          @Override
          public Optional<String> switchPortOf(String routerPort) {
            return Optional.empty();
          }

          @Override
          public Optional<Packet> unSnat(String router, Packet p) {
            return Optional.empty();
          }

          @Override
          public Optional<Packet> unDnat(String router, Packet p) {
            return Optional.empty();
          }
        };
  }

  private final ImmutableList<CtStep> ctSteps;
  private final OvnVerdict verdict;
  private final ImmutableList<String> errors;
  private final Optional<Continuation> continuation;
  private final ImmutableList<Select> selects;
  private final ImmutableList<String> rejectsAtRouterPorts;
  private Optional<String> incomplete = Optional.empty();

  private SummaryTrace(
      ImmutableList<CtStep> ctSteps,
      OvnVerdict verdict,
      ImmutableList<String> errors,
      Optional<Continuation> continuation,
      ImmutableList<Select> selects,
      ImmutableList<String> rejectsAtRouterPorts) {
    this.ctSteps = ctSteps;
    this.verdict = verdict;
    this.errors = errors;
    this.continuation = continuation;
    this.selects = selects;
    this.rejectsAtRouterPorts = rejectsAtRouterPorts;
  }

  /** Where the packet's path goes on past this trace, if it does (the verdict is then the continuation's). */
  Optional<Continuation> continuation() {
    return continuation;
  }

  /**
   * Why ovn-trace stopped short of what OVN does, if it did: {@code commit_lb_aff} (a load
   * balancer's affinity learning) ends ovn-trace's pipeline, where OVN goes on to the next table.
   */
  Optional<String> incomplete() {
    return incomplete;
  }

  /** The ECMP selections, in execution order. */
  ImmutableList<Select> selects() {
    return selects;
  }

  /** The router-type ports whose egress answered a flooded copy with a packet OVN built (a reject). */
  ImmutableList<String> rejectsAtRouterPorts() {
    return rejectsAtRouterPorts;
  }

  /** The conntrack steps, in execution order (each consumed one {@code --ct} value). */
  ImmutableList<CtStep> ctSteps() {
    return ctSteps;
  }

  /** The packet's fate. */
  OvnVerdict verdict() {
    return verdict;
  }

  /** ovn-trace's own complaints ({@code *** …}), which make a trace meaningless. */
  ImmutableList<String> errors() {
    return errors;
  }

  // ---- the tree ----

  private static final class Node {
    final String header;
    final List<Object> children = new ArrayList<>();

    Node(String header) {
      this.header = header;
    }
  }

  /**
   * Parses {@code text}, the output of {@code ovn-trace --summary} for {@code packet} at {@code
   * entry}, as the one run shows the whole path (no continuation).
   */
  static SummaryTrace parse(String text, String entry, Packet packet, Optional<LbDst> lbDst) {
    return parse(text, entry, entry, packet, false, lbDst, Context.NONE);
  }

  /**
   * Parses {@code text}, the output of {@code ovn-trace --summary} for {@code packet} entering at
   * {@code inport}, one segment of the path of a packet that entered the topology at {@code
   * entry}; {@code reply} tells whether OVN had turned it into a reply already.
   */
  static SummaryTrace parse(
      String text, String entry, String inport, Packet packet, boolean reply, Optional<LbDst> lbDst, Context context) {
    Node root = new Node("");
    List<Node> stack = new ArrayList<>(List.of(root));
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Node top = stack.get(stack.size() - 1);
      if (line.equals("};") || line.equals("}")) {
        if (stack.size() > 1) {
          stack.remove(stack.size() - 1);
        }
      } else if (line.endsWith("{")) {
        Node n = new Node(line.substring(0, line.length() - 1).strip());
        top.children.add(n);
        stack.add(n);
      } else {
        top.children.add(line.endsWith(";") ? line.substring(0, line.length() - 1) : line);
      }
    }
    Walker w = new Walker(entry, inport, lbDst, context);
    State start = new State(packet);
    start.reply = reply;
    w.walk(root, start);
    SummaryTrace t =
        new SummaryTrace(
            ImmutableList.copyOf(w.ct), w.verdict(), ImmutableList.copyOf(w.errors), Optional.ofNullable(w.continuation),
            ImmutableList.copyOf(w.selects), ImmutableList.copyOf(w.rejectsAtRouterPorts));
    t.incomplete = Optional.ofNullable(w.incomplete);
    return t;
  }

  /** What a path through the tree carries: the packet and where it is. */
  private static final class State {
    Packet packet;
    boolean ingress = true;
    String datapath = "";
    String inport = "";
    String outport = "";
    /** Inside a multicast group's copies. */
    boolean multicast;
    /** Right after an output to a patch port: the next ingress is the peer datapath's. */
    boolean afterPatch;
    /** The ECMP group the last {@code reg8[0..15] = G} loaded, and the ids of the last select. */
    int group;
    ImmutableList<Integer> selectIds = ImmutableList.of();
    @Nullable String copy;
    boolean reply;
    boolean tracked;
    boolean generated;
    int lastCt = -1;
    boolean clearedSince;
    @Nullable LbDst pendingNat;
    /** Inside a select: the index of its {@link Select}, whose next hop is still to be seen. */
    int openSelect = -1;

    State(Packet packet) {
      this.packet = packet;
    }

    State fork() {
      State s = new State(packet);
      s.ingress = ingress;
      s.datapath = datapath;
      s.inport = inport;
      s.outport = outport;
      s.multicast = multicast;
      s.afterPatch = afterPatch;
      s.group = group;
      s.selectIds = selectIds;
      s.openSelect = openSelect;
      s.copy = copy;
      s.reply = reply;
      s.tracked = tracked;
      s.generated = generated;
      s.lastCt = lastCt;
      s.clearedSince = clearedSince;
      return s;
    }
  }

  /**
   * One fate.
   *
   * @param copy the outport of the first switch egress on the path, or null before any
   * @param verdict what happened to that copy
   */
  private record Event(@Nullable String copy, OvnVerdict verdict) {}

  private static final class Walker {
    final String entry;
    final String inport;
    final Context context;
    final @Nullable LbDst lbDst;
    boolean lbDstTaken;
    final List<CtStep> ct = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Set<String> deliveries = new TreeSet<>();
    /** First-level copies, in trace order, with whether they went to a router-type port. */
    final Map<String, Boolean> copies = new LinkedHashMap<>();
    /** First-level copies a multicast group made back to the inport, which OVS never outputs. */
    final Set<String> selfCopies = new LinkedHashSet<>();
    final List<Select> selects = new ArrayList<>();
    final List<String> rejectsAtRouterPorts = new ArrayList<>();
    @Nullable Continuation continuation;
    @Nullable String incomplete;

    Walker(String entry, String inport, Optional<LbDst> lbDst, Context context) {
      this.entry = entry;
      this.inport = inport;
      this.context = context;
      this.lbDst = lbDst.orElse(null);
    }

    void cut(Continuation c) {
      if (continuation == null) {
        continuation = c;
      } else {
        errors.add("*** (nv) a second continuation: " + c);
      }
    }

    void walk(Node node, State s) {
      for (Object child : node.children) {
        if (child instanceof String leaf) {
          leaf(leaf, s);
        } else {
          node((Node) child, s);
        }
      }
    }

    void node(Node n, State parent) {
      LbDst nat = parent.pendingNat;
      parent.pendingNat = null;
      State s = parent.fork();
      String h = n.header;
      Matcher pipe = PIPELINE.matcher(h);
      String word = h.split("[ (]", 2)[0];
      if (pipe.matches()) {
        boolean ingress = pipe.group(1).equals("ingress");
        if (ingress && s.afterPatch && !s.generated && !s.multicast && s.packet.ip().isPresent()
            && context.cutsAtDatapaths()) {
          // Into the next datapath: OVN clears conntrack state, flags and registers here, and
          // ovn-trace does not; the judge traces the rest on its own.
          cut(new Continuation(pipe.group(3), s.packet, s.reply, "patch"));
          return;
        }
        s.afterPatch = false;
        s.ingress = ingress;
        s.datapath = pipe.group(2);
        s.inport = pipe.group(3);
        s.outport = pipe.group(4) == null ? "" : pipe.group(4);
        if (!s.ingress && s.copy == null && !s.generated) {
          s.copy = s.outport;
          if (s.multicast && s.outport.equals(inport)) {
            selfCopies.add(s.outport);
          } else {
            copies.putIfAbsent(s.outport, context.isRouterTypePort(s.outport));
          }
        }
      } else if (word.equals("multicast")) {
        s.multicast = true;
      } else if (word.equals("select:")) {
        Matcher m = SELECT.matcher(h);
        if (m.find()) {
          selects.add(
              new Select(s.datapath, s.group, Integer.parseInt(m.group(1)), s.selectIds, h.contains("Randomly"), null));
          s.openSelect = selects.size() - 1;
        }
      } else if (word.startsWith("ct_")) {
        boolean consumes =
            word.startsWith("ct_next")
                || (word.startsWith("ct_lb") && s.packet.ip().isPresent())
                || !s.tracked;
        if (nat != null && word.startsWith("ct_lb")) {
          s.packet = dnat(s.packet, nat);
        }
        applyNatHeader(h, s);
        if (consumes && s.packet.ip().isPresent()) {
          ct.add(
              new CtStep(
                  s.datapath, s.ingress, s.ingress ? s.inport : s.outport, s.packet, h, word.startsWith("ct_lb"),
                  s.lastCt, s.clearedSince, s.reply, s.generated));
          s.lastCt = ct.size() - 1;
          s.clearedSince = false;
        }
        s.tracked = true;
        if (!s.generated && s.packet.ip().isPresent() && context.isRouter(s.datapath)) {
          if (s.ingress && word.startsWith("ct_snat") && h.contains("assuming no un-snat entry")) {
            Optional<Packet> back = context.unSnat(s.datapath, s.packet);
            if (back.isPresent()) {
              // ovn-trace keeps no NAT entries: the reply nv un-SNATs starts the router again.
              cut(new Continuation(s.inport, back.get(), s.reply, "un-snat"));
              return;
            }
          }
          if (!s.ingress && word.startsWith("ct_dnat") && h.contains("assuming no un-dnat entry")) {
            Optional<Packet> back = context.unDnat(s.datapath, s.packet);
            Optional<String> next = context.switchPortOf(s.outport);
            if (back.isPresent() && next.isPresent()) {
              // An un-DNATed reply skips SNAT and leaves for the linked switch.
              cut(new Continuation(next.get(), back.get(), s.reply, "un-dnat"));
              return;
            }
          }
        }
      } else if (GENERATED.contains(word)) {
        if (!s.generated) {
          events.add(new Event(s.copy, OvnVerdict.punted(reason(n))));
          if (s.copy != null && context.isRouterTypePort(s.copy) && s.multicast) {
            rejectsAtRouterPorts.add(s.copy);
          }
        }
        s.generated = true;
      }
      walk(n, s);
    }

    void leaf(String l, State s) {
      Matcher snat = SNAT_TO_VIP.matcher(l);
      if (snat.matches()) {
        Optional<IpAddress> a = IpAddress.tryParse(snat.group(1));
        if (a.isPresent() && s.packet.ip().isPresent()) {
          s.packet = s.packet.withIpSrc(a.get());
        }
        return;
      }
      Matcher out = OUTPUT.matcher(l);
      if (out.find()) {
        String port = out.group(1);
        if (out.group(2).equals("patch")) {
          s.afterPatch = true;
          return;
        }
        if (s.generated) {
          return;
        }
        if (port.equals(entry) && s.reply) {
          events.add(new Event(s.copy, OvnVerdict.REPLIED));
        } else {
          deliveries.add(port);
          events.add(new Event(s.copy, OvnVerdict.delivered(List.of(port))));
        }
        return;
      }
      if (l.startsWith("***")) {
        errors.add(l);
        return;
      }
      if (s.generated) {
        return;
      }
      if (l.equals("drop") || l.startsWith("/* omitting output")) {
        events.add(new Event(s.copy, OvnVerdict.DROPPED));
        return;
      }
      if (l.startsWith("commit_lb_aff(")) {
        incomplete = "ovn-trace ends the pipeline at commit_lb_aff, where OVN goes on";
        return;
      }
      Matcher binding = MAC_BINDING.matcher(l);
      if (binding.matches()) {
        s.packet = s.packet.withEthDst(MacAddress.parse(binding.group(1)));
        return;
      }
      if (l.equals("/* No MAC binding. */")) {
        s.packet = s.packet.withEthDst(MacAddress.parse("00:00:00:00:00:00"));
        return;
      }
      Matcher group = GROUP.matcher(l);
      if (group.matches()) {
        s.group = Integer.parseInt(group.group(1));
        return;
      }
      Matcher ids = SELECT_IDS.matcher(l);
      if (ids.find()) {
        ImmutableList.Builder<Integer> b = ImmutableList.builder();
        for (String id : Splitter.on(',').trimResults().omitEmptyStrings().split(ids.group(1))) {
          b.add(Integer.parseInt(id.contains("=") ? id.substring(0, id.indexOf('=')) : id));
        }
        s.selectIds = b.build();
        return;
      }
      Matcher hop = NEXT_HOP.matcher(l);
      if (hop.matches() && s.openSelect >= 0) {
        Select open = selects.get(s.openSelect);
        Optional<IpAddress> a = IpAddress.tryParse(hop.group(1));
        if (open.nextHop() == null && a.isPresent()) {
          selects.set(
              s.openSelect,
              new Select(open.datapath(), open.group(), open.id(), open.ids(), open.random(), a.get()));
        }
        return;
      }
      if (l.equals("ct_clear")) {
        s.tracked = false;
        s.clearedSince = true;
        return;
      }
      if (l.startsWith("ct_lb")) {
        s.pendingNat = lbTarget(l);
        return;
      }
      if (l.equals("ip.ttl--") && s.packet.ip().isPresent()) {
        s.packet = s.packet.withTtl(s.packet.ip().get().ttl() - 1);
        return;
      }
      Matcher swap = SWAP.matcher(l);
      if (swap.matches()) {
        Optional<Object> a = get(s.packet, swap.group(1));
        Optional<Object> b = get(s.packet, swap.group(2));
        if (a.isPresent() && b.isPresent()) {
          s.packet = set(set(s.packet, swap.group(1), b.get()), swap.group(2), a.get());
        }
        return;
      }
      Matcher assign = ASSIGN.matcher(l);
      if (assign.matches()) {
        String field = assign.group(1);
        String value = assign.group(2).strip();
        Optional<Object> v = get(s.packet, value);
        Object parsed = v.isPresent() ? v.get() : literal(value);
        if (parsed == null) {
          return;
        }
        if ((field.equals("icmp4.type") && parsed.equals(0))
            || (field.equals("icmp6.type") && parsed.equals(129))
            || (field.equals("arp.op") && parsed.equals(2))) {
          s.reply = true;
        }
        s.packet = set(s.packet, field, parsed);
      }
    }

    /** The --lb-dst a {@code ct_lb} action applies, as ovn-trace chooses it. */
    @Nullable LbDst lbTarget(String action) {
      if (lbDst == null) {
        return null;
      }
      int open = action.indexOf("(backends=");
      if (open < 0) {
        return lbDst; // without backends, ovn-trace always uses --lb-dst
      }
      if (lbDstTaken) {
        errors.add("*** (nv) a second ct_lb with backends: ovn-trace picks one at random");
        return null;
      }
      String list = action.substring(open + "(backends=".length(), action.indexOf(')', open));
      for (String b : Splitter.on(',').split(list)) {
        String addr = b.strip();
        int colon = addr.lastIndexOf(':');
        String ip = colon > 0 && !addr.startsWith("[") && addr.indexOf(':') == colon ? addr.substring(0, colon) : addr;
        if (addr.startsWith("[")) {
          ip = addr.substring(1, addr.indexOf(']'));
        }
        if (IpAddress.tryParse(ip).filter(lbDst.address()::equals).isPresent()) {
          lbDstTaken = true;
          return lbDst;
        }
      }
      errors.add("*** (nv) --lb-dst " + lbDst + " is not among " + list + ": ovn-trace picks one at random");
      return null;
    }

    OvnVerdict verdict() {
      if (!deliveries.isEmpty()) {
        return OvnVerdict.delivered(deliveries);
      }
      // A reply reaching the entry (from the switch's or a router's ARP responder, a router's echo
      // reply) is the packet's answer, whatever other copies of a flood met.
      if (events.stream().anyMatch(e -> e.verdict().equals(OvnVerdict.REPLIED))) {
        return OvnVerdict.REPLIED;
      }
      // The fate of the first copy, in outport order; copies to router-type ports count last,
      // since nv floods no copy to a router, and copies back to the inport not at all.
      Map<String, OvnVerdict> byCopy = new LinkedHashMap<>();
      OvnVerdict beforeCopies = null;
      for (Event e : events) {
        if (e.copy() == null) {
          if (beforeCopies == null) {
            beforeCopies = e.verdict();
          }
        } else {
          byCopy.putIfAbsent(e.copy(), e.verdict());
        }
      }
      if (copies.isEmpty()) {
        return beforeCopies == null ? OvnVerdict.DROPPED : beforeCopies;
      }
      Set<String> order = new LinkedHashSet<>();
      copies.entrySet().stream().filter(c -> !c.getValue()).map(Map.Entry::getKey).sorted().forEach(order::add);
      copies.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().forEach(order::add);
      String first = order.iterator().next();
      return byCopy.getOrDefault(first, OvnVerdict.DROPPED);
    }
  }

  private static String reason(Node n) {
    String word = n.header.split("[ (]", 2)[0];
    if (word.equals("arp") || word.equals("nd_ns")) {
      return "arp-request";
    }
    for (Object c : n.children) {
      if (c instanceof String s
          && (s.equals("icmp4.type = 11") || s.equals("icmp6.type = 3"))) {
        return "icmp-time-exceeded";
      }
    }
    return "reject";
  }

  private static void applyNatHeader(String header, State s) {
    Matcher m = Pattern.compile("\\((ip[46])\\.(src|dst)=([0-9a-f.:]+)\\)").matcher(header);
    if (m.find()) {
      Optional<IpAddress> a = IpAddress.tryParse(m.group(3));
      if (a.isPresent()) {
        s.packet = m.group(2).equals("dst") ? s.packet.withIpDst(a.get()) : s.packet.withIpSrc(a.get());
      }
    }
  }

  private static Packet dnat(Packet p, LbDst to) {
    Packet q = p.withIpDst(to.address());
    return to.port() == 0 || p.l4().isEmpty() || p.icmp().isPresent() ? q : q.withL4Dst(to.port());
  }

  private static @Nullable Object literal(String v) {
    Optional<MacAddress> mac = MacAddress.tryParse(v);
    if (mac.isPresent()) {
      return mac.get();
    }
    Optional<IpAddress> ip = IpAddress.tryParse(v);
    if (ip.isPresent()) {
      return ip.get();
    }
    if (v.matches("[0-9]+")) {
      return Integer.parseInt(v);
    }
    return null;
  }

  private static Optional<Object> get(Packet p, String field) {
    return switch (field) {
      case "eth.src" -> Optional.of(p.ethSrc());
      case "eth.dst" -> Optional.of(p.ethDst());
      case "ip4.src", "ip6.src" -> p.ip().map(Packet.Ip::src);
      case "ip4.dst", "ip6.dst" -> p.ip().map(Packet.Ip::dst);
      default -> Optional.empty();
    };
  }

  private static Packet set(Packet p, String field, Object v) {
    try {
      return switch (field) {
        case "eth.src" -> v instanceof MacAddress m ? p.withEthSrc(m) : p;
        case "eth.dst" -> v instanceof MacAddress m ? p.withEthDst(m) : p;
        case "ip4.src", "ip6.src" -> v instanceof IpAddress a && p.ip().isPresent() ? p.withIpSrc(a) : p;
        case "ip4.dst", "ip6.dst" -> v instanceof IpAddress a && p.ip().isPresent() ? p.withIpDst(a) : p;
        case "ip.ttl" -> v instanceof Integer n && p.ip().isPresent() ? p.withTtl(n) : p;
        case "tcp.src", "udp.src" -> v instanceof Integer n && p.l4().isPresent() ? p.withL4Src(n) : p;
        case "tcp.dst", "udp.dst" -> v instanceof Integer n && p.l4().isPresent() ? p.withL4Dst(n) : p;
        case "icmp4.type", "icmp6.type" ->
            v instanceof Integer n && p.icmp().isPresent()
                ? new Packet.Builder().from(p).l4(new Packet.Icmp(n, p.icmp().get().code())).build()
                : p;
        default -> p;
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      return p; // a value the packet cannot hold (ovn-trace works on registers too)
    }
  }
}
