package io.nv.bench;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.model.validate.ValidatedTopology;
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
 * The logical compile of a whole ovn-like topology (every switch's and the router's pipelines,
 * on one thread), at several sizes. Divide by the flow count printed at setup for the time per
 * flow, and compare with {@link ConstructOnlyBenchmark} at the same size.
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -Xmx4g -jar nv-bench/target/benchmarks.jar LogicalCompileBenchmark -f 1 -wi 3 -i 5
 * java -Xmx4g -jar nv-bench/target/benchmarks.jar LogicalCompileBenchmark -p size=1000x100x1000 -f 1 -wi 2 -i 3
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LogicalCompileBenchmark {
  /** The ovn-like size, switches x ports x hosts. */
  @Param({"10x20x10", "100x50x100", "1000x20x100"})
  public String size = "10x20x10";

  private ValidatedTopology topology = OvnLikeSize.parse(size).validated();

  /** Generates and validates the topology (not timed). */
  @Setup
  public void setUp() {
    topology = OvnLikeSize.parse(size).validated();
    System.out.println("\n" + size + ": " + LogicalCompiler.compile(topology).flowCount() + " logical flows");
  }

  /** Compiles every datapath. */
  @Benchmark
  public LogicalPipelines compile() {
    return LogicalCompiler.compile(topology);
  }
}
