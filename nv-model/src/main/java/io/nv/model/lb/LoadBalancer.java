package io.nv.model.lb;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A load balancer: VIPs with backends, the fields hashed to pick a backend (the 5-tuple by
 * default), an optional affinity timeout and hairpin SNAT address, attached to switches and/or
 * routers.
 *
 * <pre>{@code
 * LoadBalancer webLb = new LoadBalancer.Builder()
 *     .id("web-lb").tenant("acme")
 *     .addVip(http)
 *     .addSwitch("web").addSwitch("app")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class LoadBalancer {
  /** Package-private: use {@link Builder}. */
  LoadBalancer() {}

  /** The load balancer id. */
  public abstract String id();

  /** The owning tenant. */
  public abstract String tenant();

  /** The VIPs. */
  public abstract ImmutableList<Vip> vips();

  /** Fields hashed to pick a backend; empty means the 5-tuple. */
  public abstract ImmutableList<SelectionField> selectionFields();

  /** Seconds a client sticks to its backend, if set. */
  public abstract Optional<Integer> affinityTimeout();

  /** The source address a backend's hairpin traffic to its own VIP is SNATed to. */
  public abstract Optional<IpAddress> hairpinAddress();

  /** Switches the load balancer is attached to. */
  public abstract ImmutableList<String> switches();

  /** Routers the load balancer is attached to. */
  public abstract ImmutableList<String> routers();

  /** {@code load-balancer <id>}. */
  public ModelPath path() {
    return ModelPath.of("load-balancer", id());
  }

  /** Builds {@link LoadBalancer}s. */
  public static class Builder extends ImmutableLoadBalancer.Builder {}
}
