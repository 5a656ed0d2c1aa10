/**
 * JMH benchmarks. Build the runnable jar and run one class:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -jar nv-bench/target/benchmarks.jar CodecBenchmark -f 1 -wi 3 -i 5 -prof gc
 * }</pre>
 */
@NullMarked
package io.nv.bench;

import org.jspecify.annotations.NullMarked;
