package io.nv.encap.codec;

/**
 * The kinds of header nv's codecs know, as named in a {@link DecodeError}.
 *
 * <pre>{@code
 * Udp.of(4242, 6081).headerType();   // HeaderType.UDP
 * }</pre>
 */
public enum HeaderType {
  /** Ethernet II, with or without an 802.1Q tag. */
  ETHERNET,
  /** IPv4 (RFC 791). */
  IPV4,
  /** IPv6 (RFC 8200), without extension headers. */
  IPV6,
  /** UDP (RFC 768). */
  UDP,
  /** TCP (RFC 9293). */
  TCP,
  /** ICMP for IPv4 (RFC 792). */
  ICMP4,
  /** ICMP for IPv6 (RFC 4443). */
  ICMP6,
  /** VXLAN (RFC 7348). */
  VXLAN,
  /** Geneve (RFC 8926), options included. */
  GENEVE
}
