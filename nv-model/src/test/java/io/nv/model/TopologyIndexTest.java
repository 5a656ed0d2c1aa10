package io.nv.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.fixtures.TestTopologies;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Host;
import org.junit.jupiter.api.Test;

/** {@link Topology}'s lookups by id. */
class TopologyIndexTest {
  @Test
  void aBoundPortNamesItsHostByTheHostsOwnId() {
    Topology t = TestTopologies.threeTier();
    // Bindings whose host ids are their own string objects, as a document reader makes them.
    Topology copied =
        new Topology.Builder()
            .from(t)
            .bindings(t.bindings().stream().map(b -> new Binding(b.port(), new String(b.host()))).toList())
            .build();
    for (Binding b : copied.bindings()) {
      Host h = copied.hostById(b.host()).orElseThrow();
      assertThat(copied.hostOf(b.port())).containsSame(h.id());
    }
    assertThat(copied.hostOf("no-such-port")).isEmpty();
  }

  @Test
  void aPortBoundToAnUnknownHostStillNamesIt() {
    Topology t = TestTopologies.threeTier();
    Topology dangling = new Topology.Builder().from(t).addBinding(new Binding("lost", "hv-none")).build();
    assertThat(dangling.hostOf("lost")).contains("hv-none");
  }
}
