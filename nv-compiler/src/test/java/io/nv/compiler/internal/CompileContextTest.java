package io.nv.compiler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.flow.Field;
import io.nv.model.addr.IpPrefix;
import io.nv.model.fixtures.TestTopologies;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompileContextTest {
  private final CompileContext ctx =
      new CompileContext(TestTopologies.validated(io.nv.model.workload.OvnLike.topology(2, 2, 1)).topology());

  /** A switch's scope with ports {@code ports}, no address sets and no port groups. */
  private static MatchTranslator.Scope switchWith(String... ports) {
    Set<String> own = Set.of(ports);
    return new MatchTranslator.Scope() {
      @Override
      public boolean hasPort(String port) {
        return own.contains(port);
      }

      @Override
      public List<IpPrefix> addressSet(String name) {
        return List.of();
      }

      @Override
      public List<String> portGroupMembers(String group) {
        return List.of();
      }
    };
  }

  @Test
  void anAclOnProtocolsAndAddressesIsTranslatedOnceForEverySwitch() {
    List<Conj> a = ctx.aclTranslation("ip4.src == 10.0.0.0/8 && tcp.dst == 22", switchWith("a1"));
    List<Conj> b = ctx.aclTranslation("ip4.src == 10.0.0.0/8 && tcp.dst == 22", switchWith("b1"));
    assertThat(b).isSameAs(a);
    assertThat(a).hasSize(1);
    assertThat(a.get(0).fields()).contains(Field.ETH_TYPE, Field.IP4_SRC, Field.IP_PROTO, Field.L4_DST);
  }

  @Test
  void anAclThatNamesAPortIsTranslatedForEachSwitch() {
    String text = "inport == \"a1\" && tcp.dst == 22";
    List<Conj> onA = ctx.aclTranslation(text, switchWith("a1"));
    List<Conj> onB = ctx.aclTranslation(text, switchWith("b1"));
    // On a, the rule tests the port (over IPv4 and IPv6); on b, which has no such port, nothing.
    assertThat(onA).hasSize(2).allSatisfy(c -> assertThat(c.fields()).contains(Field.INPORT, Field.L4_DST));
    assertThat(onB).isEmpty();
    assertThat(ctx.aclTranslation(text, switchWith("a1"))).isNotSameAs(onA).isEqualTo(onA);
  }
}
