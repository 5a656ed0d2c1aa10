/**
 * Validation that needs encapsulation arithmetic: key spaces and pins, MTU budgets, ACLs that need
 * an ingress port the wire does not carry, hosts that cannot reach their peers.
 */
@NullMarked
package io.nv.encap.check;

import org.jspecify.annotations.NullMarked;
