package io.nv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The command line: a line that starts with a command's name builds that command alone, and must
 * behave as if all were there.
 */
class MainTest {
  private static final String[] COMMANDS = {"validate", "compile", "trace", "pcap", "plan", "generate"};

  @Test
  void everyCommandsHelpIsTheSameBuiltAloneAsAmongAll() {
    for (String c : COMMANDS) {
      CliRun alone = CliRun.of(c, "--help");
      CliRun amongAll = CliRun.of("help", c);
      assertEquals(0, alone.exitCode(), c);
      assertTrue(alone.out().startsWith("Usage: nv " + c + " "), alone.out());
      assertEquals(amongAll.out(), alone.out(), c);
    }
  }

  @Test
  void theTopLevelHelpListsEveryCommandInOrder() {
    String help = CliRun.of("--help").out();
    int at = -1;
    for (String c : COMMANDS) {
      int next = help.indexOf("\n  " + c + " ");
      assertTrue(next > at, c + " listed after the one before it in:\n" + help);
      at = next;
    }
    assertTrue(help.contains("\n  help "), help);
  }

  @Test
  void helpPrintsNvsUsageItsOwnOrSaysTheCommandIsUnknown() {
    CliRun nv = CliRun.of("help");
    assertEquals(0, nv.exitCode());
    assertEquals(CliRun.of("--help").out(), nv.out());
    assertEquals(
        String.join(
            "\n",
            "Display help information about the specified command.",
            "",
            "Usage: nv help [-h] [COMMAND]",
            "",
            "When no COMMAND is given, the usage help for the main command is displayed.",
            "If a COMMAND is specified, the help for that command is shown.",
            "",
            "      [COMMAND]   The COMMAND to display the usage help message for.",
            "  -h, --help      Show usage help for the help command and exit.",
            ""),
        CliRun.of("help", "help").out().replace(System.lineSeparator(), "\n"));
    CliRun unknown = CliRun.of("help", "nope");
    assertEquals(ExitCodes.USAGE, unknown.exitCode());
    assertTrue(unknown.err().startsWith("nv: Unknown subcommand 'nope'."), unknown.err());
  }

  @Test
  void everyCommandPrintsTheVersion() {
    String version = CliRun.of("--version").out();
    assertTrue(version.startsWith("nv "), version);
    for (String c : COMMANDS) {
      CliRun r = CliRun.of(c, "-V");
      assertEquals(0, r.exitCode(), c);
      assertEquals(version, r.out(), c);
    }
  }

  @Test
  void aMistypedCommandIsAUsageError() {
    CliRun r = CliRun.of("compiel", "x.yaml");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("compiel"), r.err());
  }
}
