/**
 * Encapsulation plans per host: the local VTEP, tunnel peers, head-end replication lists, the MTU
 * budget and UDP source-port entropy.
 */
@NullMarked
package io.nv.encap.plan;

import org.jspecify.annotations.NullMarked;
