package io.nv.model.semantics;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.l3.NatType;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.match.Match;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.ConnectionTable.Hit;
import io.nv.model.semantics.Step.Stage;
import io.nv.model.semantics.TopologyIndex.Link;
import io.nv.model.semantics.TopologyIndex.RouterInfo;
import io.nv.model.semantics.TopologyIndex.RouterSide;
import io.nv.model.semantics.TopologyIndex.Rule;
import io.nv.model.semantics.TopologyIndex.SwitchInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation: docs/semantics.md step by step, section by section. Each method is one section
 * of that page and returns the verdict of the packet from there on; the working connection table
 * and the explanation accumulate in fields.
 */
final class Interpreter {
  private static final int TIERS = 4;

  private final TopologyIndex index;
  private final int maxHops;
  private final ConnectionTable.Editor table;
  private final List<Step> steps = new ArrayList<>();

  Interpreter(TopologyIndex index, int maxHops, ConnectionTable table) {
    this.index = index;
    this.maxHops = maxHops;
    this.table = table.edit();
  }

  Evaluation run(SwitchInfo s, SwitchPort entry, Packet packet) {
    Verdict v = switchIngress(s, entry, packet, 0);
    return new Evaluation(v, table.freeze(), ImmutableList.copyOf(steps));
  }

  // ---- switch ingress ----

  private Verdict switchIngress(SwitchInfo s, SwitchPort in, Packet received, int hopsSoFar) {
    ModelPath at = place(s, in);
    int hops = hopsSoFar + 1;
    if (hops > maxHops) {
      return drop(at, Stage.LOOP, loopPath(), "more than " + maxHops + " datapath hops");
    }
    Packet pkt = received.withoutOutport().withInport(in.id());
    step(at, Stage.INGRESS, pkt.toString());
    boolean fromRouter = in.kind() == PortKind.ROUTER;

    // 1. Source checks.
    if (pkt.ethSrc().isMulticast()) {
      return drop(
          at,
          Stage.SOURCE_CHECK,
          s.path().cause("invalid-source"),
          "eth.src " + pkt.ethSrc() + " is multicast");
    }
    if (!fromRouter) {
      Optional<Integer> vlan = in.kind() == PortKind.LOCALNET ? in.vlan() : Optional.empty();
      if (vlan.isPresent()) {
        if (pkt.vlan().isEmpty() || pkt.vlan().get().vid() != vlan.get()) {
          return drop(
              at,
              Stage.SOURCE_CHECK,
              in.path().cause("vlan"),
              "port " + in.id() + " takes frames tagged with VLAN " + vlan.get() + " only");
        }
        pkt = pkt.withoutVlan();
        step(at, Stage.SOURCE_CHECK, "VLAN " + vlan.get() + " tag removed");
      } else if (pkt.vlan().isPresent()) {
        return drop(
            at,
            Stage.SOURCE_CHECK,
            in.path().cause("vlan"),
            "port " + in.id() + " takes untagged frames only");
      }
    }

    // 2. Port security.
    if (in.kind() == PortKind.VIF && in.portSecurity()) {
      String wrong = ingressSecurityViolation(in, pkt);
      if (wrong != null) {
        return drop(at, Stage.PORT_SECURITY, in.path().cause("port-security"), wrong);
      }
      step(at, Stage.PORT_SECURITY, "source addresses are " + in.id() + "'s");
    }

    // 3. Connection lookup.
    Optional<FiveTuple> tuple = FiveTuple.of(pkt);
    boolean tracked = tuple.isPresent() && s.stateful && !fromRouter;
    @Nullable Hit hit = null;
    if (tracked) {
      hit = table.find(in.id(), tuple.get());
      step(at, Stage.CONNTRACK, describeLookup(in.id(), hit));
    }

    // 4. from-port ACLs. Only a reply passes at once; only a packet without a connection commits
    // (a forward packet must never overwrite its connection, such as a load balancer's NAT).
    boolean reply = hit != null && hit.reply();
    boolean commit = false;
    if (tuple.isPresent()) {
      AclOutcome acl =
          aclStage(Direction.FROM_PORT, s, in, pkt, reply, tracked && hit == null, at);
      if (acl.verdict() != null) {
        return acl.verdict();
      }
      commit = acl.commit();
    }

    // 5. Load balancing (only where a zone can record the NAT: from a VIF or LOCALNET port).
    boolean hairpin = false;
    if (tracked && !s.loadBalancers.isEmpty()) {
      if (hit == null) {
        VipHit vip = vipOf(s, tuple.get());
        if (vip != null) {
          Optional<Backend> backend = BackendSelection.choose(vip.lb(), vip.vip(), pkt);
          ModelPath vipPath = vip.vip().path(vip.lb().path());
          if (backend.isEmpty()) {
            return drop(at, Stage.LOAD_BALANCER, vipPath, "no healthy backend");
          }
          commit = false; // the load balancer's record below is the commit
          Backend b = backend.get();
          FiveTuple original = tuple.get();
          hairpin = b.address().equals(original.src());
          IpAddress src = hairpin ? hairpinSource(vip) : original.src();
          FiveTuple translated =
              new FiveTuple(src, b.address(), original.protocol(), original.srcPort(), b.port());
          table.put(new Connection(in.id(), original, translated));
          pkt = translate(pkt, translated);
          step(
              at,
              Stage.LOAD_BALANCER,
              vipPath
                  + ": new connection to backend "
                  + b.id()
                  + (hairpin ? ", hairpin SNAT to " + src : "")
                  + "; recorded in zone "
                  + in.id());
        }
      } else if (!hit.reply()
          && hit.connection().isNatted()
          && hit.connection().original().equals(tuple.get())) {
        hairpin = hit.connection().isHairpin();
        pkt = translate(pkt, hit.connection().translated());
        step(at, Stage.LOAD_BALANCER, "recorded NAT: " + flow(hit.connection()));
      } else if (hit.reply() && hit.connection().isHairpin()) {
        hairpin = true;
        step(at, Stage.LOAD_BALANCER, "reply of hairpinned " + flow(hit.connection()));
      }
    }
    // The from-port stage's commit takes effect after load balancing, as OVN's stateful stage.
    if (commit) {
      table.put(Connection.of(in.id(), tuple.orElseThrow()));
      step(at, Stage.CONNTRACK, "committed in zone " + in.id());
    }
    if (hairpin) {
      pkt = pkt.withEthSrc(pkt.ethDst()).withEthDst(pkt.ethSrc());
      step(at, Stage.LOAD_BALANCER, "hairpin: Ethernet addresses swapped, back to " + in.id());
      return switchEgress(s, in, in, pkt, reply, hops);
    }

    // 6. ARP responder.
    if (pkt.arp().isPresent() && pkt.arp().get().op() == Packet.Arp.REQUEST) {
      Packet.Arp arp = pkt.arp().get();
      MacAddress owner = s.arpOwners.get(arp.tpa());
      if (owner != null && !in.ips().contains(arp.tpa())) {
        ModelPath by = s.path().cause("arp-responder");
        step(at, Stage.ARP_RESPONDER, arp.tpa() + " is at " + owner);
        return new Verdict.Replied(by, arpReply(pkt, owner));
      }
    }

    // 7. L2 lookup.
    return l2Lookup(s, in, pkt, reply, hops, at);
  }

