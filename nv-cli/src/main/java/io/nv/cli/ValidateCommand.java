package io.nv.cli;

import io.nv.io.DocumentCheck;
import io.nv.io.LocatedError;
import io.nv.io.TopologyDocuments;
import io.nv.model.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code nv validate FILE…}: reads each topology document and runs every validation stage,
 * printing {@code OK} with counts for a valid file and every error, one per line, for a broken one.
 *
 * <pre>{@code
 * $ nv validate examples/topologies/*.yaml
 * OK examples/topologies/three-tier.yaml: 1 tenants, 3 switches, 1 routers, 8 ports, 2 hosts
 * }</pre>
 */
final class ValidateCommand extends Command {
  ValidateCommand() {
    super(
        "validate",
        List.of(
            "Check topology documents (YAML or JSON): every problem at once, each with its file, line and column.",
            "Prints 'OK <file>: N tenants, N switches, N routers, N ports, N hosts' per valid file."),
        "0:every file is valid",
        "1:some file is readable but has problems",
        "2:bad usage, or some file cannot be read or parsed at all");
  }

  private final Cli.Value<List<Path>> files =
      cli.parameters("FILE", Path.class, "Topology documents (.yaml, .yml, .json).");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int worst = ExitCodes.OK;
    for (Path file : files.get()) {
      DocumentCheck check = TopologyDocuments.readAndValidate(file, Stages.checks());
      if (check.isValid()) {
        out.println("OK " + file + ": " + summary(check.document().orElseThrow().topology()));
        continue;
      }
      for (LocatedError e : check.errors()) {
        out.println(e.format(file.toString()));
      }
      worst = Math.max(worst, check.isFatal() ? ExitCodes.USAGE : ExitCodes.PROBLEMS);
    }
    out.flush();
    return worst;
  }

  static String summary(Topology t) {
    long ports = t.switches().stream().mapToLong(s -> s.ports().size()).sum();
    return t.tenants().size() + " tenants, " + t.switches().size() + " switches, "
        + t.routers().size() + " routers, " + ports + " ports, " + t.hosts().size() + " hosts";
  }
}
