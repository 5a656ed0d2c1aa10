package io.nv.model.semantics;

/**
 * A committed connection in one conntrack zone (a VIF or LOCALNET port): its tuple as first seen
 * there, and the tuple after load-balancer NAT (equal to it without NAT).
 *
 * <pre>{@code
 * Connection c = new Connection("app1", toVip, toBackend);
 * c.isNatted();    // true: DNAT to a backend
 * c.isHairpin();   // false: the source was not rewritten
 * }</pre>
 *
 * @param zone the port whose zone holds the connection
 * @param original the tuple of the first packet, before NAT
 * @param translated the tuple after NAT
 */
public record Connection(String zone, FiveTuple original, FiveTuple translated) {
  /** A connection without NAT. */
  public static Connection of(String zone, FiveTuple tuple) {
    return new Connection(zone, tuple, tuple);
  }

  /** True when a load balancer rewrote the destination (and maybe the source). */
  public boolean isNatted() {
    return !original.equals(translated);
  }

  /** True when the source was rewritten too: a client reached itself through a VIP. */
  public boolean isHairpin() {
    return !original.src().equals(translated.src());
  }

  @Override
  public String toString() {
    return "zone "
        + zone
        + ": "
        + original
        + (isNatted() ? " (nat to " + translated + ")" : "");
  }
}
