/**
 * JMH benchmarks, one class per concern: {@link io.nv.bench.LogicalCompileBenchmark} (logical
 * compile of ovn-like topologies), {@link io.nv.bench.PhysicalCompileBenchmark} (one host's
 * tables), {@link io.nv.bench.ConstructOnlyBenchmark} (the lower bound: constructing the same
 * flows), {@link io.nv.bench.TracerBenchmark} (packets traced per second) and {@link
 * io.nv.bench.CodecBenchmark} (tunnel headers); {@link io.nv.bench.BoundRatio} times the compilers and
 * their bounds interleaved in one JVM, for the ratios. {@code nv-bench/peer/} races the real OVN
 * daemons. Build the runnable jar and run one class:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -jar nv-bench/target/benchmarks.jar CodecBenchmark -f 1 -wi 3 -i 5 -prof gc
 * }</pre>
 */
@NullMarked
package io.nv.bench;

import org.jspecify.annotations.NullMarked;
