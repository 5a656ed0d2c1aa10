package io.nv.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command of {@code nv}: its picocli model, declared in code ({@link Cli}), and what it does when
 * the command line names it ({@link #call}, its exit code).
 *
 * <pre>{@code
 * final class EchoCommand extends Command {
 *   EchoCommand() {
 *     super("echo", List.of("Print a file's name."), "0:printed");
 *   }
 *
 *   private final Cli.Value<Path> file = cli.parameter("FILE", Path.class, "The file.");
 *
 *   public Integer call() {
 *     spec.commandLine().getOut().println(file.get());
 *     return ExitCodes.OK;
 *   }
 * }
 * }</pre>
 */
abstract class Command implements Callable<Integer> {
  /** The model being declared: the command's fields add their arguments to it. */
  final Cli cli;

  /** The model, for usage errors and the command's writers. */
  final CommandSpec spec;

  /** A command named {@code name}; see {@link Cli#command}. */
  Command(String name, List<String> description, String... exitCodes) {
    this.cli = Cli.command(this, name, description, exitCodes);
    this.spec = cli.spec();
  }
}
