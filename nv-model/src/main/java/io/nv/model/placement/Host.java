package io.nv.model.placement;

import com.google.common.collect.ImmutableSet;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import org.immutables.value.Value;

/**
 * A transport node: a hypervisor or gateway that runs a dataplane, reached over the underlay at
 * its tunnel endpoint address.
 *
 * <pre>{@code
 * Host hv1 = new Host.Builder()
 *     .id("hv1")
 *     .tunnelIp(IpAddress.parse("192.168.0.1"))
 *     .build();   // speaks Geneve, underlay MTU 1500
 * }</pre>
 */
@Value.Immutable
public abstract class Host {
  /** Package-private: use {@link Builder}. */
  Host() {}

  /** The host id. */
  public abstract String id();

  /** The tunnel endpoint (VTEP) address on the underlay. */
  public abstract IpAddress tunnelIp();

  /** Encapsulations the host speaks; Geneve only by default. */
  @Value.Default
  public ImmutableSet<Encapsulation> encapsulations() {
    return ImmutableSet.of(Encapsulation.GENEVE);
  }

  /** The underlay's IP MTU, 1500 by default. */
  @Value.Default
  public int underlayMtu() {
    return 1500;
  }

  /** {@code host <id>}. */
  public ModelPath path() {
    return ModelPath.of("host", id());
  }

  /** Builds {@link Host}s. */
  public static class Builder extends ImmutableHost.Builder {}
}
