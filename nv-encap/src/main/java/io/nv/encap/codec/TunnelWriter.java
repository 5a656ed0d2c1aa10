package io.nv.encap.codec;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a tunnel's outer headers — Ethernet, IPv4 or IPv6, UDP, and VXLAN or Geneve with its
 * options — in front of an inner frame, in one pass and without allocating. The fixed parts (MAC
 * and IP addresses, TTL, DF, whether UDP carries a checksum) are set once per tunnel peer; each
 * packet gives its UDP source port (the entropy of RFC 7348 §5 / RFC 8926 §3.3), VNI and options.
 *
 * <p>The inner frame goes first, leaving room for the headers in front of it: the IP and UDP
 * lengths cover it, and a UDP checksum, when on, is computed over it. The IPv4 header checksum is
 * always computed. A writer is mutable and not thread-safe: keep one per thread and peer.
 *
 * <pre>{@code
 * TunnelWriter w = TunnelWriter.of(localMac, gatewayMac, localIp, remoteIp);   // IPv4: no UDP checksum
 * int headroom = w.geneveHeaderLength(OvnOption.LENGTH);                      // 58
 * // ... inner frame already at [headroom, headroom + innerLength) ...
 * int inner = w.writeGeneveOvn(buf, 0, sourcePort, vni, OvnOption.value(in, out), innerLength);
 * }</pre>
 */
public final class TunnelWriter {
  private static final int UDP = 17;

  private final long sourceMac;
  private final long destinationMac;
  private final boolean v6;
  private final int source4;
  private final int destination4;
  private final long sourceHigh;
  private final long sourceLow;
  private final long destinationHigh;
  private final long destinationLow;
  private int ttl = 64;
  private boolean dontFragment = true;
  private boolean udpChecksum;

  private final EthernetFlyweight eth = new EthernetFlyweight();
  private final Ipv4Flyweight ip4 = new Ipv4Flyweight();
  private final Ipv6Flyweight ip6 = new Ipv6Flyweight();
  private final UdpFlyweight udp = new UdpFlyweight();
  private final VxlanFlyweight vxlan = new VxlanFlyweight();
  private final GeneveFlyweight geneve = new GeneveFlyweight();

  private TunnelWriter(
      MacAddress sourceMac, MacAddress destinationMac, IpAddress source, IpAddress destination) {
    this.sourceMac = sourceMac.bits();
    this.destinationMac = destinationMac.bits();
    this.v6 = source instanceof Ipv6Address;
    this.source4 = source instanceof Ipv4Address a ? a.bits() : 0;
    this.destination4 = destination instanceof Ipv4Address a ? a.bits() : 0;
    this.sourceHigh = source instanceof Ipv6Address a ? a.high() : 0;
    this.sourceLow = source instanceof Ipv6Address a ? a.low() : 0;
    this.destinationHigh = destination instanceof Ipv6Address a ? a.high() : 0;
    this.destinationLow = destination instanceof Ipv6Address a ? a.low() : 0;
    this.udpChecksum = v6;
  }

  /**
   * A writer from {@code sourceMac}/{@code source} to {@code destinationMac}/{@code destination}
   * (the next hop's MAC and the remote tunnel endpoint's address, of the same family). Defaults:
   * TTL 64, DF set, a UDP checksum over IPv6 only.
   */
  public static TunnelWriter of(
      MacAddress sourceMac, MacAddress destinationMac, IpAddress source, IpAddress destination) {
    if (source.version() != destination.version()) {
      throw new IllegalArgumentException(
          "tunnel endpoints " + source + " and " + destination + " must both be IPv4 or both IPv6");
    }
    return new TunnelWriter(sourceMac, destinationMac, source, destination);
  }

  /** Sets the outer TTL or hop limit (0..255). */
  public TunnelWriter ttl(int ttl) {
    Ipv4.check(ttl, 255, "TTL");
    this.ttl = ttl;
    return this;
  }

  /** Sets the outer IPv4 DF flag (ignored over IPv6). */
  public TunnelWriter dontFragment(boolean dontFragment) {
    this.dontFragment = dontFragment;
    return this;
  }

  /** Whether the outer UDP header carries a checksum; over IPv6 it must (RFC 8200 §8.1). */
  public TunnelWriter udpChecksum(boolean udpChecksum) {
    if (v6 && !udpChecksum) {
      throw new IllegalArgumentException(
          "UDP over IPv6 needs a checksum (RFC 8200 §8.1): keep udpChecksum(true)");
    }
    this.udpChecksum = udpChecksum;
    return this;
  }

  /** The bytes of outer Ethernet + IP + UDP. */
  private int outerLength() {
    return Ethernet.HEADER_LENGTH + (v6 ? Ipv6.HEADER_LENGTH : Ipv4.HEADER_LENGTH)
        + Udp.HEADER_LENGTH;
  }

  /** The bytes this writer puts in front of an inner frame for VXLAN. */
  public int vxlanHeaderLength() {
    return outerLength() + Vxlan.HEADER_LENGTH;
  }

  /** The bytes this writer puts in front of an inner frame for Geneve with these option bytes. */
  public int geneveHeaderLength(int optionsLength) {
    return outerLength() + Geneve.HEADER_LENGTH + optionsLength;
  }

  /**
   * Writes outer headers and VXLAN at {@code offset} for an inner frame of {@code innerLength}
   * bytes that starts right after them; returns the inner frame's index.
   */
  public int writeVxlan(ByteBuffer buffer, int offset, int sourcePort, int vni, int innerLength) {
    checkVni(vni);
    int t = writeOuter(buffer, offset, sourcePort, Vxlan.UDP_PORT,
        Vxlan.HEADER_LENGTH + innerLength);
    vxlan.wrap(buffer, t).set(vni);
    return finish(t + Vxlan.HEADER_LENGTH);
  }

