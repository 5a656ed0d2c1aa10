package io.nv.model.lb;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import org.immutables.value.Value;

/**
 * A virtual IP of a load balancer: new connections to address/protocol/port are DNATed to one of
 * the backends.
 *
 * <pre>{@code
 * Vip http = new Vip.Builder()
 *     .id("http")
 *     .address(IpAddress.parse("10.0.1.100")).protocol(IpProtocol.TCP).port(80)
 *     .addBackend(Backend.of(IpAddress.parse("10.0.1.11"), 80))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class Vip {
  /** Package-private: use {@link Builder}. */
  Vip() {}

  /** The VIP id, unique within its load balancer. */
  public abstract String id();

  /** The virtual address. */
  public abstract IpAddress address();

  /** TCP or UDP. */
  public abstract IpProtocol protocol();

  /** The virtual port. */
  public abstract int port();

  /** The backends. */
  public abstract ImmutableList<Backend> backends();

  /** {@code load-balancer <lb> / vip <id>}. */
  public ModelPath path(ModelPath loadBalancer) {
    return loadBalancer.child("vip", id());
  }

  /** Builds {@link Vip}s. */
  public static class Builder extends ImmutableVip.Builder {}
}
