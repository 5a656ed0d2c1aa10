package io.nv.conformance.ovn;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.ConnectionTable;
import io.nv.model.semantics.Evaluation;
import io.nv.model.semantics.Semantics;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;

/**
 * One topology's packets sent in order to all three judges: nv's reference semantics (which keeps
 * the connection table), nv's compiler and tracer (with its own conntrack), and {@code ovn-trace}
 * on the OVN export (told the semantics' connection state, see {@link OvnJudge}). The topology's
 * export must be loaded in the sandbox already.
 *
 * <pre>{@code
 * OvnRun run = new OvnRun(sandbox, valid);
 * OvnRun.Step s = run.send("app1", syn);
 * s.nv();     // verdict: delivered to db1
 * s.ovn();    // delivered to db1
 * }</pre>
 */
final class OvnRun {
  private final Semantics semantics;
  private final Tracer tracer;
  private final OvnJudge judge;
  private ConnectionTable table = ConnectionTable.EMPTY;
  private ConntrackTable tracerTable = ConntrackTable.empty();

  OvnRun(OvnSandbox ovn, ValidatedTopology topology) {
    this.semantics = Semantics.of(topology);
    this.tracer = Tracer.of(LogicalCompiler.compile(topology));
    this.judge = new OvnJudge(ovn, topology.topology());
  }

  /**
   * One packet's verdicts.
   *
   * @param port the entry port
   * @param packet the packet
   * @param evaluation the reference semantics' evaluation
   * @param trace the tracer's trace
   * @param judgement ovn-trace's judgement
   */
  record Step(String port, Packet packet, Evaluation evaluation, Trace trace, OvnJudge.Judgement judgement) {
    /** The reference semantics' verdict. */
    Verdict nv() {
      return evaluation.verdict();
    }

    /** ovn-trace's verdict. */
    OvnVerdict ovn() {
      return judgement.verdict();
    }

    /**
     * Whether ovn-trace can simulate the packet: every conntrack step saw its state, and no step
     * needs what ovn-trace does not keep — a load balancer's reverse NAT of a hairpinned
     * connection's reply (ovn-trace's {@code ct_lb_mark} changes no address of a reply, and the
     * hairpin's loop back depends on it).
     */
    boolean simulable() {
      return judgement.faithful()
          && evaluation.steps().stream()
              .noneMatch(s -> s.stage() == io.nv.model.semantics.Step.Stage.LOAD_BALANCER && s.text().contains("reply of hairpinned"));
    }

    /** Whether the three verdicts agree (the tracer on headers too, ovn-trace on the category). */
    boolean agrees() {
      return tracerAgrees()
          && simulable()
          && OvnVerdict.of(nv(), packet).equals(ovn())
          && judgement.errors().isEmpty();
    }

    boolean tracerAgrees() {
      return Normalized.of(trace.verdict()).equals(Normalized.of(nv()));
    }

    /** Everything a person needs to see why the judges disagree. */
    String explain() {
      return "at " + port + ": " + packet
          + "\n-- reference semantics --\n" + evaluation.explain()
          + "\n-- nv tracer --\n" + TraceText.render(trace, false) + trace.verdict()
          + "\n-- ovn-trace: " + ovn() + (judgement.faithful() ? "" : " (ovn-trace cannot simulate the conntrack states)")
          + " --\n" + judgement.command() + "\n"
          + (judgement.errors().isEmpty() ? "" : "errors: " + judgement.errors() + "\n")
          + "conntrack steps: " + judgement.ctSteps() + "\n"
          + (judgement.selects().isEmpty() ? "" : "ECMP selections: " + judgement.selects() + "\n")
          + judgement.text();
    }
  }

  /** Sends {@code packet} in at {@code port}, with the connections earlier packets left. */
  Step send(String port, Packet packet) {
    Evaluation e = semantics.evaluate(port, packet, table);
    Trace t = tracer.trace(port, packet, tracerTable);
    OvnJudge.Judgement j = judge.judge(port, packet, table, e.table(), e.steps());
    table = e.table();
    tracerTable = t.table();
    return new Step(port, packet, e, t, j);
  }

  /** Forgets every connection. */
  void reset() {
    table = ConnectionTable.EMPTY;
    tracerTable = ConntrackTable.empty();
  }

  OvnJudge judge() {
    return judge;
  }
}
