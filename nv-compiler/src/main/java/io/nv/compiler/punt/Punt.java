package io.nv.compiler.punt;

import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.PuntReason;
import io.nv.encap.codec.ByteString;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpAddress;
import java.util.Optional;

/**
 * A packet handed to the controller, as a host agent sees it: why, where (the logical datapath and
 * the logical port the packet had entered it through, as the pipeline registers say), what decided
 * (the flow's provenance), the next hop the router chose (for {@code arp-request}), and the frame's
 * bytes as they were when punted.
 *
 * <pre>{@code
 * Punt p = new Punt(PuntReason.REJECT, Datapath.ofSwitch("db"), "db-r1",
 *     ModelPath.parse("port-group db / acl no-ssh"), Optional.empty(), ByteString.of(frame));
 * Either<DecodeError, Answer> a = answers.answer(p);
 * }</pre>
 *
 * @param reason why it was punted
 * @param datapath the datapath whose pipeline punted it
 * @param inport the logical port the packet entered that datapath through (OVN's {@code inport})
 * @param by the provenance of the punting flow (the verdict's path)
 * @param nextHop for {@code arp-request}: the next hop whose MAC is unknown (OVN's {@code reg0});
 *     empty means the packet's own destination
 * @param frame the Ethernet frame
 */
public record Punt(
    PuntReason reason,
    Datapath datapath,
    String inport,
    ModelPath by,
    Optional<IpAddress> nextHop,
    ByteString frame) {}
