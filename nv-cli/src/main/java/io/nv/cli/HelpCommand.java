package io.nv.cli;

import java.io.PrintWriter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code nv help [COMMAND]}: the usage of {@code nv}, or of the command named. It prints what
 * picocli's own {@link CommandLine.HelpCommand} prints, with the same usage text, declared in code
 * as the other commands are ({@link Cli}): picocli's is read from its annotations, about 40 ms of
 * every {@code nv}, {@code nv --help} and {@code nv --version} on JDK 17.
 *
 * <pre>{@code
 * $ nv help validate
 * Usage: nv validate [-hV] FILE...
 * }</pre>
 */
final class HelpCommand implements Runnable, CommandLine.IHelpCommandInitializable2 {
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final PositionalParamSpec command =
      PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("COMMAND").type(String.class)
          .description("The COMMAND to display the usage help message for.").build();
  private @Nullable CommandLine self;
  private CommandLine.Help.@Nullable ColorScheme colors;
  private @Nullable PrintWriter out;

  HelpCommand() {
    spec.name("help");
    spec.helpCommand(true);
    spec.usageMessage()
        .header("Display help information about the specified command.")
        .synopsisHeading("%nUsage: ")
        .description(
            "%nWhen no COMMAND is given, the usage help for the main command is displayed.",
            "If a COMMAND is specified, the help for that command is shown.%n");
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
            .description("Show usage help for the help command and exit.").build());
    spec.addPositional(command);
  }

  /** The model, for {@code nv}'s {@code CommandLine}. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public void init(
      CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = Objects.requireNonNull(helpCommandLine, "helpCommandLine");
    this.colors = Objects.requireNonNull(colorScheme, "colorScheme");
    this.out = Objects.requireNonNull(outWriter, "outWriter");
  }

  @Override
  public void run() {
    CommandLine parent = self == null ? null : self.getParent();
    if (parent == null || colors == null || out == null) {
      return;
    }
    String name = command.getValue();
    if (name == null) {
      parent.usage(out, colors);
      return;
    }
    CommandLine named = parent.getSubcommands().get(name);
    if (named == null) {
      throw new CommandLine.ParameterException(
          parent, "Unknown subcommand '" + name + "'.", (CommandLine.Model.ArgSpec) null, name);
    }
    named.usage(out, colors);
  }
}
