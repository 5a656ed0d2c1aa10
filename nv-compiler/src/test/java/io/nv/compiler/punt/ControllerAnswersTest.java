package io.nv.compiler.punt;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.PuntReason;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.DecodeError;
import io.nv.encap.codec.EtherType;
import io.nv.encap.codec.Ethernet;
import io.nv.encap.codec.Frame;
import io.nv.encap.codec.Icmp4;
import io.nv.encap.codec.Icmp6;
import io.nv.encap.codec.Ipv4;
import io.nv.encap.codec.Ipv6;
import io.nv.encap.codec.Tcp;
import io.nv.encap.codec.Udp;
import io.nv.model.ModelPath;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.control.Either;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The packets a host agent sends for each punt reason, built from real frames: sequence numbers of
 * RSTs, quoted headers of ICMP errors, the ARP request and neighbour solicitation for a next hop,
 * and the cases that get no answer.
 */
class ControllerAnswersTest {
  static final MacAddress A1 = MacAddress.parse("0a:00:0a:0a:01:11");
  static final MacAddress EDGE_A = MacAddress.parse("0a:00:0a:0a:01:01");
  static final MacAddress EDGE_OUT = MacAddress.parse("0a:00:cb:00:71:02");
  static final Ipv4Address A1_IP = Ipv4Address.parse("10.10.1.11");
  static final Ipv4Address FAR = Ipv4Address.parse("198.51.100.7");

  private final ValidatedTopology topology = TestTopologies.validated(TestTopologies.routingNat());
  private final ControllerAnswers answers = ControllerAnswers.of(topology);

  private static byte[] tcpFrame(int flags, long seq, long ack, int dataBytes) {
    Tcp tcp = new Tcp(40000, 80, seq, ack, flags, 65535, 0, ByteString.EMPTY);
    return Frame.of(
            List.of(Ethernet.of(EDGE_A, A1, EtherType.IPV4), Ipv4.of(A1_IP, FAR, IpProtocol.TCP), tcp),
            ByteString.of(new byte[dataBytes]))
        .encode();
  }

  private static Punt punt(PuntReason reason, Datapath d, String inport, String by, byte[] frame) {
    return new Punt(reason, d, inport, ModelPath.parse(by), Optional.empty(), ByteString.of(frame));
  }

  private Answer.Send sent(Punt p) {
    Either<DecodeError, Answer> a = answers.answer(p);
    assertThat(a.isRight()).as("%s", a).isTrue();
    assertThat(a.get()).isInstanceOf(Answer.Send.class);
    return (Answer.Send) a.get();
  }

  /** The answer's frame, decoded with every checksum verified. */
  private static Frame decoded(Answer.Send s) {
    Either<DecodeError, Frame> f = Frame.decodeVerified(s.frame().toByteArray());
    assertThat(f.isRight()).as("%s", f).isTrue();
    return f.get();
  }

  private static final Datapath SWITCH_A = Datapath.ofSwitch("a");

  @Test
  void aRejectedSynGetsRstAckAcknowledgingTheSyn() {
    Answer.Send s = sent(punt(PuntReason.REJECT, SWITCH_A, "a1", "switch a / acl no-web",
        tcpFrame(Tcp.SYN, 1_000_000L, 0, 0)));
    Frame f = decoded(s);
    Tcp rst = f.first(Tcp.class).orElseThrow();
    assertThat(rst.flags()).isEqualTo(Tcp.RST | Tcp.ACK);
    assertThat(rst.sequence()).isZero();
    assertThat(rst.acknowledgment()).isEqualTo(1_000_001L);
    assertThat(rst.sourcePort()).isEqualTo(80);
    assertThat(rst.destinationPort()).isEqualTo(40000);
    Ipv4 ip = f.first(Ipv4.class).orElseThrow();
    assertThat(ip.source()).isEqualTo(FAR);
    assertThat(ip.destination()).isEqualTo(A1_IP);
    assertThat(ip.ttl()).isEqualTo(255);
    Ethernet eth = f.first(Ethernet.class).orElseThrow();
    assertThat(eth.destination()).isEqualTo(A1);
    assertThat(eth.source()).isEqualTo(EDGE_A);
    assertThat(s.outport()).isEqualTo("a1");
    assertThat(s.datapath()).isEqualTo(SWITCH_A);
  }

