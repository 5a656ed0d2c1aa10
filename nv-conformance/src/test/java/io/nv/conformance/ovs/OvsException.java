package io.nv.conformance.ovs;

/**
 * An OVS command that failed: the command line, what OVS said (its stderr or unixctl error) and,
 * where the harness knows one, how to fix it.
 *
 * <pre>{@code
 * try {
 *   ovs.load("hv1");
 * } catch (OvsException e) {
 *   e.command();   // "hv1/load.sh br-int"
 *   e.detail();    // "ovs-ofctl: flows.txt:3: ... unknown field ..."
 * }
 * }</pre>
 */
public final class OvsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String command;
  private final String detail;

  /** A failure of {@code command}, which said {@code detail}. */
  public OvsException(String command, String detail) {
    this(command, detail, "");
  }

  /** A failure of {@code command}, which said {@code detail}; {@code hint} says how to fix it. */
  public OvsException(String command, String detail, String hint) {
    super("`" + command + "` failed: " + detail + (hint.isEmpty() ? "" : "\n" + hint));
    this.command = command;
    this.detail = detail;
  }

  /** The command that failed. */
  public String command() {
    return command;
  }

  /** What OVS said. */
  public String detail() {
    return detail;
  }
}
