package io.nv.cli;

import io.nv.io.Format;
import io.nv.io.TopologyDocuments;
import io.nv.model.Topology;
import io.nv.model.workload.OvnLike;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code nv generate ovn-like --switches N --ports M --hosts H -o FILE}: writes a synthetic
 * topology ({@link OvnLike}: N switches of M VIFs behind one router, four ACLs and a load balancer
 * on every switch, VIFs spread over H hosts) as YAML, or JSON when FILE ends in {@code .json}.
 *
 * <pre>{@code
 * $ nv generate ovn-like --switches 100 --ports 50 --hosts 100 -o ovn-like.yaml
 * wrote 100 switches, 5000 ports, 100 hosts to ovn-like.yaml
 * }</pre>
 */
@Command(
    name = "generate",
    description = {
      "Write a synthetic topology. ovn-like: N switches of M VIFs (port security) behind router lr0,",
      "four ACLs and one load balancer on every switch, VIFs spread over H hosts (docs/performance.md)."
    },
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:bad usage, or a file that cannot be written"})
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KIND", description = "The workload: ovn-like.")
  @Nullable String kind;

  @Option(names = "--switches", paramLabel = "N", required = true, description = "Switches (1..65536).")
  int switches;

  @Option(names = "--ports", paramLabel = "M", required = true, description = "VIFs per switch (1..250).")
  int ports;

  @Option(names = "--hosts", paramLabel = "H", required = true, description = "Hosts (1..65536).")
  int hosts;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The document to write (.json for JSON).")
  @Nullable Path output;

  @Override
  public Integer call() {
    if (!"ovn-like".equals(kind)) {
      throw new ParameterException(spec.commandLine(), "unknown workload '" + kind + "': the workloads are [ovn-like]");
    }
    Topology t;
    try {
      t = OvnLike.topology(switches, ports, hosts);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path out = Objects.requireNonNull(output);
    Format format = out.toString().endsWith(".json") ? Format.JSON : Format.YAML;
    PrintWriter w = spec.commandLine().getOut();
    try {
      Files.writeString(out, TopologyDocuments.write(t, format), StandardCharsets.UTF_8);
    } catch (IOException e) {
      w.println(out + ": cannot write: " + e.getMessage());
      w.flush();
      return ExitCodes.USAGE;
    }
    w.println("wrote " + switches + " switches, " + (long) switches * ports + " ports, " + hosts + " hosts to " + out);
    w.flush();
    return ExitCodes.OK;
  }
}
