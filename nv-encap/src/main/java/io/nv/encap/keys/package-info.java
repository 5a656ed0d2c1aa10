/**
 * Tunnel key allocation: datapath keys (the VNI), logical port keys, multicast group keys and
 * conntrack zones, deterministic and stable over edits; and the bit layouts that carry them on the
 * wire (OVN's Geneve option, OVN's split VXLAN VNI).
 */
@NullMarked
package io.nv.encap.keys;

import org.jspecify.annotations.NullMarked;
