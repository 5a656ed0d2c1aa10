package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.addr.IpPrefix;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.FiveTuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Examples of packet and scenario generation. */
class ScenarioGensTest {

  @Test
  void stepsEnterAtVifOrLocalnetPortsOnly() {
    for (long seed = 0; seed < 100; seed++) {
      Topology t = TopologyGens.topologies().sample(seed, 50);
      if (PacketGens.entryPorts(t).isEmpty()) {
        continue;
      }
      Scenario.Step step = PacketGens.steps(t).sample(seed, 50);
      assertThat(t.portById(step.port()).orElseThrow().kind()).isNotEqualTo(PortKind.ROUTER);
      assertThat(PacketGens.entryPorts(t)).contains(step.port());
    }
  }

  @Test
  void aTopologyWithoutPortsHasNothingToSendFrom() {
    Topology empty =
        new Topology.Builder()
            .addTenant(Tenant.of("t"))
            .addSwitch(
                new LogicalSwitch.Builder()
                    .id("s")
                    .tenant("t")
                    .addSubnet(IpPrefix.parse("10.0.0.0/24"))
                    .build())
            .build();
    assertThat(PacketGens.entryPorts(empty)).isEmpty();
    assertThatThrownBy(() -> PacketGens.steps(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entryPorts");
  }

  @Test
  void ttlsAndPortsIncludeTheInterestingValues() {
    Set<Integer> ttls = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (long seed = 0; seed < 500; seed++) {
      ttls.add(PacketGens.ttls().sample(seed, 50));
      ports.add(PacketGens.transportPorts().sample(seed, 50));
    }
    assertThat(ttls).contains(0, 1, 2, 64, 255);
    assertThat(ports).containsAll(PacketGens.ACL_PORTS);
    assertThat(ports).anyMatch(p -> p >= 1000 && p <= 2000);
  }

  @Test
  void packetKindsCoverTheBrief() {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 300; seed++) {
      Topology t = TopologyGens.topologies().sample(seed, 60);
      if (PacketGens.entryPorts(t).isEmpty()) {
        continue;
      }
      for (int i = 0; i < 10; i++) {
        Packet p = PacketGens.steps(t).sample(seed * 100 + i, 60).packet();
        p.arp().ifPresent(a -> seen.add(a.op() == Packet.Arp.REQUEST ? "arp request" : "arp reply"));
        if (p.ethDst().isBroadcast()) {
          seen.add("broadcast");
        } else if (p.ethDst().isMulticast()) {
          seen.add("multicast");
        }
        if (p.vlan().isPresent()) {
          seen.add("tagged");
        }
        p.tcp().ifPresent(x -> seen.add((x.flags() & Packet.Tcp.SYN) != 0 ? "tcp syn" : "tcp"));
        p.udp().ifPresent(x -> seen.add("udp"));
        p.icmp().ifPresent(x -> seen.add("icmp"));
        if (p.arp().isEmpty() && p.ip().isEmpty()) {
          seen.add("non-ip");
        }
        p.ip()
            .ifPresent(
                ip -> {
                  if (ip.dst().toString().startsWith("172.16.")) {
                    seen.add("vip");
                  }
                  if (ip.dst().toString().matches("10\\.0\\.\\d+\\.1")) {
                    seen.add("router address");
                  }
                });
      }
    }
    assertThat(seen)
        .contains(
            "arp request",
            "arp reply",
            "broadcast",
            "multicast",
            "tagged",
            "tcp syn",
            "tcp",
            "udp",
            "icmp",
            "non-ip",
            "vip",
            "router address");
  }

  @Test
  void scenariosOpenAConnectionAndAnswerIt() {
    int answered = 0;
    for (long seed = 0; seed < 200; seed++) {
      Scenario s = ScenarioGens.scenarios().sample(seed, 50);
      assertThat(s.steps().size()).isBetween(3, 5);
      assertThat(s.steps()).anyMatch(step -> step.packet().arp().isPresent());
      List<FiveTuple> tuples =
          s.steps().stream().flatMap(step -> FiveTuple.of(step.packet()).stream()).toList();
      if (tuples.stream().anyMatch(a -> tuples.stream().anyMatch(b -> answers(b, a)))) {
        answered++;
      }
    }
    assertThat(answered).isGreaterThan(100);
  }

  /**
   * True when {@code b} answers {@code a}: its exact reverse, or, through NAT (which may rewrite
   * one address), the reverse of its ports with the far end's address kept.
   */
  private static boolean answers(FiveTuple b, FiveTuple a) {
    FiveTuple r = a.reverse();
    if (b.equals(r)) {
      return true;
    }
    boolean ports = !a.isIcmp() && b.protocol().equals(a.protocol())
        && b.srcPort() == r.srcPort() && b.dstPort() == r.dstPort();
    return ports && (b.src().equals(r.src()) || b.dst().equals(r.dst()));
  }

  @Test
  void scenariosPrintTheTopologyAndNumberedSteps() {
    Scenario s = ScenarioGens.scenarios().sample(3, 40);
    String text = s.toString();
    assertThat(text).startsWith("Scenario\n").contains("switch ").contains("steps:\n  1. at ");
    assertThat(text).contains("  " + s.steps().size() + ". at " + s.steps().get(s.steps().size() - 1).port());
  }

  @Test
  void theShrinkerDropsOneStepAtATimeFirst() {
    Scenario s = ScenarioGens.scenarios().sample(5, 40);
    List<Scenario> candidates = ScenarioGens.shrinker().shrink(s).toList();
    assertThat(candidates.subList(0, s.steps().size()))
        .allMatch(c -> c.steps().size() == s.steps().size() - 1 && c.topology().equals(s.topology()));
    assertThat(candidates.subList(s.steps().size(), candidates.size()))
        .allMatch(c -> c.steps().equals(s.steps()));
  }
}
