package io.nv.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One {@code nv} command's picocli model, declared in code: its name, usage text, exit codes,
 * help options and arguments, each argument with a typed handle on the value parsed into it.
 *
 * <pre>{@code
 * Cli cli = Cli.command(echo, "echo", List.of("Print a file's name."), "0:printed");
 * Cli.Value<Path> file = cli.parameter("FILE", Path.class, "The file.");
 * Cli.Value<Boolean> loud = cli.flag("--loud", "In capitals.");
 * new CommandLine(cli.spec()).execute("--loud", "a.yaml");   // runs echo; file.get() is a.yaml
 * }</pre>
 *
 * <p>The commands of {@code nv} extend {@link Command}, which declares the command and keeps its
 * model; their fields declare the arguments.
 *
 * <p>Not picocli's annotations: reading them costs a one-shot {@code nv compile} about 45 ms of
 * its start on JDK 17 (the JDK parses each annotation and makes a proxy class for its type, and
 * picocli then walks every field and method of the command), the same for every command,
 * whatever its input (docs/performance-history.md, the twelfth look). The usage text is the annotations'
 * to the character: option names, labels and descriptions, {@code -h, --help} and {@code -V,
 * --version}, the exit codes under their heading.
 */
final class Cli {
  private final CommandSpec spec;

  private Cli(CommandSpec spec) {
    this.spec = spec;
  }

