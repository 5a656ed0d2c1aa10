package io.nv.compiler.trace;

import io.nv.compiler.flow.Flow;

/**
 * Renders a {@link HostTrace}: a header whenever the packet moves to another host or table set
 * ({@code hv1: physical}, {@code hv1: switch web ingress}), one line per lookup with the actions
 * the host ran and the flow's provenance ({@code detailed} adds matches, priorities and events),
 * the tunnels crossed, the packets as they left, then the verdict.
 *
 * <pre>{@code
 * System.out.println(HostTraceText.render(trace, false));
 * // hv1: physical
 * //  0. classify: enter(switch web, "web1"); reg.zone = 1; …  /* port web1 *&#47;
 * // …
 * // tunnel hv1 → hv2 (192.168.0.2): vni 1, option 0x00020003
 * // verdict: delivered to web2
 * }</pre>
 */
public final class HostTraceText {
  private HostTraceText() {}

  /** The trace as text; {@code detailed} adds each flow's match and priority and its events. */
  public static String render(HostTrace trace, boolean detailed) {
    StringBuilder sb = new StringBuilder();
    sb.append("packet: ").append(trace.packet()).append('\n');
    String last = null;
    for (HostStep s : trace.steps()) {
      String indent = "    ".repeat(s.depth());
      String where =
          s.host() + ": " + s.datapath().map(d -> d + " " + (s.stage().pipeline().isIngress() ? "ingress" : "egress"))
              .orElse(s.stage().pipeline().isLogical() ? s.stage().pipeline().toString() : "physical");
      if (!where.equals(last)) {
        sb.append('\n').append(indent).append(where).append('\n');
        last = where;
      }
      sb.append(indent).append(String.format("%2d. ", s.stage().ordinal())).append(s.stage().name());
      if (s.flow().isEmpty()) {
        sb.append(": no flow matched\n");
        continue;
      }
      Flow f = s.flow().get();
      String actions = actions(f);
      if (detailed) {
        sb.append(" (priority ").append(f.priority()).append("): ").append(match(f)).append('\n');
        sb.append(indent).append("    ").append(actions).append('\n');
        sb.append(indent).append("    /* ").append(f.provenance()).append(" */\n");
        for (String e : s.events()) {
          sb.append(indent).append("    ").append(e).append('\n');
        }
      } else {
        sb.append(": ").append(actions).append("  /* ").append(f.provenance()).append(" */\n");
      }
    }
    sb.append('\n');
    for (HostTrace.TunnelHop t : trace.tunnels()) {
      sb.append("tunnel ").append(t.from()).append(" → ").append(t.to()).append(" (").append(t.remote())
          .append("): vni ").append(t.vni());
      t.option().ifPresent(o -> sb.append(String.format(", option 0x%08x", o)));
      sb.append('\n');
    }
    TraceText.verdict(sb, trace.verdict());
    return sb.toString();
  }

  private static String match(Flow f) {
    return TraceText.matchText(f);
  }

  /** The actions the host runs: the flow's physical form. */
  private static String actions(Flow f) {
    return TraceText.actionsText(io.nv.compiler.physical.Compilation.physicalActions(f.stage(), f.actions()));
  }
}
