package io.nv.model.l3;

import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import org.immutables.value.Value;

/**
 * A fixed IP → MAC binding for a next hop that is not a VM of the topology, such as an upstream
 * router.
 *
 * <pre>{@code
 * StaticNeighbour upstream = new StaticNeighbour.Builder()
 *     .id("upstream")
 *     .ip(IpAddress.parse("203.0.113.1"))
 *     .mac(MacAddress.parse("02:00:00:00:00:01"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class StaticNeighbour {
  /** Package-private: use {@link Builder}. */
  StaticNeighbour() {}

  /** The neighbour id, unique within its router. */
  public abstract String id();

  /** The neighbour's address; on a subnet of one of the router's ports. */
  public abstract IpAddress ip();

  /** Its MAC. */
  public abstract MacAddress mac();

  /** {@code router <router> / neighbour <id>}. */
  public ModelPath path(ModelPath router) {
    return router.child("neighbour", id());
  }

  /** Builds {@link StaticNeighbour}s. */
  public static class Builder extends ImmutableStaticNeighbour.Builder {}
}
