package io.nv.conformance.ovn;

import com.google.common.collect.ImmutableList;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;

/**
 * A verdict as both nv and {@code ovn-trace} can state it: delivered to which ports, dropped,
 * replied (the switch's ARP responder, a router's echo reply), or handed to the controller for a
 * reason. It forgets what {@code ovn-trace} cannot name (nv's model path of the deciding rule) and
 * the delivered headers.
 *
 * <pre>{@code
 * OvnVerdict.of(nvVerdict);                 // delivered to app1
 * OvnVerdict.punted("reject").toString();   // punted (reject)
 * }</pre>
 *
 * @param kind what happened
 * @param ports for deliveries, the ports, sorted
 * @param reason for punts, the reason ({@code reject}, {@code icmp-time-exceeded}, {@code
 *     arp-request}); empty otherwise
 */
record OvnVerdict(Kind kind, ImmutableList<String> ports, String reason) {
  /** The kinds of nv's {@link Verdict}s. */
  enum Kind {
    DELIVERED,
    DROPPED,
    REPLIED,
    PUNTED
  }

  static final OvnVerdict DROPPED = new OvnVerdict(Kind.DROPPED, ImmutableList.of(), "");
  static final OvnVerdict REPLIED = new OvnVerdict(Kind.REPLIED, ImmutableList.of(), "");

  static OvnVerdict delivered(Iterable<String> ports) {
    return new OvnVerdict(Kind.DELIVERED, ImmutableList.sortedCopyOf(ports), "");
  }

  static OvnVerdict punted(String reason) {
    return new OvnVerdict(Kind.PUNTED, ImmutableList.of(), reason);
  }

  /**
   * The category of nv's verdict on {@code entered}: as {@link #of(Verdict)}, but a reject of an
   * ICMP error or a bare TCP RST is a drop: OVN's {@code reject} builds nothing for them, and nv's
   * controller answers neither (docs/semantics.md, "Controller answers"). (nv's controller answers
   * no RST+ACK either, where OVN sends a reset: both reject, the answers differ.)
   */
  static OvnVerdict of(Verdict v, Packet entered) {
    OvnVerdict o = of(v);
    if (o.equals(punted("reject")) && unanswerable(entered)) {
      return DROPPED;
    }
    return o;
  }

  /** An ICMP error or a bare TCP RST: neither OVN nor nv answers its reject. */
  static boolean unanswerable(Packet p) {
    if (p.tcp().isPresent()) {
      return p.tcp().get().flags() == Packet.Tcp.RST;
    }
    if (p.icmp().isPresent() && p.ip().isPresent()) {
      int type = p.icmp().get().type();
      return p.ip().get().version() == 4
          ? type == 3 || type == 4 || type == 5 || type == 11 || type == 12
          : type < 128;
    }
    return false;
  }

  /** The category of an nv verdict. */
  static OvnVerdict of(Verdict v) {
    if (v instanceof Verdict.Delivered d) {
      return delivered(d.ports());
    }
    if (v instanceof Verdict.Replied) {
      return REPLIED;
    }
    if (v instanceof Verdict.Punted p) {
      return punted(p.reason());
    }
    return DROPPED;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case DELIVERED -> "delivered to " + String.join(", ", ports);
      case DROPPED -> "dropped";
      case REPLIED -> "replied";
      case PUNTED -> "punted (" + reason + ")";
    };
  }
}
