package io.nv.compiler.trace;

/**
 * A committed connection in one conntrack zone: its original direction, and the tuple its replies
 * carry (the reverse of the original after any NAT). A packet belongs to it when its tuple equals
 * {@code original} (a forward packet) or {@code reply} (a reply).
 *
 * <pre>{@code
 * Connection c = new Connection(3, syn, syn.withDestination(backend, 80).reverse());
 * c.isNatted();   // true
 * }</pre>
 *
 * @param zone the conntrack zone
 * @param original the tuple of the first packet
 * @param reply the tuple replies carry
 */
public record Connection(int zone, FiveTuple original, FiveTuple reply) {
  /** True when NAT changed the connection's tuple. */
  public boolean isNatted() {
    return !translated().equals(original);
  }

  /** The forward tuple after NAT: what forward packets are rewritten to. */
  public FiveTuple translated() {
    // Not reply.reverse(): an ICMP reply's type is the answer's, NAT never changes the type.
    return original.hasPorts()
        ? reply.reverse()
        : new FiveTuple(
            reply.dst(), reply.src(), original.protocol(), original.srcPort(), original.dstPort());
  }

  @Override
  public String toString() {
    return "zone " + zone + ": " + original + (isNatted() ? " (reply " + reply + ")" : "");
  }
}
