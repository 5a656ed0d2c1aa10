package io.nv.conformance.ovn;

import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Step;
import io.nv.model.semantics.Verdict;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The deliberate differences between nv and OVN 23.03 (docs/ovn.md, "Semantic differences"), as
 * predicates over a step where the verdicts disagree: which documented difference explains it, if
 * any. Each is pinned by a test in {@code OvnDifferencesTest}; the names are the section's.
 *
 * <pre>{@code
 * OvnDifferences.classify(topology, step);   // "self-addressed-unicast", or null
 * }</pre>
 */
final class OvnDifferences {
  /** A unicast frame to the sender's own MAC: nv delivers it back, OVN never outputs to the inport. */
  static final String SELF_ADDRESSED = "self-addressed-unicast";
  /**
   * A from-port allow-stateless rule skips conntrack, and with it load balancing, in OVN: for a new
   * connection to a VIP and for every later packet of one nv balanced.
   */
  static final String STATELESS_BYPASSES_LB = "stateless-bypasses-lb";
  /**
   * A reply that an allow-stateless rule of an ACL stage matches: OVN sends it past conntrack, so
   * the stage's rules decide it (a higher drop or reject wins); nv passes a reply at once.
   */
  static final String STATELESS_HIDES_REPLY = "stateless-rule-hides-reply";
  /** OVN's egress port security checks only the MAC of broadcast and multicast frames. */
  static final String MULTICAST_EGRESS_SECURITY = "multicast-frames-skip-ip-port-security";
  /** OVN answers other traffic to a router address with a TCP reset or ICMP unreachable. */
  static final String ROUTER_LOCAL = "router-answers-local-traffic";
  /** OVN's switch answers ARP only for ports without unknown, and not from localnet ports. */
  static final String ARP_RESPONDER_SCOPE = "arp-responder-scope";
  /** OVN routes a router's echo reply like any packet: it needs the requester's MAC binding. */
  static final String ECHO_REPLY_ROUTED = "echo-reply-routed";

  /**
   * OVN floods broadcast and multicast to router-type ports too, where the port's to-port ACLs see
   * the copy (a reject answers it); nv floods no copy to a router.
   */
  static final String FLOOD_TO_ROUTER_PORT = "flood-copy-to-router-port";

  /**
   * OVN sends a localnet port's traffic past conntrack and load balancing; nv gives LOCALNET ports
   * a zone, so their connections are tracked (and balanced).
   */
  static final String LOCALNET_CONNTRACK = "localnet-skips-conntrack";

  /**
   * On a switch without stateful ACLs (stateful through a load balancer only), OVN clears the
   * conntrack state at the egress towards router and localnet ports; nv keeps the ingress lookup,
   * so a reply passes a router port's to-port stage in nv and meets its rules in OVN.
   */
  static final String ROUTER_PORT_CT_CLEARED = "router-port-state-cleared-without-stateful-acl";

  /** nv's router owns its NAT addresses (answers echo, drops the rest); OVN answers only port addresses. */
  static final String NAT_ADDRESS_ECHO = "nat-address-not-answered";

  /** OVN loops traffic from inside to a DNAT or floating IP back through the gateway port (NAT hairpin). */
  static final String NAT_HAIRPIN = "nat-hairpin";

  /** OVN's port security also admits a port's IPv6 link-local address, derived from its MAC. */
  static final String IPV6_LINK_LOCAL = "ipv6-link-local-port-security";

  private OvnDifferences() {}

