package io.nv.cli;

import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.io.export.LogicalJson;
import io.nv.model.validate.ValidatedTopology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
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
 * per line grouped by datapath and stage, each with its provenance.
 *
 * <pre>{@code
 * $ nv compile examples/topologies/three-tier.yaml --logical
 * datapath switch app
 *   stage ingress port-security
 *     priority=100 inport="app1", eth.src=0a:00:00:02:00:21 actions=next(…) [port app1 / port-security]
 * }</pre>
 */
@Command(
    name = "compile",
    description = "Compile a topology and print its logical pipelines (per-host tables and exporters come later).",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the topology has problems",
      "2:bad usage, or a file that cannot be read or parsed at all"
    })
final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Topology document.")
  @Nullable Path file;

  @Option(names = "--logical", description = "Print the logical pipelines (required for now).")
  boolean logical;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
  PlanCommand.OutputFormat format = PlanCommand.OutputFormat.text;

  @Override
  public Integer call() {
    if (!logical) {
      throw new ParameterException(spec.commandLine(),
          "say what to compile: --logical (per-host physical tables are not built yet)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(Objects.requireNonNull(file), out, Stages.checks());
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    LogicalPipelines pipelines = LogicalCompiler.compile(loaded.value().get());
    if (format == PlanCommand.OutputFormat.json) {
      out.println(LogicalJson.write(pipelines));
    } else {
      printText(pipelines, out);
    }
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
