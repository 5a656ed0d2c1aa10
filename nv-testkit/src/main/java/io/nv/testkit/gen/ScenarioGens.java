package io.nv.testkit.gen;

import com.google.common.collect.ImmutableList;
import io.nv.model.Topology;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Evaluation;
import io.nv.model.semantics.Semantics;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.Validator;
import io.nv.testkit.Gen;
import io.nv.testkit.Shrinker;
import io.nv.testkit.gen.PacketGens.Draw;
import io.nv.testkit.gen.PacketGens.Layout;
import io.nv.testkit.gen.PacketGens.Opening;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Generators of {@link Scenario}s: a valid topology and a packet sequence that opens a connection
 * (TCP SYN, UDP or ICMP echo to a VIF of the same switch, a VIF behind the router, or a VIP),
 * sends its reply from where the connection arrived (addresses and ports swapped; through a load
 * balancer the reply comes from the chosen backend), sometimes a later packet of the connection,
 * an unrelated packet and an ARP request, in a random order that keeps the reply after its
 * connection.
 *
 * <p>The reply is built from what the reference semantics ({@link Semantics}) delivers for the
 * opening packet on an empty connection table, so that it is a true reply even where the
 * generator cannot know the backend or the rewritten headers; when nothing is delivered, it comes
 * from the port the connection was meant for.
 *
 * <pre>{@code
 * Property.forAll(ScenarioGens.scenarios())
 *     .tries(2000)
 *     .shrinkWith(ScenarioGens.shrinker())
 *     .check(s -> assertAgree(s));
 * }</pre>
 */
public final class ScenarioGens {
  private ScenarioGens() {}

  /** Scenarios over topologies of {@link TopologyShape#DEFAULT}. */
  public static Gen<Scenario> scenarios() {
    return scenarios(TopologyShape.DEFAULT);
  }

  /** Scenarios over topologies within {@code shape} that have a port to send from. */
  public static Gen<Scenario> scenarios(TopologyShape shape) {
    return TopologyGens.topologies(shape)
        .filter(t -> !PacketGens.entryPorts(t).isEmpty())
        .flatMap(ScenarioGens::scenarios);
  }

  /**
   * Scenarios over {@code topology}, which must be valid.
   *
   * @throws IllegalArgumentException when {@code topology} has no VIF or LOCALNET port
   */
  public static Gen<Scenario> scenarios(Topology topology) {
    Layout layout = new Layout(topology);
    Optional<Semantics> semantics =
        Validator.validate(topology).fold(errors -> Optional.empty(), v -> Optional.of(Semantics.of(v)));
    Gen<Opening> openings = PacketGens.openings(layout);
    Gen<Scenario.Step> unrelated = PacketGens.steps(layout);
    Gen<Scenario.Step> arps = PacketGens.arps(layout);
    return (random, size) -> {
      Draw d = new Draw(random, size);
      Opening open = d.draw(openings);
      List<Scenario.Step> steps = new ArrayList<>();
      steps.add(open.step());
      Scenario.Step reply = reply(layout, semantics, open, d);
      if (reply != null) {
        steps.add(reply);
      }
      if (d.chance(40)) {
        steps.add(later(open.step()));
      }
      Scenario.Step other = d.draw(unrelated);
      steps.add(d.between(0, steps.size()), other);
      Scenario.Step arp = d.draw(arps);
      steps.add(d.between(0, steps.size()), arp);
      return new Scenario(topology, ImmutableList.copyOf(steps));
    };
  }

  /**
   * Drops one step at a time, then simplifies the topology as {@link TopologyGens#shrinker()} does
   * (which keeps every port, so the steps stay valid).
   */
  public static Shrinker<Scenario> shrinker() {
    Shrinker<Topology> topologies = TopologyGens.shrinker();
    return s -> {
      Stream<Scenario> fewerSteps =
          IntStream.range(0, s.steps().size())
              .mapToObj(
                  i ->
                      s.withSteps(
                          ImmutableList.<Scenario.Step>builder()
                              .addAll(s.steps().subList(0, i))
                              .addAll(s.steps().subList(i + 1, s.steps().size()))
                              .build()));
      Stream<Scenario> simpler =
          topologies.shrink(s.topology()).map(t -> new Scenario(t, s.steps()));
      return Stream.concat(fewerSteps, simpler);
    };
  }