  /** The name of the documented difference behind {@code step}'s disagreement, or null. */
  static @Nullable String classify(Topology t, OvnRun.Step step) {
    Verdict nv = step.nv();
    OvnVerdict ovn = step.ovn();
    Packet p = step.packet();
    SwitchPort entry = t.portById(step.port()).orElseThrow();
    boolean toEntry = nv instanceof Verdict.Delivered d && d.ports().contains(step.port());
    if (toEntry && entry.mac().filter(p.ethDst()::equals).isPresent()) {
      return SELF_ADDRESSED;
    }
    if (ovn.kind() == OvnVerdict.Kind.DROPPED
        && step.judgement().text().contains("omitting output because inport == outport")
        && step.evaluation().steps().stream()
            .anyMatch(s -> s.stage() == Step.Stage.L2_LOOKUP && s.text().endsWith(" is port " + step.port()))) {
      // The copy back to the sender meets its egress in nv (a to-port rule rejects it, say).
      return SELF_ADDRESSED;
    }
    if (!(nv instanceof Verdict.Delivered)
        && ovn.equals(OvnVerdict.punted("reject"))
        && p.ethDst().isMulticast()
        && step.judgement().segments().stream().anyMatch(s -> !s.trace().rejectsAtRouterPorts().isEmpty())) {
      return FLOOD_TO_ROUTER_PORT;
    }
    if (balancedWhereOvnIsStateless(step)) {
      // First: the paths part at the entry switch's load balancer, before any later check.
      return STATELESS_BYPASSES_LB;
    }
    boolean ovnBlocks = ovn.kind() == OvnVerdict.Kind.DROPPED || ovn.equals(OvnVerdict.punted("reject"));
    if (ovnBlocks && replyPassedWhereOvnIsStateless(step)) {
      return STATELESS_HIDES_REPLY;
    }
    if (localnetTracked(t, step)) {
      return LOCALNET_CONNTRACK;
    }
    if (ovnBlocks && passedRouterPortAsReply(step) && clearedAtRouterPortEgress(step)) {
      return ROUTER_PORT_CT_CLEARED;
    }
    if (natAddressOwned(t, step, ovn)) {
      return nv instanceof Verdict.Replied ? NAT_ADDRESS_ECHO : NAT_HAIRPIN;
    }
    if (p.ethDst().isMulticast()
        && p.ip().isPresent()
        && has(step, Step.Stage.PORT_SECURITY, "is not an address of")
        && ovn.kind() == OvnVerdict.Kind.DELIVERED) {
      return MULTICAST_EGRESS_SECURITY;
    }
    if (nv instanceof Verdict.Dropped d
        && d.by().toString().endsWith("/ port-security")
        && p.ip().filter(ip -> ip.version() == 6 && ip.src().toString().startsWith("fe80:")).isPresent()) {
      return IPV6_LINK_LOCAL;
    }
    if (nv instanceof Verdict.Dropped d
        && d.by().toString().endsWith("/ local")
        && ovn.equals(OvnVerdict.punted("reject"))) {
      return ROUTER_LOCAL;
    }
    if (nv instanceof Verdict.Replied r
        && r.by().toString().endsWith("arp-responder")
        && p.arp().isPresent()
        && (entry.kind() == PortKind.LOCALNET
            || answersFor(t, t.switchOfPort(entry.id()).map(List::of).orElse(t.switches()), p.arp().get().tpa()).isEmpty())) {
      return ARP_RESPONDER_SCOPE;
    }
    if (nv instanceof Verdict.Replied r
        && r.by().toString().endsWith("icmp-echo")
        && ovn.equals(OvnVerdict.punted("arp-request"))
        && p.ip().isPresent()
        && !isVifAddress(t, p.ip().get().src())) {
      return ECHO_REPLY_ROUTED;
    }
    if (nv instanceof Verdict.Replied r
        && r.by().toString().endsWith("icmp-echo")
        && !ovn.equals(OvnVerdict.REPLIED)
        && (step.judgement().text().contains("icmp4.type = 0;") || step.judgement().text().contains("icmp6.type = 129;"))) {
      // OVN built the reply and routed it: policies and the requester's switch's ACLs met it.
      return ECHO_REPLY_ROUTED;
    }
    return null;
  }

  private static final java.util.regex.Pattern ENTRY_INGRESS =
      java.util.regex.Pattern.compile("ingress\\(dp=\"[^\"]*\", inport=\"([^\"]*)\"\\) \\{");

  /**
   * nv's load balancer translated the packet at its entry port (a new connection to a VIP, or a
   * later packet of a connection it balanced), where OVN's entry switch marked the packet stateless
   * ({@code reg0[16] = 1}, northd's REGBIT_ACL_STATELESS, set by a from-lport allow-stateless ACL in
   * {@code ls_in_pre_acl}): {@code ls_in_pre_lb} then sends it past conntrack, so neither {@code
   * ct_lb_mark} nor the VIP's flow ever sees it.
   */
  private static boolean balancedWhereOvnIsStateless(OvnRun.Step step) {
    String atEntry = "/ port " + step.port();
    boolean balanced =
        step.evaluation().steps().stream()
            .anyMatch(
                s -> s.stage() == Step.Stage.LOAD_BALANCER
                    && s.at().toString().endsWith(atEntry)
                    && (s.text().contains("new connection to backend") || s.text().startsWith("recorded NAT")));
    if (!balanced) {
      return false;
    }
    // The entry switch's ingress pipeline: up to the first nested pipeline of the first pass.
    String text = step.judgement().segments().get(0).text();
    java.util.regex.Matcher m = ENTRY_INGRESS.matcher(text);
    if (!m.find() || !m.group(1).equals(step.port())) {
      return false;
    }
    int end = text.indexOf("egress(dp=", m.end());
    String ingress = text.substring(m.end(), end < 0 ? text.length() : end);
    return ingress.contains("reg0[16] = 1;") && !ingress.contains("ct_lb_mark");
  }

  /**
   * nv passed an ACL stage because the packet is a reply, and OVN marked the packet stateless
   * ({@code reg0[16]}, {@code REGBIT_ACL_STATELESS}: an allow-stateless rule matched it in
   * {@code ls_in_pre_acl} or {@code ls_out_pre_acl}), so no conntrack step told OVN's ACLs so.
   */
  private static boolean replyPassedWhereOvnIsStateless(OvnRun.Step step) {
    boolean replyPassed =
        has(step, Step.Stage.FROM_PORT_ACL, "reply of a committed connection: pass")
            || has(step, Step.Stage.TO_PORT_ACL, "reply of a committed connection: pass");
    return replyPassed
        && step.judgement().segments().stream().anyMatch(s -> s.text().contains("reg0[16] = 1;"));
  }

