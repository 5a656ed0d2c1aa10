package io.nv.compiler.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.addr.IpAddress;
import org.junit.jupiter.api.Test;

class ConntrackTableTest {
  static final IpAddress A = IpAddress.parse("10.0.0.1");
  static final IpAddress B = IpAddress.parse("10.0.0.2");
  static final IpAddress VIP = IpAddress.parse("10.0.0.100");

  @Test
  void repliesAndForwardPacketsBelongToTheirConnection() {
    FiveTuple syn = new FiveTuple(A, VIP, 6, 40000, 80);
    Connection c = new Connection(3, syn, syn.withDestination(B, 8080).reverse());
    ConntrackTable t = ConntrackTable.empty().commit(c);
    assertThat(c.isNatted()).isTrue();
    assertThat(c.translated()).isEqualTo(new FiveTuple(A, B, 6, 40000, 8080));
    assertThat(t.lookup(3, syn)).contains(new ConntrackTable.Hit(c, false));
    assertThat(t.lookup(3, new FiveTuple(B, A, 6, 8080, 40000))).contains(new ConntrackTable.Hit(c, true));
    assertThat(t.lookup(4, syn)).isEmpty();
    assertThat(t.lookup(3, new FiveTuple(VIP, A, 6, 80, 40000))).isEmpty();
    assertThat(t.commit(c)).isSameAs(t);
    assertThat(t.connections()).containsExactly(c);
    assertThat(ConntrackTable.empty().size()).isZero();
  }

  @Test
  void aTupleThatIsItsOwnReverseIsAForwardPacket() {
    // From A's port 5000 to itself: the reply tuple is the original one, and the packet is a
    // forward packet (docs/semantics.md), so the ACL stages evaluate it.
    FiveTuple self = new FiveTuple(A, A, 17, 5000, 5000);
    Connection c = new Connection(3, self, self.reverse());
    assertThat(self.reverse()).isEqualTo(self);
    assertThat(ConntrackTable.empty().commit(c).lookup(3, self)).contains(new ConntrackTable.Hit(c, false));
  }

  @Test
  void echoRepliesPairWithTheirRequests() {
    FiveTuple echo = new FiveTuple(A, B, 1, 8, 0);
    assertThat(echo.reverse()).isEqualTo(new FiveTuple(B, A, 1, 0, 0));
    FiveTuple echo6 = new FiveTuple(IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:db8::2"), 58, 128, 0);
    assertThat(echo6.reverse().srcPort()).isEqualTo(129);
    assertThat(new FiveTuple(A, B, 6, 1, 2).reverse().reverse()).isEqualTo(new FiveTuple(A, B, 6, 1, 2));
  }
}
