package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.physical.Compilation;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.PacketFrames;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;
import java.util.Optional;

/**
 * The frames a host trace puts on wires, built by nv-encap's codecs: what leaves the host the
 * packet entered on — one encapsulated frame per tunnel copy (outer Ethernet, IPv4, UDP, then
 * Geneve with OVN's option or VXLAN) and the plain frame of each copy delivered on that host.
 *
 * <p>Fields the dataplane chooses are made deterministic here: outer MACs are {@code 02:00}
 * followed by the VTEP's IPv4 address, the outer IP id is 0 with TTL 64 and DF, and the UDP
 * source port is {@link #sourcePort} of the inner packet — in the range RFC 7348 §5 recommends,
 * so the same trace gives the same bytes every run. An IPv6 underlay is refused.
 *
 * <pre>{@code
 * HostTrace t = HostTracer.of(compilation).trace("web1", syn, HostConntrack.empty());
 * for (Frame f : WireFrames.leavingSource(compilation, t)) {
 *   pcap.write(micros, f.encode());
 * }
 * }</pre>
 */
public final class WireFrames {
  /** First UDP source port of the dynamic range tunnels draw from. */
  public static final int SOURCE_PORT_BASE = 49152;

  private WireFrames() {}

  /**
   * The frames that leave the entry host, in the trace's order: its tunnel copies, then the
   * copies delivered to ports on that host.
   *
   * @throws IllegalArgumentException when a tunnel's VTEP has an IPv6 address
   */
  public static ImmutableList<Frame> leavingSource(Compilation compilation, HostTrace trace) {
    ImmutableList.Builder<Frame> frames = ImmutableList.builder();
    Optional<String> entry = trace.steps().isEmpty() ? Optional.empty() : Optional.of(trace.steps().get(0).host());
    if (entry.isEmpty()) {
      return frames.build();
    }
    Topology t = compilation.topology().topology();
    for (HostTrace.TunnelHop hop : trace.tunnels()) {
      if (hop.from().equals(entry.get())) {
        frames.add(tunnelFrame(t, hop));
      }
    }
    if (trace.verdict() instanceof Verdict.Delivered d) {
      for (Verdict.Output o : d.outputs()) {
        if (compilation.hostOf(o.port()).equals(entry)) {
          frames.add(PacketFrames.frame(o.packet()));
        }
      }
    }
    return frames.build();
  }

  /** One tunnel crossing on the wire between its two VTEPs. */
  public static Frame tunnelFrame(Topology t, HostTrace.TunnelHop hop) {
    Ipv4Address local = ipv4(t.hostById(hop.from()).orElseThrow().tunnelIp(), hop.from());
    Ipv4Address remote = ipv4(hop.remote(), hop.to());
    return PacketFrames.tunnel(
        PacketFrames.frame(hop.inner()),
        vtepMac(local),
        vtepMac(remote),
        local,
        remote,
        sourcePort(hop.inner()),
        (int) hop.vni(),
        hop.option().isPresent() ? Optional.of(hop.option().getAsInt()) : Optional.empty());
  }

  /**
   * The outer UDP source port for {@code inner}: a hash of its flow folded into 49152–65535, so
   * one flow keeps one port (ECMP in the underlay keeps it on one path) as a dataplane's would.
   */
  public static int sourcePort(Packet inner) {
    return SOURCE_PORT_BASE + Math.floorMod(inner.withoutInport().withoutOutport().toString().hashCode(), 1 << 14);
  }

  private static MacAddress vtepMac(Ipv4Address a) {
    return MacAddress.of(0x0200_0000_0000L | Integer.toUnsignedLong(a.bits()));
  }

  private static Ipv4Address ipv4(IpAddress a, String host) {
    if (a instanceof Ipv4Address v4) {
      return v4;
    }
    throw new IllegalArgumentException(
        "host " + host + " has VTEP " + a + ": frames are built for IPv4 underlays only");
  }
}
