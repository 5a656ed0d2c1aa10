/**
 * Header codecs: Ethernet (with an optional 802.1Q tag), IPv4, IPv6, UDP, TCP, ICMPv4, ICMPv6,
 * VXLAN (RFC 7348) and Geneve (RFC 8926) with its TLV options.
 *
 * <p>Two faces over one set of layouts:
 *
 * <ul>
 *   <li><b>values</b> — one record per header ({@link io.nv.encap.codec.Ethernet}, {@link
 *       io.nv.encap.codec.Ipv4}, …) and a {@link io.nv.encap.codec.Frame} (a stack of headers
 *       plus payload) with {@code encode()} and {@code decode(byte[])}; decoding returns either a
 *       frame or a {@link io.nv.encap.codec.DecodeError}, never throws;
 *   <li><b>flyweights</b> — {@link io.nv.encap.codec.GeneveFlyweight} and friends read and write
 *       headers in a {@link java.nio.ByteBuffer} at an offset without allocating; {@link
 *       io.nv.encap.codec.TunnelWriter} lays down a whole outer header stack in one pass and
 *       {@link io.nv.encap.codec.TunnelReader} reads one back.
 * </ul>
 *
 * <p>Header layouts (offsets and sizes) are constants on each header record, such as {@link
 * io.nv.encap.codec.Ipv4#CHECKSUM_OFFSET}.
 *
 * <pre>{@code
 * byte[] wire = frame.encode();
 * Either<DecodeError, Frame> back = Frame.decode(wire);
 * }</pre>
 */
@NullMarked
package io.nv.encap.codec;

import org.jspecify.annotations.NullMarked;
