package io.nv.conformance.ovn;

import io.nv.model.Topology;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import java.util.Optional;

/**
 * nv packets as {@code ovn-trace} microflows: every header field nv sets, in OVN's expression
 * language, so the trace sees the same packet as the reference semantics.
 *
 * <pre>{@code
 * Microflows.of("web1", Packets.tcp(web1Mac, routerMac, web1Ip, app1Ip, 40000, 8080));
 * // inport == "web1" && eth.src == 0a:00:00:01:00:11 && … && tcp.dst == 8080 && tcp.flags == 0x002
 * }</pre>
 */
final class Microflows {
  private Microflows() {}

  /**
   * The microflow of {@code p} entering at {@code inport} of {@code t}. A LOCALNET port's VLAN tag
   * belongs to the physical network: ovn-controller removes it before the logical pipeline, so the
   * microflow is untagged.
   */
  static String of(Topology t, String inport, Packet p) {
    return of(inport, entering(t, inport, p));
  }

  /**
   * {@code p} as the logical pipeline of {@code inport} sees it: without the VLAN tag of a
   * LOCALNET port, which the physical network carries.
   */
  static Packet entering(Topology t, String inport, Packet p) {
    Optional<SwitchPort> port = t.portById(inport);
    if (port.isPresent()
        && port.get().kind() == PortKind.LOCALNET
        && port.get().vlan().isPresent()
        && p.vlan().filter(v -> v.vid() == port.get().vlan().get()).isPresent()) {
      return p.withoutVlan();
    }
    return p;
  }

  static String of(String inport, Packet p) {
    StringBuilder sb = new StringBuilder();
    sb.append("inport == \"").append(inport).append('"');
    sb.append(" && eth.src == ").append(p.ethSrc()).append(" && eth.dst == ").append(p.ethDst());
    p.vlan()
        .ifPresentOrElse(
            v -> sb.append(" && vlan.tci == ").append(0x1000 | (v.pcp() << 13) | v.vid()),
            () -> {});
    if (p.arp().isPresent()) {
      Packet.Arp a = p.arp().get();
      sb.append(" && arp.op == ").append(a.op());
      sb.append(" && arp.sha == ").append(a.sha()).append(" && arp.spa == ").append(a.spa());
      sb.append(" && arp.tha == ").append(a.tha()).append(" && arp.tpa == ").append(a.tpa());
      return sb.toString();
    }
    if (p.ip().isEmpty()) {
      return sb.append(" && eth.type == ").append(p.ethType()).toString();
    }
    Packet.Ip ip = p.ip().get();
    String v = ip.version() == 4 ? "ip4" : "ip6";
    sb.append(" && ").append(v).append(".src == ").append(ip.src());
    sb.append(" && ").append(v).append(".dst == ").append(ip.dst());
    sb.append(" && ip.ttl == ").append(ip.ttl());
    sb.append(" && ip.dscp == ").append(ip.dscp()).append(" && ip.ecn == ").append(ip.ecn());
    if (p.tcp().isPresent()) {
      Packet.Tcp t = p.tcp().get();
      sb.append(" && tcp && tcp.src == ").append(t.src()).append(" && tcp.dst == ").append(t.dst());
      sb.append(" && tcp.flags == ").append(t.flags());
    } else if (p.udp().isPresent()) {
      Packet.Udp u = p.udp().get();
      sb.append(" && udp && udp.src == ").append(u.src()).append(" && udp.dst == ").append(u.dst());
    } else if (p.icmp().isPresent()) {
      Packet.Icmp i = p.icmp().get();
      String n = ip.version() == 4 ? "icmp4" : "icmp6";
      sb.append(" && ").append(n).append(" && ").append(n).append(".type == ").append(i.type());
      sb.append(" && ").append(n).append(".code == ").append(i.code());
    } else {
      sb.append(" && ip.proto == ").append(ip.proto().number());
    }
    return sb.toString();
  }
}
