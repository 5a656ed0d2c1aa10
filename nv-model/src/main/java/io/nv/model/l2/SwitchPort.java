package io.nv.model.l2;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A port of a {@link LogicalSwitch}: a VM interface ({@link PortKind#VIF}), the switch side of a
 * router link ({@link PortKind#ROUTER}), or a bridge to a physical network ({@link
 * PortKind#LOCALNET}). Port ids are unique across the whole topology.
 *
 * <pre>{@code
 * SwitchPort web1 = new SwitchPort.Builder()
 *     .id("web1")
 *     .mac(MacAddress.parse("0a:00:00:01:00:11"))
 *     .addIp(IpAddress.parse("10.0.1.11"))
 *     .portSecurity(true)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class SwitchPort {
  /** Package-private: use {@link Builder}. */
  SwitchPort() {}

  /** The port id, unique among switch ports of the topology. */
  public abstract String id();

  /** What the port connects to; {@link PortKind#VIF} by default. */
  @Value.Default
  public PortKind kind() {
    return PortKind.VIF;
  }

  /** The interface's MAC (VIFs); ROUTER ports take the router port's. */
  public abstract Optional<MacAddress> mac();

  /** The interface's IP addresses (VIFs). */
  public abstract ImmutableList<IpAddress> ips();

  /** Drop frames whose source MAC / IP is not this port's own (anti-spoofing). */
  @Value.Default
  public boolean portSecurity() {
    return false;
  }

  /** Also receive unicast frames for unknown destinations (OVN's {@code unknown} address). */
  @Value.Default
  public boolean unknown() {
    return false;
  }

  /** For {@link PortKind#ROUTER}: the router port at the other end of the link. */
  public abstract Optional<String> routerPort();

  /** For {@link PortKind#LOCALNET}: the name of the physical network bridged. */
  public abstract Optional<String> network();

  /** For {@link PortKind#LOCALNET}: the 802.1Q VLAN id on the physical network, 1..4094. */
  public abstract Optional<Integer> vlan();

  /** A pinned logical port key, if the document fixes one; else nv-encap allocates it. */
  public abstract Optional<Integer> key();

  /** {@code port <id>}. */
  public ModelPath path() {
    return ModelPath.of("port", id());
  }

  /** Builds {@link SwitchPort}s. */
  public static class Builder extends ImmutableSwitchPort.Builder {}
}
