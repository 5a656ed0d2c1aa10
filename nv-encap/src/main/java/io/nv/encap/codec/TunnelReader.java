package io.nv.encap.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Reads a tunnel frame's outer headers — Ethernet, IPv4 or IPv6, UDP, and VXLAN or Geneve — in
 * place and without allocating, the counterpart of {@link TunnelWriter}. {@link #read} returns
 * {@link DecodeError.Kind#NONE} or the first problem, never throws on bad bytes; after a good read
 * the header flyweights ({@link #geneve()}, …) and the inner frame's bounds are ready.
 *
 * <p>Checksums are verified only when {@link #verifyChecksums(boolean)} is on: the IPv4 header
 * checksum, and the UDP checksum unless it is zero over IPv4 (zero over IPv6 is a mismatch).
 *
 * <pre>{@code
 * TunnelReader r = new TunnelReader().verifyChecksums(true);
 * if (r.read(buf, 0, buf.limit()) == DecodeError.Kind.NONE && r.tunnel() == HeaderType.GENEVE) {
 *   int vni = r.vni();
 *   int at = r.geneve().findOption(OvnOption.OPTION_CLASS, OvnOption.OPTION_TYPE);
 *   int egress = at < 0 ? -1 : OvnOption.egressPort(r.geneve().optionInt(at));
 *   int inner = r.innerOffset();
 * }
 * }</pre>
 */
public final class TunnelReader {
  private final EthernetFlyweight eth = new EthernetFlyweight();
  private final Ipv4Flyweight ip4 = new Ipv4Flyweight();
  private final Ipv6Flyweight ip6 = new Ipv6Flyweight();
  private final UdpFlyweight udp = new UdpFlyweight();
  private final VxlanFlyweight vxlan = new VxlanFlyweight();
  private final GeneveFlyweight geneve = new GeneveFlyweight();
  private boolean verify;

  private boolean v6;
  // Primitives, not references, on the hot path: a reference store costs a GC write barrier.
  private boolean geneveTunnel;
  private int innerOffset;
  private int innerLimit;
  private @Nullable Flyweight failed;
  private HeaderType faultHeader = HeaderType.ETHERNET;
  private int faultOffset;
  private String faultText = "";

  /** Whether {@link #read} verifies checksums (off by default). */
  public TunnelReader verifyChecksums(boolean verify) {
    this.verify = verify;
    return this;
  }

  /**
   * Reads the outer headers of the frame in {@code [offset, limit)} of {@code buffer}. A buffer
   * that is not big-endian, or bounds outside it, are programmer mistakes ({@link
   * IllegalArgumentException}); bad bytes never throw.
   *
   * @return {@link DecodeError.Kind#NONE}, or the first problem; {@link
   *     DecodeError.Kind#UNEXPECTED_PROTOCOL} when the bytes are well formed but not a VXLAN or
   *     Geneve tunnel frame
   */
  public DecodeError.Kind read(ByteBuffer buffer, int offset, int limit) {
    if (buffer.order() != ByteOrder.BIG_ENDIAN || offset < 0 || limit > buffer.limit()) {
      throw new IllegalArgumentException(
          "read a big-endian buffer (buffer.order(ByteOrder.BIG_ENDIAN)) between offset "
              + offset + " >= 0 and limit " + limit + " <= the buffer's limit " + buffer.limit());
    }
    if (bad(eth, buffer, offset, limit)) {
      return eth.fault();
    }
    // Validated headers are read a word at a time here: fewer reads on the hot path.
    int type = buffer.getShort(offset + Ethernet.ETHER_TYPE_OFFSET) & 0xFFFF;
    int ipAt = offset + Ethernet.HEADER_LENGTH;
    if (type == EtherType.VLAN.value()) {
      type = buffer.getShort(offset + Ethernet.TAGGED_ETHER_TYPE_OFFSET) & 0xFFFF;
      ipAt = offset + Ethernet.TAGGED_HEADER_LENGTH;
    }
    int udpAt;
    int end;
    if (type == EtherType.IPV4.value()) {
      v6 = false;
      if (bad(ip4, buffer, ipAt, limit)) {
        return ip4.fault();
      }
      if (verify && !ip4.checksumOk()) {
        return fail(HeaderType.IPV4, ipAt + Ipv4.CHECKSUM_OFFSET,
            DecodeError.Kind.CHECKSUM_MISMATCH, "IPv4 header checksum does not verify");
      }
      int versionToTotal = buffer.getInt(ipAt);
      int fragment = buffer.getInt(ipAt + Ipv4.IDENTIFICATION_OFFSET);
      int ttlProtocol = buffer.getShort(ipAt + Ipv4.TTL_OFFSET);
      if ((ttlProtocol & 0xFF) != 17 || (fragment & (Ipv4.MORE_FRAGMENTS_BIT | 0x1FFF)) != 0) {
        return fail(HeaderType.IPV4, ipAt + Ipv4.PROTOCOL_OFFSET,
            DecodeError.Kind.UNEXPECTED_PROTOCOL, "not UDP, or a fragment");
      }
      udpAt = ipAt + (versionToTotal >>> 22 & 0x3C);
      end = ipAt + (versionToTotal & 0xFFFF);
    } else if (type == EtherType.IPV6.value()) {
      v6 = true;
      if (bad(ip6, buffer, ipAt, limit)) {
        return ip6.fault();
      }
      if (ip6.nextHeader() != 17) {
        return fail(HeaderType.IPV6, ipAt + Ipv6.NEXT_HEADER_OFFSET,
            DecodeError.Kind.UNEXPECTED_PROTOCOL, "next header is not UDP");
      }
      udpAt = ip6.payloadOffset();
      end = udpAt + ip6.payloadLength();
    } else {
      return fail(HeaderType.ETHERNET, offset + Ethernet.ETHER_TYPE_OFFSET,
          DecodeError.Kind.UNEXPECTED_PROTOCOL, "not IPv4 or IPv6");
    }
    if (bad(udp, buffer, udpAt, end)) {
      return udp.fault();
    }
    int lengthChecksum = buffer.getInt(udpAt + Udp.LENGTH_OFFSET);
    int udpLength = lengthChecksum >>> 16;
    if (verify && (v6 || (lengthChecksum & 0xFFFF) != 0)
        && !udp.checksumOk(pseudoHeaderSum(udpLength))) {
      return fail(HeaderType.UDP, udpAt + Udp.CHECKSUM_OFFSET,
          DecodeError.Kind.CHECKSUM_MISMATCH, "UDP checksum does not verify");
    }
    innerLimit = udpAt + udpLength;
    int port = buffer.getShort(udpAt + Udp.DESTINATION_PORT_OFFSET) & 0xFFFF;
    int tunnelAt = udpAt + Udp.HEADER_LENGTH;
    if (port == Geneve.UDP_PORT) {
      geneveTunnel = true;
      if (bad(geneve, buffer, tunnelAt, innerLimit)) {
        return geneve.fault();
      }
      innerOffset = geneve.payloadOffset();
    } else if (port == Vxlan.UDP_PORT) {
      geneveTunnel = false;
      if (bad(vxlan, buffer, tunnelAt, innerLimit)) {
        return vxlan.fault();
      }
      innerOffset = tunnelAt + Vxlan.HEADER_LENGTH;
    } else {
      return fail(HeaderType.UDP, udpAt + Udp.DESTINATION_PORT_OFFSET,
          DecodeError.Kind.UNEXPECTED_PROTOCOL, "UDP destination port is not VXLAN's or Geneve's");
    }
    return DecodeError.Kind.NONE;
  }

  private long pseudoHeaderSum(int udpLength) {
    return v6
        ? ip6.pseudoHeaderSum(udpLength)
        : Checksums.ipv4PseudoHeader(ip4.source(), ip4.destination(), 17, udpLength);
  }

  private boolean bad(Flyweight f, ByteBuffer buffer, int offset, int limit) {
    if (f.wrapValid(buffer, offset, limit)) {
      return false;
    }
    failed = f;
    return true;
  }

  private DecodeError.Kind fail(HeaderType header, int at, DecodeError.Kind kind, String text) {
    failed = null;
    faultHeader = header;
    faultOffset = at;
    faultText = text;
    return kind;
  }

  /** The header where the last failed read found its problem (meaningless after a good read). */
  public HeaderType faultHeader() {
    Flyweight f = failed;
    return f != null ? f.headerType() : faultHeader;
  }

  /** The absolute index of the last failed read's problem. */
  public int faultOffset() {
    Flyweight f = failed;
    return f != null ? f.faultOffset() : faultOffset;
  }

  /** The last failed read's problem in words (allocates: for error paths). */
  public String faultMessage() {
    Flyweight f = failed;
    return f != null ? f.faultMessage() : faultText;
  }

  /** True when the underlay is IPv6. */
  public boolean isIpv6() {
    return v6;
  }

  /** {@link HeaderType#GENEVE} or {@link HeaderType#VXLAN}. */
  public HeaderType tunnel() {
    return geneveTunnel ? HeaderType.GENEVE : HeaderType.VXLAN;
  }

  /** The VNI of the tunnel header. */
  public int vni() {
    return geneveTunnel ? geneve.vni() : vxlan.vni();
  }

  /** The absolute index of the inner frame. */
  public int innerOffset() {
    return innerOffset;
  }

  /** The absolute index just past the inner frame (the end of the UDP datagram). */
  public int innerLimit() {
    return innerLimit;
  }

  /** The outer Ethernet header. */
  public EthernetFlyweight ethernet() {
    return eth;
  }

  /** The outer IPv4 header (valid when {@link #isIpv6()} is false). */
  public Ipv4Flyweight ipv4() {
    return ip4;
  }

  /** The outer IPv6 header (valid when {@link #isIpv6()} is true). */
  public Ipv6Flyweight ipv6() {
    return ip6;
  }

  /** The outer UDP header. */
  public UdpFlyweight udp() {
    return udp;
  }

  /** The Geneve header (valid when {@link #tunnel()} is Geneve). */
  public GeneveFlyweight geneve() {
    return geneve;
  }

  /** The VXLAN header (valid when {@link #tunnel()} is VXLAN). */
  public VxlanFlyweight vxlan() {
    return vxlan;
  }
}
