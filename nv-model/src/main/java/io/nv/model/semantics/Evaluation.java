package io.nv.model.semantics;

import com.google.common.collect.ImmutableList;

/**
 * What the reference semantics says about one packet: the verdict, the connection table after it,
 * and the steps that led there (for reading disagreements with the compiler's tracer).
 *
 * <pre>{@code
 * Evaluation e = semantics.evaluate("web1", syn, ConnectionTable.EMPTY);
 * e.verdict();     // verdict: delivered to app1
 * e.table();       // the table to evaluate the reply with
 * System.out.println(e.explain());
 * }</pre>
 *
 * @param verdict what happened to the packet
 * @param table the connection table after the packet
 * @param steps the explanation, in order
 */
public record Evaluation(Verdict verdict, ConnectionTable table, ImmutableList<Step> steps) {
  /** The steps, one a line, then the verdict line. */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      sb.append(s).append('\n');
    }
    return sb.append(verdict).toString();
  }
}
