package io.nv.encap.check;

import static io.nv.encap.Fixtures.errors;
import static io.nv.encap.Fixtures.host;
import static io.nv.encap.Fixtures.routerLink;
import static io.nv.encap.Fixtures.routerOf;
import static io.nv.encap.Fixtures.routerPort;
import static io.nv.encap.Fixtures.switchOf;
import static io.nv.encap.Fixtures.topology;
import static io.nv.encap.Fixtures.vif;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSet;
import io.nv.encap.EncapErrorCode;
import io.nv.encap.Fixtures;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncapChecksTest {
  @Test
  void allRunsEveryCheckAndPassesAGoodTopology() {
    assertThat(EncapChecks.all()).hasSize(4);
    assertThat(Validator.validate(Fixtures.vl2Flat(), EncapChecks.all()).isValid()).isTrue();
  }

  // ---- keys ----

  @Test
  void keyErrorsComeFromAllocation() {
    Topology.Builder b = topology().encapsulation(Encapsulation.VXLAN);
    for (int i = 0; i < 4096; i++) {
      b.addSwitch(switchOf("s" + i).build());
    }
    Topology t = b.build();
    assertThat(errors(EncapChecks.keys(VxlanMode.OVN_SPLIT), t))
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_SPACE_EXHAUSTED);
    assertThat(errors(EncapChecks.keys(VxlanMode.VNI_PER_SWITCH), t)).isEmpty();
    Topology pins =
        topology()
            .addSwitch(switchOf("a").key(3).build())
            .addSwitch(switchOf("b").key(3).build())
            .build();
    assertThat(Validator.validate(pins, EncapChecks.all()).getError())
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_CONFLICT);
  }

  // ---- MTU ----

  private static Topology withMtu(int mtu, Host... hosts) {
    Topology.Builder b = topology();
    for (Host h : hosts) {
      b.addHost(h);
    }
    LogicalSwitch.Builder s = switchOf("web").mtu(mtu);
    for (int i = 0; i < hosts.length; i++) {
      s.addPort(vif("p" + i, i));
      b.addBinding(new Binding("p" + i, hosts[i].id()));
    }
    return b.addSwitch(s.build()).build();
  }

  @Test
  void switchMtuAboveAHostsInnerMtuIsAnError() {
    Host hv1 = host("hv1", "192.168.0.1");
    Host hv2 = host("hv2", "2001:db8::2");
    assertThat(errors(EncapChecks.mtu(), withMtu(1442, hv1))).isEmpty();
    assertThat(errors(EncapChecks.mtu(), withMtu(1422, hv1, hv2))).isEmpty();
    List<ModelError> one = errors(EncapChecks.mtu(), withMtu(1443, hv1));
    assertThat(one).extracting(ModelError::code).containsExactly(EncapErrorCode.MTU_TOO_LARGE);
    assertThat(one.get(0).path()).isEqualTo(ModelPath.of("switch", "web"));
    assertThat(one.get(0).field()).contains("mtu");
    assertThat(one.get(0).message())
        .contains(
            "1443", "hv1 (1442)", "1500 - (20 + 8 + 8 + 8 + 14) = 1442", "lower the MTU to 1442");
    List<ModelError> two = errors(EncapChecks.mtu(), withMtu(1500, hv1, hv2));
    assertThat(two).hasSize(1);
    assertThat(two.get(0).message())
        .contains("hosts hv1 (1442), hv2 (1422)", "lower the MTU to 1422");
  }

  @Test
  void switchMtuCountsHostsThatCarryTheSwitchThroughARouter() {
    // hv2 has no port on web but routes to it through r1, so its tunnels carry web's frames.
    Host jumbo = new Host.Builder().from(host("hv1", "192.168.0.1")).underlayMtu(9000).build();
    Host small = host("hv2", "192.168.0.2");
    Topology t =
        topology()
            .addHost(jumbo)
            .addHost(small)
            .addSwitch(
                switchOf("web")
                    .mtu(8000)
                    .addPort(vif("w1", 1))
                    .addPort(routerLink("web-r1", "r1-web"))
                    .build())
            .addSwitch(
                switchOf("db").addPort(vif("d1", 2)).addPort(routerLink("db-r1", "r1-db")).build())
            .addRouter(
                routerOf("r1")
                    .addPort(routerPort("r1-web", 1))
                    .addPort(routerPort("r1-db", 2))
                    .build())
            .addBinding(new Binding("w1", "hv1"))
            .addBinding(new Binding("d1", "hv2"))
            .build();
    assertThat(errors(EncapChecks.mtu(), t))
        .extracting(ModelError::message)
        .singleElement()
        .asString()
        .contains("hv2 (1442)")
        .doesNotContain("hv1");
  }

  // ---- ingress port ----

  private static AclRule acl(String id, Direction d, String match) {
    return new AclRule.Builder()
        .id(id)
        .direction(d)
        .priority(100)
        .match(match)
        .action(AclAction.DROP)
        .build();
  }

  private static Topology withAcls(Encapsulation e) {
    Host hv1 =
        new Host.Builder()
            .from(host("hv1", "192.168.0.1"))
            .encapsulations(ImmutableSet.of(Encapsulation.GENEVE, Encapsulation.VXLAN))
            .build();
    return topology()
        .encapsulation(e)
        .addHost(hv1)
        .addSwitch(
            switchOf("web")
                .addPort(vif("web1", 1))
                .addPort(vif("inport", 2))
                .addAcl(acl("from-ok", Direction.FROM_PORT, "inport == \"web1\""))
                .addAcl(acl("to-bad", Direction.TO_PORT, "ip4 && inport == \"web1\""))
                .addAcl(acl("to-ok", Direction.TO_PORT, "outport == \"inport\" && tcp.dst == 80"))
                .build())
        .addPortGroup(
            new PortGroup.Builder()
                .id("g")
                .tenant("t")
                .addPort("web1")
                .addAcl(acl("pg-bad", Direction.TO_PORT, "inport==@g"))
                .build())
        .build();
  }

  @Test
  void egressAclOnInportIsAnErrorUnderVxlan() {
    List<ModelError> errors = errors(EncapChecks.ingressPort(), withAcls(Encapsulation.VXLAN));
    assertThat(errors)
        .extracting(ModelError::code)
        .containsOnly(EncapErrorCode.INGRESS_PORT_UNAVAILABLE);
    assertThat(errors)
        .extracting(ModelError::path)
        .containsExactly(
            ModelPath.parse("switch web / acl to-bad"),
            ModelPath.parse("port-group g / acl pg-bad"));
    assertThat(errors.get(0).field()).contains("acls[1].match");
    assertThat(errors.get(0).column()).isEqualTo(8);
    assertThat(errors.get(1).field()).contains("acls[0].match");
    assertThat(errors.get(1).column()).isEqualTo(1);
    assertThat(errors(EncapChecks.ingressPort(), withAcls(Encapsulation.GENEVE))).isEmpty();
  }

  @Test
  void inportIsFoundAsAWholeIdentifierOutsideStrings() {
    assertThat(EncapChecks.inportColumn("inport == \"web1\"")).isEqualTo(1);
    assertThat(EncapChecks.inportColumn("ip4&&inport==\"a\"")).isEqualTo(6);
    assertThat(EncapChecks.inportColumn("!(inport == @g)")).isEqualTo(3);
    assertThat(EncapChecks.inportColumn("outport == \"inport\"")).isZero();
    assertThat(EncapChecks.inportColumn("outport == \"a\\\"inport\"")).as("escaped quote").isZero();
    assertThat(EncapChecks.inportColumn("inport_x == 1 || x.inport == 2 || myinport")).isZero();
    assertThat(EncapChecks.inportColumn("eth.src == 0a:00:00:00:00:01")).isZero();
    assertThat(EncapChecks.inportColumn("tcp.dst == 80")).isZero();
    assertThat(EncapChecks.inportColumn("\"unterminated inport")).isZero();
  }

  // ---- peers ----

  @Test
  void hostsThatShareADatapathNeedOneIpVersion() {
    Topology t =
        topology()
            .addHost(host("hv1", "192.168.0.1"))
            .addHost(host("hv2", "2001:db8::2"))
            .addHost(host("hv3", "2001:db8::3"))
            .addHost(host("hv4", "2001:db8::4"))
            .addSwitch(
                switchOf("web")
                    .addPort(vif("a", 1))
                    .addPort(vif("b", 2))
                    .addPort(vif("c", 3))
                    .build())
            .addSwitch(switchOf("other").addPort(vif("d", 4)).build())
            .addBinding(new Binding("a", "hv1"))
            .addBinding(new Binding("b", "hv2"))
            .addBinding(new Binding("c", "hv3"))
            .addBinding(new Binding("d", "hv4"))
            .build();
    List<ModelError> errors = errors(EncapChecks.peers(), t);
    assertThat(errors).extracting(ModelError::code).containsOnly(EncapErrorCode.PEER_UNREACHABLE);
    assertThat(errors)
        .extracting(ModelError::path)
        .containsExactly(ModelPath.of("host", "hv2"), ModelPath.of("host", "hv3"));
    assertThat(errors.get(0).field()).contains("tunnelIp");
    assertThat(errors.get(0).message())
        .contains("2001:db8::2 is IPv6", "hv1 (192.168.0.1, shares switch web) is IPv4");
    assertThat(errors(EncapChecks.peers(), Fixtures.vl2Flat())).isEmpty();
  }
}
