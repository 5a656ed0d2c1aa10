package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;

/**
 * What the flow tables did to one packet: every step, the verdict (its model path is the
 * provenance of the flow that dropped, punted or replied; delivered packets carry their final
 * headers), and the conntrack table after the packet. Render it with {@link TraceText}.
 *
 * <pre>{@code
 * Trace t = Tracer.of(pipelines).trace("web1", packet, ConntrackTable.empty());
 * t.verdict().toString();   // "verdict: delivered to app1"
 * TraceText.render(t, true);
 * }</pre>
 *
 * @param inport the port the packet entered on
 * @param packet the packet as it entered
 * @param steps every table lookup, in order
 * @param verdict what happened
 * @param table the conntrack table after the packet
 */
public record Trace(
    String inport, Packet packet, ImmutableList<TraceStep> steps, Verdict verdict, ConntrackTable table) {}
