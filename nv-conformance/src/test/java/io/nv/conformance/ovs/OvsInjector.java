package io.nv.conformance.ovs;

import com.google.common.collect.ImmutableList;
import com.google.common.io.BaseEncoding;
import io.nv.compiler.trace.HostTrace;
import io.nv.encap.codec.DecodeError;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Header;
import io.nv.encap.codec.PacketFrames;
import io.nv.encap.codec.Tcp;
import io.nv.model.packet.Packet;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends real frames through a topology's hosts in OVS and reads what leaves: a packet becomes a
 * frame ({@link PacketFrames#frame}) injected into its entry interface ({@code
 * netdev-dummy/receive}); what the host sends into its tunnel is delivered to the peers' underlay
 * ports, over and over until no host sends more (a gateway host may send on); then every frame
 * that left any port interface of any host since the last packet is read back from the pcaps
 * ({@code tx_pcap}) and decoded into a packet.
 *
 * <p>TCP segments get sequence numbers a real connection would have (SYN 1000, SYN+ACK 5000
 * acknowledging 1001, later segments 1001 acknowledging 5001): OVS's userspace conntrack checks
 * them, nv's model does not look at them.
 *
 * <pre>{@code
 * OvsInjector in = new OvsInjector(ovs, hosts);
 * in.flush();                                          // empty conntrack everywhere
 * List<String> out = in.send("hv1", "vif3", packet);   // ["hv2 out web2 eth.src=…", …]
 * }</pre>
 */
final class OvsInjector {
  private final OvsHarness ovs;
  private final List<String> hosts;
  private final Map<String, Integer> seen = new HashMap<>();

  /** An injector over {@code hosts}, which must run in {@code ovs} with their flows loaded. */
  OvsInjector(OvsHarness ovs, List<String> hosts) {
    this.ovs = ovs;
    this.hosts = List.copyOf(hosts);
    read();
  }

  /** Forgets every connection on every host, so the next packets start a fresh scenario. */
  void flush() {
    hosts.forEach(ovs::flushConntrack);
  }

  /**
   * Injects {@code packet} into {@code host}'s interface {@code iface} and returns what left every
   * host's port interfaces because of it, as effects ({@code hv2 out web2 <packet>}), sorted.
   */
  List<String> send(String host, String iface, Packet packet) {
    ovs.inject(host, iface, frame(packet));
    int delivered;
    int rounds = 0;
    do {
      delivered = 0;
      for (String h : hosts) {
        delivered += ovs.deliver(h);
      }
    } while (delivered > 0 && ++rounds < 16);
    List<String> out = read();
    out.sort(null);
    return out;
  }

  /** nv's counterpart of {@link #send}: the outputs and replies of every segment, sorted. */
  static List<String> expected(HostTrace t) {
    List<String> out = new ArrayList<>();
    for (HostTrace.Exit e : t.exits()) {
      if (e.kind() == HostTrace.Exit.Kind.OUTPUT || e.kind() == HostTrace.Exit.Kind.REPLY) {
        out.add(e.host() + " out " + e.where() + " " + e.packet().withoutInport().withoutOutport());
      }
    }
    out.sort(null);
    return out;
  }

  /** The frames that left since the last read, as effects. */
  private List<String> read() {
    List<String> out = new ArrayList<>();
    for (String h : hosts) {
      ovs.capturedAll(h).forEach((iface, frames) -> {
        String key = h + "/" + iface;
        int from = seen.getOrDefault(key, 0);
        for (int i = from; i < frames.size(); i++) {
          out.add(h + " out " + iface + " " + describe(frames.get(i)));
        }
        seen.put(key, frames.size());
      });
    }
    return out;
  }

  private static String describe(byte[] bytes) {
    Either<DecodeError, Frame> f = Frame.decode(bytes);
    Optional<Packet> p = f.isRight() ? PacketFrames.packet(f.get()) : Optional.empty();
    return p.map(Packet::toString)
        .orElse("undecodable " + BaseEncoding.base16().lowerCase().encode(bytes));
  }

  /** The wire frame of {@code p}, with TCP sequence numbers of a real connection. */
  static byte[] frame(Packet p) {
    Frame f = PacketFrames.frame(p);
    List<Header> headers = new ArrayList<>();
    for (Header h : f.headers()) {
      if (h instanceof Tcp t) {
        boolean syn = (t.flags() & Tcp.SYN) != 0;
        boolean ack = (t.flags() & Tcp.ACK) != 0;
        long seq = syn && !ack ? 1000 : syn ? 5000 : 1001;
        long acknowledged = syn && !ack ? 0 : syn ? 1001 : 5001;
        headers.add(t.withSequence(seq).withAcknowledgment(ack ? acknowledged : 0));
      } else {
        headers.add(h);
      }
    }
    return Frame.of(ImmutableList.copyOf(headers), f.payload()).encode();
  }
}
