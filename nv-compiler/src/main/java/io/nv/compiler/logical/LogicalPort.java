package io.nv.compiler.logical;

import io.nv.compiler.flow.Datapath;
import java.util.Optional;

/**
 * A port of a logical datapath as the pipelines see it: its role, and for the two ends of a
 * switch–router link the port on the other side, where a packet output through this port enters
 * (a logical patch).
 *
 * <pre>{@code
 * LogicalPort link = pipelines.datapath(Datapath.ofSwitch("web")).orElseThrow().port("web-r1")
 *     .orElseThrow();
 * link.peerDatapath();   // Optional[router r1]
 * link.peerPort();       // Optional[r1-web]
 * }</pre>
 *
 * @param id the port id
 * @param role what the port connects to
 * @param peerDatapath for link ports: the datapath on the other side
 * @param peerPort for link ports: the port on the other side
 * @param gateway for a router's gateway port (linked to a switch with a LOCALNET port) on a router
 *     with a gateway: the host that handles traffic through it (docs/semantics.md, Placement)
 */
public record LogicalPort(
    String id,
    Role role,
    Optional<Datapath> peerDatapath,
    Optional<String> peerPort,
    Optional<String> gateway) {

  /**
   * What a logical port connects to.
   *
   * <pre>{@code
   * LogicalPort.Role.VIF.isEdge();   // true
   * }</pre>
   */
  public enum Role {
    /** A switch port to a VM or container. */
    VIF,
    /** A switch port bridged to a physical network. */
    LOCALNET,
    /** The switch side of a link to a router port. */
    ROUTER_LINK,
    /** A router's port, linked to a switch (or to nothing). */
    ROUTER_PORT;

    /** True for ports where packets enter and leave the topology (VIF, LOCALNET). */
    public boolean isEdge() {
      return this == VIF || this == LOCALNET;
    }
  }

  /** Checks that a peer is all or nothing. */
  public LogicalPort {
    if (peerDatapath.isPresent() != peerPort.isPresent()) {
      throw new IllegalArgumentException("a port's peer needs both a datapath and a port");
    }
  }

  /** A port without a peer. */
  public static LogicalPort edge(String id, Role role) {
    return new LogicalPort(id, role, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A port linked to {@code peerPort} of {@code peer}. */
  public static LogicalPort linked(String id, Role role, Datapath peer, String peerPort) {
    return new LogicalPort(id, role, Optional.of(peer), Optional.of(peerPort), Optional.empty());
  }

  /** This port, handled on gateway host {@code host}. */
  public LogicalPort withGateway(String host) {
    return new LogicalPort(id, role, peerDatapath, peerPort, Optional.of(host));
  }
}
