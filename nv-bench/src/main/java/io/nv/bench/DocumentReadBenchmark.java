package io.nv.bench;

import io.nv.io.Format;
import io.nv.io.TopologyDocument;
import io.nv.io.TopologyDocuments;
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
 * Reading a topology document: the text of a generated ovn-like topology, as {@code nv generate}
 * writes it in YAML or JSON, read into a topology with its source map (the syntax, the tree and
 * the model; not validated). A large YAML text is read in two parts at once, so this uses two
 * cores where the machine has them.
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -Xmx4g -jar nv-bench/target/benchmarks.jar DocumentReadBenchmark -f 1 -wi 5 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DocumentReadBenchmark {
  /** The ovn-like size, switches x ports x hosts. */
  @Param({"10x20x10", "100x50x100"})
  public String size = "10x20x10";

  /** The document's format. */
  @Param({"YAML", "JSON"})
  public Format format = Format.YAML;

  private String text = "";

  /** Generates the topology and writes its document (not timed). */
  @Setup
  public void setUp() {
    text = TopologyDocuments.write(OvnLikeSize.parse(size).topology(), format);
    System.out.println("\n" + size + " " + format + ": " + text.length() / 1024 + " KiB");
  }

  /** Reads the document. */
  @Benchmark
  public TopologyDocument read() {
    return TopologyDocuments.read(text, "bench", format).get();
  }
}
