package io.nv.cli;

/**
 * The exit codes of every {@code nv} command.
 *
 * <pre>{@code
 * int code = Main.run("validate", "topology.yaml");
 * if (code == ExitCodes.PROBLEMS) { … }
 * }</pre>
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** The input is readable but has problems. */
  public static final int PROBLEMS = 1;
  /** Bad usage, or a file that cannot be read or parsed at all. */
  public static final int USAGE = 2;
  /** A bug in nv (never caused by input alone). */
  public static final int INTERNAL = 70;

  private ExitCodes() {}
}
