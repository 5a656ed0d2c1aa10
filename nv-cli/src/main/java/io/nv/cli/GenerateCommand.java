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
import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * {@code nv generate ovn-like --switches N --ports M --hosts H [--acls A] -o FILE}: writes a
 * synthetic topology ({@link OvnLike}: N switches of M VIFs behind one router, four ACLs, or A,
 * and a load balancer on every switch, VIFs spread over H hosts) as YAML, or JSON when FILE ends
 * in {@code .json}.
 *
 * <pre>{@code
 * $ nv generate ovn-like --switches 100 --ports 50 --hosts 100 -o ovn-like.yaml
 * wrote 100 switches, 5000 ports, 100 hosts to ovn-like.yaml
 * }</pre>
 */
final class GenerateCommand extends Command {
  GenerateCommand() {
    super(
        "generate",
        List.of(
            "Write a synthetic topology. ovn-like: N switches of M VIFs (port security) behind router lr0,",
            "four ACLs and one load balancer on every switch, VIFs spread over H hosts (docs/performance.md)."),
        "0:written",
        "2:bad usage, or a file that cannot be written");
  }

  private final Cli.Value<String> kind = cli.parameter("KIND", String.class, "The workload: ovn-like.");

  private final Cli.Value<Integer> switches =
      cli.required("--switches", "N", Integer.class, "Switches (1..65536).");

  private final Cli.Value<Integer> ports = cli.required("--ports", "M", Integer.class, "VIFs per switch (1..250).");

  private final Cli.Value<Integer> hosts = cli.required("--hosts", "H", Integer.class, "Hosts (1..65536).");

  private final Cli.Value<Integer> acls =
      cli.withDefault(
          "--acls",
          "A",
          Integer.class,
          OvnLike.DEFAULT_ACLS,
          "ACLs on every switch (0..1000; default 4): the workload's four, or the first A of them,",
          "then to-port rules on TCP ports 10004 and up (docs/performance.md).");

  private final Cli.Value<Path> output =
      cli.required("-o, --output", "FILE", Path.class, "The document to write (.json for JSON).");

  @Override
  public Integer call() {
    if (!"ovn-like".equals(kind.get())) {
      throw new ParameterException(spec.commandLine(), "unknown workload '" + kind.get() + "': the workloads are [ovn-like]");
    }
    Topology t;
    try {
      t = OvnLike.topology(switches.get(), ports.get(), hosts.get(), acls.get());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path out = output.get();
    Format format = out.toString().endsWith(".json") ? Format.JSON : Format.YAML;
    PrintWriter w = spec.commandLine().getOut();
    try {
      Files.writeString(out, TopologyDocuments.write(t, format), StandardCharsets.UTF_8);
    } catch (IOException e) {
      w.println(out + ": cannot write: " + e.getMessage());
      w.flush();
      return ExitCodes.USAGE;
    }
    w.println("wrote " + switches.get() + " switches, " + (long) switches.get() * ports.get() + " ports, " + hosts.get() + " hosts to " + out);
    w.flush();
    return ExitCodes.OK;
  }
}