  /** The same packet again, as a later one of its connection (a TCP ACK). */
  private static Scenario.Step later(Scenario.Step first) {
    Packet p = first.packet();
    if (p.tcp().isPresent()) {
      Packet.Tcp t = p.tcp().get();
      p = new Packet.Builder().from(p).l4(new Packet.Tcp(t.src(), t.dst(), Packet.Tcp.ACK)).build();
    }
    return new Scenario.Step(first.port(), p);
  }

  private static Scenario.@Nullable Step reply(
      Layout layout, Optional<Semantics> semantics, Opening open, Draw d) {
    if (semantics.isPresent()) {
      Evaluation e = semantics.get().evaluate(open.step().port(), open.step().packet());
      if (e.verdict() instanceof Verdict.Delivered delivered) {
        Verdict.Output out = d.pick(delivered.outputs());
        SwitchPort receiver = layout.topology.portById(out.port()).orElse(null);
        if (receiver != null) {
          return new Scenario.Step(out.port(), answer(out.packet(), receiver));
        }
      }
    }
    if (open.target() == null) {
      return null;
    }
    SwitchPort target = layout.topology.portById(open.target()).orElse(null);
    if (target == null) {
      return null;
    }
    // Not delivered: answer as if it had been, with the headers it was sent with.
    Packet sent = open.step().packet().withoutVlan();
    MacAddress back = sent.ethDst().equals(target.mac().orElse(null)) ? sent.ethSrc() : sent.ethDst();
    Packet as = sent.withEthSrc(back).withEthDst(target.mac().orElse(sent.ethDst()));
    return new Scenario.Step(target.id(), answer(as, target));
  }

  /**
   * The answer of {@code receiver} to {@code delivered}: Ethernet and IP addresses and transport
   * ports swapped (eth.src being the receiver's own MAC), TCP SYN+ACK, ICMP echo reply, TTL 64,
   * tagged like the receiver's VLAN.
   */
  static Packet answer(Packet delivered, SwitchPort receiver) {
    Packet.Ip ip = delivered.ip().orElseThrow();
    MacAddress src = receiver.mac().orElse(delivered.ethDst());
    Packet.Builder b =
        new Packet.Builder()
            .ethSrc(src)
            .ethDst(delivered.ethSrc())
            .ip(
                new Packet.Ip(
                    /* src= */ ip.dst(), /* dst= */ ip.src(), ip.proto(), 64, ip.dscp(), ip.ecn()));
    delivered
        .l4()
        .ifPresent(
            l4 -> {
              if (l4 instanceof Packet.Tcp t) {
                b.l4(
                    new Packet.Tcp(
                        /* src= */ t.dst(), /* dst= */ t.src(), Packet.Tcp.SYN | Packet.Tcp.ACK));
              } else if (l4 instanceof Packet.Udp u) {
                b.l4(new Packet.Udp(/* src= */ u.dst(), /* dst= */ u.src()));
              } else if (l4 instanceof Packet.Icmp i) {
                boolean v4 = ip.proto().equals(IpProtocol.ICMP);
                boolean echo =
                    i.type() == (v4 ? Packet.Icmp.ECHO_REQUEST_V4 : Packet.Icmp.ECHO_REQUEST_V6);
                int type =
                    echo ? (v4 ? Packet.Icmp.ECHO_REPLY_V4 : Packet.Icmp.ECHO_REPLY_V6) : i.type();
                b.l4(new Packet.Icmp(type, i.code()));
              }
            });
    if (receiver.kind() == PortKind.LOCALNET && receiver.vlan().isPresent()) {
      b.vlan(Packet.Vlan.of(receiver.vlan().get()));
    }
    return b.build();
  }
}
