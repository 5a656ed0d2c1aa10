package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What hosts' tables did to one packet: every lookup on every host, the tunnels it crossed, the
 * verdict (the logical tracer's grammar), and every host's conntrack table after it.
 *
 * <p>A packet's path is cut into <em>segments</em>, one per arrival at a host: segment 0 starts at
 * the entry interface, segment {@code k} at the arrival of {@code tunnels().get(k - 1)}. A segment
 * is what one {@code ofproto/trace} on that host shows; its conntrack passes, tunnels, bucket picks
 * and exits say which segment they belong to, so a trace of real Open vSwitch can be compared
 * segment by segment ({@link #ctNext} gives the {@code --ct-next} states in the order OVS takes
 * them).
 *
 * <pre>{@code
 * HostTrace t = HostTracer.of(compilation).trace("web1", packet, HostConntrack.empty());
 * t.tunnels().get(0).vni();   // the VNI of the first crossing
 * t.ctNext(0);                // [0x22 (+trk+est), …]: what ofproto/trace --ct-next takes on the entry host
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
 * @param exits everything that left a host's tables (outputs, replies, punts, logs, tunnels) and
 *     every drop, in the order the tracer met them
 * @param buckets the select-group buckets taken, in order
 * @param table every host's conntrack table after the packet
 */
public record HostTrace(
    String inport,
    Packet packet,
    ImmutableList<HostStep> steps,
    Verdict verdict,
    ImmutableList<TunnelHop> tunnels,
    ImmutableList<CtPass> ctPasses,
    ImmutableList<Exit> exits,
    ImmutableList<BucketPick> buckets,
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
   * @param segment the segment it belongs to
   * @param parent the index in {@link #ctPasses()} of the pass that ran this lookup, -1 for the
   *     segment's first pass
   * @param natFromTable whether a {@code ct(nat)} without an address rewrote the packet from its
   *     committed connection (un-NAT of a reply, NAT of a later packet) — what {@code
   *     ofproto/trace} does not simulate
   * @param connection the connection the packet belongs to (or has just committed); empty for a
   *     new packet that commits nothing here
   */
  public record CtPass(
      String host, int zone, int state, int segment, int parent, boolean natFromTable,
      Optional<Connection> connection) {}

  /**
   * One tunnel crossing.
   *
   * <pre>{@code
   * new HostTrace.TunnelHop("hv1", "hv2", IpAddress.parse("192.168.0.2"), 1, OptionalInt.of(0x10003), inner, 0);
   * }</pre>
   *
   * @param from the sending host
   * @param to the receiving host
   * @param remote the receiving VTEP's address
   * @param vni the tunnel key
   * @param option the Geneve OVN option's 32-bit value; empty under VXLAN
   * @param inner the encapsulated packet
   * @param segment the segment that sends it (its arrival is segment {@code index + 1})
   */
  public record TunnelHop(
      String from, String to, IpAddress remote, long vni, OptionalInt option, Packet inner,
      int segment) {}

  /**
   * Something that ended a copy of the packet on a host: it left through an interface, went back
   * out of the one it came in on, went to the controller, went into a tunnel, or was dropped; or a
   * log record, after which the packet goes on.
   *
   * <pre>{@code
   * new HostTrace.Exit("hv1", 0, HostTrace.Exit.Kind.OUTPUT, "web2", packet);
   * }</pre>
   *
   * @param host the host
   * @param segment the segment
   * @param kind what happened
   * @param where the interface (output, reply), the reason (punt), the receiving host (tunnel),
   *     {@code log}, or the model path of a drop
   * @param packet the packet as it was then
   */
  public record Exit(String host, int segment, Kind kind, String where, Packet packet) {
    /**
     * What an exit is.
     *
     * <pre>{@code
     * HostTrace.Exit.Kind.REPLY;
     * }</pre>
     */
    public enum Kind {
      /** Out of an interface ({@code output:N}). */
      OUTPUT,
      /** Back out of the interface it came in on ({@code in_port}): an answer built in the tables. */
      REPLY,
      /** To the controller, the copy ends. */
      PUNT,
      /** To the controller as a log record; the packet goes on. */
      LOG,
      /** Into the tunnel. */
      TUNNEL,
      /** Dropped. */
      DROP
    }
  }

  /**
   * A select group's choice.
   *
   * <pre>{@code
   * new HostTrace.BucketPick("hv1", 0, "load-balancer lb / vip http", 1, 3);
   * }</pre>
   *
   * @param host the host
   * @param segment the segment
   * @param group the group's name
   * @param bucket the bucket taken, 0-based
   * @param of how many buckets the group has
   */
  public record BucketPick(String host, int segment, String group, int bucket, int of) {}

  /**
   * The conntrack states of segment {@code segment}'s passes in the order Open vSwitch's {@code
   * ofproto/trace --ct-next} takes them: OVS queues each recirculation as it meets it and traces
   * the queue first in, first out (breadth first), while this tracer follows each one at once
   * (depth first). The two orders differ when one pass starts several recirculations (flood copies
   * looking connections up in their own zones).
   */
  public ImmutableList<Integer> ctNext(int segment) {
    List<Integer> order = new ArrayList<>();
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(-1);
    while (!queue.isEmpty()) {
      int parent = queue.poll();
      for (int i = 0; i < ctPasses.size(); i++) {
        CtPass p = ctPasses.get(i);
        if (p.segment() == segment && p.parent() == parent) {
          order.add(p.state());
          queue.add(i);
        }
      }
    }
    return ImmutableList.copyOf(order);
  }

  /** The exits of segment {@code segment}, in order. */
  public ImmutableList<Exit> exits(int segment) {
    return exits.stream().filter(e -> e.segment() == segment).collect(ImmutableList.toImmutableList());
  }

  /** The host of segment {@code segment}. */
  public String host(int segment) {
    if (segment == 0) {
      return steps.isEmpty() ? "" : steps.get(0).host();
    }
    return tunnels.get(segment - 1).to();
  }
}