  @Test
  void aRejectedSegmentWithAckGetsARstAtItsAcknowledgmentNumber() {
    Frame f =
        decoded(sent(punt(PuntReason.REJECT, SWITCH_A, "a1", "switch a / acl no-web",
            tcpFrame(Tcp.ACK | Tcp.PSH, 5000, 0xFFFF_FFF0L, 100))));
    Tcp rst = f.first(Tcp.class).orElseThrow();
    assertThat(rst.flags()).isEqualTo(Tcp.RST);
    assertThat(rst.sequence()).isEqualTo(0xFFFF_FFF0L);
    // A FIN without ACK counts one, and the acknowledgment wraps at 2^32.
    Frame fin =
        decoded(sent(punt(PuntReason.REJECT, SWITCH_A, "a1", "switch a / acl no-web",
            tcpFrame(Tcp.FIN, 0xFFFF_FFFFL, 0, 10))));
    assertThat(fin.first(Tcp.class).orElseThrow().acknowledgment()).isEqualTo(10L);
  }

  @Test
  void aRejectedUdpDatagramGetsPortUnreachableQuotingItsHeaderAnd8Bytes() {
    byte[] frame =
        Frame.of(
                List.of(Ethernet.of(EDGE_A, A1, EtherType.IPV4), Ipv4.of(A1_IP, FAR, IpProtocol.UDP),
                    Udp.of(5353, 53)),
                ByteString.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))
            .encode();
    Frame f = decoded(sent(punt(PuntReason.REJECT, SWITCH_A, "a1", "switch a / acl no-dns", frame)));
    Icmp4 icmp = f.first(Icmp4.class).orElseThrow();
    assertThat(icmp.type()).isEqualTo(3);
    assertThat(icmp.code()).isEqualTo(3);
    // The quote: the offending IPv4 header (20 bytes) and the UDP header (the first 8 bytes).
    byte[] quoted = f.payload().toByteArray();
    assertThat(quoted).isEqualTo(Arrays.copyOfRange(frame, 14, 14 + 20 + 8));
    assertThat(f.first(Ipv4.class).orElseThrow().destination()).isEqualTo(A1_IP);
  }

  @Test
  void anExpiredTtlGetsTimeExceededFromTheArrivalPortsAddress() {
    byte[] frame = tcpFrame(Tcp.SYN, 7, 0, 0);
    Answer.Send s = sent(punt(PuntReason.ICMP_TIME_EXCEEDED, Datapath.ofRouter("edge"), "edge-a",
        "router edge / ttl", frame));
    Frame f = decoded(s);
    Icmp4 icmp = f.first(Icmp4.class).orElseThrow();
    assertThat(icmp.type()).isEqualTo(11);
    assertThat(icmp.code()).isZero();
    Ipv4 ip = f.first(Ipv4.class).orElseThrow();
    assertThat(ip.source()).isEqualTo(Ipv4Address.parse("10.10.1.1"));
    assertThat(ip.destination()).isEqualTo(A1_IP);
    assertThat(f.first(Ethernet.class).orElseThrow().source()).isEqualTo(EDGE_A);
    assertThat(f.payload().toByteArray()).isEqualTo(Arrays.copyOfRange(frame, 14, 14 + 20 + 8));
    assertThat(s.outport()).isEqualTo("edge-a");
  }

  @Test
  void anUnknownNextHopGetsAnArpRequestOutOfItsPort() {
    byte[] frame = tcpFrame(Tcp.SYN, 7, 0, 0);
    Punt p =
        new Punt(PuntReason.ARP_REQUEST, Datapath.ofRouter("edge"), "edge-a",
            ModelPath.parse("router edge / port edge-out / arp-resolve"),
            Optional.of(IpAddress.parse("203.0.113.77")), ByteString.of(frame));
    Answer.Send s = sent(p);
    Frame f = decoded(s);
    Ethernet eth = f.first(Ethernet.class).orElseThrow();
    assertThat(eth.destination()).isEqualTo(MacAddress.BROADCAST);
    assertThat(eth.source()).isEqualTo(EDGE_OUT);
    assertThat(eth.etherType()).isEqualTo(EtherType.ARP);
    byte[] arp = f.payload().toByteArray();
    assertThat(arp).hasSize(28);
    assertThat(Arrays.copyOfRange(arp, 0, 8)).containsExactly(0, 1, 8, 0, 6, 4, 0, 1);
    assertThat(Arrays.copyOfRange(arp, 8, 14)).isEqualTo(EDGE_OUT.toBytes());
    assertThat(Arrays.copyOfRange(arp, 14, 18)).isEqualTo(Ipv4Address.parse("203.0.113.2").toBytes());
    assertThat(Arrays.copyOfRange(arp, 24, 28)).isEqualTo(Ipv4Address.parse("203.0.113.77").toBytes());
    assertThat(s.outport()).isEqualTo("edge-out");
  }

  @Test
  void anUnknownIpv6NextHopGetsANeighbourSolicitation() {
    ValidatedTopology v6 =
        TestTopologies.validated(
            TestTopologies.editSwitch(
                TestTopologies.editRouterPort(TestTopologies.routingNat(), "edge-out",
                    p -> p.addAddress(InterfaceAddress.parse("2001:db8:71::2/64"))),
                "outside", s -> s.addSubnet(io.nv.model.addr.IpPrefix.parse("2001:db8:71::/64"))));
    Ipv6Address target = Ipv6Address.parse("2001:db8:71::abcd:1234");
    Punt p =
        new Punt(PuntReason.ARP_REQUEST, Datapath.ofRouter("edge"), "edge-a",
            ModelPath.parse("router edge / port edge-out / arp-resolve"), Optional.of(target),
            ByteString.of(tcpFrame(Tcp.SYN, 7, 0, 0)));
    Answer a = ControllerAnswers.of(v6).answer(p).get();
    Frame f = decoded((Answer.Send) a);
    Ipv6 ip = f.first(Ipv6.class).orElseThrow();
    assertThat(ip.destination()).isEqualTo(Ipv6Address.parse("ff02::1:ffcd:1234"));
    assertThat(ip.source()).isEqualTo(Ipv6Address.parse("2001:db8:71::2"));
    assertThat(ip.hopLimit()).isEqualTo(255);
    assertThat(f.first(Ethernet.class).orElseThrow().destination())
        .isEqualTo(MacAddress.parse("33:33:ff:cd:12:34"));
    assertThat(f.first(Icmp6.class).orElseThrow().type()).isEqualTo(135);
    assertThat(Arrays.copyOfRange(f.payload().toByteArray(), 0, 16)).isEqualTo(target.toBytes());
  }

  @Test
  void aLoggedPacketGetsTheRuleAndItsAction() {
    ValidatedTopology logged =
        TestTopologies.validated(
            TestTopologies.editSwitch(TestTopologies.routingNat(), "a",
                s -> s.addAcl(TestTopologies.acl("audit", "tcp.dst == 80"))));
    Answer a =
        ControllerAnswers.of(logged)
            .answer(punt(PuntReason.LOG, SWITCH_A, "a1", "switch a / acl audit", tcpFrame(Tcp.SYN, 1, 0, 0)))
            .get();
    assertThat(a).isInstanceOf(Answer.Log.class);
    assertThat(a.toString()).startsWith("acl-log: rule=\"switch a / acl audit\" verdict=allow-related packet: ");
  }

  @Test
  void errorsAndResetsAreNeverAnswered() {
    assertThat(answers.answer(punt(PuntReason.REJECT, SWITCH_A, "a1", "switch a / acl x",
            tcpFrame(Tcp.RST, 1, 0, 0))).get())
        .isInstanceOf(Answer.Nothing.class);
    byte[] icmpError =
        Frame.of(
                List.of(Ethernet.of(EDGE_A, A1, EtherType.IPV4), Ipv4.of(A1_IP, FAR, IpProtocol.ICMP),
                    new Icmp4(3, 1, 0)),
                ByteString.of(new byte[28]))
            .encode();
    assertThat(answers.answer(punt(PuntReason.ICMP_TIME_EXCEEDED, Datapath.ofRouter("edge"), "edge-a",
            "router edge / ttl", icmpError)).get())
        .isInstanceOf(Answer.Nothing.class);
  }

  @Test
  void bytesThatDoNotDecodeAreTheCodecsError() {
    Either<DecodeError, Answer> a =
        answers.answer(punt(PuntReason.REJECT, SWITCH_A, "a1", "switch a / acl x", new byte[] {1, 2, 3}));
    assertThat(a.isLeft()).isTrue();
  }
}