  private Verdict l2Lookup(
      SwitchInfo s, SwitchPort in, Packet pkt, boolean ingressReply, int hops, ModelPath at) {
    MacAddress dst = pkt.ethDst();
    SwitchPort vif = s.vifByMac.get(dst);
    SwitchPort routerLink = s.routerLinkByMac.get(dst);
    List<SwitchPort> outs;
    if (dst.isMulticast()) {
      outs = flood(s, in);
      step(at, Stage.L2_LOOKUP, "eth.dst " + dst + " is broadcast/multicast: flood to " + ids(outs));
    } else if (vif != null) {
      outs = List.of(vif);
      step(at, Stage.L2_LOOKUP, "eth.dst " + dst + " is port " + vif.id());
    } else if (routerLink != null) {
      outs = List.of(routerLink);
      step(at, Stage.L2_LOOKUP, "eth.dst " + dst + " is the router behind port " + routerLink.id());
    } else if (s.sw.unknownUnicast() == UnknownUnicast.FLOOD) {
      outs = flood(s, in);
      step(at, Stage.L2_LOOKUP, "eth.dst " + dst + " is unknown: flood to " + ids(outs));
    } else {
      outs = new ArrayList<>();
      for (SwitchPort p : s.sw.ports()) {
        boolean accepts =
            p.kind() == PortKind.LOCALNET || (p.kind() == PortKind.VIF && p.unknown());
        if (accepts && !p.id().equals(in.id())) {
          outs.add(p);
        }
      }
      outs.sort(Comparator.comparing(SwitchPort::id));
      if (outs.isEmpty()) {
        return drop(
            at,
            Stage.L2_LOOKUP,
            s.path().cause("unknown-unicast"),
            "eth.dst " + dst + " is unknown and no port takes unknown destinations");
      }
      step(at, Stage.L2_LOOKUP, "eth.dst " + dst + " is unknown: to " + ids(outs));
    }
    if (outs.isEmpty()) {
      return drop(at, Stage.L2_LOOKUP, s.path().cause("l2-lookup"), "no port to flood to");
    }
    if (outs.size() == 1) {
      return switchEgress(s, in, outs.get(0), pkt, ingressReply, hops);
    }
    List<Verdict> copies = new ArrayList<>();
    List<Verdict.Output> delivered = new ArrayList<>();
    for (SwitchPort o : outs) {
      Verdict v = switchEgress(s, in, o, pkt, ingressReply, hops);
      copies.add(v);
      if (v instanceof Verdict.Delivered d) {
        delivered.addAll(d.outputs());
      }
    }
    if (!delivered.isEmpty()) {
      return new Verdict.Delivered(ImmutableList.copyOf(delivered));
    }
    return copies.get(0);
  }

