package io.nv.compiler.flow;

/**
 * Why a packet is handed to the controller: for answers a flow table cannot build (TCP RST or ICMP
 * unreachable, ICMP time exceeded, an ARP request for an unknown next hop) and for logging.
 *
 * <pre>{@code
 * PuntReason.ICMP_TIME_EXCEEDED.toString();   // "icmp-time-exceeded"
 * }</pre>
 */
public enum PuntReason {
  /** An ACL rejected the packet: answer with a TCP RST or ICMP unreachable. */
  REJECT("reject"),
  /** The TTL expired at a router: answer with ICMP time exceeded. */
  ICMP_TIME_EXCEEDED("icmp-time-exceeded"),
  /** A router needs the next hop's MAC: send an ARP request. */
  ARP_REQUEST("arp-request"),
  /** An ACL with {@code log}: record the packet; it goes on. */
  LOG("log");

  private final String text;

  PuntReason(String text) {
    this.text = text;
  }

  /** The reason as verdicts print it. */
  @Override
  public String toString() {
    return text;
  }
}
