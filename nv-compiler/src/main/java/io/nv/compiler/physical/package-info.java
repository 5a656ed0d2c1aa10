/**
 * Physical realization: a {@link io.nv.compiler.physical.Compilation} holds the logical pipelines
 * once, with the tunnel keys, and realizes one host's tables on demand ({@link
 * io.nv.compiler.physical.HostTables}): classification of local ports and tunnel arrivals, local
 * delivery or tunnels to the hosts that own remote ports, head-end replication of flooding,
 * distributed routing, and gateway traffic steered to the gateway host.
 */
@NullMarked
package io.nv.compiler.physical;

import org.jspecify.annotations.NullMarked;
