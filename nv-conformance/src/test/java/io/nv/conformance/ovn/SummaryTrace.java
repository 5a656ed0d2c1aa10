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
 * the first copy in outport order, a copy that ends without output being dropped. Packets that
 * OVN builds ({@code tcp_reset}, {@code icmp4}, {@code arp} …) are the controller's answers:
 * {@code punted (reject)}, {@code punted (icmp-time-exceeded)}, {@code punted (arp-request)}.
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
   * @param ingress whether it ran in an ingress pipeline (its zone is the inport) or egress
   * @param port the zone's logical port
   * @param packet the packet as it was at the step
   * @param header the step as printed
   * @param lb whether it is a {@code ct_lb}/{@code ct_lb_mark} step, which ovn-trace ORs into the
   *     state the packet already has instead of replacing it
   * @param parent the index of the conntrack step before it on its path, or -1
   * @param cleared whether a {@code ct_clear} came between that step and this one
   * @param onReturn whether the packet was a reply OVN built (see {@link ReturnTrip}) by then
   * @param generated whether it belongs to a packet OVN generated (a reset, an ICMP error), whose
   *     fate is not part of the verdict
   */
  record CtStep(
      boolean ingress, String port, Packet packet, String header, boolean lb, int parent, boolean cleared,
      boolean onReturn, boolean generated) {
    @Override
    public String toString() {
      return (ingress ? "ingress " : "egress ") + port + ": " + header;
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
  private static final Pattern SWAP = Pattern.compile("([a-z0-9_.]+) <-> ([a-z0-9_.]+)");
  private static final Set<String> GENERATED =
      Set.of("tcp_reset", "icmp4", "icmp6", "icmp4_error", "icmp6_error", "arp", "nd_ns", "nd_na",
          "nd_na_router", "sctp_abort", "reject");

  /**
   * Where a reply that OVN built re-enters a switch, and the reply as it is there.
   *
   * @param inport the switch port it enters from (a router-type port)
   * @param packet the reply
   */
  record ReturnTrip(String inport, Packet packet) {}

  private final ImmutableList<CtStep> ctSteps;
  private final OvnVerdict verdict;
  private final ImmutableList<String> errors;
  private final Optional<ReturnTrip> returnTrip;

  private SummaryTrace(
      ImmutableList<CtStep> ctSteps, OvnVerdict verdict, ImmutableList<String> errors, Optional<ReturnTrip> returnTrip) {
    this.ctSteps = ctSteps;
    this.verdict = verdict;
    this.errors = errors;
    this.returnTrip = returnTrip;
  }

  /** Where a reply built by a router (an echo reply) comes back into a switch, if one was built. */
  Optional<ReturnTrip> returnTrip() {
    return returnTrip;
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

  /** Parses {@code text}, the output of {@code ovn-trace --summary} for {@code packet} at {@code entry}. */
  static SummaryTrace parse(String text, String entry, Packet packet, Optional<LbDst> lbDst) {
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
    Walker w = new Walker(entry, lbDst);
    w.walk(root, new State(packet));
    return new SummaryTrace(
        ImmutableList.copyOf(w.ct), w.verdict(), ImmutableList.copyOf(w.errors), Optional.ofNullable(w.returnTrip));
  }

  /** What a path through the tree carries: the packet and where it is. */
  private static final class State {
    Packet packet;
    boolean ingress = true;
    String inport = "";
    String outport = "";
    @Nullable String copy;
    boolean reply;
    boolean tracked;
    boolean generated;
    int lastCt = -1;
    boolean clearedSince;
    @Nullable LbDst pendingNat;
    /** Set once the packet became a reply built by OVN (an echo reply, an ARP reply). */
    boolean builtReply;

    State(Packet packet) {
      this.packet = packet;
    }

    State fork() {
      State s = new State(packet);
      s.ingress = ingress;
      s.inport = inport;
      s.outport = outport;
      s.copy = copy;
      s.reply = reply;
      s.tracked = tracked;
      s.generated = generated;
      s.lastCt = lastCt;
      s.clearedSince = clearedSince;
      s.builtReply = builtReply;
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
    final @Nullable LbDst lbDst;
    boolean lbDstTaken;
    final List<CtStep> ct = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Set<String> deliveries = new TreeSet<>();
    /** First-level copies, in trace order, with whether they went into a patch port (a router). */
    final Map<String, Boolean> copies = new LinkedHashMap<>();
    @Nullable ReturnTrip returnTrip;

    Walker(String entry, Optional<LbDst> lbDst) {
      this.entry = entry;
      this.lbDst = lbDst.orElse(null);
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
        if (pipe.group(1).equals("ingress") && s.reply && !s.builtReply && !s.generated) {
          // The packet as a router sends its reply back into a switch: the judge can trace this
          // return trip on its own, where ovn-trace's conntrack state is not carried over.
          s.builtReply = true;
          if (returnTrip == null) {
            returnTrip = new ReturnTrip(pipe.group(3), s.packet);
          }
        }
        s.ingress = pipe.group(1).equals("ingress");
        s.inport = pipe.group(3);
        s.outport = pipe.group(4) == null ? "" : pipe.group(4);
        if (!s.ingress && s.copy == null && !s.generated) {
          s.copy = s.outport;
          copies.putIfAbsent(s.outport, false);
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
                  s.ingress, s.ingress ? s.inport : s.outport, s.packet, h, word.startsWith("ct_lb"),
                  s.lastCt, s.clearedSince, s.builtReply, s.generated));
          s.lastCt = ct.size() - 1;
          s.clearedSince = false;
        }
        s.tracked = true;
      } else if (GENERATED.contains(word)) {
        if (!s.generated) {
          events.add(new Event(s.copy, OvnVerdict.punted(reason(n))));
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
          if (s.copy != null && s.copy.equals(port)) {
            copies.put(port, true);
          }
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
      // The fate of the first copy, in outport order; copies into a router (patch) count last,
      // since nv floods no copy to a router.
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
