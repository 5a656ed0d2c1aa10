package io.nv.cli;

import com.google.common.collect.ImmutableList;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code nv} command: validate, compile, trace and plan topologies.
 *
 * <pre>{@code
 * $ nv validate examples/topologies/three-tier.yaml
 * OK examples/topologies/three-tier.yaml: 1 tenants, 3 switches, 1 routers, 8 ports, 2 hosts
 * }</pre>
 *
 * <p>Exit codes, for every subcommand: {@value ExitCodes#OK} success; {@value ExitCodes#PROBLEMS}
 * the input is readable but has problems; {@value ExitCodes#USAGE} bad usage, or a file that
 * cannot be read or parsed at all.
 *
 * <p>The commands declare their picocli models in code ({@link Cli}), not with annotations, and a
 * command line that starts with a command's name ({@code nv compile …}) builds that command's
 * alone (docs/cli.md), and {@code nv --version} none. Any other command line ({@code nv},
 * {@code nv --help}, {@code nv help compile}) gets them all.
 */
public final class Main implements Runnable {
  private final Cli cli =
      Cli.command(
          this,
          "nv",
          List.of("Network virtualization: validate, compile and trace logical network topologies."),
          "0:success",
          "1:the input is readable but has problems (any file in the list)",
          "2:bad usage, or a file that cannot be read or parsed at all");

  /** Standard output's bytes, when {@code out} prints to it; large outputs go there directly. */
  private final java.io.@org.jspecify.annotations.Nullable OutputStream stdout;

  /** The commands' names, in the order {@code nv --help} lists them. */
  private static final ImmutableList<String> COMMANDS =
      ImmutableList.of("validate", "compile", "trace", "pcap", "plan", "generate");

  /**
   * A new command object for {@code name}, or null when no command has it. A switch, not a map of
   * constructor references: each reference would be linked, cold, on every start.
   */
  private static @org.jspecify.annotations.Nullable Command command(String name) {
    return switch (name) {
      case "validate" -> new ValidateCommand();
      case "compile" -> new CompileCommand();
      case "trace" -> new TraceCommand();
      case "pcap" -> new PcapCommand();
      case "plan" -> new PlanCommand();
      case "generate" -> new GenerateCommand();
      default -> null;
    };
  }

  private Main(java.io.@org.jspecify.annotations.Nullable OutputStream stdout) {
    this.stdout = stdout;
    cli.spec().usageMessage().footer("", "Documentation: docs/cli.md");
  }

  /**
   * picocli's system property naming the types whose built-in converters it does not register: a
   * regular expression per type, comma-separated.
   */
  private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  /**
   * Runs {@code nv} with {@code args} and exits with its exit code. nv's options are paths,
   * numbers and words, so first (unless the property is set already) picocli is told not to look
   * up its converters for {@code java.time} and {@code java.sql} types: finding them initializes
   * {@code java.time}'s formatters, cold, about 6 ms of every start.
   */
  public static void main(String[] args) {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.time\\..*,java\\.sql\\..*");
    }
    System.exit(run(args));
  }

  /** Runs {@code nv} with {@code args} and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    return run(
        new java.io.PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8),
        new java.io.PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8),
        System.out,
        args);
  }

  /** Runs {@code nv} with {@code args}, printing to {@code out} and {@code err}. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return run(out, err, null, args);
  }

  private static int run(
      java.io.PrintWriter out,
      java.io.PrintWriter err,
      java.io.@org.jspecify.annotations.Nullable OutputStream stdout,
      String... args) {
    CommandLine cl = new CommandLine(new Main(stdout).cli.spec());
    Command named = args.length > 0 ? command(args[0]) : null;
    if (named != null) {
      cl.addSubcommand(new CommandLine(named.spec));
    } else if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      // The version alone: nv's own option, which no command's model changes.
    } else {
      for (String name : COMMANDS) {
        cl.addSubcommand(new CommandLine(java.util.Objects.requireNonNull(command(name)).spec));
      }
      cl.addSubcommand(new CommandLine(new HelpCommand().spec()));
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("nv: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          // A bug in nv, not bad input: say so in one line instead of a stack trace.
          c.getErr().println("nv: internal error: " + ex + " (please report it with the input)");
          return ExitCodes.INTERNAL;
        });
    return cl.execute(args);
  }

  /**
   * The bytes behind {@code spec}'s standard output, when it is the process's own (not a test's
   * writer): commands with large outputs write UTF-8 there after flushing the writer.
   */
  static java.util.Optional<java.io.OutputStream> stdout(CommandLine.Model.CommandSpec spec) {
    return spec.root().userObject() instanceof Main m
        ? java.util.Optional.ofNullable(m.stdout)
        : java.util.Optional.empty();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(cli.spec().commandLine(), "name a command, e.g. 'nv validate FILE'");
  }

  /** Prints the version from the jar manifest (or the build's when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"nv " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
