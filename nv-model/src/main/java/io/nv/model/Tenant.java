package io.nv.model;

import org.immutables.value.Value;

/**
 * A tenant: the owner of switches, routers, address sets, port groups and load balancers. Nothing
 * crosses between tenants unless a {@link Peering} allows it.
 *
 * <pre>{@code
 * Tenant acme = Tenant.of("acme");
 * }</pre>
 */
@Value.Immutable
public abstract class Tenant {
  /** Package-private: use {@link #of} or {@link Builder}. */
  Tenant() {}

  /** The tenant id. */
  public abstract String id();

  /** A human description, empty by default. */
  @Value.Default
  public String description() {
    return "";
  }

  /** The tenant called {@code id}. */
  public static Tenant of(String id) {
    return new Builder().id(id).build();
  }

  /** {@code tenant <id>}. */
  public ModelPath path() {
    return ModelPath.of("tenant", id());
  }

  /** Builds {@link Tenant}s. */
  public static class Builder extends ImmutableTenant.Builder {}
}
