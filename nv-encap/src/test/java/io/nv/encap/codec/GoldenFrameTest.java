package io.nv.encap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames encoded by hand from RFC 791, RFC 768, RFC 7348 and RFC 8926, byte for byte. */
class GoldenFrameTest {
  static final MacAddress OUTER_SRC = MacAddress.parse("02:00:00:00:00:01");
  static final MacAddress OUTER_DST = MacAddress.parse("02:00:00:00:00:02");
  static final Ipv4Address VTEP1 = Ipv4Address.parse("192.168.0.1");
  static final Ipv4Address VTEP2 = Ipv4Address.parse("192.168.0.2");
  static final MacAddress VM1 = MacAddress.parse("0a:00:00:00:00:01");

  /** An ARP request from 10.0.0.1 (VM1) for 10.0.0.2: the inner frame of both tunnels. */
  static final String INNER_ARP =
      "ffffffffffff" + "0a0000000001" + "0806" // broadcast, VM1, ARP
          + "0001" + "0800" + "06" + "04" + "0001" // Ethernet/IPv4, request
          + "0a0000000001" + "0a000001" // sender VM1, 10.0.0.1
          + "000000000000" + "0a000002"; // target unknown, 10.0.0.2
  static final ByteString ARP_BODY = ByteString.fromHex(INNER_ARP.substring(28));

  static Ethernet innerEthernet() {
    return Ethernet.of(MacAddress.BROADCAST, VM1, EtherType.ARP);
  }

  /*
   * VXLAN, VNI 42. Inner frame 42 bytes; VXLAN 8 → UDP length 8 + 8 + 42 = 58 (0x003a);
   * IPv4 total length 20 + 58 = 78 (0x004e).
   * IPv4 header checksum by hand, 16-bit words with the checksum field as 0:
   *   4500 + 004e + 0000 + 4000 + 4011 + 0000 + c0a8 + 0001 + c0a8 + 0002 = 0x246b2
   *   fold: 0x46b2 + 0x2 = 0x46b4; complement: 0xffff - 0x46b4 = 0xb94b.
   */
  static final String VXLAN_FRAME =
      "020000000002" + "020000000001" + "0800" // outer Ethernet
          + "4500" + "004e" + "0000" + "4000" + "4011" + "b94b" + "c0a80001" + "c0a80002" // IPv4
          + "c000" + "12b5" + "003a" + "0000" // UDP 49152 → 4789, no checksum
          + "08000000" + "00002a00" // VXLAN: I flag, VNI 42
          + INNER_ARP;

  /*
   * Geneve, VNI 7, OVN option ingress 1, egress 2. Geneve: version 0, options length 2 words
   * (0x02), C bit set because OVN's type 0x80 is critical (0x40), protocol 0x6558, VNI 000007;
   * option class 0102, type 80, length 1 word, value 0001 0002.
   * UDP length 8 + 16 + 42 = 66 (0x0042); IPv4 total length 20 + 66 = 86 (0x0056).
   * IPv4 header checksum by hand:
   *   4500 + 0056 + 0000 + 4000 + 4011 + 0000 + c0a8 + 0001 + c0a8 + 0002 = 0x246ba
   *   fold: 0x46ba + 0x2 = 0x46bc; complement: 0xffff - 0x46bc = 0xb943.
   */
  static final String GENEVE_FRAME =
      "020000000002" + "020000000001" + "0800"
          + "4500" + "0056" + "0000" + "4000" + "4011" + "b943" + "c0a80001" + "c0a80002"
          + "c000" + "17c1" + "0042" + "0000" // UDP 49152 → 6081, no checksum
          + "0240" + "6558" + "00000700" // Geneve header
          + "0102" + "80" + "01" + "00010002" // OVN option
          + INNER_ARP;

  static Frame vxlanFrame() {
    return Frame.of(
        List.of(
            Ethernet.of(OUTER_DST, OUTER_SRC, EtherType.IPV4),
            Ipv4.of(VTEP1, VTEP2, IpProtocol.UDP),
            Udp.withoutChecksum(49152, Vxlan.UDP_PORT),
            new Vxlan(42),
            innerEthernet()),
        ARP_BODY);
  }

  static Frame geneveFrame() {
    return Frame.of(
        List.of(
            Ethernet.of(OUTER_DST, OUTER_SRC, EtherType.IPV4),
            Ipv4.of(VTEP1, VTEP2, IpProtocol.UDP),
            Udp.withoutChecksum(49152, Geneve.UDP_PORT),
            Geneve.of(7, new OvnOption(1, 2).toGeneveOption()),
            innerEthernet()),
        ARP_BODY);
  }

