package io.nv.model.acl;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import org.immutables.value.Value;

/**
 * A named group of ports with ACLs that apply only to its members, used in matches as {@code @id};
 * it also defines the address sets {@code $id_ip4} and {@code $id_ip6}. A to-port rule of group P
 * filters traffic to P's ports, a from-port rule traffic from them.
 *
 * <pre>{@code
 * PortGroup db = new PortGroup.Builder()
 *     .id("db").tenant("acme")
 *     .addPort("db1")
 *     .defaultDeny(DefaultDeny.TO_PORT)
 *     .addAcl(allowPostgres)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class PortGroup {
  /** Package-private: use {@link Builder}. */
  PortGroup() {}

  /** The group id, unique among port groups. */
  public abstract String id();

  /** The owning tenant; members must be ports of its switches. */
  public abstract String tenant();

  /** The member port ids. */
  public abstract ImmutableList<String> ports();

  /** The group's ACL rules. */
  public abstract ImmutableList<AclRule> acls();

  /** Whether IP traffic to (or from) members that no ACL allows is dropped. */
  @Value.Default
  public DefaultDeny defaultDeny() {
    return DefaultDeny.OFF;
  }

  /** {@code port-group <id>}. */
  public ModelPath path() {
    return ModelPath.of("port-group", id());
  }

  /** Builds {@link PortGroup}s. */
  public static class Builder extends ImmutablePortGroup.Builder {}
}
