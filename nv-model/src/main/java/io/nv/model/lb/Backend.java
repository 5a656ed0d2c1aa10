package io.nv.model.lb;

import io.nv.model.addr.IpAddress;

/**
 * One backend of a VIP: address and port, a weight for the hash, and whether health checks
 * currently consider it up (down backends receive no new connections).
 *
 * <pre>{@code
 * Backend b = Backend.of(IpAddress.parse("10.0.1.11"), 80);
 * Backend down = b.withHealthy(false);
 * }</pre>
 *
 * @param address the backend's IP
 * @param port the backend's transport port, 1..65535
 * @param weight relative share of new connections, 1..256
 * @param healthy whether the backend takes new connections
 */
public record Backend(IpAddress address, int port, int weight, boolean healthy) {
  /** Checks ranges. */
  public Backend {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("backend port " + port + " not in 1..65535");
    }
    if (weight < 1 || weight > 256) {
      throw new IllegalArgumentException("backend weight " + weight + " not in 1..256");
    }
  }

  /** A healthy backend of weight 1. */
  public static Backend of(IpAddress address, int port) {
    return new Backend(address, port, 1, true);
  }

  /** This backend with health {@code healthy}. */
  public Backend withHealthy(boolean healthy) {
    return new Backend(address, port, weight, healthy);
  }

  /** {@code ADDRESS:PORT} ({@code [ADDRESS]:PORT} for IPv6), its id in model paths. */
  public String id() {
    return address.version() == 6 ? "[" + address + "]:" + port : address + ":" + port;
  }
}
