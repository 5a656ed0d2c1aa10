package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import io.nv.model.validate.Validator;

import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;

/**
 * A topology with its semantics and the addresses of its ports, so tests read as "web1 sends TCP
 * to app1 through the router".
 *
 * <pre>{@code
 * Fixture f = new Fixture(TestTopologies.threeTier());
 * f.evaluate("web1", f.tcp("web1", f.routerMac("r1-web"), "app1", 40000, 8080));
 * }</pre>
 */
final class Fixture {
  final Topology topology;
  final Semantics semantics;

  Fixture(Topology topology) {
    this.topology = topology;
    this.semantics = semantics(topology);
  }

  MacAddress mac(String port) {
    return topology.portById(port).orElseThrow().mac().orElseThrow();
  }

  IpAddress ip(String port) {
    return topology.portById(port).orElseThrow().ips().get(0);
  }

  MacAddress routerMac(String routerPort) {
    return topology.routerPortById(routerPort).orElseThrow().mac();
  }

  /** A TCP SYN from port {@code from} to port {@code to}'s address, sent to {@code ethDst}. */
  Packet tcp(String from, MacAddress ethDst, String to, int srcPort, int dstPort) {
    return Packets.tcp(mac(from), ethDst, ip(from), ip(to), srcPort, dstPort);
  }

  /** A TCP SYN between two ports of one switch. */
  Packet tcp(String from, String to, int srcPort, int dstPort) {
    return tcp(from, mac(to), to, srcPort, dstPort);
  }

  Evaluation evaluate(String port, Packet packet) {
    return semantics.evaluate(port, packet);
  }

  Evaluation evaluate(String port, Packet packet, ConnectionTable table) {
    return semantics.evaluate(port, packet, table);
  }

  /** The reply to {@code delivered}, sent back by its receiver: addresses and ports swapped. */
  static Packet replyTo(Packet delivered) {
    Packet.Ip ip = delivered.ip().orElseThrow();
    Packet.Builder b =
        new Packet.Builder()
            .ethSrc(delivered.ethDst())
            .ethDst(delivered.ethSrc())
            .ip(Packet.Ip.of(/* src= */ ip.dst(), /* dst= */ ip.src(), ip.proto()));
    Packet.L4 l4 = delivered.l4().orElseThrow();
    if (l4 instanceof Packet.Tcp t) {
      b.l4(new Packet.Tcp(/* src= */ t.dst(), /* dst= */ t.src(), Packet.Tcp.SYN | Packet.Tcp.ACK));
    } else if (l4 instanceof Packet.Udp u) {
      b.l4(new Packet.Udp(/* src= */ u.dst(), /* dst= */ u.src()));
    } else {
      throw new IllegalArgumentException("replyTo takes TCP or UDP: " + delivered);
    }
    return b.build();
  }

  static Verdict dropped(String path) {
    return new Verdict.Dropped(ModelPath.parse(path));
  }

  static Verdict punted(String reason, String path) {
    return new Verdict.Punted(reason, ModelPath.parse(path));
  }

  /** The semantics of {@code t}, which must validate. */
  static Semantics semantics(Topology t) {
    return Semantics.of(
        Validator.validate(t)
            .fold(
                errors -> {
                  throw new AssertionError("test topology does not validate: " + errors);
                },
                valid -> valid));
  }
}
