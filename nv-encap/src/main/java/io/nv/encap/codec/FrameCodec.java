package io.nv.encap.codec;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Encodes and decodes {@link Frame}s through the flyweights, so both faces share one layout. */
final class FrameCodec {
  private FrameCodec() {}

  static byte[] encode(Frame frame) {
    ImmutableList<Header> headers = frame.headers();
    int n = headers.size();
    int[] at = new int[n + 1];
    for (int i = 0; i < n; i++) {
      at[i + 1] = at[i] + headers.get(i).length();
    }
    int total = at[n] + frame.payload().length();
    byte[] out = new byte[total];
    ByteBuffer b = ByteBuffer.wrap(out);
    frame.payload().copyTo(b, at[n]);
    for (int i = 0; i < n; i++) {
      write(headers.get(i), b, at[i], total - at[i]);
    }
    // Innermost first: an outer UDP checksum covers the inner checksums.
    for (int i = n - 1; i > 0; i--) {
      writeChecksum(headers.get(i), headers.get(i - 1), b, at[i], at[i - 1], total - at[i]);
    }
    return out;
  }

  private static void write(Header h, ByteBuffer b, int off, int remaining) {
    if (h instanceof Ethernet e) {
      EthernetFlyweight f = new EthernetFlyweight().wrap(b, off);
      f.setDestination(e.destination().bits()).setSource(e.source().bits());
      if (e.vlan().isPresent()) {
        f.setTagged(e.vlan().get().tci(), e.etherType().value());
      } else {
        f.setUntagged(e.etherType().value());
      }
    } else if (h instanceof Ipv4 ip) {
      ip.options().copyTo(b, off + Ipv4.HEADER_LENGTH);
      new Ipv4Flyweight()
          .wrap(b, off)
          .setVersionAndHeaderLength(ip.length())
          .setTos(ip.dscp(), ip.ecn())
          .setTotalLength(remaining)
          .setIdentification(ip.identification())
          .setFragment(ip.dontFragment(), ip.moreFragments(), ip.fragmentOffset())
          .setTtl(ip.ttl())
          .setProtocol(ip.protocol().number())
          .setSource(ip.source().bits())
          .setDestination(ip.destination().bits())
          .updateChecksum();
    } else if (h instanceof Ipv6 ip) {
      new Ipv6Flyweight()
          .wrap(b, off)
          .setVersionClassFlow(ip.trafficClass(), ip.flowLabel())
          .setPayloadLength(remaining - Ipv6.HEADER_LENGTH)
          .setNextHeader(ip.nextHeader().number())
          .setHopLimit(ip.hopLimit())
          .setSource(ip.source().high(), ip.source().low())
          .setDestination(ip.destination().high(), ip.destination().low());
    } else if (h instanceof Udp u) {
      new UdpFlyweight()
          .wrap(b, off)
          .setSourcePort(u.sourcePort())
          .setDestinationPort(u.destinationPort())
          .setLength(remaining)
          .setChecksum(0);
    } else if (h instanceof Tcp t) {
      t.options().copyTo(b, off + Tcp.HEADER_LENGTH);
      new TcpFlyweight()
          .wrap(b, off)
          .setSourcePort(t.sourcePort())
          .setDestinationPort(t.destinationPort())
          .setSequence(t.sequence())
          .setAcknowledgment(t.acknowledgment())
          .setHeaderLengthAndFlags(t.length(), t.flags())
          .setWindow(t.window())
          .setChecksum(0)
          .setUrgentPointer(t.urgentPointer());
    } else if (h instanceof Icmp4 c) {
      new IcmpFlyweight().wrap(b, off, false).setType(c.type()).setCode(c.code()).setRest(c.rest());
    } else if (h instanceof Icmp6 c) {
      new IcmpFlyweight().wrap(b, off, true).setType(c.type()).setCode(c.code()).setRest(c.rest());
    } else if (h instanceof Vxlan v) {
      new VxlanFlyweight().wrap(b, off).set(v.vni());
    } else if (h instanceof Geneve g) {
      new GeneveFlyweight()
          .wrap(b, off)
          .set(g.optionsLength(), g.oam(), g.critical(), g.protocolType().value(), g.vni())
          .putOptions(off + Geneve.OPTIONS_OFFSET, g.options());
    }
  }

