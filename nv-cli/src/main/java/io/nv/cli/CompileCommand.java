package io.nv.cli;

import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.io.export.LogicalJson;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.ModelError;
import io.nv.ovn.Approximation;
import io.nv.ovn.ExportOptions;
import io.nv.ovn.NorthboundExport;
import io.nv.ovn.OvnExporter;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.encap.keys.KeyAssignment;
import io.nv.io.export.OpenFlowFiles;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nv compile FILE --logical [--format text|json]}: prints the logical pipelines, one flow
 * per line grouped by datapath and stage, each with its provenance. {@code nv compile FILE --format
 * ovn-nb|ovn-nbctl [-o OUT]} exports the topology to OVN's northbound database instead: the
 * argument of {@code ovsdb-client transact}, or an {@code ovn-nbctl} script (see docs/ovn.md).
 *
 * <pre>{@code
 * $ nv compile examples/topologies/three-tier.yaml --logical
 * datapath switch app
 *   stage ingress port-security
 *     priority=100 inport="app1", eth.src=0a:00:00:02:00:21 actions=next(…) [port app1 / port-security]
 * $ nv compile examples/topologies/three-tier.yaml --format ovn-nb -o three-tier.json
 * wrote 44 OVN_Northbound rows to three-tier.json
 * }</pre>
 */
@Command(
    name = "compile",
    description = {
      "Compile a topology and print its logical pipelines (--logical), write hosts' tables for",
      "Open vSwitch (--format openflow --host H | --all-hosts -o DIR), or export it to OVN's",
      "northbound database (--format ovn-nb | ovn-nbctl)."
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the topology has problems, or OVN cannot express it (see docs/ovn.md)",
      "2:bad usage, or a file that cannot be read, parsed or written"
    })
