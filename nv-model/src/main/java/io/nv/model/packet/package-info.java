/**
 * The {@link io.nv.model.packet.Packet} value shared by the reference semantics, the tracer, the
 * codecs and the test kit, and {@link io.nv.model.packet.Packets} to build common packets.
 *
 * <pre>{@code
 * Packet p = Packets.udp(srcMac, dstMac, srcIp, dstIp, 5353, 53).withInport("web1");
 * }</pre>
 */
@NullMarked
@ValueStyle
package io.nv.model.packet;

import io.nv.model.internal.ValueStyle;
import org.jspecify.annotations.NullMarked;
