package io.nv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands' models declared in code: what picocli parses into them, and what it refuses. */
class CliTest {
  /** A command with one of each kind of argument. */
  static final class Sample implements Callable<Integer> {
    final Cli cli = Cli.command(this, "sample", List.of("A sample."), "0:done");
    final Cli.Value<Path> file = cli.parameter("FILE", Path.class, "A file.");
    final Cli.Value<Boolean> loud = cli.flag("-l, --loud", "Loudly.");
    final Cli.Value<String> name = cli.option("--name", "N", String.class, "A name.");
    final Cli.Value<Integer> count = cli.withDefault("--count", "C", Integer.class, 3, "A count.");
    final Cli.Value<Integer> size = cli.required("--size", "S", Integer.class, "A size.");
    final Cli.Value<List<String>> tags = cli.repeated("--tag", "T", "Tags.");
    final Cli.Value<Integer> tcp;
    final Cli.Value<Boolean> icmp;

    Sample() {
      Cli.OneOf protocol = new Cli.OneOf();
      tcp = protocol.option("--tcp", "N", Integer.class, "TCP.");
      icmp = protocol.flag("--icmp", "ICMP.");
      cli.add(protocol);
    }

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static Sample parse(String... args) {
    Sample s = new Sample();
    new CommandLine(s.cli.spec()).parseArgs(args);
    return s;
  }

  @Test
  void valuesNotGivenAreTheirDefaults() {
    Sample s = parse("f.yaml", "--size", "7");
    assertThat(s.file.get()).isEqualTo(Path.of("f.yaml"));
    assertThat(s.size.get()).isEqualTo(7);
    assertThat(s.loud.get()).isFalse();
    assertThat(s.name.optional()).isEmpty();
    assertThat(s.name.orNull()).isNull();
    assertThat(s.count.get()).isEqualTo(3);
    assertThat(s.tags.get()).isEmpty();
    assertThat(s.tcp.optional()).isEmpty();
    assertThat(s.icmp.get()).isFalse();
    assertThatThrownBy(s.name::get).isInstanceOf(NullPointerException.class).hasMessageContaining("--name");
  }

  @Test
  void givenValuesAreParsedByTheirTypes() {
    Sample s = parse("--loud", "--size", "1", "--name", "x", "--count", "9", "--tag", "a", "--tag", "b", "--icmp", "g.json");
    assertThat(s.file.get()).isEqualTo(Path.of("g.json"));
    assertThat(s.loud.get()).isTrue();
    assertThat(s.name.get()).isEqualTo("x");
    assertThat(s.count.get()).isEqualTo(9);
    assertThat(s.tags.get()).containsExactly("a", "b");
    assertThat(s.icmp.get()).isTrue();
    assertThat(parse("f", "--size", "1", "-l", "--tcp", "80").tcp.get()).isEqualTo(80);
  }

  @Test
  void whatTheModelRequiresOrExcludesIsAParameterError() {
    assertThatThrownBy(() -> parse("--size", "1"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("FILE");
    assertThatThrownBy(() -> parse("f"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--size");
    assertThatThrownBy(() -> parse("f", "--size", "x"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'x' is not an int");
    assertThatThrownBy(() -> parse("f", "--size", "1", "--tcp", "80", "--icmp"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("mutually exclusive");
  }

  @Test
  void theUsageTextHasTheHelpOptionsAndTheExitCodes() {
    String usage = new CommandLine(new Sample().cli.spec()).getUsageMessage();
    assertThat(usage)
        .startsWith("Usage: sample [-hlV] [--count=C] [--name=N] --size=S [--tag=T]... [--tcp=N |\n")
        .contains("  -h, --help ", "Show this help message and exit.")
        .contains("  -V, --version ", "Print version information and exit.")
        .contains("--tag=T", "--count=C", "FILE ")
        .contains("Exit codes:\n  0   done");
  }

  @Test
  void aDescriptionSplitOverSourceLinesIsOneParagraphWrappedOnce() {
    assertThat(Cli.paragraphs("Trace a packet", "and explain it.", "", "  verdict: x")).containsExactly("Trace a packet and explain it.", "  verdict: x");
    assertThat(Cli.paragraphs("One.")).containsExactly("One.");
    assertThat(Cli.paragraphs()).containsExactly("");
    String usage = CliRun.of("compile", "--help").out();
    assertThat(usage).contains("write hosts'" + System.lineSeparator() + "tables for Open vSwitch");
    assertThat(usage.lines().filter(l -> !l.startsWith(" ")).toList())
        .as("no description line is cut short where a source line ended")
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80))
        .noneMatch(l -> l.endsWith("tables for") || l.endsWith("to OVN's"));
  }

  /** No command reads picocli's annotations at run time: that is what {@link Cli} saves. */
  @Test
  void noCommandCarriesPicocliAnnotations() {
    List<Class<?>> types = List.of(Main.class, Command.class, ValidateCommand.class, CompileCommand.class, TraceCommand.class,
        PcapCommand.class, PlanCommand.class, GenerateCommand.class, PacketOptions.class, HelpCommand.class);
    for (Class<?> type : types) {
      assertThat(picocli(type.getAnnotations())).as(type.getName()).isEmpty();
      for (Field f : type.getDeclaredFields()) {
        assertThat(picocli(f.getAnnotations())).as(f.toString()).isEmpty();
      }
    }
  }

  private static List<Annotation> picocli(Annotation[] annotations) {
    return List.of(annotations).stream()
        .filter(a -> a.annotationType().getName().startsWith("picocli."))
        .toList();
  }
}
