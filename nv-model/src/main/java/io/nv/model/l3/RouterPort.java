package io.nv.model.l3;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.MacAddress;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A port of a {@link LogicalRouter}: a MAC and one or more interface addresses. A switch port of
 * kind ROUTER names it to link the router to that switch.
 *
 * <pre>{@code
 * RouterPort r1web = new RouterPort.Builder()
 *     .id("r1-web")
 *     .mac(MacAddress.parse("0a:00:00:01:00:01"))
 *     .addAddress(InterfaceAddress.parse("10.0.1.1/24"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class RouterPort {
  /** Package-private: use {@link Builder}. */
  RouterPort() {}

  /** The port id, unique among router ports of the topology. */
  public abstract String id();

  /** The router's MAC on this link. */
  public abstract MacAddress mac();

  /** The router's addresses on this link, with their subnet lengths. */
  public abstract ImmutableList<InterfaceAddress> addresses();

  /** A pinned logical port key, if the document fixes one; else nv-encap allocates it. */
  public abstract Optional<Integer> key();

  /** {@code router <router> / port <id>}. */
  public ModelPath path(ModelPath router) {
    return router.child("port", id());
  }

  /** Builds {@link RouterPort}s. */
  public static class Builder extends ImmutableRouterPort.Builder {}
}
