package io.nv.model.l3;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A logical router of a tenant: ports on switches, static routes (equal prefixes form ECMP
 * groups), policy routes, NAT rules and static neighbours. Routing is distributed (every host
 * routes for its own ports) unless {@link #gateway()} places north-south and NAT traffic on one
 * host.
 *
 * <pre>{@code
 * LogicalRouter r1 = new LogicalRouter.Builder()
 *     .id("r1").tenant("acme")
 *     .addPort(r1web).addPort(r1app)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class LogicalRouter {
  /** Package-private: use {@link Builder}. */
  LogicalRouter() {}

  /** The router id. */
  public abstract String id();

  /** The tenant that owns the router. */
  public abstract String tenant();

  /** The router's ports. */
  public abstract ImmutableList<RouterPort> ports();

  /** Static routes. */
  public abstract ImmutableList<StaticRoute> routes();

  /** Policy routes. */
  public abstract ImmutableList<PolicyRoute> policies();

  /** NAT rules. */
  public abstract ImmutableList<NatRule> nats();

  /** Static neighbours. */
  public abstract ImmutableList<StaticNeighbour> neighbours();

  /** The host that handles north-south and NAT traffic, if any. */
  public abstract Optional<String> gateway();

  /** A pinned datapath key (the tunnel VNI), if the document fixes one; else nv-encap allocates it. */
  public abstract Optional<Integer> key();

  /** {@code router <id>}. */
  public ModelPath path() {
    return ModelPath.of("router", id());
  }

  /** The port with this id, if the router has it. */
  public Optional<RouterPort> port(String portId) {
    return ports().stream().filter(p -> p.id().equals(portId)).findFirst();
  }

  /** Builds {@link LogicalRouter}s. */
  public static class Builder extends ImmutableLogicalRouter.Builder {}
}
