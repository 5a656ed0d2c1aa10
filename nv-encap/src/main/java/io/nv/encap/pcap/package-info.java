/**
 * A classic pcap file writer, so encoded frames open in Wireshark and tshark.
 *
 * <pre>{@code
 * try (PcapWriter w = PcapWriter.open(out)) {
 *   w.write(0, frame.encode());
 * }
 * }</pre>
 */
@NullMarked
package io.nv.encap.pcap;

import org.jspecify.annotations.NullMarked;
