package io.nv.bench;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.compiler.physical.Compilation;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.validate.ValidatedTopology;
import java.util.ArrayList;
import java.util.List;
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
 * The lower bound no compiler of these tables can beat: construct the same number of equivalent
 * flow objects, and nothing else. Setup compiles once and keeps every flow's parts (stage,
 * priority, its field tests, actions, cookie and provenance); the benchmark builds every flow
 * again from them — a checked {@link FlowMatch} (sorted, prerequisites checked, as every match
 * the compiler emits), the action list, the flow — and collects them per datapath into
 * immutable lists. {@code logical} rebuilds {@link LogicalCompileBenchmark}'s
 * output, {@code physical} hv0's physical flows of {@link PhysicalCompileBenchmark}, and {@code
 * physicalTables} those flows and hv0's groups too (each bucket and group built again from its
 * actions), all a host's realization builds; the ratio of the compile's time to this one at the
 * same size is the compiler's overhead per flow.
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -Xmx4g -jar nv-bench/target/benchmarks.jar 'ConstructOnlyBenchmark|LogicalCompileBenchmark|PhysicalCompileBenchmark.realize' -p size=100x50x100 -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConstructOnlyBenchmark {
  /** The ovn-like size, switches x ports x hosts. */
  @Param({"10x20x10", "100x50x100", "1000x20x100"})
  public String size = "10x20x10";

  /** One flow taken apart. */
  private record Parts(Flow flow, FieldMatch[] tests, Action[] actions) {
    static Parts of(Flow f) {
      return new Parts(f, f.match().fields().toArray(new FieldMatch[0]), f.actions().toArray(new Action[0]));
    }
  }

  private List<List<Parts>> logical = List.of();
  private List<List<Parts>> physical = List.of();
  private List<Group> groups = List.of();

  /** Compiles once and takes every flow apart (not timed). */
  @Setup
  public void setUp() {
    ValidatedTopology t = OvnLikeSize.parse(size).validated();
    LogicalPipelines pipelines = LogicalCompiler.compile(t);
    logical = new ArrayList<>();
    for (LogicalDatapath d : pipelines.datapaths()) {
      logical.add(d.flows().stream().map(Parts::of).toList());
    }
    Compilation c = Compilation.of(t, pipelines, Keys.allocate(t, VxlanMode.OVN_SPLIT, Optional.empty()).get());
    physical = List.of(c.host(PhysicalCompileBenchmark.HOST).flows().stream().map(Parts::of).toList());
    groups = List.copyOf(c.host(PhysicalCompileBenchmark.HOST).groups());
    System.out.println("\n" + size + ": " + count(logical) + " logical flows, " + count(physical) + " on hv0");
  }

  private static int count(List<List<Parts>> tables) {
    return tables.stream().mapToInt(List::size).sum();
  }

  /** Builds the logical pipelines' flows again. */
  @Benchmark
  public List<ImmutableList<Flow>> logical() {
    return build(logical);
  }

  /** Builds hv0's flows again. */
  @Benchmark
  public List<ImmutableList<Flow>> physical() {
    return build(physical);
  }

  /** Builds hv0's flows and groups again. */
  @Benchmark
  public List<Object> physicalTables() {
    List<Group> built = new ArrayList<>(groups.size());
    for (Group g : groups) {
      ImmutableList.Builder<Group.Bucket> buckets = ImmutableList.builderWithExpectedSize(g.buckets().size());
      for (Group.Bucket b : g.buckets()) {
        buckets.add(new Group.Bucket(b.weight(), ImmutableList.copyOf(b.actions().toArray(new Action[0]))));
      }
      built.add(new Group(g.name(), g.type(), buckets.build(), g.selectionFields(), g.excludeInport(), g.provenance()));
    }
    return List.of(build(physical), built);
  }

  private static List<ImmutableList<Flow>> build(List<List<Parts>> tables) {
    List<ImmutableList<Flow>> out = new ArrayList<>(tables.size());
    for (List<Parts> table : tables) {
      ImmutableList.Builder<Flow> flows = ImmutableList.builderWithExpectedSize(table.size());
      for (Parts p : table) {
        Flow f = p.flow();
        flows.add(new Flow(f.stage(), f.priority(), FlowMatch.of(p.tests()), ImmutableList.copyOf(p.actions()),
            f.cookie(), f.provenance()));
      }
      out.add(flows.build());
    }
    return out;
  }
}
