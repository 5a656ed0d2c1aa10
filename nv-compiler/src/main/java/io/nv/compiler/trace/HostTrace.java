package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;
import java.util.OptionalInt;

/**
 * What hosts' tables did to one packet: every lookup on every host, the tunnels it crossed, the
 * verdict (the logical tracer's grammar), and every host's conntrack table after it.
 *
 * <pre>{@code
 * HostTrace t = HostTracer.of(compilation).trace("web1", packet, HostConntrack.empty());
 * t.tunnels().get(0).vni();   // the VNI of the first crossing
 * HostTraceText.render(t, true);
 * }</pre>
 *
 * @param inport the port the packet entered on
 * @param packet the packet as it entered
 * @param steps every lookup, host by host, in order
 * @param verdict what happened
 * @param tunnels the tunnels crossed, in order
 * @param ctPasses the conntrack lookups that recirculated, in order (each is one pass of OVS's
 *     {@code ofproto/trace}, whose {@code --ct-next} takes the state)
 * @param table every host's conntrack table after the packet
 */
public record HostTrace(
    String inport,
    Packet packet,
    ImmutableList<HostStep> steps,
    Verdict verdict,
    ImmutableList<TunnelHop> tunnels,
    ImmutableList<CtPass> ctPasses,
    HostConntrack table) {

  /**
   * A conntrack lookup that recirculated: on which host, in which zone, and the {@code ct_state}
   * it gave ({@link io.nv.compiler.flow.CtState} bits).
   *
   * <pre>{@code
   * CtState.format(pass.state(), pass.state());   // "+trk+est+rpl"
   * }</pre>
   *
   * @param host the host
   * @param zone the zone
   * @param state the state bits
   */
  public record CtPass(String host, int zone, int state) {}

  /**
   * One tunnel crossing.
   *
   * <pre>{@code
   * new HostTrace.TunnelHop("hv1", "hv2", IpAddress.parse("192.168.0.2"), 1, OptionalInt.of(0x10003), inner);
   * }</pre>
   *
   * @param from the sending host
   * @param to the receiving host
   * @param remote the receiving VTEP's address
   * @param vni the tunnel key
   * @param option the Geneve OVN option's 32-bit value; empty under VXLAN
   * @param inner the encapsulated packet
   */
  public record TunnelHop(
      String from, String to, IpAddress remote, long vni, OptionalInt option, Packet inner) {}
}