  /** Every VIF and LOCALNET port of S but {@code in}, by id. */
  private static List<SwitchPort> flood(SwitchInfo s, SwitchPort in) {
    List<SwitchPort> outs = new ArrayList<>();
    for (SwitchPort p : s.sw.ports()) {
      if (p.kind() != PortKind.ROUTER && !p.id().equals(in.id())) {
        outs.add(p);
      }
    }
    outs.sort(Comparator.comparing(SwitchPort::id));
    return outs;
  }

  // ---- switch egress ----

  /**
   * Switch egress at {@code out} for a packet that entered the switch at {@code in}.
   *
   * @param ingressReply whether the ingress lookup found the packet to be a reply of a committed
   *     connection; a router-kind outport, which has no zone of its own, keeps that status
   */
  private Verdict switchEgress(
      SwitchInfo s,
      SwitchPort in,
      SwitchPort out,
      Packet arriving,
      boolean ingressReply,
      int hops) {
    ModelPath at = place(s, out);
    Packet pkt = arriving.withInport(in.id()).withOutport(out.id());
    boolean toRouter = out.kind() == PortKind.ROUTER;

    // 1. Connection lookup in O's zone.
    Optional<FiveTuple> tuple = FiveTuple.of(pkt);
    boolean tracked = tuple.isPresent() && s.stateful && !toRouter;
    @Nullable Hit hit = null;
    boolean reply = false;
    if (tracked) {
      hit = table.find(out.id(), tuple.get());
      reply = hit != null && hit.reply();
      step(at, Stage.CONNTRACK, describeLookup(out.id(), hit));
    } else if (tuple.isPresent() && s.stateful) {
      reply = ingressReply;
      step(
          at,
          Stage.CONNTRACK,
          "router port: no zone; the ingress lookup found "
              + (reply ? "a reply of a committed connection" : "no reply"));
    }

    // 2. to-port ACLs (a forward packet of a connection commits nothing, as at ingress).
    if (tuple.isPresent()) {
      AclOutcome acl =
          aclStage(Direction.TO_PORT, s, out, pkt, reply, tracked && hit == null, at);
      if (acl.verdict() != null) {
        return acl.verdict();
      }
      if (acl.commit()) {
        table.put(Connection.of(out.id(), tuple.get()));
        step(at, Stage.CONNTRACK, "committed in zone " + out.id());
      }
    }

    // Un-NAT: a reply of a load-balanced connection, at the client's port.
    if (hit != null && hit.reply() && hit.connection().isNatted()) {
      pkt = translate(pkt, hit.connection().original().reverse());
      step(at, Stage.UN_NAT, "reply of " + flow(hit.connection()) + ": addresses restored");
    }

    // 3. Port security.
    if (out.kind() == PortKind.VIF && out.portSecurity()) {
      String wrong = egressSecurityViolation(s, out, pkt);
      if (wrong != null) {
        return drop(at, Stage.PORT_SECURITY, out.path().cause("port-security"), wrong);
      }
    }

    // 4. Output.
    if (toRouter) {
      RouterSide peer = index.routerSideOf(out.id());
      if (peer == null) {
        // Validation guarantees the link; without it the frame has nowhere to go.
        return drop(at, Stage.OUTPUT, s.path().cause("l2-lookup"), "port links no router");
      }
      step(at, Stage.OUTPUT, "to router " + peer.router().router().id());
      return routerIngress(peer.router(), peer.port(), pkt, hops);
    }
    Packet delivered = pkt.withoutInport().withoutOutport();
    if (out.kind() == PortKind.LOCALNET && out.vlan().isPresent()) {
      delivered = delivered.withVlan(Packet.Vlan.of(out.vlan().get()));
    }
    step(at, Stage.OUTPUT, "delivered to " + out.id() + ": " + delivered);
    return new Verdict.Delivered(ImmutableList.of(new Verdict.Output(out.id(), delivered)));
  }

  // ---- ACL stages ----

  /**
   * What an ACL stage decided: a verdict (drop, reject), or pass, committing the connection or not.
   *
   * @param verdict the verdict, or null when the packet passes
   * @param commit whether a passing new connection is to be committed in the port's zone
   */
  private record AclOutcome(@Nullable Verdict verdict, boolean commit) {
    static final AclOutcome PASS = new AclOutcome(null, false);
    static final AclOutcome PASS_AND_COMMIT = new AclOutcome(null, true);
  }

