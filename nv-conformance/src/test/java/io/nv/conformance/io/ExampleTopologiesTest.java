package io.nv.conformance.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.TopologyDocuments;
import io.nv.model.fixtures.TestTopologies;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The example documents that tests elsewhere build in Java (nv-model's {@link TestTopologies})
 * describe exactly those topologies, so tests of the fixture are tests of the example.
 */
class ExampleTopologiesTest {
  @Test
  void routingNatYamlIsTheRoutingNatFixture() {
    var check = TopologyDocuments.readAndValidate(Path.of("..", "examples", "topologies", "routing-nat.yaml"));
    assertThat(check.errors()).isEmpty();
    assertThat(check.validated().orElseThrow().topology()).isEqualTo(TestTopologies.routingNat());
  }
}
