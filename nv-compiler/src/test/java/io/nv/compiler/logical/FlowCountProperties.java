package io.nv.compiler.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flow-count formula of docs/flow-ir.md over generated topologies: an address set of a
 * addresses, a port group of c members and a rule over b destination ports (a set, or a range
 * whose prefix cover has b values) compile to the sum of the set-valued sizes plus one, never
 * their product.
 */
class FlowCountProperties {
  record Sizes(int addresses, int ports, int members, boolean range, int low) {}

  static final Gen<Sizes> SIZES =
      (r, size) ->
          new Sizes(
              Gens.integers(1, 60).generate(r, size),
              Gens.integers(1, 40).generate(r, size),
              Gens.integers(1, 40).generate(r, size),
              Gens.booleans().generate(r, size),
              Gens.integers(1, 60000).generate(r, size));

  @Test
  void flowsGrowWithTheSumOfSetSizes() {
    Property.forAll(SIZES)
        .tries(200)
        .check(
            s -> {
              String dst;
              int b;
              if (s.range()) {
                int high = Math.min(65535, s.low() + s.ports() * 37);
                dst = "tcp.dst >= " + s.low() + " && tcp.dst <= " + high;
                b = FlowCountTest.prefixCount(0, 65535, s.low(), high);
              } else {
                dst = "tcp.dst == " + FlowCountTest.ports(s.ports());
                b = s.ports();
              }
              List<?> flows =
                  FlowCountTest.ruleFlows(
                      FlowCountTest.topology(s.addresses(), s.members(), "ip4.src == $A && " + dst));
              assertThat(flows).hasSize(FlowCountTest.formula(s.addresses(), b, s.members()));
              if (s.addresses() > 1 && b > 1 && s.members() > 1) {
                assertThat(flows.size()).isLessThan(s.addresses() * b * s.members());
              }
            });
  }
}