  /**
   * One ACL stage. {@code reply} (a reply of a committed connection) lets the packet pass without
   * rules; {@code commits} says whether a passing packet is committed in the port's zone: a new
   * connection on a tracked stage, never a packet of a connection already there.
   */
  private AclOutcome aclStage(
      Direction d,
      SwitchInfo s,
      SwitchPort port,
      Packet pkt,
      boolean reply,
      boolean commits,
      ModelPath at) {
    Stage stage = d == Direction.FROM_PORT ? Stage.FROM_PORT_ACL : Stage.TO_PORT_ACL;
    if (reply) {
      step(at, stage, "reply of a committed connection: pass");
      return AclOutcome.PASS;
    }
    ImmutableList<Rule> rules = index.rules(d, s, port.id());
    for (int tier = 0; tier < TIERS; tier++) {
      Rule best = null;
      for (Rule r : rules) {
        if (r.acl().tier() == tier
            && (best == null || r.acl().priority() > best.acl().priority())
            && matches(r, pkt)) {
          best = r;
        }
      }
      if (best == null) {
        continue;
      }
      String which =
          "tier " + tier + ": " + best.path() + " (priority " + best.acl().priority() + ") ";
      if (best.acl().log()) {
        step(at, Stage.LOG, "punted (log) by " + best.path());
      }
      switch (best.acl().action()) {
        case PASS -> step(at, stage, which + "PASS: next tier");
        case ALLOW -> {
          step(at, stage, which + "ALLOW: pass, stateless");
          return AclOutcome.PASS;
        }
        case ALLOW_RELATED -> {
          step(at, stage, which + "ALLOW_RELATED: pass");
          return commits ? AclOutcome.PASS_AND_COMMIT : AclOutcome.PASS;
        }
        case DROP -> {
          step(at, stage, which + "DROP");
          return new AclOutcome(new Verdict.Dropped(best.path()), false);
        }
        case REJECT -> {
          step(at, stage, which + "REJECT");
          return new AclOutcome(new Verdict.Punted("reject", best.path()), false);
        }
      }
    }
    ModelPath deny = defaultDeny(d, s, port);
    if (deny != null) {
      return new AclOutcome(drop(at, stage, deny, "no rule allowed it"), false);
    }
    step(at, stage, "no rule decided: pass");
    return commits ? AclOutcome.PASS_AND_COMMIT : AclOutcome.PASS;
  }

  private boolean matches(Rule r, Packet pkt) {
    Match m = r.match();
    if (m == null) {
      return false; // validation rejects matches that do not parse
    }
    try {
      return m.matches(pkt, index.matchContext);
    } catch (IllegalArgumentException danglingReference) {
      return false; // validation rejects dangling references
    }
  }

  /**
   * The default-deny covering this stage: the switch's, else the first group by id containing the
   * port; a from-port stage only with {@code both}.
   */
  private @Nullable ModelPath defaultDeny(Direction d, SwitchInfo s, SwitchPort port) {
    if (covers(s.sw.defaultDeny(), d)) {
      return s.path().cause("default-deny");
    }
    for (PortGroup g : index.groupsOf(port.id())) {
      if (covers(g.defaultDeny(), d)) {
        return g.path().cause("default-deny");
      }
    }
    return null;
  }

  private static boolean covers(DefaultDeny deny, Direction d) {
    return deny == DefaultDeny.BOTH || (deny == DefaultDeny.TO_PORT && d == Direction.TO_PORT);
  }

  // ---- router ----

