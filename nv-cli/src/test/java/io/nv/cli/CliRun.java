package io.nv.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the nv command in-process and keeps what it printed, for tests. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
