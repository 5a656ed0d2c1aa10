package io.nv.compiler.logical;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.internal.CompileContext;
import io.nv.compiler.internal.RouterCompiler;
import io.nv.compiler.internal.SwitchCompiler;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.validate.ValidatedTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Compiles a validated topology into logical pipelines: one {@link LogicalDatapath} per switch
 * and per router, with the stages of {@link io.nv.compiler.flow.Stages}. Each datapath is compiled
 * on its own from the topology ({@link #compileDatapath}), so compiling a datapath alone gives
 * exactly its part of the whole, and later per-host and incremental compilation can compile only
 * what changed. The output is deterministic: the same topology gives equal pipelines, in the same
 * order.
 *
 * <pre>{@code
 * LogicalPipelines all = LogicalCompiler.compile(validated);
 * LogicalDatapath web = LogicalCompiler.compileDatapath(validated, Datapath.ofSwitch("web"));
 * web.equals(all.datapath(Datapath.ofSwitch("web")).orElseThrow());   // true
 * }</pre>
 *
 * <p>Cost: linear in the topology plus the flows produced (indexes are built once per call).
 * Conntrack zones are not part of logical flows: they live in registers that entering a port's or
 * router's pipeline loads ({@link ZoneAssignment}), so every host shares the same flows.
 */
public final class LogicalCompiler {
  private LogicalCompiler() {}

  /** Every datapath of {@code topology}. */
  public static LogicalPipelines compile(ValidatedTopology topology) {
    return compile(topology, false);
  }

  /**
   * Every datapath of {@code topology}, compiled in parallel on the common fork-join pool: the
   * same pipelines as {@link #compile}, in the same order, sooner on a machine with idle cores.
   * {@link #compile} stays single-threaded, for callers that own their threads and for
   * measurements of one core's work.
   */
  public static LogicalPipelines compileParallel(ValidatedTopology topology) {
    return compile(topology, true);
  }

  private static LogicalPipelines compile(ValidatedTopology topology, boolean parallel) {
    Topology t = topology.topology();
    CompileContext ctx = new CompileContext(t);
    List<Supplier<LogicalDatapath>> work = new ArrayList<>(t.switches().size() + t.routers().size());
    for (LogicalSwitch s : t.switches()) {
      work.add(() -> new SwitchCompiler(ctx, s).compile());
    }
    for (LogicalRouter r : t.routers()) {
      work.add(() -> new RouterCompiler(ctx, r).compile());
    }
    // Ordered either way: toList keeps the encounter order of the datapaths.
    return LogicalPipelines.of((parallel ? work.parallelStream() : work.stream()).map(Supplier::get).toList());
  }

  /**
   * One datapath of {@code topology}.
   *
   * @throws IllegalArgumentException when the topology has no such datapath
   */
  public static LogicalDatapath compileDatapath(ValidatedTopology topology, Datapath datapath) {
    Topology t = topology.topology();
    CompileContext ctx = new CompileContext(t);
    return switch (datapath.kind()) {
      case SWITCH ->
          new SwitchCompiler(ctx, t.switchById(datapath.id()).orElseThrow(() -> missing(datapath)))
              .compile();
      case ROUTER ->
          new RouterCompiler(ctx, t.routerById(datapath.id()).orElseThrow(() -> missing(datapath)))
              .compile();
    };
  }

  /** The datapaths of {@code topology}, in canonical order (switches, then routers, by id). */
  public static ImmutableList<Datapath> datapaths(ValidatedTopology topology) {
    List<Datapath> out = new ArrayList<>();
    topology.topology().switches().forEach(s -> out.add(Datapath.ofSwitch(s.id())));
    topology.topology().routers().forEach(r -> out.add(Datapath.ofRouter(r.id())));
    out.sort(null);
    return ImmutableList.copyOf(out);
  }

  private static IllegalArgumentException missing(Datapath d) {
    return new IllegalArgumentException(
        "the topology has no " + d + ": name one of LogicalCompiler.datapaths(topology)");
  }
}