  /** Whether nv found a connection in a LOCALNET port's zone, or balanced a LOCALNET port's packet. */
  private static boolean localnetTracked(Topology t, OvnRun.Step step) {
    for (Step s : step.evaluation().steps()) {
      String at = s.at().toString();
      int i = at.lastIndexOf("/ port ");
      if (i < 0) {
        continue;
      }
      Optional<SwitchPort> port = t.portById(at.substring(i + 7));
      if (port.isEmpty() || port.get().kind() != PortKind.LOCALNET) {
        continue;
      }
      if ((s.stage() == Step.Stage.CONNTRACK && (s.text().contains(": packet of ") || s.text().contains(": reply of ")))
          || (s.stage() == Step.Stage.LOAD_BALANCER && s.text().contains("backend"))
          || (s.stage() == Step.Stage.LOAD_BALANCER && s.text().contains("recorded NAT"))) {
        return true;
      }
    }
    return false;
  }

  /** nv passed a router-kind port's to-port stage as a reply, on the strength of the ingress lookup. */
  private static boolean passedRouterPortAsReply(OvnRun.Step step) {
    return has(step, Step.Stage.CONNTRACK, "router port: no zone; the ingress lookup found a reply");
  }

  private static final java.util.regex.Pattern CLEARED_EGRESS =
      java.util.regex.Pattern.compile("egress\\(dp=\"[^\"]*\", inport=\"[^\"]*\", outport=\"[^\"]*\"\\) \\{\\s*(?:next;\\s*)*ct_clear;");

  /** OVN cleared the conntrack state at some switch egress (towards a router or localnet port). */
  private static boolean clearedAtRouterPortEgress(OvnRun.Step step) {
    return CLEARED_EGRESS.matcher(step.judgement().text()).find();
  }

  /**
   * nv treated the packet's destination as the router's own NAT address (an echo answered, other
   * traffic dropped as local), which OVN does not: a SNAT address is no address of OVN's router,
   * and from inside, a DNAT or floating IP address is looped back and translated.
   */
  private static boolean natAddressOwned(Topology t, OvnRun.Step step, OvnVerdict ovn) {
    if (!(step.nv() instanceof Verdict.Replied r && r.by().toString().endsWith("/ icmp-echo"))
        && !(step.nv() instanceof Verdict.Dropped d && d.by().toString().endsWith("/ local"))) {
      return false;
    }
    String by = step.nv() instanceof Verdict.Replied r ? r.by().toString() : ((Verdict.Dropped) step.nv()).by().toString();
    List<String> parts = com.google.common.base.Splitter.on(" / ").splitToList(by);
    if (parts.size() < 2 || !parts.get(0).startsWith("router ")) {
      return false;
    }
    Optional<io.nv.model.l3.LogicalRouter> router = t.routerById(parts.get(0).substring(7));
    Optional<IpAddress> dst =
        step.evaluation().steps().stream()
            .filter(s -> s.stage() == Step.Stage.INGRESS)
            .filter(s -> s.at().toString().startsWith(parts.get(0) + " / "))
            .reduce((a, b) -> b)
            .flatMap(s -> IpAddress.tryParse(s.text().replaceAll(".*ip4.dst=([0-9.]+).*", "$1")));
    return router.isPresent()
        && dst.isPresent()
        && router.get().nats().stream().anyMatch(n -> n.externalIp().equals(dst.get()))
        && router.get().ports().stream().noneMatch(rp -> rp.addresses().stream().anyMatch(a -> a.address().equals(dst.get())))
        && !ovn.equals(OvnVerdict.REPLIED);
  }

  /**
   * The port OVN's ARP responder answers for {@code ip} on {@code switches}: a VIF without {@code
   * unknown} on a switch that does not flood unknown unicast, or a router port's address
   * (router-type ports answer).
   */
  static Optional<String> answersFor(Topology t, List<LogicalSwitch> switches, IpAddress ip) {
    for (LogicalSwitch s : switches) {
      for (SwitchPort q : s.ports()) {
        if (q.kind() == PortKind.VIF
            && q.ips().contains(ip)
            && !q.unknown()
            && s.unknownUnicast() != UnknownUnicast.FLOOD) {
          return Optional.of(q.id());
        }
        if (q.kind() == PortKind.ROUTER
            && q.routerPort()
                .flatMap(t::routerPortById)
                .filter(rp -> rp.addresses().stream().anyMatch(a -> a.address().equals(ip)))
                .isPresent()) {
          return Optional.of(q.id());
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isVifAddress(Topology t, IpAddress ip) {
    return t.switches().stream()
        .flatMap(s -> s.ports().stream())
        .anyMatch(q -> q.kind() == PortKind.VIF && q.ips().contains(ip));
  }

  private static boolean has(OvnRun.Step step, Step.Stage stage, String text) {
    return step.evaluation().steps().stream()
        .anyMatch(s -> s.stage() == stage && s.text().contains(text));
  }
}
