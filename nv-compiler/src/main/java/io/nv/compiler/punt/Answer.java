package io.nv.compiler.punt;

import io.nv.compiler.flow.Datapath;
import io.nv.encap.codec.ByteString;
import io.nv.model.ModelPath;

/**
 * What a host agent does about a punted packet: send a frame out of a logical port (through that
 * port's egress, as OVN's controller re-injects its answers), write a log record, or nothing.
 *
 * <pre>{@code
 * switch (answers.answer(punt).get()) {
 *   case Answer.Send s -> agent.output(s.datapath(), s.outport(), s.frame());
 *   case Answer.Log l -> log.info(l.toString());
 *   case Answer.Nothing n -> {}
 * }
 * }</pre>
 */
public sealed interface Answer {
  /**
   * Send {@code frame} out of logical port {@code outport} of {@code datapath}.
   *
   * @param datapath the datapath whose egress sends it
   * @param outport the logical port it leaves through
   * @param frame the Ethernet frame
   * @param description what it is, for people ("TCP RST to 10.0.2.21:40000")
   */
  record Send(Datapath datapath, String outport, ByteString frame, String description)
      implements Answer {
    @Override
    public String toString() {
      return description + " out of " + outport + " (" + datapath + ")";
    }
  }

  /**
   * A record for the ACL log, in the spirit of OVN's: which rule, its verdict, the packet.
   *
   * @param rule the logged ACL rule
   * @param verdict what the packet met there ({@code allow}, {@code drop}, …)
   * @param packet the packet, as nv's flow text prints it
   */
  record Log(ModelPath rule, String verdict, String packet) implements Answer {
    @Override
    public String toString() {
      return "acl-log: rule=\"" + rule + "\" verdict=" + verdict + " packet: " + packet;
    }
  }

  /**
   * No answer: sending one would break a rule (an ICMP error about an ICMP error, a RST answering
   * a RST, RFC 1122), or the datapath has no address to send it from.
   *
   * @param why the reason, for people
   */
  record Nothing(String why) implements Answer {}
}
