package io.nv.encap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.Cases;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round trips over generated values: decode ∘ encode = id, for both faces. */
class CodecProperties {
  static final int CASES = 1000;

  @ParameterizedTest
  @EnumSource(HeaderType.class)
  void decodeOfEncodeIsIdentityForEveryHeader(HeaderType type) {
    Cases.run(type + " round trip", CASES, r -> {
      Frame f = CodecGens.frameWith(r, type);
      assertThat(f.headers()).extracting(Header::headerType).contains(type);
      byte[] wire = f.encode();
      assertThat(wire).hasSize(f.length());
      assertThat(Frame.decode(wire).get()).isEqualTo(f);
      assertThat(Frame.decodeVerified(wire).get()).isEqualTo(f);
    });
  }

  @Test
  void decodeOfEncodeIsIdentityForNestedTunnels() {
    Cases.run("frame round trip", 5 * CASES, r -> {
      Frame f = CodecGens.frame(r, 2);
      assertThat(Frame.decodeVerified(f.encode()).get()).isEqualTo(f);
    });
  }

  /** Any flipped bit in a checksummed region is caught when verifying. */
  @Test
  void verifyingCatchesEveryFlippedBitInTheIpv4Header() {
    Cases.run("ipv4 checksum", CASES, r -> {
      Frame f = CodecGens.frameWith(r, HeaderType.IPV4);
      byte[] wire = f.encode();
      int ipOffset = f.headers().get(0).length();
      int ihl = f.headers().get(1).length();
      int at = ipOffset + r.nextInt(ihl);
      wire[at] ^= (byte) (1 << r.nextInt(8));
      // One flipped bit moves the ones' complement sum by ±2^k, never by a multiple of 0xffff.
      assertThat(Frame.decodeVerified(wire).isLeft()).isTrue();
    });
  }

  /** The flyweight writer and the value encoder lay down the same bytes; the reader reads them. */
  @Test
  void tunnelWriterMatchesTheValueEncoderAndTheReaderReadsItBack() {
    Cases.run("tunnel writer", CASES, r -> {
      boolean v6 = r.nextBoolean();
      MacAddress srcMac = CodecGens.mac(r);
      MacAddress dstMac = CodecGens.mac(r);
      IpAddress src = v6 ? CodecGens.ipv6Address(r) : CodecGens.ipv4Address(r);
      IpAddress dst = v6 ? CodecGens.ipv6Address(r) : CodecGens.ipv4Address(r);
      int ttl = r.nextInt(256);
      boolean df = r.nextBoolean();
      boolean udpChecksum = v6 || r.nextBoolean();
      int sport = r.nextInt(0x10000);
      int kind = r.nextInt(3); // VXLAN, Geneve with OVN option, Geneve with any options
      Frame inner = CodecGens.frame(r, 0);
      byte[] innerBytes = inner.encode();

      Header tunnel;
      if (kind == 0) {
        tunnel = CodecGens.vxlan(r);
      } else if (kind == 1) {
        tunnel = Geneve.of(r.nextInt(Geneve.MAX_VNI + 1),
            new OvnOption(r.nextInt(0x8000), r.nextInt(0x10000)).toGeneveOption());
      } else {
        Geneve g = CodecGens.geneve(r, true);
        tunnel = Geneve.of(g.vni(), g.options());
      }
      List<Header> headers = new ArrayList<>();
      if (v6) {
        headers.add(Ethernet.of(dstMac, srcMac, EtherType.IPV6));
        headers.add(new Ipv6(0, 0, IpProtocol.UDP, ttl, (Ipv6Address) src,
            (Ipv6Address) dst));
      } else {
        headers.add(Ethernet.of(dstMac, srcMac, EtherType.IPV4));
        headers.add(new Ipv4(0, 0, 0, df, false, 0, ttl, IpProtocol.UDP,
            (Ipv4Address) src, (Ipv4Address) dst,
            ByteString.EMPTY));
      }
      int port = tunnel instanceof Vxlan ? Vxlan.UDP_PORT : Geneve.UDP_PORT;
      headers.add(new Udp(sport, port, udpChecksum));
      headers.add(tunnel);
      headers.addAll(inner.headers());
      byte[] expected = Frame.of(headers, inner.payload()).encode();

      TunnelWriter w = TunnelWriter.of(srcMac, dstMac, src, dst).ttl(ttl).dontFragment(df)
          .udpChecksum(udpChecksum);
      int headroom = expected.length - innerBytes.length;
      int base = r.nextInt(16);
      ByteBuffer b = ByteBuffer.allocate(base + expected.length + r.nextInt(16));
      b.put(base + headroom, innerBytes);
      int innerAt;
      if (tunnel instanceof Vxlan v) {
        assertThat(w.vxlanHeaderLength()).isEqualTo(headroom);
        innerAt = w.writeVxlan(b, base, sport, v.vni(), innerBytes.length);
      } else if (kind == 1) {
        Geneve g = (Geneve) tunnel;
        assertThat(w.geneveHeaderLength(OvnOption.LENGTH)).isEqualTo(headroom);
        innerAt = w.writeGeneveOvn(b, base, sport, g.vni(), g.ovn().get().value(),
            innerBytes.length);
      } else {
        Geneve g = (Geneve) tunnel;
        TunnelWriter.EncodedOptions options = TunnelWriter.encodeOptions(g.options());
        assertThat(w.geneveHeaderLength(options.length())).isEqualTo(headroom);
        innerAt = w.writeGeneve(b, base, sport, g.vni(), options, innerBytes.length);
      }
      assertThat(innerAt).isEqualTo(base + headroom);
      assertThat(ByteString.copyOf(b, base, expected.length)).isEqualTo(ByteString.of(expected));

      TunnelReader reader = new TunnelReader().verifyChecksums(true);
      int end = base + expected.length;
      assertThat(reader.read(b, base, end)).isEqualTo(DecodeError.Kind.NONE);
      assertThat(reader.isIpv6()).isEqualTo(v6);
      assertThat(reader.tunnel()).isEqualTo(tunnel.headerType());
      assertThat(reader.vni())
          .isEqualTo(tunnel instanceof Vxlan v ? v.vni() : ((Geneve) tunnel).vni());
      assertThat(reader.udp().sourcePort()).isEqualTo(sport);
      assertThat(reader.innerOffset()).isEqualTo(innerAt);
      assertThat(reader.innerLimit()).isEqualTo(end);
      if (tunnel instanceof Geneve g) {
        List<GeneveOption> read = new ArrayList<>();
        GeneveFlyweight gf = reader.geneve();
        for (int o = gf.firstOption(); o >= 0; o = gf.nextOption(o)) {
          read.add(new GeneveOption(gf.optionClass(o), gf.optionType(o),
              ByteString.copyOf(b, gf.optionDataOffset(o), gf.optionDataLength(o))));
        }
        assertThat(read).isEqualTo(g.options());
        assertThat(gf.critical()).isEqualTo(g.critical());
      }
    });
  }

