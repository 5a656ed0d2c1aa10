package io.nv.encap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv6Address;
import io.vavr.control.Either;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Examples of decode errors, checksum policy and the frame's stack rules. */
class FrameTest {
  static byte[] geneve() {
    return ByteString.fromHex(GoldenFrameTest.GENEVE_FRAME).toByteArray();
  }

  static DecodeError error(byte[] bytes) {
    Either<DecodeError, Frame> r = Frame.decode(bytes);
    assertThat(r.isLeft()).as("decoding gives an error, not %s", r).isTrue();
    return r.getLeft();
  }

  @Test
  void emptyInputIsATruncatedEthernetHeader() {
    DecodeError e = error(new byte[0]);
    assertThat(e.header()).isEqualTo(HeaderType.ETHERNET);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.TRUNCATED);
    assertThat(e.offset()).isZero();
  }

  @Test
  void truncationInsideIpv4NamesIpv4AndItsOffset() {
    DecodeError e = error(Arrays.copyOf(geneve(), 20));
    assertThat(e.header()).isEqualTo(HeaderType.IPV4);
    assertThat(e.offset()).isEqualTo(14);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.TRUNCATED);
  }

  @Test
  void totalLengthPastTheEndIsABadLength() {
    byte[] b = geneve();
    b[16] = 0x05; // total length 0x0556
    DecodeError e = error(b);
    assertThat(e.header()).isEqualTo(HeaderType.IPV4);
    assertThat(e.offset()).isEqualTo(16);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.BAD_LENGTH);
    assertThat(e.message()).contains("total length");
  }

  @Test
  void shortIhlIsABadLength() {
    byte[] b = geneve();
    b[14] = 0x44;
    assertThat(error(b).kind()).isEqualTo(DecodeError.Kind.BAD_LENGTH);
  }

  @Test
  void ipVersionOtherThanFourIsABadVersion() {
    byte[] b = geneve();
    b[14] = 0x65;
    DecodeError e = error(b);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.BAD_VERSION);
    assertThat(e.header()).isEqualTo(HeaderType.IPV4);
  }

  @Test
  void udpLengthPastTheIpPacketIsABadLength() {
    byte[] b = geneve();
    b[39] = 0x43; // UDP length 0x0043 > 66 bytes of IP payload
    DecodeError e = error(b);
    assertThat(e.header()).isEqualTo(HeaderType.UDP);
    assertThat(e.offset()).isEqualTo(38);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.BAD_LENGTH);
  }

  @Test
  void geneveOptionsLengthPastTheEndIsAnOptionPastTheEnd() {
    byte[] b = geneve();
    b[42] = 0x3f; // 63 words of options, more than the 58 bytes there are
    DecodeError e = error(b);
    assertThat(e.header()).isEqualTo(HeaderType.GENEVE);
    assertThat(e.offset()).isEqualTo(42);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.OPTION_PAST_END);
  }

  @Test
  void oneOptionLongerThanTheOptionsIsAnOptionPastTheEndAtThatOption() {
    byte[] b = geneve();
    b[53] = 0x02; // the OVN option claims 2 words; the header has room for 1
    DecodeError e = error(b);
    assertThat(e.offset()).isEqualTo(50);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.OPTION_PAST_END);
  }

  @Test
  void geneveVersionOtherThanZeroIsABadVersion() {
    byte[] b = geneve();
    b[42] |= 0x40;
    assertThat(error(b).kind()).isEqualTo(DecodeError.Kind.BAD_VERSION);
  }

  @Test
  void vxlanWithoutTheIFlagIsBadFlags() {
    byte[] b = ByteString.fromHex(GoldenFrameTest.VXLAN_FRAME).toByteArray();
    b[42] = 0;
    DecodeError e = error(b);
    assertThat(e.header()).isEqualTo(HeaderType.VXLAN);
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.BAD_FLAGS);
  }

  @Test
  void aWrongIpv4ChecksumIsReportedOnlyWhenVerifying() {
    byte[] b = geneve();
    b[25] ^= 1;
    assertThat(Frame.decode(b).get()).isEqualTo(GoldenFrameTest.geneveFrame());
    DecodeError e = Frame.decodeVerified(b).getLeft();
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.CHECKSUM_MISMATCH);
    assertThat(e.offset()).isEqualTo(24);
    assertThat(e.message()).contains("0xb942", "0xb943");
  }

  @Test
  void zeroUdpChecksumIsFineOverIpv4ButAMismatchOverIpv6() {
    Frame v6 = Frame.of(
        List.of(
            Ethernet.of(GoldenFrameTest.OUTER_DST, GoldenFrameTest.OUTER_SRC, EtherType.IPV6),
            Ipv6.of(Ipv6Address.parse("2001:db8::1"), Ipv6Address.parse("2001:db8::2"),
                IpProtocol.UDP),
            Udp.of(1000, 2000)),
        ByteString.fromHex("cafe"));
    byte[] b = v6.encode();
    assertThat(Frame.decodeVerified(b).get()).isEqualTo(v6);
    b[14 + 40 + 6] = 0;
    b[14 + 40 + 7] = 0;
    assertThat(Frame.decode(b).get()).isEqualTo(v6);
    DecodeError e = Frame.decodeVerified(b).getLeft();
    assertThat(e.kind()).isEqualTo(DecodeError.Kind.CHECKSUM_MISMATCH);
    assertThat(e.header()).isEqualTo(HeaderType.UDP);
    assertThat(Frame.decodeVerified(geneve()).isRight()).isTrue();
  }

  @Test
  void bytesPastTheIpTotalLengthArePaddingAndDropped() {
    byte[] padded = Arrays.copyOf(geneve(), geneve().length + 10);
    assertThat(Frame.decode(padded).get()).isEqualTo(GoldenFrameTest.geneveFrame());
  }

  @Test
  void unknownGeneveOptionsSurviveAsRawBytes() {
    GeneveOption unknown = new GeneveOption(0xffee, 0x05, ByteString.fromHex("0102030405060708"));
    Frame f = Frame.of(
        List.of(
            Ethernet.of(GoldenFrameTest.OUTER_DST, GoldenFrameTest.OUTER_SRC, EtherType.IPV4),
            Ipv4.of(GoldenFrameTest.VTEP1, GoldenFrameTest.VTEP2, IpProtocol.UDP),
            Udp.of(1, Geneve.UDP_PORT),
            Geneve.of(9, unknown),
            GoldenFrameTest.innerEthernet()),
        GoldenFrameTest.ARP_BODY);
    Frame back = Frame.decodeVerified(f.encode()).get();
    assertThat(back.first(Geneve.class).get().options()).containsExactly(unknown);
    assertThat(back.first(Geneve.class).get().critical()).isFalse();
  }

  @Test
  void aProtocolFieldThatNamesAMissingHeaderIsAProgrammerMistake() {
    assertThatThrownBy(() -> Frame.of(
            List.of(Ethernet.of(GoldenFrameTest.OUTER_DST, GoldenFrameTest.OUTER_SRC,
                EtherType.IPV4)),
            ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add a IPV4 header");
  }

  @Test
  void aHeaderAfterARawProtocolIsAProgrammerMistake() {
    assertThatThrownBy(() -> Frame.of(
            List.of(
                Ethernet.of(GoldenFrameTest.OUTER_DST, GoldenFrameTest.OUTER_SRC, EtherType.ARP),
                new Vxlan(1)),
            ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read back as payload");
  }

  @Test
  void udpWithoutChecksumOverIpv6IsAProgrammerMistake() {
    assertThatThrownBy(() -> Frame.of(
            List.of(
                Ethernet.of(GoldenFrameTest.OUTER_DST, GoldenFrameTest.OUTER_SRC, EtherType.IPV6),
                Ipv6.of(Ipv6Address.parse("::1"), Ipv6Address.parse("::2"), IpProtocol.UDP),
                Udp.withoutChecksum(1, 2)),
            ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RFC 8200");
  }

  @Test
  void anIpv4FragmentKeepsItsTransportHeaderAsPayload() {
    Ipv4 fragment = new Ipv4(0, 0, 7, false, true, 0, 64, IpProtocol.UDP, GoldenFrameTest.VTEP1,
        GoldenFrameTest.VTEP2, ByteString.EMPTY);
    Frame f = Frame.of(
        List.of(Ethernet.of(GoldenFrameTest.OUTER_DST, GoldenFrameTest.OUTER_SRC, EtherType.IPV4),
            fragment),
        ByteString.fromHex("c00017c100420000"));
    assertThat(Frame.decodeVerified(f.encode()).get()).isEqualTo(f);
  }

  @Test
  void vlanTaggedFramesRoundTrip() {
    Frame f = Frame.of(
        List.of(GoldenFrameTest.innerEthernet().withVlan(new VlanTag(5, true, 100))),
        GoldenFrameTest.ARP_BODY);
    byte[] b = f.encode();
    assertThat(ByteString.copyOf(b, 12, 6)).hasToString("8100b0640806");
    assertThat(Frame.decode(b).get()).isEqualTo(f);
  }

  @Test
  void decodeErrorsReadAsSentences() {
    assertThat(error(new byte[3]).toString())
        .startsWith("ETHERNET at byte 0: TRUNCATED: Ethernet header needs 14 bytes");
  }
}
