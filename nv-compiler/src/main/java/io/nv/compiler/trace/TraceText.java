package io.nv.compiler.trace;

import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.model.semantics.Verdict;
import java.util.List;

/**
 * Renders a {@link Trace} the way {@code ovn-trace} does: a header per pipeline a packet enters,
 * one numbered entry per stage with the flow that matched, its actions and its provenance in the
 * model's own names, then the verdict line.
 *
 * <pre>{@code
 * System.out.println(TraceText.render(trace, true));
 * // ingress(dp="switch web", inport="web1")
 * // ---------------------------------------
 * //  0. port-security (priority 90): inport="web1", eth.src=0a:00:00:01:00:11, …
 * //     next(lb-unsnat);
 * //     (the provenance: port web1 / port-security)
 * // …
 * // verdict: delivered to app1
 * }</pre>
 */
public final class TraceText {
  private TraceText() {}

  /**
   * The trace as text. {@code detailed} adds each flow's match and priority and the events of
   * each step (conntrack results, group choices); without it each step is one line.
   */
  public static String render(Trace trace, boolean detailed) {
    StringBuilder sb = new StringBuilder();
    sb.append("packet: ").append(trace.packet()).append('\n');
    String lastHeader = null;
    for (TraceStep s : trace.steps()) {
      String indent = "    ".repeat(s.depth());
      String header = header(s);
      String key = s.depth() + header;
      if (!key.equals(lastHeader)) {
        sb.append('\n').append(indent).append(header).append('\n');
        sb.append(indent).append("-".repeat(header.length())).append('\n');
        lastHeader = key;
      }
      sb.append(indent).append(String.format("%2d. ", s.stage().ordinal())).append(s.stage().name());
      if (s.flow().isEmpty()) {
        sb.append(": no flow matched\n");
        continue;
      }
      Flow f = s.flow().get();
      if (detailed) {
        sb.append(" (priority ").append(f.priority()).append("): ").append(matchText(f)).append('\n');
        sb.append(indent).append("    ").append(actionsText(f)).append('\n');
        sb.append(indent).append("    /* ").append(f.provenance()).append(" */\n");
        for (String e : s.events()) {
          sb.append(indent).append("    ").append(e).append('\n');
        }
      } else {
        sb.append(": ").append(actionsText(f)).append("  /* ").append(f.provenance()).append(" */\n");
      }
    }
    sb.append('\n');
    verdict(sb, trace.verdict());
    return sb.toString();
  }

  /**
   * The headers as they leave (so rewrites by routing, NAT or load balancing show at a glance),
   * then the verdict line: the end of both tracers' text.
   */
  static void verdict(StringBuilder sb, Verdict verdict) {
    if (verdict instanceof Verdict.Delivered d) {
      for (Verdict.Output o : d.outputs()) {
        sb.append("output to ").append(o.port()).append(": ")
            .append(o.packet().withoutInport().withoutOutport()).append('\n');
      }
    } else if (verdict instanceof Verdict.Replied r) {
      sb.append("reply: ").append(r.reply()).append('\n');
    }
    sb.append(verdict).append('\n');
  }

  private static String header(TraceStep s) {
    String dir = s.stage().pipeline().isIngress() ? "ingress" : "egress";
    StringBuilder h = new StringBuilder(dir).append("(dp=\"").append(s.datapath()).append("\", inport=\"")
        .append(s.inport()).append('"');
    if (!s.stage().pipeline().isIngress()) {
      s.outport().ifPresent(o -> h.append(", outport=\"").append(o).append('"'));
    }
    return h.append(')').toString();
  }

  /** A flow's tests but its datapath's, joined with {@code ", "}; {@code 1} when none is left. */
  static String matchText(Flow f) {
    StringBuilder sb = new StringBuilder();
    for (FieldMatch m : f.match().fields()) {
      if (m.field() == Field.DATAPATH) {
        continue;
      }
      sb.append(sb.length() == 0 ? "" : ", ").append(m);
    }
    return sb.length() == 0 ? "1" : sb.toString();
  }

  private static String actionsText(Flow f) {
    return actionsText(f.actions());
  }

  /** Actions as the trace prints them, each ended by {@code ;}; {@code drop;} when none. */
  static String actionsText(List<Action> actions) {
    if (actions.isEmpty()) {
      return "drop;";
    }
    StringBuilder sb = new StringBuilder();
    for (Action a : actions) {
      sb.append(sb.length() == 0 ? "" : " ").append(a).append(';');
    }
    return sb.toString();
  }
}
