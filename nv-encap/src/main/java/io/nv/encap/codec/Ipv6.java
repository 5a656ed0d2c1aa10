package io.nv.encap.codec;

import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv6Address;

/**
 * An IPv6 header (RFC 8200). Extension headers are not decoded: a next header other than UDP, TCP
 * or ICMPv6 leaves the rest as payload. The payload length is computed when encoding.
 *
 * <p>Layout: version/traffic class/flow label (4), payload length (2), next header (1), hop limit
 * (1), source (16), destination (16).
 *
 * <pre>{@code
 * Ipv6 ip = Ipv6.of(Ipv6Address.parse("2001:db8::1"), Ipv6Address.parse("2001:db8::2"), IpProtocol.UDP);
 * ip.length();   // 40
 * }</pre>
 *
 * @param trafficClass 0..255
 * @param flowLabel 0..0xfffff
 * @param nextHeader what follows
 * @param hopLimit 0..255
 * @param source the source address
 * @param destination the destination address
 */
public record Ipv6(
    int trafficClass,
    int flowLabel,
    IpProtocol nextHeader,
    int hopLimit,
    Ipv6Address source,
    Ipv6Address destination)
    implements Header {
  /** Offset of the version, traffic class and flow label. */
  public static final int VERSION_CLASS_FLOW_OFFSET = 0;
  /** Offset of the payload length. */
  public static final int PAYLOAD_LENGTH_OFFSET = 4;
  /** Offset of the next header. */
  public static final int NEXT_HEADER_OFFSET = 6;
  /** Offset of the hop limit. */
  public static final int HOP_LIMIT_OFFSET = 7;
  /** Offset of the source address. */
  public static final int SOURCE_OFFSET = 8;
  /** Offset of the destination address. */
  public static final int DESTINATION_OFFSET = 24;
  /** Length of the header. */
  public static final int HEADER_LENGTH = 40;

  /** Checks the ranges. */
  public Ipv6 {
    Ranges.check(trafficClass, 255, "traffic class");
    Ranges.check(flowLabel, 0xFFFFF, "flow label");
    Ranges.check(hopLimit, 255, "hop limit");
  }

  /** A header with hop limit 64, traffic class 0 and flow label 0. */
  public static Ipv6 of(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader) {
    return new Ipv6(0, 0, nextHeader, 64, source, destination);
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.IPV6;
  }

  @Override
  public int length() {
    return HEADER_LENGTH;
  }
}
