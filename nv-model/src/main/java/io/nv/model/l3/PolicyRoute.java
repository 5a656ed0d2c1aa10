package io.nv.model.l3;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import org.immutables.value.Value;

/**
 * A routing policy: after the route lookup, the highest-priority policy whose match (nv's match
 * language) fits decides to allow, drop or reroute.
 *
 * <pre>{@code
 * PolicyRoute noTelnet = new PolicyRoute.Builder()
 *     .id("no-telnet").priority(100)
 *     .match("tcp.dst == 23")
 *     .action(PolicyAction.DROP)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class PolicyRoute {
  /** Package-private: use {@link Builder}. */
  PolicyRoute() {}

  /** The policy id, unique within its router. */
  public abstract String id();

  /** 0..32767; higher wins. */
  public abstract int priority();

  /** The match expression. */
  public abstract String match();

  /** What to do. */
  public abstract PolicyAction action();

  /** For {@link PolicyAction#REROUTE}: next hops (several form an ECMP group). */
  public abstract ImmutableList<IpAddress> nextHops();

  /** {@code router <router> / policy <id>}. */
  public ModelPath path(ModelPath router) {
    return router.child("policy", id());
  }

  /** Builds {@link PolicyRoute}s. */
  public static class Builder extends ImmutablePolicyRoute.Builder {}
}