  /**
   * Writes outer headers and Geneve with {@code options} (encoded option TLVs, as from {@link
   * #encodeOptions}) at {@code offset}; returns the inner frame's index.
   */
  public int writeGeneve(
      ByteBuffer buffer, int offset, int sourcePort, int vni, EncodedOptions options,
      int innerLength) {
    checkVni(vni);
    int optionsLength = options.bytes.length();
    int t = writeOuter(buffer, offset, sourcePort, Geneve.UDP_PORT,
        Geneve.HEADER_LENGTH + optionsLength + innerLength);
    geneve.wrap(buffer, t)
        .set(optionsLength, false, options.critical, EtherType.TRANSPARENT_ETHERNET.value(), vni);
    options.bytes.copyTo(buffer, t + Geneve.OPTIONS_OFFSET);
    return finish(t + Geneve.HEADER_LENGTH + optionsLength);
  }

  /**
   * Writes outer headers and Geneve with OVN's one option holding {@code ovnValue} (see {@link
   * OvnOption#value(int, int)}) at {@code offset}; returns the inner frame's index.
   */
  public int writeGeneveOvn(
      ByteBuffer buffer, int offset, int sourcePort, int vni, int ovnValue, int innerLength) {
    checkVni(vni);
    int t = writeOuter(buffer, offset, sourcePort, Geneve.UDP_PORT,
        Geneve.HEADER_LENGTH + OvnOption.LENGTH + innerLength);
    geneve.wrap(buffer, t)
        .set(OvnOption.LENGTH, false, true, EtherType.TRANSPARENT_ETHERNET.value(), vni);
    int data = geneve.putOption(t + Geneve.OPTIONS_OFFSET, OvnOption.OPTION_CLASS,
        OvnOption.OPTION_TYPE, OvnOption.DATA_LENGTH);
    buffer.putInt(data, ovnValue);
    return finish(data + OvnOption.DATA_LENGTH);
  }

  /** Geneve options encoded once, for {@link #writeGeneve}. */
  public static final class EncodedOptions {
    final ByteString bytes;
    final boolean critical;

    private EncodedOptions(ByteString bytes, boolean critical) {
      this.bytes = bytes;
      this.critical = critical;
    }

    /** The encoded length in bytes. */
    public int length() {
      return bytes.length();
    }
  }

  /** Encodes {@code options} once, for many calls of {@link #writeGeneve}. */
  public static EncodedOptions encodeOptions(List<GeneveOption> options) {
    Geneve g = Geneve.of(0, options);
    ByteBuffer buf = ByteBuffer.allocate(g.optionsLength());
    GeneveFlyweight f = new GeneveFlyweight().wrap(buf, 0);
    int o = 0;
    for (GeneveOption opt : g.options()) {
      int data = f.putOption(o, opt.optionClass(), opt.type(), opt.data().length());
      opt.data().copyTo(buf, data);
      o = data + opt.data().length();
    }
    return new EncodedOptions(ByteString.of(buf.array()), g.critical());
  }

  private static void checkVni(int vni) {
    if ((vni & ~Geneve.MAX_VNI) != 0) {
      throw new IllegalArgumentException("VNI " + vni + " not in 0..0xffffff");
    }
  }

  /** Writes Ethernet, IP and UDP; returns the UDP payload's index. */
  private int writeOuter(
      ByteBuffer buffer, int offset, int sourcePort, int destinationPort, int udpPayloadLength) {
    int ipAt = offset + Ethernet.HEADER_LENGTH;
    int udpLength = Udp.HEADER_LENGTH + udpPayloadLength;
    int udpAt;
    eth.wrap(buffer, offset).setDestination(destinationMac).setSource(sourceMac);
    if (v6) {
      eth.setUntagged(EtherType.IPV6.value());
      ip6.wrap(buffer, ipAt)
          .setVersionClassFlow(0, 0)
          .setPayloadLength(udpLength)
          .setNextHeader(UDP)
          .setHopLimit(ttl)
          .setSource(sourceHigh, sourceLow)
          .setDestination(destinationHigh, destinationLow);
      udpAt = ipAt + Ipv6.HEADER_LENGTH;
    } else {
      eth.setUntagged(EtherType.IPV4.value());
      ip4.wrap(buffer, ipAt)
          .setVersionAndHeaderLength(Ipv4.HEADER_LENGTH)
          .setTos(0, 0)
          .setTotalLength(Ipv4.HEADER_LENGTH + udpLength)
          .setIdentification(0)
          .setFragment(dontFragment, false, 0)
          .setTtl(ttl)
          .setProtocol(UDP)
          .setSource(source4)
          .setDestination(destination4)
          .updateChecksum();
      udpAt = ipAt + Ipv4.HEADER_LENGTH;
    }
    udp.wrap(buffer, udpAt)
        .setSourcePort(sourcePort)
        .setDestinationPort(destinationPort)
        .setLength(udpLength)
        .setChecksum(0);
    return udpAt + Udp.HEADER_LENGTH;
  }

  /** Computes the UDP checksum when on; returns {@code inner}. */
  private int finish(int inner) {
    if (udpChecksum) {
      long pseudo = v6
          ? ip6.pseudoHeaderSum(udp.length())
          : Checksums.ipv4PseudoHeader(source4, destination4, UDP, udp.length());
      udp.updateChecksum(pseudo);
    }
    return inner;
  }
}
