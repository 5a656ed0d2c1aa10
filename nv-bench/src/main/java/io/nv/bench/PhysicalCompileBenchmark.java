package io.nv.bench;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.validate.ValidatedTopology;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One host's physical compile from the logical pipelines: {@code keys} allocates every tunnel
 * key, port key and conntrack zone and then realizes hv0's tables (what {@code nv compile
 * --stats} calls {@code warm_physical_ms}); {@code realize} reuses one key assignment and only
 * realizes hv0's tables.
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -Xmx4g -jar nv-bench/target/benchmarks.jar PhysicalCompileBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PhysicalCompileBenchmark {
  /** The host whose tables are realized. */
  static final String HOST = "hv0";

  /** The ovn-like size, switches x ports x hosts. */
  @Param({"10x20x10", "100x50x100", "1000x20x100"})
  public String size = "10x20x10";

  private ValidatedTopology topology = OvnLikeSize.parse(size).validated();
  private LogicalPipelines logical = LogicalCompiler.compile(topology);
  private KeyAssignment keys = keys(topology);

  /** Generates, validates and compiles the logical pipelines (not timed). */
  @Setup
  public void setUp() {
    topology = OvnLikeSize.parse(size).validated();
    logical = LogicalCompiler.compile(topology);
    keys = keys(topology);
    HostTables t = Compilation.of(topology, logical, keys).host(HOST);
    System.out.println("\n" + size + ": " + t.flowCount() + " flows and " + t.groups().size() + " groups on " + HOST);
  }

  private static KeyAssignment keys(ValidatedTopology t) {
    return Keys.allocate(t, VxlanMode.OVN_SPLIT, Optional.empty()).get();
  }

  /** Allocates keys, then realizes hv0's tables. */
  @Benchmark
  public HostTables keysAndRealize() {
    return Compilation.of(topology, logical, keys(topology)).host(HOST);
  }

  /** Realizes hv0's tables with keys already allocated. */
  @Benchmark
  public HostTables realize() {
    return Compilation.of(topology, logical, keys).host(HOST);
  }
}
