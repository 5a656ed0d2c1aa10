package io.nv.model.semantics;

import io.nv.model.fixtures.TestTopologies;

import static io.nv.model.semantics.SemanticsTest.delivered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A 1,000-port stateful switch: floods and unicasts stay cheap (the index is built once). */
class ScaleTest {
  private static final int PORTS = 1000;

  static Topology bigSwitch() {
    LogicalSwitch.Builder s =
        new LogicalSwitch.Builder()
            .id("big")
            .tenant("acme")
            .addSubnet(IpPrefix.parse("10.8.0.0/16"))
            .defaultDeny(DefaultDeny.TO_PORT)
            .addAcl(AclStagesTest.rule("udp", Direction.TO_PORT, 0, 10, "udp", AclAction.ALLOW_RELATED));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < PORTS; i++) {
      s.addPort(
          TestTopologies.vif(
              "vm" + i,
              Ipv4Address.of(10, 8, i / 250, 1 + i % 250).toString(),
              MacAddress.of(0x0a0000080000L + i).toString()));
      members.add("vm" + i);
    }
    return new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addSwitch(s.build())
        .addPortGroup(AclStagesTest.group("all", DefaultDeny.OFF, members))
        .build();
  }

  @Test
  void aThousandPortFloodAndItsRepliesEvaluateQuickly() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          Fixture f = new Fixture(bigSwitch());
          Packet bcast =
              Packets.udp(
                  f.mac("vm0"), MacAddress.BROADCAST, f.ip("vm0"), IpAddress.parse("10.8.255.255"), 5000, 5000);
          Evaluation flood = f.evaluate("vm0", bcast);
          assertThat(delivered(flood).ports()).hasSize(PORTS - 1);
          assertThat(flood.table().size()).isEqualTo(PORTS);
          ConnectionTable table = flood.table();
          for (int i = 1; i < PORTS; i += 7) {
            Packet unicast = f.tcp("vm" + i, "vm" + (PORTS - i), 40000 + i, 80);
            Evaluation e = f.evaluate("vm" + i, unicast, table);
            assertThat(e.verdict()).isEqualTo(Fixture.dropped("switch big / default-deny"));
            table = e.table();
          }
        });
  }
}
