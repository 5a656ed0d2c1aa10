package io.nv.encap.codec;

/**
 * One protocol header in a {@link Frame}'s stack. Fields that follow from the rest of the frame
 * (lengths, checksums, Geneve's options length and critical bit) are not part of the value: the
 * encoder computes them.
 *
 * <pre>{@code
 * Header h = new Vxlan(42);
 * h.headerType();   // VXLAN
 * h.length();   // 8
 * }</pre>
 */
public sealed interface Header
    permits Ethernet, Ipv4, Ipv6, Udp, Tcp, Icmp4, Icmp6, Vxlan, Geneve {
  /** Which kind of header this is. */
  HeaderType headerType();

  /** How many bytes the header takes on the wire, options and tags included. */
  int length();
}
