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
import java.util.Optional;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.physical.HostTables;
import io.nv.io.export.OpenFlowFiles;
import picocli.CommandLine.ParameterException;

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
final class CompileCommand extends Command {
  CompileCommand() {
    super(
        "compile",
        List.of(
            "Compile a topology and print its logical pipelines (--logical), write hosts' tables for",
            "Open vSwitch (--format openflow --host H | --all-hosts -o DIR), or export it to OVN's",
            "northbound database (--format ovn-nb | ovn-nbctl)."),
        "0:success",
        "1:the topology has problems, or OVN cannot express it (see docs/ovn.md)",
        "2:bad usage, or a file that cannot be read, parsed or written");
  }

  private final Cli.Value<Path> file = cli.topologyFile();

  private final Cli.Value<Boolean> logical =
      cli.flag("--logical", "Print the logical pipelines (formats text and json).");

  private final Cli.Value<String> format =
      cli.withDefault(
          "--format",
          "FORMAT",
          String.class,
          "text",
          "text (default) or json with --logical; openflow (per-host tables: flows.txt,"
              + " groups.txt, tlv-map.txt, ports.json, load.sh); ovn-nb (an ovsdb-client transact"
              + " transaction) or ovn-nbctl (a shell script) to export to OVN.");

  private final Cli.Value<Path> output =
      cli.option("-o, --output", "OUT", Path.class, "Write to OUT instead of standard output.");

  private final Cli.Value<String> host =
      cli.option("--host", "H", String.class, "With --format openflow: the host whose tables to write.");

  private final Cli.Value<Boolean> allHosts =
      cli.flag("--all-hosts", "With --format openflow: write every host's tables, to OUT/<host>/.");

  private final Cli.Value<Boolean> stats =
      cli.flag("--stats", "Measure the compile (phases, flow counts, heap); the last line is one JSON object.");

  private final Cli.Value<Path> keysIn =
      cli.option(
          "--keys", "FILE", Path.class, "A previous key assignment (JSON): surviving elements keep their keys.");

  private final Cli.Value<Path> keysOut =
      cli.option("--keys-out", "FILE", Path.class, "Write the key assignment used (JSON).");

  private final Cli.Value<List<String>> approximations =
      cli.repeated(
          "--approximate",
          "NAME",
          "For OVN exports, accept a documented approximation where OVN 23.03 cannot"
              + " express the topology exactly: flatten-tiers, flood-through-unknown. Repeatable.");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean ovn = format.get().equals("ovn-nb") || format.get().equals("ovn-nbctl");
    if (stats.get()) {
      return stats(out);
    }
    if (format.get().equals("openflow")) {
      return openflow(out);
    }
    if (host.optional().isPresent() || allHosts.get()) {
      throw new ParameterException(spec.commandLine(), "--host and --all-hosts go with --format openflow (or --host with --stats)");
    }
    if (!ovn && !format.get().equals("text") && !format.get().equals("json")) {
      throw new ParameterException(spec.commandLine(),
          "unknown --format '" + format.get() + "': use text or json (with --logical), openflow, ovn-nb or ovn-nbctl");
    }
    if (ovn && logical.get()) {
      throw new ParameterException(spec.commandLine(),
          "--logical prints flow tables, --format " + format.get() + " exports the topology to OVN: choose one");
    }
    if (!ovn && !logical.get()) {
      throw new ParameterException(spec.commandLine(),
          "say what to compile: --logical, --format openflow --host H -o DIR, or --format ovn-nb|ovn-nbctl");
    }
    if (!ovn && !approximations.get().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--approximate applies to --format ovn-nb and ovn-nbctl only");
    }
    ExportOptions options = exportOptions();
    Path in = file.get();
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
      String text = format.get().equals("ovn-nb") ? nb.get().transaction() : nb.get().nbctlScript();
      return emit(text, out, nb.get().rows().size() + " " + DATABASE + " rows");
    }
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(in, out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    LogicalPipelines pipelines = LogicalCompiler.compileParallel(loaded.value().get());
    if (format.get().equals("json")) {
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
    if (logical.get() || !format.get().equals("text") || output.optional().isPresent() || allHosts.get()) {
      throw new ParameterException(spec.commandLine(), "--stats measures a compile and prints only the figures: give it FILE and maybe --host H");
    }
    CompileStats.Outcome o = CompileStats.measure(file.get(), host.optional());
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
    if (output.optional().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--format openflow writes a directory: give -o DIR");
    }
    if (host.optional().isEmpty() == !allHosts.get()) {
      throw new ParameterException(spec.commandLine(), "--format openflow needs one of --host H and --all-hosts");
    }
    if (logical.get()) {
      throw new ParameterException(spec.commandLine(), "--logical prints flow tables, --format openflow writes per-host ones: choose one");
    }
    Path in = file.get();
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(in, out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    ValidatedTopology valid = loaded.value().get();
    Inputs.Loaded<Compilation> compiled = Inputs.compilation(in, valid, keysIn.orNull(), out);
    if (compiled.value().isEmpty()) {
      return compiled.exitCode();
    }
    Compilation c = compiled.value().get();
    List<String> hosts = allHosts.get() ? c.hosts() : List.of(host.get());
    for (String h : hosts) {
      if (!c.hosts().contains(h)) {
        throw new ParameterException(spec.commandLine(), "--host " + h + ": the hosts are " + c.hosts());
      }
    }
    Path dir = output.get();
    try {
      Path keysTo = keysOut.orNull();
      if (keysTo != null) {
        Files.writeString(keysTo, PlanCommand.json().writeValueAsString(c.keys().toMap()) + "\n");
      }
      for (String h : hosts) {
        HostTables t = c.host(h);
        Path to = allHosts.get() ? dir.resolve(h) : dir;
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
    for (String name : approximations.get()) {
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
    Path to = output.orNull();
    if (to == null) {
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
    Path target = to.toAbsolutePath();
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
      out.println(to + ": cannot write: " + e.getMessage());
      out.flush();
      return ExitCodes.USAGE;
    }
    out.println("wrote " + what + " to " + to);
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