  private static void writeChecksum(
      Header h, Header ip, ByteBuffer b, int off, int ipOff, int length) {
    if (h instanceof Udp u) {
      if (u.checksummed()) {
        new UdpFlyweight().wrap(b, off).updateChecksum(pseudo(ip, b, ipOff, length));
      }
    } else if (h instanceof Tcp) {
      new TcpFlyweight().wrap(b, off).updateChecksum(pseudo(ip, b, ipOff, length), length);
    } else if (h instanceof Icmp4) {
      new IcmpFlyweight().wrap(b, off, false).updateChecksum(0, length);
    } else if (h instanceof Icmp6) {
      new IcmpFlyweight().wrap(b, off, true).updateChecksum(pseudo(ip, b, ipOff, length), length);
    }
  }

  private static long pseudo(Header ip, ByteBuffer b, int ipOff, int length) {
    return ip instanceof Ipv4
        ? new Ipv4Flyweight().wrap(b, ipOff).pseudoHeaderSum(length)
        : new Ipv6Flyweight().wrap(b, ipOff).pseudoHeaderSum(length);
  }

  static Either<DecodeError, Frame> decode(byte[] bytes, boolean verify) {
    return new Decoder(ByteBuffer.wrap(bytes), verify).run();
  }

  /** One decoding pass: walks the headers with flyweights, outermost first. */
  private static final class Decoder {
    private final ByteBuffer b;
    private final boolean verify;
    private final List<Header> headers = new ArrayList<>();
    private final EthernetFlyweight eth = new EthernetFlyweight();
    private final Ipv4Flyweight ip4 = new Ipv4Flyweight();
    private final Ipv6Flyweight ip6 = new Ipv6Flyweight();
    private final UdpFlyweight udp = new UdpFlyweight();
    private final TcpFlyweight tcp = new TcpFlyweight();
    private final IcmpFlyweight icmp = new IcmpFlyweight();
    private final VxlanFlyweight vxlan = new VxlanFlyweight();
    private final GeneveFlyweight geneve = new GeneveFlyweight();
    private int off;
    private int limit;
    private boolean overIpv6;
    private long pseudoBase;
    private @Nullable DecodeError error;

    Decoder(ByteBuffer b, boolean verify) {
      this.b = b;
      this.verify = verify;
      this.limit = b.limit();
    }

    Either<DecodeError, Frame> run() {
      @Nullable HeaderType next = HeaderType.ETHERNET;
      while (next != null) {
        next = step(next);
        if (error != null) {
          return Either.left(error);
        }
      }
      ByteString payload = ByteString.copyOf(b, off, limit - off);
      return Either.right(new Frame(ImmutableList.copyOf(headers), payload));
    }

    private boolean invalid(Flyweight f) {
      if (f.validate(limit) == DecodeError.Kind.NONE) {
        return false;
      }
      error = f.toError(0);
      return true;
    }

    private void mismatch(HeaderType header, int at, String what, int found, int expected) {
      error = new DecodeError(header, at, DecodeError.Kind.CHECKSUM_MISMATCH,
          String.format("%s is 0x%04x, expected 0x%04x", what, found, expected));
    }

    private @Nullable HeaderType step(HeaderType type) {
      return switch (type) {
        case ETHERNET -> ethernet();
        case IPV4 -> ipv4();
        case IPV6 -> ipv6();
        case UDP -> udp();
        case TCP -> tcp();
        case ICMP4, ICMP6 -> icmp(type == HeaderType.ICMP6);
        case VXLAN -> vxlan();
        case GENEVE -> geneve();
      };
    }

    private @Nullable HeaderType ethernet() {
      if (invalid(eth.wrap(b, off))) {
        return null;
      }
      Optional<VlanTag> vlan =
          eth.isTagged() ? Optional.of(VlanTag.fromTci(eth.tci())) : Optional.empty();
      headers.add(new Ethernet(MacAddress.of(eth.destination()), MacAddress.of(eth.source()), vlan,
          EtherType.valueOf(eth.etherType())));
      off = eth.payloadOffset();
      return Frame.next(eth.etherType());
    }

    private @Nullable HeaderType ipv4() {
      if (invalid(ip4.wrap(b, off))) {
        return null;
      }
      if (verify && !ip4.checksumOk()) {
        mismatch(HeaderType.IPV4, off + Ipv4.CHECKSUM_OFFSET, "IPv4 header checksum",
            ip4.checksum(), ip4.computeChecksum());
        return null;
      }
      headers.add(new Ipv4(ip4.dscp(), ip4.ecn(), ip4.identification(), ip4.dontFragment(),
          ip4.moreFragments(), ip4.fragmentOffset(), ip4.ttl(), IpProtocol.valueOf(ip4.protocol()),
          Ipv4Address.of(ip4.source()), Ipv4Address.of(ip4.destination()),
          ByteString.copyOf(b, off + Ipv4.HEADER_LENGTH, ip4.headerLength() - Ipv4.HEADER_LENGTH)));
      limit = off + ip4.totalLength();
      off = ip4.payloadOffset();
      overIpv6 = false;
      pseudoBase = Checksums.ipv4PseudoHeader(ip4.source(), ip4.destination(), ip4.protocol(), 0);
      return ip4.isFragment() ? null : Frame.nextAfterIp(ip4.protocol(), false);
    }

