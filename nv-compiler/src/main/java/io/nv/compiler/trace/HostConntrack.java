package io.nv.compiler.trace;

import com.google.common.collect.ImmutableMap;

/**
 * The conntrack tables of every host (each host's kernel has its own): host id → table. Tracing
 * takes one and returns the next, so a test sends a SYN, then its reply.
 *
 * <pre>{@code
 * HostTrace syn = tracer.trace("web1", syn, HostConntrack.empty());
 * HostTrace reply = tracer.trace("app2", reply, syn.table());
 * syn.table().of("hv1").size();   // connections committed on hv1
 * }</pre>
 *
 * @param byHost each host's table
 */
public record HostConntrack(ImmutableMap<String, ConntrackTable> byHost) {
  private static final HostConntrack EMPTY = new HostConntrack(ImmutableMap.of());

  /** No connections anywhere. */
  public static HostConntrack empty() {
    return EMPTY;
  }

  /** Host {@code host}'s table. */
  public ConntrackTable of(String host) {
    return byHost.getOrDefault(host, ConntrackTable.empty());
  }
}
