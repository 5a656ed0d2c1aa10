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
  /** OVN re-runs the ACLs on established traffic of the original direction; nv lets it pass. */
  static final String ESTABLISHED_FORWARD = "established-forward-reevaluated";
  /** A from-port allow-stateless rule skips conntrack, and with it load balancing, in OVN. */
  static final String STATELESS_BYPASSES_LB = "stateless-bypasses-lb";
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
    if (toEntry && ovn.kind() == OvnVerdict.Kind.DROPPED && routedBackToItself(entry, p, step)) {
      return ESTABLISHED_FORWARD;
    }
    if (has(step, Step.Stage.FROM_PORT_ACL, "ALLOW: pass, stateless")
        && has(step, Step.Stage.LOAD_BALANCER, "new connection to backend")) {
      return STATELESS_BYPASSES_LB;
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
        && (entry.kind() == PortKind.LOCALNET || answersFor(t, p.arp().get().tpa()).isEmpty())) {
      return ARP_RESPONDER_SCOPE;
    }
    if (nv instanceof Verdict.Replied r
        && r.by().toString().endsWith("icmp-echo")
        && ovn.equals(OvnVerdict.punted("arp-request"))
        && p.ip().isPresent()
        && !isVifAddress(t, p.ip().get().src())) {
      return ECHO_REPLY_ROUTED;
    }
    return null;
  }

  /**
   * The port OVN's ARP responder answers for {@code ip}: a VIF without {@code unknown} on a switch
   * that does not flood unknown unicast, or a router port's address (router-type ports answer).
   */
  static Optional<String> answersFor(Topology t, IpAddress ip) {
    for (LogicalSwitch s : t.switches()) {
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

  /**
   * A packet that comes back to its own port through a router (to its own address, or a static
   * route's next hop that is the sender), or a load-balanced hairpin: at its egress it is a
   * forward packet of the connection its ingress committed.
   */
  private static boolean routedBackToItself(SwitchPort entry, Packet p, OvnRun.Step step) {
    boolean toOwnAddress = p.ip().isPresent() && entry.ips().contains(p.ip().get().dst());
    boolean forwardAtOwnEgress =
        step.evaluation().steps().stream()
            .anyMatch(
                s -> s.stage() == Step.Stage.CONNTRACK
                    && s.at().toString().endsWith("/ port " + entry.id())
                    && s.text().contains(": packet of "));
    return toOwnAddress
        || forwardAtOwnEgress
        || has(step, Step.Stage.LOAD_BALANCER, "hairpin")
        || has(step, Step.Stage.LOAD_BALANCER, "reply of hairpinned");
  }

  private static boolean has(OvnRun.Step step, Step.Stage stage, String text) {
    return step.evaluation().steps().stream()
        .anyMatch(s -> s.stage() == stage && s.text().contains(text));
  }
}