final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology document.")
  @Nullable Path file;

  @Option(names = "--logical", description = "Print the logical pipelines (formats text and json).")
  boolean logical;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text (default) or json with --logical; openflow (per-host tables: flows.txt,"
          + " groups.txt, tlv-map.txt, ports.json, load.sh); ovn-nb (an ovsdb-client transact"
          + " transaction) or ovn-nbctl (a shell script) to export to OVN.")
  String format = "text";

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to OUT instead of standard output.")
  @Nullable Path output;

  @Option(names = "--host", paramLabel = "H", description = "With --format openflow: the host whose tables to write.")
  @Nullable String host;

  @Option(names = "--all-hosts", description = "With --format openflow: write every host's tables, to OUT/<host>/.")
  boolean allHosts;

  @Option(names = "--stats", description = "Measure the compile (phases, flow counts, heap); the last line is one JSON object.")
  boolean stats;

  @Option(names = "--keys", paramLabel = "FILE", description = "A previous key assignment (JSON): surviving elements keep their keys.")
  @Nullable Path keysIn;

  @Option(names = "--keys-out", paramLabel = "FILE", description = "Write the key assignment used (JSON).")
  @Nullable Path keysOut;

  @Option(
      names = "--approximate",
      paramLabel = "NAME",
      description = "For OVN exports, accept a documented approximation where OVN 23.03 cannot"
          + " express the topology exactly: flatten-tiers, flood-through-unknown. Repeatable.")
  List<String> approximations = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean ovn = format.equals("ovn-nb") || format.equals("ovn-nbctl");
    if (stats) {
      return stats(out);
    }
    if (format.equals("openflow")) {
      return openflow(out);
    }
    if (host != null || allHosts) {
      throw new ParameterException(spec.commandLine(), "--host and --all-hosts go with --format openflow (or --host with --stats)");
    }
    if (!ovn && !format.equals("text") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(),
          "unknown --format '" + format + "': use text or json (with --logical), openflow, ovn-nb or ovn-nbctl");
    }
    if (ovn && logical) {
      throw new ParameterException(spec.commandLine(),
          "--logical prints flow tables, --format " + format + " exports the topology to OVN: choose one");
    }
    if (!ovn && !logical) {
      throw new ParameterException(spec.commandLine(),
          "say what to compile: --logical, --format openflow --host H -o DIR, or --format ovn-nb|ovn-nbctl");
    }
    if (!ovn && !approximations.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--approximate applies to --format ovn-nb and ovn-nbctl only");
    }
    ExportOptions options = exportOptions();
    Path in = Objects.requireNonNull(file);
    if (ovn) {
      Inputs.Loaded<Inputs.Valid> loaded = Inputs.valid(in, out, Stages.checks());
      if (loaded.value().isEmpty()) {
        return loaded.exitCode();
      }
      Inputs.Valid valid = loaded.value().get();
      Validation<Seq<ModelError>, NorthboundExport> nb = OvnExporter.export(valid.topology(), options);
      if (nb.isInvalid()) {
        for (ModelError e : nb.getError()) {
          out.println(valid.document().located(e).format(in.toString()));
        }
        out.flush();
        return ExitCodes.PROBLEMS;
      }
      PrintWriter err = spec.commandLine().getErr();
      for (String note : nb.get().notes()) {
        err.println("nv: approximation: " + note);
      }
      err.flush();
      String text = format.equals("ovn-nb") ? nb.get().transaction() : nb.get().nbctlScript();
      return emit(text, out, nb.get().rows().size() + " " + DATABASE + " rows");
    }
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(in, out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    LogicalPipelines pipelines = LogicalCompiler.compileParallel(loaded.value().get());
    if (format.equals("json")) {
      return emit(o -> {
        LogicalJson.write(pipelines, o);
        o.write('\n');
      }, out, pipelines.datapaths().size() + " datapaths");
    }
    return emit(Body.chars(w -> {
      PrintWriter p = new PrintWriter(w);
      printText(pipelines, p);
      p.flush();
    }), out, pipelines.datapaths().size() + " datapaths");
  }

  private static final String DATABASE = "OVN_Northbound";

  /** {@code --stats}: the measurement of docs/performance.md, as the last line. */
  private int stats(PrintWriter out) {
    if (logical || !format.equals("text") || output != null || allHosts) {
      throw new ParameterException(spec.commandLine(), "--stats measures a compile and prints only the figures: give it FILE and maybe --host H");
    }
    CompileStats.Outcome o = CompileStats.measure(Objects.requireNonNull(file), Optional.ofNullable(host));
    o.errors().forEach(out::println);
    o.stats().ifPresent(m -> {
      try {
        out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("maps of strings and numbers always serialize", e);
      }
    });
    out.flush();
    return o.exitCode();
  }

  /** {@code --format openflow}: per-host tables for Open vSwitch, one directory per host. */
  private int openflow(PrintWriter out) {
    if (output == null) {
      throw new ParameterException(spec.commandLine(), "--format openflow writes a directory: give -o DIR");
    }
    if ((host == null) == !allHosts) {
      throw new ParameterException(spec.commandLine(), "--format openflow needs one of --host H and --all-hosts");
    }
    if (logical) {
      throw new ParameterException(spec.commandLine(), "--logical prints flow tables, --format openflow writes per-host ones: choose one");
    }
    Path in = Objects.requireNonNull(file);
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(in, out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    ValidatedTopology valid = loaded.value().get();
    Inputs.Loaded<Compilation> compiled = Inputs.compilation(in, valid, keysIn, out);
    if (compiled.value().isEmpty()) {
      return compiled.exitCode();
    }
    Compilation c = compiled.value().get();
    List<String> hosts = allHosts ? c.hosts() : List.of(Objects.requireNonNull(host));
    for (String h : hosts) {
      if (!c.hosts().contains(h)) {
        throw new ParameterException(spec.commandLine(), "--host " + h + ": the hosts are " + c.hosts());
      }
    }
    Path dir = Objects.requireNonNull(output);
    try {
      if (keysOut != null) {
        Files.writeString(keysOut, PlanCommand.json().writeValueAsString(c.keys().toMap()) + "\n");
      }
      for (String h : hosts) {
        HostTables t = c.host(h);
        Path to = allHosts ? dir.resolve(h) : dir;
        OpenFlowFiles.write(t, to);
        out.println("wrote " + t.flowCount() + " flows, " + t.groups().size() + " groups of host " + h + " to " + to);
      }
    } catch (IOException e) {
      out.println(dir + ": cannot write: " + e.getMessage());
      out.flush();
      return ExitCodes.USAGE;
    }
    out.flush();
    return ExitCodes.OK;
  }

  private ExportOptions exportOptions() {
    List<Approximation> accepted = new ArrayList<>();
    for (String name : approximations) {
      String constant = name.toUpperCase(Locale.ROOT).replace('-', '_');
      Optional<Approximation> a =
          Arrays.stream(Approximation.values()).filter(x -> x.name().equals(constant)).findFirst();
      if (a.isEmpty()) {
        throw new ParameterException(spec.commandLine(),
            "unknown approximation '" + name + "': the approximations are "
                + Arrays.stream(Approximation.values())
                    .map(x -> x.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList());
      }
      accepted.add(a.get());
    }
    return ExportOptions.allowing(accepted.toArray(Approximation[]::new));
  }

  /** Writes {@code text} to {@code -o} (saying what was written) or to standard output. */
  private int emit(String text, PrintWriter out, String what) {
    return emit(Body.chars(w -> w.write(text)), out, what);
  }

  /** What {@link #emit(Body, PrintWriter, String)} writes, streamed as UTF-8. */
  @FunctionalInterface
  private interface Body {
    void writeTo(OutputStream o) throws IOException;

    /** A body that writes characters. */
    static Body chars(Chars chars) {
      return o -> {
        Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8), 1 << 16);
        chars.writeTo(w);
        w.flush();
      };
    }
  }

  /** Characters to write. */
  @FunctionalInterface
  private interface Chars {
    void writeTo(Writer w) throws IOException;
  }

  /**
   * Streams {@code body} to {@code -o} (saying what was written) or to standard output. A file is
   * written beside its target and moved into place once complete, so a failed write leaves any
   * earlier file as it was.
   */
  private int emit(Body body, PrintWriter out, String what) {
    if (output == null) {
      out.flush();
      Optional<OutputStream> stdout = Main.stdout(spec);
      try {
        if (stdout.isPresent()) {
          body.writeTo(stdout.get());
          stdout.get().flush();
        } else {
          // A caller's own writer (tests, embedding): the bytes decoded back into it.
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          body.writeTo(bytes);
          out.write(bytes.toString(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("standard output failed", e);
      }
      out.flush();
      return ExitCodes.OK;
    }
    Path target = output.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        body.writeTo(o);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // The write failed already; that is the error to report.
      }
      out.println(output + ": cannot write: " + e.getMessage());
      out.flush();
      return ExitCodes.USAGE;
    }
    out.println("wrote " + what + " to " + output);
    out.flush();
    return ExitCodes.OK;
  }

  static void printText(LogicalPipelines pipelines, PrintWriter out) {
    pipelines.datapaths().stream()
        .sorted(Comparator.comparing(d -> d.datapath().toString()))
        .forEach(d -> printDatapath(d, out));
  }

  private static void printDatapath(LogicalDatapath d, PrintWriter out) {
    out.println("datapath " + d.datapath());
    for (Stage stage : d.stages()) {
      var flows = d.flows(stage);
      if (flows.isEmpty()) {
        continue;
      }
      out.println("  stage " + stage);
      for (Flow f : flows) {
        out.println("    " + f);
      }
    }
    for (Group g : d.groups()) {
      out.println("  group " + g);
    }
  }
}
