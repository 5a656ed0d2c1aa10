package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.export.openflow.OpenFlowExport;
import io.nv.compiler.flow.CtState;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTracer;
import io.nv.io.Format;
import io.nv.io.TopologyDocuments;
import io.nv.io.export.OpenFlowFiles;
import io.nv.model.Topology;
import io.nv.model.l2.PortKind;
import io.nv.model.packet.Packet;
import io.nv.model.placement.Encapsulation;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Gen;
import io.nv.testkit.gen.PacketGens;
import io.nv.testkit.gen.Scenario;
import io.nv.testkit.gen.ScenarioGens;
import io.nv.testkit.gen.TopologyGens;
import io.nv.testkit.gen.TopologyShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.nv.compiler.trace.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * nv's host tables agree with real Open vSwitch: over generated topologies (tenants, switches,
 * connected and static routing with ECMP and policies, ACLs with conntrack, SNAT, DNAT and
 * floating IPs, load balancers, LOCALNET ports, gateways, several hosts, Geneve and VXLAN), every
 * host's export is written ({@link OpenFlowFiles#write}), checked offline ({@link OfCtl#checkFlows}:
 * {@code parse-flows} with no normalization, decode error, repeated or lost field) and loaded into
 * its own {@code ovs-vswitchd} (groups with {@code -O OpenFlow15}, flows with {@code --bundle}); the
 * loaded groups are nv's ({@link OvsGroups}). Then generated scenarios run through both (an
 * opening, its reply, later, unrelated and ARP packets), connection state carried from step to
 * step: nv's {@link HostConntrack}, and OVS told nv's state at each conntrack pass.
 *
 * <h2>Which packets are checked how</h2>
 *
 * <ul>
 *   <li><b>By trace, every packet</b> whose path {@code ofproto/trace} can show: {@link OvsJudge}
 *       traces the entry host and every host a tunnel push reaches, and the effects (outputs with
 *       their headers, punts with their reason, logs, tunnel pushes with VNI, option and inner
 *       headers) must equal nv's host by host. Select groups follow OVS's pick.
 *   <li><b>By injection instead</b>, the packets the trace cannot show ({@link
 *       OvsJudge#untraceable}): a reply or later packet that a {@code ct(nat)} rewrites from its
 *       connection (load-balancer un-DNAT and re-DNAT, router un-SNAT and un-DNAT) and the hairpin
 *       paths that match the connection's original tuple. Every scenario holding one is sent again
 *       as real frames ({@link OvsInjector}: {@code netdev-dummy/receive}, tunnels delivered
 *       between hosts, {@code tx_pcap} read back) on empty conntrack tables, all its steps in
 *       order, and what leaves every interface of every host must be what nv outputs, headers
 *       included.
 *   <li><b>By injection too</b>, every third scenario, as a check of the trace method itself.
 *   <li>Not injected (still traced): a packet nv finds new in some zone that OVS's userspace
 *       conntrack would refuse to start a connection with ({@code +inv}): TCP without a lone SYN,
 *       ICMP other than an echo request. nv's model ignores TCP flags (docs/semantics.md); real
 *       conntrack does not. nv's state then skips the packet too, so both sides see the same
 *       sequence. They are counted.
 * </ul>
 *
 * <p>Any disagreement fails the property with the seed, the topology (also written as YAML under
 * {@code target/ovs-disagreements/}), the scenario and both sides' explanations. The seed is fixed
 * ({@code -Dnv.seed=N} changes it); {@code -Dnv.ovs.topologies=N} and {@code -Dnv.ovs.scenarios=N}
 * change the counts. One harness runs the whole property: each topology's hosts reuse the daemons
 * of the last ({@link OvsHarness#reset}).
 */
@ExtendWith(OvsHarnessExtension.class)
class OvsAgreementProperties {
  static final TopologyShape SHAPE = new TopologyShape(2, 3, 4, 4, true, true);
  static final int TOPOLOGIES = Integer.getInteger("nv.ovs.topologies", 30);
  static final int SCENARIOS = Integer.getInteger("nv.ovs.scenarios", 20);

  @TempDir static Path exports;

  /** What the property counts. */
  static final class Tally {
    int topologies;
    int hosts;
    int flowFiles;
    long flows;
    int packets;
    int traced;
    int untraceable;
    int forcedBuckets;
    int injectedScenarios;
    int injected;
    int injectedUntraceable;
    int untraceableRefused;
    int notInjected;
    int enumerated;
    final Map<String, Integer> verdicts = new TreeMap<>();
    final Map<String, Integer> covered = new TreeMap<>();
    final Map<String, Integer> refused = new TreeMap<>();
    /** Injected although OVS labels their state otherwise ({@link #LABEL_ONLY}). */
    final Map<String, Integer> stateDiffers = new TreeMap<>();
    final List<String> disagreements = new ArrayList<>();

    void cover(String what) {
      covered.merge(what, 1, Integer::sum);
    }
  }

  @Test
  void nvAndRealOvsAgreeOnGeneratedTopologies(OvsHarness ovs) {
    long seed = Long.getLong("nv.seed", 0x6f76735f61677265L);
    SplittableRandom random = new SplittableRandom(seed);
    Gen<Topology> topologies =
        TopologyGens.topologies(SHAPE).filter(t -> !PacketGens.entryPorts(t).isEmpty());
    Tally tally = new Tally();
    long started = System.nanoTime();
    for (int i = 0; i < TOPOLOGIES; i++) {
      int size = 30 + (70 * i) / Math.max(1, TOPOLOGIES - 1);
      Topology t = topologies.generate(random, size);
      runTopology(ovs, seed, i, size, t, random, tally);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "OVS agreement (seed 0x%x): %d topologies, %d hosts, %d flow files (%d flows) checked offline and"
            + " loaded; %d packets: %d compared by trace (%d with OVS's bucket), %d untraceable by"
            + " ofproto/trace; %d scenarios injected, %d real packets (%d of them untraceable; %s of"
            + " them +new in OVS where nv says +est), %d not injected %s, %d matched another bucket;"
            + " verdicts %s; covering %s; %d disagreements; %.1f s%n",
        seed, tally.topologies, tally.hosts, tally.flowFiles, tally.flows, tally.packets, tally.traced,
        tally.forcedBuckets, tally.untraceable, tally.injectedScenarios, tally.injected,
        tally.injectedUntraceable, tally.stateDiffers, tally.notInjected, tally.refused, tally.enumerated, tally.verdicts,
        tally.covered, tally.disagreements.size(), seconds);
    try {
      Path report = Path.of("target", "ovs-disagreements.txt");
      Files.createDirectories(report.getParent());
      Files.writeString(report, String.join("\n\n========\n\n", tally.disagreements));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(tally.disagreements)
        .as(() -> String.join("\n\n========\n\n", tally.disagreements.subList(0, Math.min(3, tally.disagreements.size()))))
        .isEmpty();
    assertThat(tally.topologies).isGreaterThanOrEqualTo(20);
    assertThat(tally.packets).isGreaterThanOrEqualTo(1000);
    assertThat(tally.injectedUntraceable).as("untraceable packets checked by injection").isPositive();
    assertThat(tally.verdicts.keySet())
        .contains("delivered", "dropped", "replied", "punted (reject)", "punted (arp-request)");
    assertThat(tally.covered.keySet()).as("what the compared packets exercised").containsAll(COVERAGE);
  }

  /** What the compared packets must exercise between them. */
  static final List<String> COVERAGE = List.of(
      "tunnel", "geneve", "vxlan", "routed", "static route", "acl", "nat rule", "ct new", "ct est",
      "ct rpl", "snat", "dnat", "lb", "ecmp", "flood", "localnet", "log", "injected un-NAT",
      "injected tunnel", "several hosts");

  private static void runTopology(OvsHarness ovs, long seed, int index, int size, Topology t,
      SplittableRandom random, Tally tally) {
    ValidatedTopology valid = Validator.validate(t)
        .fold(e -> { throw new AssertionError("generated an invalid topology: " + e.toList()); }, v -> v);
    Compilation c = Compilation.of(valid)
        .fold(e -> { throw new AssertionError("keys ran out: " + e.toList()); }, x -> x);
    Map<String, OpenFlowExport> exported = new LinkedHashMap<>();
    try {
      for (String host : c.hosts()) {
        Path dir = exports.resolve("t" + index).resolve(host);
        exported.put(host, OpenFlowFiles.write(c.host(host), dir));
        tally.flows += OfCtl.checkFlows(dir.resolve("flows.txt")).flows();
        tally.flowFiles++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String host : c.hosts()) {
      ovs.reset(exports.resolve("t" + index).resolve(host));
      ovs.load(host);
      tally.hosts++;
    }
    for (String host : c.hosts()) {
      for (String p : OvsGroups.check(ovs, host, java.util.Objects.requireNonNull(exported.get(host)), t)) {
        tally.disagreements.add("GROUPS seed 0x" + Long.toHexString(seed) + " topology " + index + ": " + p);
      }
    }
    tally.topologies++;
    long busy = c.hosts().stream().filter(h -> !c.host(h).ports().ports().isEmpty()).count();
    OvsJudge judge = new OvsJudge(ovs, c, exported);
    OvsInjector injector = new OvsInjector(ovs, c.hosts());
    Gen<Scenario> scenarios = ScenarioGens.scenarios(t);
    for (int k = 0; k < SCENARIOS; k++) {
      Scenario s = scenarios.generate(random, size);
      String where = "seed 0x" + Long.toHexString(seed) + ", topology " + index + " (size " + size
          + "), scenario " + k;
      HostConntrack state = HostConntrack.empty();
      boolean inject = k % 3 == 0;
      int n = 0;
      for (Scenario.Step step : s.steps()) {
        n++;
        tally.packets++;
        OvsJudge.Verdict r = judge.trace(step.port(), step.packet(), state);
        state = r.nv().table();
        if (r.untraceable().isPresent()) {
          tally.untraceable++;
          inject = true;
          continue;
        }
        tally.traced++;
        if (r.rounds() > 1) {
          tally.forcedBuckets++;
        }
        if (!r.agrees()) {
          tally.disagreements.add(report("TRACE", where, n, s, t, index, r.explain()));
          continue;
        }
        tally.verdicts.merge(kind(r.nv().verdict()), 1, Integer::sum);
        cover(r.nv(), c, busy, tally);
      }
      if (inject) {
        inject(judge, injector, where, s, t, index, tally);
      }
    }
  }

  /** Sends every step of {@code s} as a real frame, from empty conntrack tables. */
  private static void inject(OvsJudge judge, OvsInjector injector, String where, Scenario s,
      Topology t, int index, Tally tally) {
    tally.injectedScenarios++;
    injector.flush();
    HostConntrack state = HostConntrack.empty();
    Set<String> answered = new HashSet<>();
    int n = 0;
    for (Scenario.Step step : s.steps()) {
      n++;
      OvsJudge.Verdict r = judge.trace(step.port(), step.packet(), state);
      HostTrace nv = r.nv();
      Optional<String> refused = refused(nv, step.packet(), answered, state);
      if (refused.isPresent() && LABEL_ONLY.contains(refused.get())) {
        // OVS calls the packet +new where nv says +est; neither's tables decide on that, so the
        // real frames must still do what nv says.
        tally.stateDiffers.merge(refused.get(), 1, Integer::sum);
        refused = Optional.empty();
      }
      if (refused.isPresent()) {
        tally.notInjected++;
        tally.refused.merge(refused.get(), 1, Integer::sum);
        if (r.untraceable().isPresent()) {
          tally.untraceableRefused++;
        }
        continue;
      }
      String host = nv.host(0);
      String iface = judge.iface(host, step.port());
      List<String> got = injector.send(host, iface, step.packet());
      List<String> want = OvsInjector.expected(nv);
      if (!got.equals(want)) {
        Optional<HostTrace> other = otherBuckets(judge.tracer(), step, state, got);
        if (other.isPresent()) {
          nv = other.get();
          want = got;
          tally.enumerated++;
        }
      }
      tally.injected++;
      if (r.untraceable().isPresent()) {
        tally.injectedUntraceable++;
      }
      if (!got.equals(want)) {
        tally.disagreements.add(report("INJECTION", where, n, s, t, index,
            "  real frames: " + got + "\n  nv outputs:  " + want + "\n" + r.explain()));
      } else {
        if (r.untraceable().isPresent() && nv.ctPasses().stream().anyMatch(HostTrace.CtPass::natFromTable)) {
          tally.cover("injected un-NAT");
        }
        if (!nv.tunnels().isEmpty() && !want.isEmpty()) {
          tally.cover("injected tunnel");
        }
      }
      state = nv.table();
      for (HostTrace.CtPass p : nv.ctPasses()) {
        if ((p.state() & CtState.RPL) != 0) {
          p.connection().ifPresent(c -> answered.add(key(p, c)));
        }
      }
    }
  }

  private static String key(HostTrace.CtPass p, Connection c) {
    return p.host() + "|" + p.zone() + "|" + c.original();
  }

  /**
   * The nv trace, over every combination of select-group buckets, whose outputs are {@code got},
   * if one is: a real packet's path may take a group the trace did not reach.
   */
  private static Optional<HostTrace> otherBuckets(HostTracer tracer, Scenario.Step step, HostConntrack state,
      List<String> got) {
    List<Integer> script = new ArrayList<>();
    for (int run = 0; run < 64; run++) {
      List<Integer> sizes = new ArrayList<>();
      List<Integer> taken = new ArrayList<>();
      List<Integer> fixed = List.copyOf(script);
      HostTrace t = tracer.choosing((h, g, hashed) -> {
        int k = taken.size();
        int b = k < fixed.size() ? fixed.get(k) : 0;
        taken.add(b);
        sizes.add(g.buckets().size());
        return b;
      }).trace(step.port(), step.packet(), state);
      if (OvsInjector.expected(t).equals(got)) {
        return Optional.of(t);
      }
      int k = taken.size() - 1;
      while (k >= 0 && taken.get(k) + 1 >= sizes.get(k)) {
        k--;
      }
      if (k < 0) {
        return Optional.empty();
      }
      script = new ArrayList<>(taken.subList(0, k));
      script.add(taken.get(k) + 1);
    }
    return Optional.empty();
  }

  /**
   * The reasons that only relabel a packet's state ({@link #refused}): OVS says {@code +new} where
   * nv says {@code +est}, and since only replies pass nv's ACL stages at once, neither side's
   * tables decide differently on that. Such packets are injected, and counted.
   */
  static final Set<String> LABEL_ONLY = Set.of("est on its own commit", "est before a reply");

  /**
   * Why OVS's userspace conntrack would see {@code p} otherwise than nv's tracer, if it would
   * ({@link OvsDifferencesTest} pins each): it starts no connection with a TCP segment whose flags
   * it finds invalid or SYN+ACK ({@code tcp_valid_new}), nor with ICMP other than an echo request
   * ({@code +inv}, nothing committed: such packets are not injected); and, {@link #LABEL_ONLY}, it
   * calls a UDP (or other non-TCP) packet of a connection's original direction {@code +new} until
   * the connection has seen a reply ({@code answered}: host, zone and original tuple of the
   * connections that have), where nv says {@code +est}; and a packet that looks up, in a zone, the
   * connection it has just committed there itself (a VIF sending to itself) keeps the state of its
   * first lookup, {@code +new}, where nv says {@code +est} (the connection was not in {@code
   * before}).
   */
  static Optional<String> refused(HostTrace nv, Packet p, Set<String> answered, HostConntrack before) {
    // First what OVS refuses outright (+inv): that changes what it commits, so it wins.
    Optional<String> invalid = invalidInOvs(nv, p);
    if (invalid.isPresent()) {
      return invalid;
    }
    for (HostTrace.CtPass c : nv.ctPasses()) {
      boolean forward = (c.state() & (CtState.EST | CtState.RPL)) == CtState.EST;
      if (forward && c.connection().isPresent()
          && !before.of(c.host()).connections().contains(c.connection().get())) {
        return Optional.of("est on its own commit");
      }
    }
    if (p.tcp().isEmpty()) {
      for (HostTrace.CtPass c : nv.ctPasses()) {
        boolean forward = (c.state() & (CtState.EST | CtState.RPL)) == CtState.EST;
        if (forward && c.connection().isPresent() && !answered.contains(key(c, c.connection().get()))) {
          return Optional.of("est before a reply");
        }
      }
    }
    return Optional.empty();
  }

  /** A new connection OVS's conntrack would not start ({@code +inv}), if {@code p} is one. */
  private static Optional<String> invalidInOvs(HostTrace nv, Packet p) {
    boolean isNew = nv.ctPasses().stream().anyMatch(c -> (c.state() & CtState.NEW) != 0);
    if (!isNew) {
      return Optional.empty();
    }
    if (p.tcp().isPresent() && !startsConnection(p.tcp().get().flags())) {
      return Optional.of(String.format("new tcp flags 0x%03x", p.tcp().get().flags()));
    }
    if (p.icmp().isPresent()) {
      int type = p.icmp().get().type();
      if (type != Packet.Icmp.ECHO_REQUEST_V4 && type != Packet.Icmp.ECHO_REQUEST_V6) {
        return Optional.of("new icmp type " + type);
      }
    }
    return Optional.empty();
  }

  /** Whether OVS's userspace conntrack lets a segment with {@code flags} start a connection. */
  static boolean startsConnection(int flags) {
    boolean syn = (flags & Packet.Tcp.SYN) != 0;
    boolean ack = (flags & Packet.Tcp.ACK) != 0;
    boolean rst = (flags & Packet.Tcp.RST) != 0;
    boolean fin = (flags & Packet.Tcp.FIN) != 0;
    boolean pshUrg = (flags & 0x028) != 0;
    boolean invalid = syn ? rst || fin : !ack && !rst;
    invalid |= !ack && (fin || pshUrg);
    return !invalid && !(syn && ack);
  }

  private static void cover(HostTrace nv, Compilation c, long busyHosts, Tally tally) {
    Topology t = c.topology().topology();
    if (!nv.tunnels().isEmpty()) {
      tally.cover("tunnel");
      tally.cover(t.encapsulation() == Encapsulation.VXLAN ? "vxlan" : "geneve");
    }
    if (busyHosts > 1) {
      tally.cover("several hosts");
    }
    if (nv.steps().stream().anyMatch(s -> s.datapath().map(d -> d.kind() == Datapath.Kind.ROUTER).orElse(false))) {
      tally.cover("routed");
    }
    for (io.nv.compiler.trace.HostStep s : nv.steps()) {
      String by = s.flow().map(f -> f.provenance().toString()).orElse("");
      if (by.contains(" / route ")) {
        tally.cover("static route");
      }
      if (by.contains(" / acl ")) {
        tally.cover("acl");
      }
      if (by.contains(" / nat ")) {
        tally.cover("nat rule");
      }
    }
    for (HostTrace.CtPass p : nv.ctPasses()) {
      if ((p.state() & CtState.NEW) != 0) {
        tally.cover("ct new");
      }
      if ((p.state() & CtState.EST) != 0) {
        tally.cover("ct est");
      }
      if ((p.state() & CtState.RPL) != 0) {
        tally.cover("ct rpl");
      }
      if ((p.state() & CtState.SNAT) != 0) {
        tally.cover("snat");
      }
      if ((p.state() & CtState.DNAT) != 0) {
        tally.cover("dnat");
      }
    }
    for (HostTrace.BucketPick b : nv.buckets()) {
      tally.cover(b.group().startsWith("load-balancer") ? "lb" : "ecmp");
    }
    long outs = nv.exits().stream().filter(e -> e.kind() == HostTrace.Exit.Kind.OUTPUT).count();
    if (outs + nv.tunnels().size() > 1) {
      tally.cover("flood");
    }
    if (nv.exits().stream().anyMatch(e -> e.kind() == HostTrace.Exit.Kind.LOG)) {
      tally.cover("log");
    }
    boolean localnet = t.portById(nv.inport()).map(p -> p.kind() == PortKind.LOCALNET).orElse(false)
        || (nv.verdict() instanceof Verdict.Delivered d && d.outputs().stream()
            .anyMatch(o -> t.portById(o.port()).map(p -> p.kind() == PortKind.LOCALNET).orElse(false)));
    if (localnet) {
      tally.cover("localnet");
    }
  }

  private static String kind(Verdict v) {
    if (v instanceof Verdict.Punted p) {
      return "punted (" + p.reason() + ")";
    }
    return com.google.common.base.Splitter.on(' ').splitToList(v.toString()).get(1);
  }

  private static String report(String how, String where, int step, Scenario s, Topology t, int index,
      String explain) {
    Path dir = Path.of("target", "ovs-disagreements");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("topology-" + index + ".yaml"), TopologyDocuments.write(t, Format.YAML));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return how + " DISAGREEMENT at " + where + ", step " + step + " (topology in " + dir.resolve("topology-" + index + ".yaml")
        + ")\n" + s + "\n" + explain;
  }
}
