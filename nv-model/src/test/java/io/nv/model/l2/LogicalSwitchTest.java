package io.nv.model.l2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogicalSwitchTest {
  private static SwitchPort port(String id) {
    return new SwitchPort.Builder().id(id).kind(PortKind.VIF).build();
  }

  @Test
  void portsByIdAreSortedAsTextOnceForTheValue() {
    LogicalSwitch sw =
        new LogicalSwitch.Builder()
            .id("web")
            .tenant("t")
            .addPorts(port("web2"), port("web10"), port("web1"), port("a"))
            .build();
    assertThat(sw.portsById()).extracting(SwitchPort::id).containsExactly("a", "web1", "web10", "web2");
    assertThat(sw.ports()).extracting(SwitchPort::id).containsExactly("web2", "web10", "web1", "a");
    assertThat(sw.portsById()).isSameAs(sw.portsById());
    // Not part of the value: two switches with the same ports are equal whether asked or not.
    LogicalSwitch other = new LogicalSwitch.Builder().from(sw).build();
    assertThat(other).isEqualTo(sw).hasSameHashCodeAs(sw);
    assertThat(List.copyOf(other.portsById())).isEqualTo(List.copyOf(sw.portsById()));
  }
}