    private @Nullable HeaderType ipv6() {
      if (invalid(ip6.wrap(b, off))) {
        return null;
      }
      headers.add(new Ipv6(ip6.trafficClass(), ip6.flowLabel(),
          IpProtocol.valueOf(ip6.nextHeader()), ip6.hopLimit(), ip6.sourceAddress(),
          ip6.destinationAddress()));
      limit = ip6.payloadOffset() + ip6.payloadLength();
      off = ip6.payloadOffset();
      overIpv6 = true;
      pseudoBase = ip6.pseudoHeaderSum(0);
      return Frame.nextAfterIp(ip6.nextHeader(), true);
    }

    private @Nullable HeaderType udp() {
      if (invalid(udp.wrap(b, off))) {
        return null;
      }
      int length = udp.length();
      int checksum = udp.checksum();
      if (verify && (checksum != 0 || overIpv6) && !udp.checksumOk(pseudoBase + length)) {
        mismatch(HeaderType.UDP, off + Udp.CHECKSUM_OFFSET,
            checksum == 0 ? "UDP checksum over IPv6 (zero is not allowed)" : "UDP checksum",
            checksum, udp.computeChecksum(pseudoBase + length));
        return null;
      }
      // Over IPv6 a checksum is mandatory, so even a (wrong) zero there is a checksum.
      headers.add(new Udp(udp.sourcePort(), udp.destinationPort(), checksum != 0 || overIpv6));
      limit = off + length;
      off = udp.payloadOffset();
      return Frame.nextAfterUdp(udp.destinationPort());
    }

    private @Nullable HeaderType tcp() {
      if (invalid(tcp.wrap(b, off))) {
        return null;
      }
      int length = limit - off;
      if (verify && !tcp.checksumOk(pseudoBase + length, length)) {
        mismatch(HeaderType.TCP, off + Tcp.CHECKSUM_OFFSET, "TCP checksum", tcp.checksum(),
            tcp.computeChecksum(pseudoBase + length, length));
        return null;
      }
      headers.add(new Tcp(tcp.sourcePort(), tcp.destinationPort(), tcp.sequence(),
          tcp.acknowledgment(), tcp.flags(), tcp.window(), tcp.urgentPointer(),
          ByteString.copyOf(b, off + Tcp.HEADER_LENGTH, tcp.headerLength() - Tcp.HEADER_LENGTH)));
      off = tcp.payloadOffset();
      return null;
    }

    private @Nullable HeaderType icmp(boolean v6) {
      if (invalid(icmp.wrap(b, off, v6))) {
        return null;
      }
      int length = limit - off;
      long pseudo = v6 ? pseudoBase + length : 0;
      if (verify && !icmp.checksumOk(pseudo, length)) {
        mismatch(icmp.headerType(), off + Icmp4.CHECKSUM_OFFSET, "ICMP checksum",
            icmp.checksum(), icmp.computeChecksum(pseudo, length));
        return null;
      }
      headers.add(v6
          ? new Icmp6(icmp.type(), icmp.code(), icmp.rest())
          : new Icmp4(icmp.type(), icmp.code(), icmp.rest()));
      off += Icmp4.HEADER_LENGTH;
      return null;
    }

    private @Nullable HeaderType vxlan() {
      if (invalid(vxlan.wrap(b, off))) {
        return null;
      }
      headers.add(new Vxlan(vxlan.vni()));
      off = vxlan.payloadOffset();
      return HeaderType.ETHERNET;
    }

    private @Nullable HeaderType geneve() {
      if (invalid(geneve.wrap(b, off))) {
        return null;
      }
      ImmutableList.Builder<GeneveOption> options = ImmutableList.builder();
      for (int o = geneve.firstOption(); o >= 0; o = geneve.nextOption(o)) {
        options.add(new GeneveOption(geneve.optionClass(o), geneve.optionType(o),
            ByteString.copyOf(b, geneve.optionDataOffset(o), geneve.optionDataLength(o))));
      }
      EtherType protocol = EtherType.valueOf(geneve.protocolType());
      headers.add(new Geneve(geneve.oam(), protocol, geneve.vni(), options.build()));
      off = geneve.payloadOffset();
      return protocol.equals(EtherType.TRANSPARENT_ETHERNET) ? HeaderType.ETHERNET : null;
    }
  }
}
