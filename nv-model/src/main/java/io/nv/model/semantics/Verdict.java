package io.nv.model.semantics;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.packet.Packet;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * What happened to a packet: delivered to ports, dropped, answered, or handed to the controller.
 * Both the reference semantics and the compiler's tracer produce verdicts, so the two can be
 * compared; {@code toString()} is the last line of {@code nv trace}.
 *
 * <pre>{@code
 * Verdict v = new Verdict.Dropped(ModelPath.parse("port-group db / default-deny"));
 * v.toString();   // "verdict: dropped by port-group db / default-deny"
 * }</pre>
 */
public sealed interface Verdict {
  /**
   * Delivered to one or more ports, each with the packet as it left the topology.
   *
   * @param outputs the deliveries, sorted by port id
   */
  record Delivered(ImmutableList<Output> outputs) implements Verdict {
    /** Sorts the outputs by port id (then by packet text, for determinism). */
    public Delivered {
      if (outputs.isEmpty()) {
        throw new IllegalArgumentException("a delivery needs at least one output: use Dropped");
      }
      outputs =
          ImmutableList.sortedCopyOf(
              Comparator.comparing(Output::port).thenComparing(o -> o.packet().toString()), outputs);
    }

    /** The port ids, sorted. */
    public ImmutableList<String> ports() {
      return outputs.stream().map(Output::port).collect(ImmutableList.toImmutableList());
    }

    @Override
    public String toString() {
      return "verdict: delivered to " + String.join(", ", ports());
    }
  }

  /**
   * One delivered copy.
   *
   * @param port the logical port that received it
   * @param packet the packet as delivered (headers rewritten on the way)
   */
  record Output(String port, Packet packet) {}

  /**
   * Dropped by the element {@code by}.
   *
   * @param by the model path of the rule or built-in cause
   */
  record Dropped(ModelPath by) implements Verdict {
    @Override
    public String toString() {
      return "verdict: dropped by " + by;
    }
  }

  /**
   * Answered by {@code by} (the ARP responder, a router's echo reply) with {@code reply}.
   *
   * @param by the model path of the responder
   * @param reply the packet sent back to the ingress port
   */
  record Replied(ModelPath by, Packet reply) implements Verdict {
    @Override
    public String toString() {
      return "verdict: replied by " + by;
    }
  }

  /**
   * Handed to the controller with a reason ({@code reject}, {@code icmp-time-exceeded}, {@code
   * arp-request}, {@code log}).
   *
   * @param reason why
   * @param by the model path of the rule or built-in cause
   */
  record Punted(String reason, ModelPath by) implements Verdict {
    @Override
    public String toString() {
      return "verdict: punted (" + reason + ") by " + by;
    }
  }

  /** A one-line description listing delivered ports, for messages. */
  static String describe(Verdict v) {
    if (v instanceof Delivered d) {
      return d.outputs().stream().map(o -> o.port() + " " + o.packet()).collect(Collectors.joining("; "));
    }
    return v.toString();
  }
}