  private Verdict routerIngress(RouterInfo r, RouterPort rp, Packet arriving, int hopsSoFar) {
    ModelPath at = rp.path(r.path());
    int hops = hopsSoFar + 1;
    if (hops > maxHops) {
      return drop(at, Stage.LOOP, loopPath(), "more than " + maxHops + " datapath hops");
    }
    Packet pkt = arriving.withoutInport().withoutOutport();
    step(at, Stage.INGRESS, pkt.toString());
    gatewayNote(r, rp, at, "arrives through");

    // 1. Admission.
    if (pkt.arp().isPresent()) {
      Packet.Arp arp = pkt.arp().get();
      boolean forUs = pkt.ethDst().equals(rp.mac()) || pkt.ethDst().isBroadcast();
      MacAddress answer = arpAnswer(r, rp, arp.tpa());
      if (arp.op() == Packet.Arp.REQUEST && forUs && answer != null) {
        step(at, Stage.ROUTER_ADMISSION, arp.tpa() + " is at " + answer);
        return new Verdict.Replied(at.cause("arp"), arpReply(pkt, answer));
      }
      return drop(at, Stage.ROUTER_ADMISSION, r.path().cause("non-ip"), "ARP not for this port");
    }
    if (pkt.ip().isEmpty()) {
      return drop(at, Stage.ROUTER_ADMISSION, r.path().cause("non-ip"), "not IP");
    }
    if (!pkt.ethDst().equals(rp.mac()) && !isFloatingMac(r, rp, pkt.ethDst())) {
      // Unreachable from any entry: the L2 lookup sends only the router's MACs to the router.
      return drop(at, Stage.ROUTER_ADMISSION, r.path().cause("non-ip"), "eth.dst is not " + rp.mac());
    }

    // 2. Un-SNAT: replies of connections SNATed on the way out through RP.
    pkt = unSnat(r, rp, pkt, at);

    // 3. DNAT: floating IPs (stateless) and DNAT rules (stateful) of RP.
    pkt = dnat(r, rp, pkt, at);
    Packet.Ip ip = pkt.ip().orElseThrow();

    // 4. IP input: to the router itself; then the TTL.
    RouterPort owner = r.ownAddresses().get(ip.dst());
    if (owner != null) {
      ModelPath ownerPath = owner.path(r.path());
      if (isEchoRequest(pkt)) {
        step(at, Stage.ROUTER_LOCAL, "echo request to " + ip.dst());
        // From the MAC the request was sent to: RP's, or a floating IP's own.
        return new Verdict.Replied(ownerPath.cause("icmp-echo"), echoReply(pkt, pkt.ethDst()));
      }
      return drop(at, Stage.ROUTER_LOCAL, ownerPath.cause("local"), "addressed to the router");
    }
    if (ip.ttl() <= 1) {
      step(at, Stage.ROUTER_TTL, "TTL " + ip.ttl());
      return new Verdict.Punted("icmp-time-exceeded", r.path().cause("ttl"));
    }

    // 5. Routing: longest prefix match over connected and static routes, ECMP.
    Route route = route(r, pkt, at);
    if (route == null) {
      return drop(at, Stage.ROUTING, r.path().cause("no-route"), "no route to " + ip.dst());
    }

    // 6. Policies.
    Packet asRouted = pkt.withInport(rp.id()).withOutport(route.out().id());
    for (TopologyIndex.Policy policy : r.policies()) {
      if (policy.match() == null || !matchesQuietly(policy.match(), asRouted)) {
        continue;
      }
      ModelPath pp = policy.rule().path(r.path());
      switch (policy.rule().action()) {
        case ALLOW -> step(at, Stage.POLICY, pp + " (priority " + policy.rule().priority() + "): allow");
        case DROP -> {
          return drop(at, Stage.POLICY, pp, "policy (priority " + policy.rule().priority() + ") drops it");
        }
        case REROUTE -> {
          ImmutableList<IpAddress> hops2 = policy.rule().nextHops();
          IpAddress nh = hops2.get(ecmpIndex(pkt, hops2.size()));
          RouterPort out = r.portOn(nh);
          if (out == null) {
            // Validation guarantees a connected next hop.
            return drop(at, Stage.POLICY, r.path().cause("no-route"), "next hop " + nh + " is not connected");
          }
          route = new Route(out, nh);
          step(at, Stage.POLICY, pp + " (priority " + policy.rule().priority() + "): reroute via "
              + nh + (hops2.size() > 1 ? " (ECMP member " + hops2.indexOf(nh) + " of " + hops2.size() + ")" : "")
              + " out of " + out.id());
        }
      }
      break;
    }

    // 7. Next-hop resolution.
    RouterPort out = route.out();
    ModelPath outPath = out.path(r.path());
    Link link = index.linkOf(out.id());
    MacAddress nextMac = link == null ? null : nextHopMac(r, link, route.nextHop());
    if (link == null || nextMac == null) {
      step(at, Stage.NEXT_HOP, "out of " + out.id() + ": no MAC known for " + route.nextHop());
      return new Verdict.Punted("arp-request", outPath.cause("arp-resolve"));
    }
    pkt = pkt.withTtl(ip.ttl() - 1).withEthSrc(out.mac()).withEthDst(nextMac);
    step(at, Stage.NEXT_HOP, "via " + route.nextHop() + " out of " + out.id() + ": TTL " + (ip.ttl() - 1)
        + ", eth.src " + out.mac() + ", eth.dst " + nextMac);

    // 8, 9. Un-DNAT, SNAT.
    pkt = egressNat(r, out, pkt, outPath);
    gatewayNote(r, out, outPath, "leaves through");

    // 10. Into the linked switch.
    return switchIngress(link.sw(), link.port(), pkt, hops);
  }

  /** A routing decision: the out port and the next hop. */
  private record Route(RouterPort out, IpAddress nextHop) {}

