package io.nv.model.l3;

import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A NAT rule of a router. The external address must lie in a subnet of one of the router's ports;
 * the rule applies to traffic crossing that port (as in OVN).
 *
 * <pre>{@code
 * NatRule snat = new NatRule.Builder()
 *     .id("snat-all").type(NatType.SNAT)
 *     .externalIp(IpAddress.parse("203.0.113.10"))
 *     .logical(IpPrefix.parse("10.10.0.0/16"))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class NatRule {
  /** Package-private: use {@link Builder}. */
  NatRule() {}

  /** The rule id, unique within its router. */
  public abstract String id();

  /** SNAT, DNAT or floating IP. */
  public abstract NatType type();

  /** The outside address. */
  public abstract IpAddress externalIp();

  /** The inside prefix (SNAT) or address as a host prefix (DNAT, floating IP). */
  public abstract IpPrefix logical();

  /** For floating IPs: the VM's port, so the rule can be applied on its host. */
  public abstract Optional<String> logicalPort();

  /** For floating IPs: the MAC the external address answers ARP with (the router port's if empty). */
  public abstract Optional<MacAddress> externalMac();

  /** {@code router <router> / nat <id>}. */
  public ModelPath path(ModelPath router) {
    return router.child("nat", id());
  }

  /** Builds {@link NatRule}s. */
  public static class Builder extends ImmutableNatRule.Builder {}
}
