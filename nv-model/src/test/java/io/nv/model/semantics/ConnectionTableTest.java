package io.nv.model.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import org.junit.jupiter.api.Test;

/** Five-tuples, their reverse, and how packets belong to committed connections. */
class ConnectionTableTest {
  private static final IpAddress A = IpAddress.parse("10.0.0.1");
  private static final IpAddress B = IpAddress.parse("10.0.0.2");
  private static final IpAddress VIP = IpAddress.parse("10.0.0.100");
  private static final MacAddress M = MacAddress.parse("0a:00:00:00:00:01");

  private static FiveTuple tcp(IpAddress src, int sport, IpAddress dst, int dport) {
    return new FiveTuple(src, dst, IpProtocol.TCP, sport, dport);
  }

  @Test
  void tuplesOfPackets() {
    assertThat(FiveTuple.of(Packets.tcp(M, M, A, B, 1000, 80))).contains(tcp(A, 1000, B, 80));
    assertThat(FiveTuple.of(Packets.icmpEcho(M, M, A, B)))
        .contains(new FiveTuple(A, B, IpProtocol.ICMP, 8, 0));
    assertThat(FiveTuple.of(Packets.ipPacket(M, M, A, B, IpProtocol.valueOf(47))))
        .contains(new FiveTuple(A, B, IpProtocol.valueOf(47), 0, 0));
    assertThat(FiveTuple.of(Packets.broadcast(M, 0x88cc))).isEmpty();
  }

  @Test
  void reverseSwapsAndMapsEchoToEchoReply() {
    assertThat(tcp(A, 1000, B, 80).reverse()).isEqualTo(tcp(B, 80, A, 1000));
    FiveTuple echo = FiveTuple.of(Packets.icmpEcho(M, M, A, B)).orElseThrow();
    FiveTuple reply = FiveTuple.of(Packets.icmpEchoReply(M, M, B, A)).orElseThrow();
    assertThat(echo.reverse()).isEqualTo(reply);
    FiveTuple v6 =
        FiveTuple.of(Packets.icmpEcho(M, M, IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:db8::2")))
            .orElseThrow();
    assertThat(v6.reverse().srcPort()).isEqualTo(Packet.Icmp.ECHO_REPLY_V6);
    FiveTuple unreachable = new FiveTuple(A, B, IpProtocol.ICMP, 3, 1);
    assertThat(unreachable.reverse()).isEqualTo(new FiveTuple(B, A, IpProtocol.ICMP, 3, 1));
  }

  @Test
  void packetsBelongForwardOrAsReplies() {
    FiveTuple toVip = tcp(A, 1000, VIP, 80);
    FiveTuple toBackend = tcp(A, 1000, B, 8080);
    ConnectionTable t = ConnectionTable.EMPTY.with(new Connection("a", toVip, toBackend));

    assertThat(t.find("a", toVip)).contains(new ConnectionTable.Hit(t.inZone("a").get(0), false));
    assertThat(t.find("a", toBackend).map(ConnectionTable.Hit::reply)).contains(false);
    assertThat(t.find("a", toBackend.reverse()).map(ConnectionTable.Hit::reply)).contains(true);
    assertThat(t.find("a", toVip.reverse())).isEmpty();
    assertThat(t.find("b", toVip)).isEmpty();

    // A tuple that is its own reverse (A's port 5000 to itself) is a forward packet.
    FiveTuple self = new FiveTuple(A, A, IpProtocol.UDP, 5000, 5000);
    assertThat(self.reverse()).isEqualTo(self);
    assertThat(ConnectionTable.EMPTY.with(Connection.of("a", self)).find("a", self).map(ConnectionTable.Hit::reply))
        .contains(false);
  }

  @Test
  void withReplacesTheConnectionOfTheSameOriginalTuple() {
    FiveTuple toVip = tcp(A, 1000, VIP, 80);
    ConnectionTable t =
        ConnectionTable.EMPTY
            .with(Connection.of("a", toVip))
            .with(new Connection("a", toVip, tcp(A, 1000, B, 80)))
            .with(Connection.of("b", toVip));
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.inZone("a")).singleElement().matches(Connection::isNatted);
    assertThat(t.inZone("a").get(0).isHairpin()).isFalse();
    assertThat(t).isEqualTo(ConnectionTable.EMPTY.with(new Connection("a", toVip, tcp(A, 1000, B, 80))).with(Connection.of("b", toVip)));
    assertThat(ConnectionTable.EMPTY.isEmpty()).isTrue();
  }
}
