package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Stage;
import java.util.List;
import java.util.Optional;

/**
 * One table lookup on one host: where (host, datapath for logical stages, stage, how deep in
 * flood copies), the flow that matched, and what its actions did.
 *
 * <pre>{@code
 * for (HostStep s : hostTrace.steps()) {
 *   System.out.println(s.host() + " " + s.stage());
 * }
 * }</pre>
 *
 * @param host the host whose tables ran
 * @param depth 0 for the packet itself, more inside copies
 * @param datapath the logical datapath, for logical stages
 * @param stage the stage
 * @param flow the matched flow; empty on a miss
 * @param events what happened, in order
 */
public record HostStep(
    String host,
    int depth,
    Optional<Datapath> datapath,
    Stage stage,
    Optional<Flow> flow,
    ImmutableList<String> events) {
  /** This step with {@code events}. */
  HostStep with(List<String> events) {
    return new HostStep(host, depth, datapath, stage, flow, ImmutableList.copyOf(events));
  }
}
