/**
 * Synthetic workloads: deterministic topologies of any size for benchmarks, scale tests and races
 * against other systems ({@link io.nv.model.workload.OvnLike}).
 */
@NullMarked
package io.nv.model.workload;

import org.jspecify.annotations.NullMarked;
