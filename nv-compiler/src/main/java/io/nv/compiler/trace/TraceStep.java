package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Stage;
import java.util.Optional;

/**
 * One table lookup of a trace: where the packet was (datapath, stage, logical ports, and how deep
 * in copies made by flooding), the flow that matched (none on a table miss), and what happened
 * while its actions ran (conntrack results, the bucket a group chose, copies, log punts).
 *
 * <pre>{@code
 * for (TraceStep s : trace.steps()) {
 *   System.out.println(s.stage() + " " + s.flow().map(Flow::provenance).orElse(null));
 * }
 * }</pre>
 *
 * @param depth 0 for the packet itself, 1 and more inside copies of an all group
 * @param datapath the datapath
 * @param stage the stage
 * @param inport the logical inport
 * @param outport the logical outport, once chosen
 * @param flow the matched flow; empty on a table miss
 * @param events what happened while the actions ran, in order
 */
public record TraceStep(
    int depth,
    Datapath datapath,
    Stage stage,
    String inport,
    Optional<String> outport,
    Optional<Flow> flow,
    ImmutableList<String> events) {}
