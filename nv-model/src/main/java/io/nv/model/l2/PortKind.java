package io.nv.model.l2;

/**
 * What a switch port connects to.
 *
 * <pre>{@code
 * new SwitchPort.Builder().id("web1").kind(PortKind.VIF)…
 * }</pre>
 */
public enum PortKind {
  /** A virtual machine's or container's interface, bound to a host. */
  VIF,
  /** The switch side of a link to a router port (named by {@link SwitchPort#routerPort()}). */
  ROUTER,
  /** A bridge to a physical network (named by {@link SwitchPort#network()}), optionally on a VLAN. */
  LOCALNET
}
