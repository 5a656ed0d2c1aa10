package io.nv.model.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.Direction;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.placement.Binding;
import io.nv.model.validate.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ovn-like workload is what docs/performance.md and OvnLike's comment say, name by name. */
class OvnLikeTest {
  @Test
  void switchesPortsAndAddressesFollowTheirIndexes() {
    Topology t = OvnLike.topology(300, 3, 7);
    assertThat(t.switches()).hasSize(300);
    LogicalSwitch s = t.switchById("ls258").orElseThrow();
    assertThat(s.subnets()).extracting(Object::toString).containsExactly("10.1.2.0/24");
    SwitchPort p = t.portById("ls258-p2").orElseThrow();
    assertThat(p.mac().orElseThrow()).hasToString("0a:00:01:02:00:02");
    assertThat(p.ips()).extracting(Object::toString).containsExactly("10.1.2.4");
    assertThat(p.portSecurity()).isTrue();
    assertThat(s.ports()).filteredOn(q -> q.kind() == PortKind.ROUTER).extracting(SwitchPort::routerPort)
        .extracting(o -> o.orElseThrow()).containsExactly("lr0-ls258");
    assertThat(t.routerPortById("lr0-ls258").orElseThrow().mac()).hasToString("0a:01:01:02:00:01");
    assertThat(t.routerPortById("lr0-ls258").orElseThrow().addresses()).extracting(Object::toString)
        .containsExactly("10.1.2.1/24");
  }

  @Test
  void vifsGoRoundRobinOverTheHosts() {
    Topology t = OvnLike.topology(3, 5, 4);
    // VIF j of switch i on host (i·M + j) mod H: ls2-p3 is VIF 13, on hv1.
    assertThat(t.bindings()).contains(new Binding("ls2-p3", "hv1"), new Binding("ls0-p0", "hv0"), new Binding("ls0-p4", "hv0"));
    assertThat(t.bindings()).hasSize(15);
    assertThat(t.hostById("hv3").orElseThrow().tunnelIp()).hasToString("192.168.0.3");
    assertThat(t.hostById("hv3").orElseThrow().underlayMtu()).isEqualTo(1500);
    assertThat(OvnLike.hostIds(4)).containsExactly("hv0", "hv1", "hv2", "hv3");
  }

  @Test
  void everySwitchHasTheFourRulesAndTheLoadBalancer() {
    Topology t = OvnLike.topology(2, 1, 1);
    for (LogicalSwitch s : t.switches()) {
      assertThat(s.acls()).extracting(AclRule::id, AclRule::direction, AclRule::priority, AclRule::match)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("http", Direction.TO_PORT, 1000, "ip4 && tcp.dst == 80"),
              org.assertj.core.groups.Tuple.tuple("ssh", Direction.TO_PORT, 900, "ip4.src == 10.0.0.0/8 && tcp.dst == 22"),
              org.assertj.core.groups.Tuple.tuple("dns", Direction.FROM_PORT, 800, "udp.dst == 53"),
              org.assertj.core.groups.Tuple.tuple("deny", Direction.TO_PORT, 100, "ip4"));
    }
    assertThat(t.loadBalancers()).singleElement().satisfies(lb -> {
      assertThat(lb.switches()).containsExactly("ls0", "ls1");
      assertThat(lb.vips()).singleElement().satisfies(v -> assertThat(v.backends()).hasSize(3));
    });
  }

  @ParameterizedTest(name = "acls={0}")
  @CsvSource({"0", "1", "3", "4", "5", "64"})
  void theAclCountIsTheFirstOfTheFourThenExtraTcpRules(int acls) {
    Topology t = OvnLike.topology(2, 2, 2, acls);
    List<String> four = List.of("http", "ssh", "dns", "deny");
    for (LogicalSwitch s : t.switches()) {
      assertThat(s.acls()).hasSize(acls);
      assertThat(s.acls().stream().limit(4).map(AclRule::id).toList()).isEqualTo(four.subList(0, Math.min(acls, 4)));
      for (int k = 4; k < acls; k++) {
        AclRule r = s.acls().get(k);
        assertThat(r.priority()).isEqualTo(2000 + k);
        assertThat(r.match()).isEqualTo("ip4 && tcp.dst == " + (10000 + k));
        assertThat(r.direction()).isEqualTo(Direction.TO_PORT);
      }
    }
    assertThat(Validator.validate(t).isValid()).as("valid with %d ACLs", acls).isTrue();
  }

  @Test
  void theWorkloadValidatesAtItsLimits() {
    assertThat(Validator.validate(OvnLike.topology(1, OvnLike.MAX_PORTS, 1)).isValid()).isTrue();
    assertThat(Validator.validate(OvnLike.topology(300, 4, 1000)).isValid()).isTrue();
    assertThat(Validator.validate(OvnLike.topology(2, 2, 2, OvnLike.MAX_ACLS)).isValid()).isTrue();
  }

  @Test
  void countsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> OvnLike.topology(0, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("switches = 0 is not in 1..65536");
    assertThatThrownBy(() -> OvnLike.topology(1, 251, 1)).hasMessage("ports = 251 is not in 1..250");
    assertThatThrownBy(() -> OvnLike.topology(1, 1, 65537)).hasMessage("hosts = 65537 is not in 1..65536");
    assertThatThrownBy(() -> OvnLike.topology(1, 1, 1, 1001)).hasMessage("acls = 1001 is not in 0..1000");
    assertThatThrownBy(() -> OvnLike.topology(1, 1, 1, -1)).hasMessage("acls = -1 is not in 0..1000");
  }
}
