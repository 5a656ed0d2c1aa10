/**
 * What a host agent sends for a punted packet: {@link io.nv.compiler.punt.ControllerAnswers}
 * builds the TCP RST or ICMP unreachable of a {@code reject}, the ICMP time exceeded of an expired
 * TTL, the ARP request (or IPv6 neighbour solicitation) for an unknown next hop, and the log record
 * of a logged ACL, from the punted frame's bytes.
 */
@NullMarked
package io.nv.compiler.punt;

import org.jspecify.annotations.NullMarked;