  private @Nullable Route route(RouterInfo r, Packet pkt, ModelPath at) {
    IpAddress dst = pkt.ip().orElseThrow().dst();
    RouterPort connected = null;
    IpPrefix best = null;
    for (RouterPort p : r.router().ports()) {
      for (InterfaceAddress a : p.addresses()) {
        IpPrefix subnet = a.subnet();
        if (subnet.version() == dst.version()
            && subnet.contains(dst)
            && (best == null || subnet.length() > best.length())) {
          best = subnet;
          connected = p;
        }
      }
    }
    int staticLength = -1;
    for (StaticRoute sr : r.routes()) {
      if (sr.prefix().version() == dst.version() && sr.prefix().contains(dst)) {
        staticLength = Math.max(staticLength, sr.prefix().length());
      }
    }
    if (connected != null && best != null && best.length() >= staticLength) {
      step(at, Stage.ROUTING, best + " is connected to " + connected.id());
      return new Route(connected, dst);
    }
    if (staticLength < 0) {
      return null;
    }
    List<StaticRoute> group = new ArrayList<>();
    for (StaticRoute sr : r.routes()) {
      if (sr.prefix().version() == dst.version()
          && sr.prefix().contains(dst)
          && sr.prefix().length() == staticLength) {
        group.add(sr);
      }
    }
    group.sort(Comparator.comparing(StaticRoute::id));
    StaticRoute chosen = group.get(ecmpIndex(pkt, group.size()));
    IpAddress nh = chosen.nextHop().orElse(dst);
    RouterPort out =
        chosen.port().flatMap(r.router()::port).orElseGet(() -> r.portOn(nh));
    if (out == null) {
      return null; // validation guarantees a port
    }
    step(at, Stage.ROUTING, chosen.path(r.path()) + " (" + chosen.prefix() + ")"
        + (group.size() > 1 ? ", ECMP member " + group.indexOf(chosen) + " of " + group.size() : "")
        + ": via " + nh + " out of " + out.id());
    return new Route(out, nh);
  }

  /** The ECMP member for {@code pkt}: FNV-1a over ip.src, ip.dst, L4 source and destination. */
  private static int ecmpIndex(Packet pkt, int members) {
    if (members == 1) {
      return 0;
    }
    return Integer.remainderUnsigned(BackendSelection.fnv1a(BackendSelection.flowBytes(pkt)), members);
  }

  /** The next hop's MAC: a VIF or another router's port on the linked switch, or a neighbour. */
  private static @Nullable MacAddress nextHopMac(RouterInfo r, Link link, IpAddress nh) {
    SwitchPort vif = link.sw().vifByIp.get(nh);
    if (vif != null && vif.mac().isPresent()) {
      return vif.mac().get();
    }
    RouterSide other = link.sw().routerPortByIp.get(nh);
    if (other != null && !other.router().router().id().equals(r.router().id())) {
      return other.port().mac();
    }
    return r.neighbours().get(nh);
  }

  /** The MAC RP answers an ARP request for {@code tpa} with, or null when it does not answer. */
  private static @Nullable MacAddress arpAnswer(RouterInfo r, RouterPort rp, Ipv4Address tpa) {
    if (rp.addresses().stream().anyMatch(a -> a.address().equals(tpa))) {
      return rp.mac();
    }
    for (TopologyIndex.Nat n : r.nats()) {
      if (n.port().id().equals(rp.id()) && n.rule().externalIp().equals(tpa)) {
        return TopologyIndex.answeringMac(n);
      }
    }
    return null;
  }

  private static boolean isFloatingMac(RouterInfo r, RouterPort rp, MacAddress mac) {
    for (TopologyIndex.Nat n : r.natsOf(rp, NatType.FLOATING_IP)) {
      if (n.rule().externalMac().isPresent() && n.rule().externalMac().get().equals(mac)) {
        return true;
      }
    }
    return false;
  }

  private static String snatZone(RouterInfo r) {
    return r.path().cause("snat").toString();
  }

  private static String dnatZone(RouterInfo r) {
    return r.path().cause("dnat").toString();
  }

  private Packet unSnat(RouterInfo r, RouterPort rp, Packet pkt, ModelPath at) {
    IpAddress dst = pkt.ip().orElseThrow().dst();
    boolean snatAddress =
        r.natsOf(rp, NatType.SNAT).stream().anyMatch(n -> n.rule().externalIp().equals(dst));
    if (!snatAddress) {
      return pkt;
    }
    Hit hit = table.find(snatZone(r), FiveTuple.of(pkt).orElseThrow());
    if (hit == null || !hit.reply()) {
      step(at, Stage.ROUTER_NAT, "un-snat: " + dst + " is a SNAT address; no connection in "
          + snatZone(r) + " has this reply");
      return pkt;
    }
    IpAddress to = hit.connection().original().src();
    step(at, Stage.ROUTER_NAT, "un-snat: reply of " + flow(hit.connection()) + ": ip.dst " + to);
    return pkt.withIpDst(to);
  }

