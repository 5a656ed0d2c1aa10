package io.nv.model.l3;

import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A static route: packets to {@link #prefix()} go to {@link #nextHop()} (which must be on a
 * connected subnet) or straight out of {@link #port()}. Several routes with the same prefix form
 * an ECMP group, one member chosen per flow by a hash.
 *
 * <pre>{@code
 * StaticRoute dflt = new StaticRoute.Builder()
 *     .id("default")
 *     .prefix(IpPrefix.parse("0.0.0.0/0"))
 *     .nextHop(IpAddress.parse("203.0.113.1"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class StaticRoute {
  /** Package-private: use {@link Builder}. */
  StaticRoute() {}

  /** The route id, unique within its router. */
  public abstract String id();

  /** The destination prefix. */
  public abstract IpPrefix prefix();

  /** The next-hop address; at least one of next hop and port is given. */
  public abstract Optional<IpAddress> nextHop();

  /** The router port to send out of. */
  public abstract Optional<String> port();

  /** {@code router <router> / route <id>}. */
  public ModelPath path(ModelPath router) {
    return router.child("route", id());
  }

  /** Builds {@link StaticRoute}s. */
  public static class Builder extends ImmutableStaticRoute.Builder {}
}
