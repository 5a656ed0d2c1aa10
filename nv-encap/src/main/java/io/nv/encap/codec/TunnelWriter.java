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

  /** The pseudo-header's partial sum without the UDP length: addresses and protocol. */
  private final long pseudoHeader;
  /** The IPv4 header's partial sum without the total length (identification is 0). */
  private long ipv4Sum;
  /** Outer headers for VXLAN and for Geneve with OVN's option, all but the per-packet fields. */
  private final byte[] vxlanTemplate;
  private final byte[] ovnTemplate;

  private final UdpFlyweight udp = new UdpFlyweight();

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
    this.pseudoHeader = v6
        ? Checksums.ipv6PseudoHeader(sourceHigh, sourceLow, destinationHigh, destinationLow, UDP, 0)
        : Checksums.ipv4PseudoHeader(source4, destination4, UDP, 0);
    this.vxlanTemplate = new byte[vxlanHeaderLength()];
    this.ovnTemplate = new byte[geneveHeaderLength(OvnOption.LENGTH)];
    prepare();
  }

  /** Precomputes what every packet shares: the header templates and the IPv4 partial sum. */
  private void prepare() {
    // Each packet then adds only its total length before folding.
    ipv4Sum = 0x4500L + (dontFragment ? Ipv4.DONT_FRAGMENT_BIT : 0) + (ttl << 8 | UDP)
        + Checksums.ipv4PseudoHeader(source4, destination4, 0, 0);
    ByteBuffer v = ByteBuffer.wrap(vxlanTemplate);
    int t = writeOuter(v, 0, 0, Vxlan.UDP_PORT, Vxlan.HEADER_LENGTH);
    v.putInt(t, Vxlan.FLAG_I << 24);
    ByteBuffer g = ByteBuffer.wrap(ovnTemplate);
    t = writeOuter(g, 0, 0, Geneve.UDP_PORT, Geneve.HEADER_LENGTH + OvnOption.LENGTH);
    putGeneve(g, t, OvnOption.LENGTH, true, 0);
    g.putInt(t + Geneve.OPTIONS_OFFSET, OvnOption.OPTION_CLASS << 16 | OvnOption.OPTION_TYPE << 8
        | OvnOption.DATA_LENGTH >>> 2);
  }

  /**
   * Copies a template to {@code offset} and fills in the lengths, the IPv4 checksum and the UDP
   * source port; returns the index of the tunnel header.
   */
  private int stamp(
      byte[] template, ByteBuffer buffer, int offset, int sourcePort, int udpPayloadLength) {
    int udpLength = checkLengths(sourcePort, udpPayloadLength);
    buffer.put(offset, template);
    int ip = offset + Ethernet.HEADER_LENGTH;
    int udpAt;
    if (v6) {
      buffer.putShort(ip + Ipv6.PAYLOAD_LENGTH_OFFSET, (short) udpLength);
      udpAt = ip + Ipv6.HEADER_LENGTH;
    } else {
      int total = Ipv4.HEADER_LENGTH + udpLength;
      buffer.putShort(ip + Ipv4.TOTAL_LENGTH_OFFSET, (short) total);
      buffer.putShort(ip + Ipv4.CHECKSUM_OFFSET, (short) Checksums.finish(ipv4Sum + total));
      udpAt = ip + Ipv4.HEADER_LENGTH;
    }
    buffer.putShort(udpAt + Udp.SOURCE_PORT_OFFSET, (short) sourcePort);
    buffer.putShort(udpAt + Udp.LENGTH_OFFSET, (short) udpLength);
    return udpAt + Udp.HEADER_LENGTH;
  }

  private int checkLengths(int sourcePort, int udpPayloadLength) {
    int udpLength = Udp.HEADER_LENGTH + udpPayloadLength;
    if ((sourcePort & ~0xFFFF) != 0 || udpLength > 0xFFFF - (v6 ? 0 : Ipv4.HEADER_LENGTH)) {
      throw new IllegalArgumentException(
          "UDP source port " + sourcePort + " must be in 0..65535 and the inner frame short"
              + " enough for a 16-bit IP length (UDP length " + udpLength + ")");
    }
    return udpLength;
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
    Ranges.check(ttl, 255, "TTL");
    this.ttl = ttl;
    prepare();
    return this;
  }

  /** Sets the outer IPv4 DF flag (ignored over IPv6). */
  public TunnelWriter dontFragment(boolean dontFragment) {
    this.dontFragment = dontFragment;
    prepare();
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
    int t = stamp(vxlanTemplate, buffer, offset, sourcePort, Vxlan.HEADER_LENGTH + innerLength);
    buffer.putInt(t + Vxlan.VNI_OFFSET, vni << 8);
    return finish(buffer, t - Udp.HEADER_LENGTH, t + Vxlan.HEADER_LENGTH);
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
    putGeneve(buffer, t, optionsLength, options.critical, vni);
    options.bytes.copyTo(buffer, t + Geneve.OPTIONS_OFFSET);
    return finish(buffer, t - Udp.HEADER_LENGTH, t + Geneve.HEADER_LENGTH + optionsLength);
  }

  /**
   * Writes outer headers and Geneve with OVN's one option holding {@code ovnValue} (see {@link
   * OvnOption#value(int, int)}) at {@code offset}; returns the inner frame's index.
   */
  public int writeGeneveOvn(
      ByteBuffer buffer, int offset, int sourcePort, int vni, int ovnValue, int innerLength) {
    checkVni(vni);
    int t = stamp(ovnTemplate, buffer, offset, sourcePort,
        Geneve.HEADER_LENGTH + OvnOption.LENGTH + innerLength);
    buffer.putInt(t + Geneve.VNI_OFFSET, vni << 8);
    int o = t + Geneve.OPTIONS_OFFSET;
    buffer.putInt(o + GeneveOption.DATA_OFFSET, ovnValue);
    return finish(buffer, t - Udp.HEADER_LENGTH, o + OvnOption.LENGTH);
  }

  private static void putGeneve(
      ByteBuffer buffer, int at, int optionsLength, boolean critical, int vni) {
    buffer.putInt(at, (optionsLength >>> 2) << 24 | (critical ? Geneve.FLAG_CRITICAL << 16 : 0)
        | EtherType.TRANSPARENT_ETHERNET.value());
    buffer.putInt(at + Geneve.VNI_OFFSET, vni << 8);
  }

  /**
   * Geneve options encoded once, for {@link #writeGeneve}: their TLV bytes and whether any is
   * critical.
   *
   * <pre>{@code
   * TunnelWriter.EncodedOptions opts = TunnelWriter.encodeOptions(List.of(option1, option2));
   * w.writeGeneve(buf, 0, sourcePort, vni, opts, innerLength);
   * }</pre>
   */
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
    new GeneveFlyweight().wrap(buf, 0).putOptions(0, g.options());
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
    int udpLength = checkLengths(sourcePort, udpPayloadLength);
    // Whole words rather than field setters: a third as many bounds checks.
    buffer.putInt(offset, (int) (destinationMac >>> 16));
    buffer.putInt(offset + 4, (int) destinationMac << 16 | ((int) (sourceMac >>> 32) & 0xFFFF));
    buffer.putInt(offset + 8, (int) sourceMac);
    int ip = offset + Ethernet.HEADER_LENGTH;
    int udpAt;
    if (v6) {
      buffer.putShort(offset + Ethernet.ETHER_TYPE_OFFSET, (short) EtherType.IPV6.value());
      buffer.putInt(ip, 6 << 28);
      buffer.putInt(ip + Ipv6.PAYLOAD_LENGTH_OFFSET, udpLength << 16 | UDP << 8 | ttl);
      buffer.putLong(ip + Ipv6.SOURCE_OFFSET, sourceHigh);
      buffer.putLong(ip + Ipv6.SOURCE_OFFSET + 8, sourceLow);
      buffer.putLong(ip + Ipv6.DESTINATION_OFFSET, destinationHigh);
      buffer.putLong(ip + Ipv6.DESTINATION_OFFSET + 8, destinationLow);
      udpAt = ip + Ipv6.HEADER_LENGTH;
    } else {
      int total = Ipv4.HEADER_LENGTH + udpLength;
      buffer.putShort(offset + Ethernet.ETHER_TYPE_OFFSET, (short) EtherType.IPV4.value());
      buffer.putInt(ip, 0x4500_0000 | total);
      buffer.putInt(ip + Ipv4.IDENTIFICATION_OFFSET, dontFragment ? Ipv4.DONT_FRAGMENT_BIT : 0);
      buffer.putInt(ip + Ipv4.TTL_OFFSET,
          ttl << 24 | UDP << 16 | Checksums.finish(ipv4Sum + total));
      buffer.putInt(ip + Ipv4.SOURCE_OFFSET, source4);
      buffer.putInt(ip + Ipv4.DESTINATION_OFFSET, destination4);
      udpAt = ip + Ipv4.HEADER_LENGTH;
    }
    buffer.putInt(udpAt, sourcePort << 16 | destinationPort);
    buffer.putInt(udpAt + Udp.LENGTH_OFFSET, udpLength << 16);
    return udpAt + Udp.HEADER_LENGTH;
  }

  /** Computes the UDP checksum when on; returns {@code inner}. */
  private int finish(ByteBuffer buffer, int udpAt, int inner) {
    if (udpChecksum) {
      udp.wrap(buffer, udpAt);
      udp.updateChecksum(pseudoHeader + udp.length());
    }
    return inner;
  }
}