  /**
   * The model of {@code command}, named {@code name}: its description (see {@link #paragraphs}),
   * then its options and the exit codes, each {@code "CODE:meaning"}. It has {@code -h, --help} and
   * {@code -V, --version}; picocli runs {@code command} ({@code Callable} or {@code Runnable}) when
   * the command line names it.
   */
  static Cli command(Object command, String name, List<String> description, String... exitCodes) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name(name);
    spec.versionProvider(new Main.Version());
    spec.usageMessage().description(paragraphs(description.toArray(String[]::new)));
    Map<String, String> codes = new LinkedHashMap<>();
    for (String code : exitCodes) {
      int colon = code.indexOf(':');
      codes.put(code.substring(0, colon), code.substring(colon + 1));
    }
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
            .description("Show this help message and exit.").build());
    spec.addOption(
        OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
            .description("Print version information and exit.").build());
    return new Cli(spec);
  }

  /** The model, for picocli's {@code CommandLine} and for the command's usage errors. */
  CommandSpec spec() {
    return spec;
  }

  /** The one positional parameter, required: {@code FILE} in {@code nv compile FILE}. */
  <T> Value<T> parameter(String label, Class<T> type, String description) {
    PositionalParamSpec p = PositionalParamSpec.builder().index("0").required(true).paramLabel(label)
        .type(type).description(description).build();
    spec.addPositional(p);
    return new Value<>(p);
  }

  /** The topology document, {@code FILE}: the one parameter of most commands. */
  Value<Path> topologyFile() {
    return parameter("FILE", Path.class, "Topology document.");
  }

  /** One or more positional parameters: {@code FILE…} in {@code nv validate FILE…}. */
  <T> Value<List<T>> parameters(String label, Class<T> type, String description) {
    PositionalParamSpec p = PositionalParamSpec.builder().index("0..*").arity("1..*").required(true)
        .paramLabel(label).type(List.class).auxiliaryTypes(type).description(description).build();
    spec.addPositional(p);
    return new Value<>(p);
  }

  /** A flag, false unless given; {@code names} as in the usage text ({@code "-o, --output"}). */
  Value<Boolean> flag(String names, String... description) {
    return add(flagSpec(names, description));
  }

  /** An option with a value, none unless given. */
  <T> Value<T> option(String names, String label, Class<T> type, String... description) {
    return add(optionSpec(names, label, type, description).build());
  }

  /** An option with a value, {@code initial} unless given. */
  <T> Value<T> withDefault(String names, String label, Class<T> type, T initial, String... description) {
    return add(optionSpec(names, label, type, description).initialValue(initial).build());
  }

  /** An option the command line must give. */
  <T> Value<T> required(String names, String label, Class<T> type, String... description) {
    return add(optionSpec(names, label, type, description).required(true).build());
  }

  /** An option that may be given many times; its values in order (an empty list unless given). */
  Value<List<String>> repeated(String names, String label, String... description) {
    OptionSpec o = OptionSpec.builder(names(names)).paramLabel(label).type(List.class)
        .auxiliaryTypes(String.class).arity("1").description(paragraphs(description)).build();
    spec.addOption(o);
    return new Value<>(o, List.of());
  }

  /** Adds {@code group}'s options, of which the command line may give one at most. */
  void add(OneOf group) {
    spec.addArgGroup(group.group.build());
  }

  private <T> Value<T> add(OptionSpec o) {
    spec.addOption(o);
    return new Value<>(o);
  }

  private static OptionSpec flagSpec(String names, String... description) {
    return OptionSpec.builder(names(names)).type(boolean.class).initialValue(false)
        .description(paragraphs(description)).build();
  }

  private static OptionSpec.Builder optionSpec(String names, String label, Class<?> type, String... description) {
    return OptionSpec.builder(names(names)).paramLabel(label).type(type).description(paragraphs(description));
  }

  /**
   * A description as picocli wraps it: the strings are joined with spaces into one paragraph, so
   * that a sentence split over several source lines is wrapped once, at the usage text's width;
   * an empty string ends a paragraph, and the next string starts a line of its own.
   *
   * <pre>{@code
   * paragraphs("Trace a packet", "and explain it.", "", "  verdict: …")
   *     // ["Trace a packet and explain it.", "  verdict: …"]
   * }</pre>
   */
  static String[] paragraphs(String... lines) {
    List<String> out = new ArrayList<>();
    StringBuilder p = new StringBuilder();
    for (String line : lines) {
      if (line.isEmpty()) {
        out.add(p.toString());
        p.setLength(0);
      } else {
        p.append(p.length() == 0 ? "" : " ").append(line);
      }
    }
    if (p.length() > 0 || out.isEmpty()) {
      out.add(p.toString());
    }
    return out.toArray(String[]::new);
  }

  private static String[] names(String names) {
    return names.split(", ");
  }

  /**
   * Options that exclude each other, shown as {@code [--tcp=N | --udp=N | --icmp]}: declare them
   * here, then {@link Cli#add(OneOf)} the group.
   */
  static final class OneOf {
    private final ArgGroupSpec.Builder group = ArgGroupSpec.builder().exclusive(true).multiplicity("0..1");

    /** A flag of the group, false unless given. */
    Value<Boolean> flag(String names, String... description) {
      OptionSpec o = flagSpec(names, description);
      group.addArg(o);
      // picocli leaves the options of a group the command line did not use without a value.
      return new Value<>(o, false);
    }

    /** An option of the group with a value, none unless given. */
    <T> Value<T> option(String names, String label, Class<T> type, String... description) {
      OptionSpec o = optionSpec(names, label, type, description).build();
      group.addArg(o);
      return new Value<>(o);
    }
  }

  /**
   * The value picocli parsed into one argument (or its initial value).
   *
   * @param <T> the argument's type
   */
  static final class Value<T> {
    private final ArgSpec arg;
    private final @Nullable T absent;

    private Value(ArgSpec arg) {
      this(arg, null);
    }

    /** {@code absent} stands for no value: a repeated option's empty list, a group's unused flag. */
    private Value(ArgSpec arg, @Nullable T absent) {
      this.arg = arg;
      this.absent = absent;
    }

    /** The value, or null when the command line gave none and there is no initial one. */
    @Nullable T orNull() {
      T v = arg.getValue();
      return v != null ? v : absent;
    }

    /** The value, if any. */
    Optional<T> optional() {
      return Optional.ofNullable(orNull());
    }

    /** The value of an argument that always has one: required, or with an initial value. */
    T get() {
      return Objects.requireNonNull(orNull(), () -> "no value for " + arg);
    }
  }
}