  private Packet dnat(RouterInfo r, RouterPort rp, Packet pkt, ModelPath at) {
    IpAddress dst = pkt.ip().orElseThrow().dst();
    for (TopologyIndex.Nat n : r.natsOf(rp, NatType.FLOATING_IP, NatType.DNAT)) {
      if (!n.rule().externalIp().equals(dst)) {
        continue;
      }
      IpAddress logical = n.rule().logical().network();
      ModelPath np = n.rule().path(r.path());
      if (n.rule().type() == NatType.FLOATING_IP) {
        step(at, Stage.ROUTER_NAT, np + ": floating IP " + dst + " is " + logical);
        return pkt.withIpDst(logical);
      }
      FiveTuple t = FiveTuple.of(pkt).orElseThrow();
      Hit hit = table.find(dnatZone(r), t);
      if (hit == null) {
        FiveTuple translated = new FiveTuple(t.src(), logical, t.protocol(), t.srcPort(), t.dstPort());
        table.put(new Connection(dnatZone(r), t, translated));
        step(at, Stage.ROUTER_NAT, np + ": new connection, ip.dst " + logical + "; recorded in " + dnatZone(r));
        return pkt.withIpDst(logical);
      }
      if (!hit.reply()) {
        IpAddress to = hit.connection().translated().dst();
        step(at, Stage.ROUTER_NAT, np + ": recorded " + flow(hit.connection()));
        return pkt.withIpDst(to);
      }
      return pkt;
    }
    return pkt;
  }

  /** Un-DNAT of replies, then SNAT (floating IPs and SNAT rules of {@code out}). */
  private Packet egressNat(RouterInfo r, RouterPort out, Packet pkt, ModelPath at) {
    FiveTuple t = FiveTuple.of(pkt).orElseThrow();
    Hit back = table.find(dnatZone(r), t);
    if (back != null && back.reply()) {
      IpAddress to = back.connection().original().dst();
      step(at, Stage.ROUTER_NAT, "un-dnat: reply of " + flow(back.connection()) + ": ip.src " + to);
      return pkt.withIpSrc(to);
    }
    IpAddress src = t.src();
    TopologyIndex.Nat best = null;
    for (TopologyIndex.Nat n : r.natsOf(out, NatType.FLOATING_IP, NatType.SNAT)) {
      IpPrefix l = n.rule().logical();
      if (l.version() == src.version()
          && l.contains(src)
          && (best == null || l.length() > best.rule().logical().length())) {
        best = n;
      }
    }
    if (best == null) {
      return pkt;
    }
    IpAddress e = best.rule().externalIp();
    ModelPath np = best.rule().path(r.path());
    if (best.rule().type() == NatType.FLOATING_IP) {
      step(at, Stage.ROUTER_NAT, np + ": floating IP: ip.src " + e);
      Packet p = pkt.withIpSrc(e);
      return best.rule().externalMac().isPresent() ? p.withEthSrc(best.rule().externalMac().get()) : p;
    }
    Hit hit = table.find(snatZone(r), t);
    if (hit == null) {
      table.put(new Connection(snatZone(r), t, new FiveTuple(e, t.dst(), t.protocol(), t.srcPort(), t.dstPort())));
      step(at, Stage.ROUTER_NAT, np + ": new connection, ip.src " + e + "; recorded in " + snatZone(r));
      return pkt.withIpSrc(e);
    }
    if (!hit.reply()) {
      IpAddress to = hit.connection().translated().src();
      step(at, Stage.ROUTER_NAT, np + ": recorded " + flow(hit.connection()));
      return pkt.withIpSrc(to);
    }
    return pkt;
  }

  /** Notes where the router's gateway host handles traffic through a gateway port. */
  private void gatewayNote(RouterInfo r, RouterPort p, ModelPath at, String how) {
    if (r.router().gateway().isPresent() && index.isGatewayPort(p.id())) {
      step(at, Stage.GATEWAY, "traffic that " + how + " gateway port " + p.id()
          + " is handled on gateway host " + r.router().gateway().get());
    }
  }

  private boolean matchesQuietly(Match m, Packet pkt) {
    try {
      return m.matches(pkt, index.matchContext);
    } catch (IllegalArgumentException danglingReference) {
      return false; // validation rejects dangling references
    }
  }

  private static boolean isEchoRequest(Packet pkt) {
    Optional<Packet.Icmp> icmp = pkt.icmp();
    if (icmp.isEmpty()) {
      return false;
    }
    int v = pkt.ip().map(Packet.Ip::version).orElse(4);
    return icmp.get().type()
        == (v == 4 ? Packet.Icmp.ECHO_REQUEST_V4 : Packet.Icmp.ECHO_REQUEST_V6);
  }

  /** The echo reply: addresses swapped, eth.src = {@code portMac}, TTL 255. */
  private static Packet echoReply(Packet request, MacAddress portMac) {
    Packet.Ip ip = request.ip().orElseThrow();
    Packet.Icmp icmp = request.icmp().orElseThrow();
    boolean v4 = ip.version() == 4;
    IpProtocol proto = v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
    return new Packet.Builder()
        .ethSrc(portMac)
        .ethDst(request.ethSrc())
        .ip(new Packet.Ip(/* src= */ ip.dst(), /* dst= */ ip.src(), proto, 255, ip.dscp(), ip.ecn()))
        .l4(
            new Packet.Icmp(
                v4 ? Packet.Icmp.ECHO_REPLY_V4 : Packet.Icmp.ECHO_REPLY_V6, icmp.code()))
        .build();
  }