  @Test
  void vxlanEncodesToTheHandWorkedBytes() {
    assertThat(ByteString.of(vxlanFrame().encode())).hasToString(VXLAN_FRAME);
  }

  @Test
  void vxlanDecodesFromTheHandWorkedBytes() {
    assertThat(Frame.decodeVerified(ByteString.fromHex(VXLAN_FRAME).toByteArray()).get())
        .isEqualTo(vxlanFrame());
  }

  @Test
  void geneveEncodesToTheHandWorkedBytes() {
    assertThat(ByteString.of(geneveFrame().encode())).hasToString(GENEVE_FRAME);
  }

  @Test
  void geneveDecodesFromTheHandWorkedBytesWithTheOvnKeys() {
    Frame f = Frame.decodeVerified(ByteString.fromHex(GENEVE_FRAME).toByteArray()).get();
    assertThat(f).isEqualTo(geneveFrame());
    assertThat(f.first(Geneve.class).flatMap(Geneve::ovn)).contains(new OvnOption(1, 2));
  }

  @Test
  void tunnelWriterLaysDownTheSameGeneveBytes() {
    byte[] wire = ByteString.fromHex(GENEVE_FRAME).toByteArray();
    ByteBuffer b = ByteBuffer.allocate(wire.length);
    int headroom = 58;
    b.put(headroom, wire, headroom, wire.length - headroom);
    TunnelWriter w = TunnelWriter.of(OUTER_SRC, OUTER_DST, VTEP1, VTEP2);
    assertThat(w.geneveHeaderLength(OvnOption.LENGTH)).isEqualTo(headroom);
    int inner = w.writeGeneveOvn(b, 0, 49152, 7, OvnOption.value(1, 2), wire.length - headroom);
    assertThat(inner).isEqualTo(headroom);
    assertThat(ByteString.of(b.array())).hasToString(GENEVE_FRAME);
  }

  @Test
  void tunnelWriterLaysDownTheSameVxlanBytes() {
    byte[] wire = ByteString.fromHex(VXLAN_FRAME).toByteArray();
    ByteBuffer b = ByteBuffer.allocate(wire.length);
    b.put(50, wire, 50, wire.length - 50);
    TunnelWriter w = TunnelWriter.of(OUTER_SRC, OUTER_DST, VTEP1, VTEP2);
    assertThat(w.writeVxlan(b, 0, 49152, 42, wire.length - 50)).isEqualTo(50);
    assertThat(ByteString.of(b.array())).hasToString(VXLAN_FRAME);
  }

  @Test
  void tunnelReaderReadsTheOvnKeysInPlace() {
    ByteBuffer b = ByteBuffer.wrap(ByteString.fromHex(GENEVE_FRAME).toByteArray());
    TunnelReader r = new TunnelReader().verifyChecksums(true);
    assertThat(r.read(b, 0, b.limit())).isEqualTo(DecodeError.Kind.NONE);
    assertThat(r.tunnel()).isEqualTo(HeaderType.GENEVE);
    assertThat(r.vni()).isEqualTo(7);
    int at = r.geneve().findOption(OvnOption.OPTION_CLASS, OvnOption.OPTION_TYPE);
    assertThat(OvnOption.ingressPort(r.geneve().optionInt(at))).isEqualTo(1);
    assertThat(OvnOption.egressPort(r.geneve().optionInt(at))).isEqualTo(2);
    assertThat(r.innerOffset()).isEqualTo(58);
    assertThat(r.innerLimit()).isEqualTo(b.limit());
  }

  /** RFC 1071 §3's worked example: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2. */
  @Test
  void checksumMatchesRfc1071Example() {
    ByteBuffer b = ByteBuffer.wrap(ByteString.fromHex("0001f203f4f5f6f7").toByteArray());
    assertThat(Checksums.fold(Checksums.sum(b, 0, 8))).isEqualTo(0xddf2);
    assertThat(Checksums.compute(b, 0, 8)).isEqualTo(0x220d);
    // Odd length: the last byte is padded with zero.
    assertThat(Checksums.fold(Checksums.sum(b, 0, 7))).isEqualTo(Checksums.fold(0x0001L + 0xf203
        + 0xf4f5 + 0xf600));
  }
}
