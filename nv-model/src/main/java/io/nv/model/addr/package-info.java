/**
 * Addresses: MAC, IPv4, IPv6, prefixes, interface addresses, port ranges and IP protocols.
 *
 * <p>Every type is a small immutable value over primitives with {@code parse} (throws {@link
 * IllegalArgumentException} with a message saying what is wrong), {@code tryParse} (empty on bad
 * text) and a {@code toString} that {@code parse} reads back.
 *
 * <pre>{@code
 * IpPrefix net = IpPrefix.parse("10.0.1.0/24");
 * boolean in = net.contains(Ipv4Address.parse("10.0.1.11"));   // true
 * }</pre>
 */
@NullMarked
package io.nv.model.addr;

import org.jspecify.annotations.NullMarked;