  /** Checksums against a plain 16-bit-word oracle (RFC 1071 §4.1's loop). */
  @Test
  void checksumAgreesWithTheTextbookLoop() {
    Cases.run("checksum", CASES, r -> {
      byte[] data = new byte[r.nextInt(200)];
      r.nextBytes(data);
      int off = data.length == 0 ? 0 : r.nextInt(data.length);
      int len = r.nextInt(data.length - off + 1);
      long sum = 0;
      for (int i = 0; i < len; i += 2) {
        int hi = data[off + i] & 0xFF;
        int lo = i + 1 < len ? data[off + i + 1] & 0xFF : 0;
        sum += hi << 8 | lo;
      }
      while ((sum >>> 16) != 0) {
        sum = (sum & 0xFFFF) + (sum >>> 16);
      }
      assertThat(Checksums.compute(ByteBuffer.wrap(data), off, len))
          .isEqualTo((int) (~sum & 0xFFFF));
    });
  }

  @Test
  void smallValuesRoundTripThroughTheirBits() {
    Cases.run("small values", CASES, r -> {
      OvnOption o = new OvnOption(r.nextInt(0x8000), r.nextInt(0x10000));
      assertThat(OvnOption.ofValue(o.value())).isEqualTo(o);
      assertThat(OvnOption.from(o.toGeneveOption())).contains(o);
      VlanTag t = new VlanTag(r.nextInt(8), r.nextBoolean(), r.nextInt(4096));
      assertThat(VlanTag.fromTci(t.tci())).isEqualTo(t);
      int v = r.nextInt(0x10000);
      assertThat(EtherType.valueOf(v).value()).isEqualTo(v);
      ByteString bs = CodecGens.bytes(r, r.nextInt(20));
      assertThat(ByteString.fromHex(bs.toString())).isEqualTo(bs);
    });
  }

}
