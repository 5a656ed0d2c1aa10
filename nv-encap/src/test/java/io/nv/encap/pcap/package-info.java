/** Tests of the pcap writer, and of what tshark reads in nv's frames. */
@NullMarked
package io.nv.encap.pcap;

import org.jspecify.annotations.NullMarked;