  /** The answer to an ARP request for an address {@code owner} owns. */
  private static Packet arpReply(Packet request, MacAddress owner) {
    Packet.Arp arp = request.arp().orElseThrow();
    return new Packet.Builder()
        .ethSrc(owner)
        .ethDst(request.ethSrc())
        .arp(new Packet.Arp(Packet.Arp.REPLY, owner, arp.tpa(), arp.sha(), arp.spa()))
        .build();
  }

  // ---- port security ----

  /** Why {@code pkt} may not enter at {@code p}, or null when it may. */
  private static @Nullable String ingressSecurityViolation(SwitchPort p, Packet pkt) {
    if (p.mac().isEmpty() || !p.mac().get().equals(pkt.ethSrc())) {
      return "eth.src " + pkt.ethSrc() + " is not " + p.id() + "'s MAC";
    }
    if (pkt.ip().isPresent() && !p.ips().contains(pkt.ip().get().src())) {
      return "ip.src " + pkt.ip().get().src() + " is not an address of " + p.id();
    }
    if (pkt.arp().isPresent()) {
      Packet.Arp arp = pkt.arp().get();
      if (!arp.sha().equals(p.mac().get())) {
        return "arp.sha " + arp.sha() + " is not " + p.id() + "'s MAC";
      }
      if (!p.ips().contains(arp.spa())) {
        return "arp.spa " + arp.spa() + " is not an address of " + p.id();
      }
    }
    return null;
  }

  /** Why {@code pkt} may not leave at {@code o}, or null when it may. */
  private static @Nullable String egressSecurityViolation(SwitchInfo s, SwitchPort o, Packet pkt) {
    MacAddress dst = pkt.ethDst();
    if (!dst.isMulticast() && (o.mac().isEmpty() || !o.mac().get().equals(dst))) {
      return "eth.dst " + dst + " is not " + o.id() + "'s MAC";
    }
    if (pkt.ip().isPresent()) {
      IpAddress ipDst = pkt.ip().get().dst();
      if (!o.ips().contains(ipDst) && !s.isBroadcastOrMulticast(ipDst)) {
        return "ip.dst " + ipDst + " is not an address of " + o.id();
      }
    }
    return null;
  }

  // ---- load balancing ----

  private record VipHit(LoadBalancer lb, Vip vip) {}

  private static @Nullable VipHit vipOf(SwitchInfo s, FiveTuple t) {
    for (LoadBalancer lb : s.loadBalancers) {
      for (Vip v : lb.vips()) {
        boolean ports = t.protocol().equals(IpProtocol.TCP) || t.protocol().equals(IpProtocol.UDP);
        if (ports
            && v.address().equals(t.dst())
            && v.protocol().equals(t.protocol())
            && v.port() == t.dstPort()) {
          return new VipHit(lb, v);
        }
      }
    }
    return null;
  }

  /** The hairpin address, or the VIP; an address of the other IP version could not be the source. */
  private static IpAddress hairpinSource(VipHit v) {
    IpAddress vipAddress = v.vip().address();
    return v.lb()
        .hairpinAddress()
        .filter(a -> a.version() == vipAddress.version())
        .orElse(vipAddress);
  }

  /** {@code pkt} with the addresses and ports of {@code t} (a TCP or UDP packet). */
  private static Packet translate(Packet pkt, FiveTuple t) {
    return pkt.withIpSrc(t.src()).withIpDst(t.dst()).withL4Src(t.srcPort()).withL4Dst(t.dstPort());
  }

  // ---- explanation helpers ----

  private static String describeLookup(String zone, @Nullable Hit hit) {
    if (hit == null) {
      return "zone " + zone + ": new connection";
    }
    return "zone " + zone + ": " + (hit.reply() ? "reply of " : "packet of ") + flow(hit.connection());
  }

  private static String flow(Connection c) {
    return c.original() + (c.isNatted() ? " (nat to " + c.translated() + ")" : "");
  }

  private Verdict drop(ModelPath at, Stage stage, ModelPath by, String why) {
    step(at, stage, why + ": dropped by " + by);
    return new Verdict.Dropped(by);
  }

  private void step(ModelPath at, Stage stage, String text) {
    steps.add(new Step(at, stage, text));
  }

  private static ModelPath place(SwitchInfo s, SwitchPort p) {
    return s.path().child("port", p.id());
  }

  private static ModelPath loopPath() {
    return ModelPath.parse("topology / loop");
  }

  private static String ids(List<SwitchPort> ports) {
    if (ports.isEmpty()) {
      return "(none)";
    }
    return String.join(", ", ports.stream().map(SwitchPort::id).toList());
  }
}
