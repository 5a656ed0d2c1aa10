package io.nv.cli;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.io.LocatedError;
import io.nv.io.TopologyDocument;
import io.nv.io.TopologyDocuments;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.vavr.collection.Seq;
import io.vavr.control.Either;
import io.vavr.control.Validation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code nv compile FILE --stats}: where one compile's time goes, measured in this process —
 * parsing, validation, the first logical and physical compiles (cold: class loading and JIT
 * included) and the median of five more of each (warm) — with flow counts and the peak heap.
 * docs/performance.md explains each key.
 */
final class CompileStats {
  static final int WARM_RUNS = 5;

  private CompileStats() {}

  /** The measurement, or the reason there is none (the input's errors). */
  record Outcome(Optional<Map<String, Object>> stats, List<String> errors, int exitCode) {}

  static Outcome measure(Path file, Optional<String> hostId) {
    long t0 = System.nanoTime();
    Either<com.google.common.collect.ImmutableList<LocatedError>, TopologyDocument> read = TopologyDocuments.read(file);
    long parsed = System.nanoTime();
    if (read.isLeft()) {
      return new Outcome(Optional.empty(), read.getLeft().stream().map(e -> e.format(file.toString())).toList(), ExitCodes.USAGE);
    }
    Topology t = read.get().topology();
    Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(t, Stages.checks());
    long validated = System.nanoTime();
    if (v.isInvalid()) {
      return new Outcome(
          Optional.empty(),
          v.getError().map(e -> read.get().located(e).format(file.toString())).toJavaList(),
          ExitCodes.PROBLEMS);
    }
    ValidatedTopology valid = v.get();
    if (t.hosts().isEmpty()) {
      return new Outcome(Optional.empty(), List.of(file + ": --stats needs a host: the topology has none"), ExitCodes.PROBLEMS);
    }
    String host = hostId.orElse(t.hosts().stream().map(h -> h.id()).sorted().findFirst().orElseThrow());
    if (t.hostById(host).isEmpty()) {
      return new Outcome(Optional.empty(), List.of(file + ": --host " + host + ": no such host"), ExitCodes.USAGE);
    }
    long l0 = System.nanoTime();
    LogicalPipelines logical = LogicalCompiler.compile(valid);
    long l1 = System.nanoTime();
    HostTables first = physical(valid, logical, host);
    long p1 = System.nanoTime();
    List<Double> warmLogical = new ArrayList<>();
    List<Double> warmPhysical = new ArrayList<>();
    for (int i = 0; i < WARM_RUNS; i++) {
      warmLogical.add(time(() -> LogicalCompiler.compile(valid)));
      warmPhysical.add(time(() -> physical(valid, logical, host)));
    }
    int ports = 0;
    for (LogicalSwitch s : t.switches()) {
      ports += (int) s.ports().stream().filter(p -> p.kind() != PortKind.ROUTER).count();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("switches", t.switches().size());
    m.put("ports", ports);
    m.put("hosts", t.hosts().size());
    m.put("logical_flows", logical.flowCount());
    m.put("host", host);
    m.put("host_flows", first.flowCount());
    m.put("groups", first.groups().size());
    m.put("parse_ms", ms(parsed - t0));
    m.put("validate_ms", ms(validated - parsed));
    m.put("first_logical_ms", ms(l1 - l0));
    m.put("first_physical_ms", ms(p1 - l1));
    m.put("warm_logical_ms", round(median(warmLogical)));
    m.put("warm_physical_ms", round(median(warmPhysical)));
    m.put("heap_mb", peakHeapMb());
    return new Outcome(Optional.of(m), List.of(), ExitCodes.OK);
  }

  /** One host's physical compile: keys, then the host's tables. */
  private static HostTables physical(ValidatedTopology valid, LogicalPipelines logical, String host) {
    KeyAssignment keys = Keys.allocate(valid, VxlanMode.OVN_SPLIT, Optional.empty()).get();
    return Compilation.of(valid, logical, keys).host(host);
  }

  private static double time(Supplier<?> work) {
    long a = System.nanoTime();
    Object keep = work.get();
    long b = System.nanoTime();
    if (keep == null) {
      throw new IllegalStateException("compiles return a value");
    }
    return (b - a) / 1e6;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static double ms(long nanos) {
    return round(nanos / 1e6);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** The sum of the heap pools' peak use, in MiB (an upper bound of the peak heap). */
  private static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        bytes += p.getPeakUsage().getUsed();
      }
    }
    return bytes >> 20;
  }
}
