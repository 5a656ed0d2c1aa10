package io.nv.encap.codec;

import com.google.common.collect.ImmutableList;
import io.vavr.control.Either;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Ethernet frame as a value: a stack of headers, outermost first, and the payload after the
 * last one. A tunnel frame reads {@code Ethernet, Ipv4, Udp, Geneve, Ethernet, Ipv4, Tcp} +
 * payload.
 *
 * <p>The stack must be what {@link #decode} would produce from the encoded bytes, so {@code
 * decode(f.encode())} gives {@code f} back: it starts with {@link Ethernet}; a header whose
 * protocol field names a protocol nv decodes is followed by that header (Ethernet type IPv4 or
 * IPv6; IP protocol UDP, TCP, ICMP / ICMPv6 unless the IPv4 packet is a fragment; UDP destination
 * port {@value Vxlan#UDP_PORT} (VXLAN) or {@value Geneve#UDP_PORT} (Geneve); VXLAN and Geneve with
 * protocol type 0x6558 by Ethernet); anything else ends the stack and the rest is payload. UDP
 * over IPv6 needs a checksum. Breaking these rules is a programmer mistake ({@link
 * IllegalArgumentException}).
 *
 * <p>Decoding is total: any bytes give a frame or a {@link DecodeError}, never an exception.
 * Bytes past what a length field covers (such as Ethernet padding) are not part of the value.
 * {@link #decode} checks structure only; {@link #decodeVerified} also checks every checksum and
 * reports the first mismatch as a {@link DecodeError.Kind#CHECKSUM_MISMATCH}.
 *
 * <pre>{@code
 * Frame f = Frame.of(List.of(
 *     Ethernet.of(dstMac, srcMac, EtherType.IPV4),
 *     Ipv4.of(srcIp, dstIp, IpProtocol.UDP),
 *     Udp.withoutChecksum(49152, Vxlan.UDP_PORT),
 *     new Vxlan(42),
 *     Ethernet.of(innerDst, innerSrc, EtherType.ARP)), ByteString.fromHex("0001..."));
 * byte[] wire = f.encode();
 * Frame.decode(wire);   // Right(f)
 * }</pre>
 *
 * @param headers the headers, outermost first
 * @param payload the bytes after the last header
 */
public record Frame(ImmutableList<Header> headers, ByteString payload) {

  /** Checks that the stack is one {@link #decode} would produce. */
  public Frame {
    if (headers.isEmpty() || !(headers.get(0) instanceof Ethernet)) {
      throw new IllegalArgumentException("a frame starts with an Ethernet header");
    }
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      HeaderType wanted = next(h);
      @Nullable Header after = i + 1 < headers.size() ? headers.get(i + 1) : null;
      if (wanted == null && after != null) {
        throw new IllegalArgumentException(
            h + " is not followed by a header nv decodes, so " + after.headerType()
                + " would be read back as payload: encode it into the payload instead");
      }
      if (wanted != null && (after == null || after.headerType() != wanted)) {
        throw new IllegalArgumentException(
            h + " says " + wanted + " follows, but "
                + (after == null ? "the stack ends" : after.headerType() + " does")
                + ": add a " + wanted + " header or change the protocol field");
      }
      if (h instanceof Udp u && !u.checksummed() && headers.get(i - 1) instanceof Ipv6) {
        throw new IllegalArgumentException(
            "UDP over IPv6 needs a checksum (RFC 8200 §8.1): use Udp.of instead of withoutChecksum");
      }
    }
    int length = payload.length();
    for (Header h : headers.reverse()) {
      length += h.length();
      int max = h instanceof Ipv6 ? 0xFFFF + Ipv6.HEADER_LENGTH : 0xFFFF;
      if ((h instanceof Ipv4 || h instanceof Ipv6 || h instanceof Udp) && length > max) {
        throw new IllegalArgumentException(
            h.headerType() + " would carry " + length + " bytes, more than its 16-bit length allows");
      }
    }
  }

  /** What must follow {@code h}, or null when the rest is payload. */
  static @Nullable HeaderType next(Header h) {
    if (h instanceof Ethernet e) {
      return next(e.etherType().value());
    } else if (h instanceof Ipv4 ip) {
      return ip.isFragment() ? null : nextAfterIp(ip.protocol().number(), false);
    } else if (h instanceof Ipv6 ip) {
      return nextAfterIp(ip.nextHeader().number(), true);
    } else if (h instanceof Udp u) {
      return nextAfterUdp(u.destinationPort());
    } else if (h instanceof Vxlan) {
      return HeaderType.ETHERNET;
    } else if (h instanceof Geneve g) {
      return g.protocolType().equals(EtherType.TRANSPARENT_ETHERNET) ? HeaderType.ETHERNET : null;
    }
    return null;
  }

  static @Nullable HeaderType next(int etherType) {
    if (etherType == EtherType.IPV4.value()) {
      return HeaderType.IPV4;
    }
    return etherType == EtherType.IPV6.value() ? HeaderType.IPV6 : null;
  }

  static @Nullable HeaderType nextAfterIp(int protocol, boolean v6) {
    return switch (protocol) {
      case 6 -> HeaderType.TCP;
      case 17 -> HeaderType.UDP;
      case 1 -> v6 ? null : HeaderType.ICMP4;
      case 58 -> v6 ? HeaderType.ICMP6 : null;
      default -> null;
    };
  }

  static @Nullable HeaderType nextAfterUdp(int destinationPort) {
    return switch (destinationPort) {
      case Vxlan.UDP_PORT -> HeaderType.VXLAN;
      case Geneve.UDP_PORT -> HeaderType.GENEVE;
      default -> null;
    };
  }

  /** A frame of these headers and payload. */
  public static Frame of(List<? extends Header> headers, ByteString payload) {
    return new Frame(ImmutableList.copyOf(headers), payload);
  }

  /** The encoded length in bytes. */
  public int length() {
    int n = payload.length();
    for (Header h : headers) {
      n += h.length();
    }
    return n;
  }

  /** The first (outermost) header of this class, if any. */
  public <T extends Header> Optional<T> first(Class<T> type) {
    return headers.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The last (innermost) header of this class, if any. */
  public <T extends Header> Optional<T> last(Class<T> type) {
    return headers.reverse().stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The wire bytes, with every length and checksum computed. */
  public byte[] encode() {
    return FrameCodec.encode(this);
  }

  /** Decodes a frame, checking structure but not checksums. Never throws. */
  public static Either<DecodeError, Frame> decode(byte[] bytes) {
    return FrameCodec.decode(bytes, false);
  }

  /** Decodes a frame and verifies every checksum (a mismatch is an error). Never throws. */
  public static Either<DecodeError, Frame> decodeVerified(byte[] bytes) {
    return FrameCodec.decode(bytes, true);
  }
}
