package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSpecTest {
  @Test
  void readsTheContractAndIgnoresUnknownKeys(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("ports.json");
    Files.writeString(json, OvsHarnessTest.HV1_PORTS);
    HostSpec hv1 = HostSpec.read(json);
    assertThat(hv1.host()).isEqualTo("hv1");
    assertThat(hv1.tunnelIp()).isEqualTo(Ipv4Address.parse("192.168.0.1"));
    assertThat(hv1.encapsulation()).isEqualTo(HostSpec.Encapsulation.GENEVE);
    assertThat(hv1.tunnel()).isEqualTo(new HostSpec.Tunnel("nvtun", 65000));
    assertThat(hv1.ports()).hasSize(4);
    assertThat(hv1.port("web1").mac()).contains(MacAddress.parse("0a:00:00:01:00:11"));
    assertThat(hv1.port("ln1").kind()).isEqualTo("localnet");
    assertThat(hv1.port("uplink").mac()).isEmpty();
    assertThat(hv1.ofport("nvtun")).isEqualTo(65000);
    assertThat(hv1.peer("hv3").tunnelIp()).isEqualTo(Ipv4Address.parse("192.168.0.3"));
    assertThat(hv1.problems()).isEmpty();
  }

  @Test
  void everyBreachOfTheContractIsListedAtOnce(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("ports.json");
    Files.writeString(json, """
        {"host": "hv1", "tunnelIp": "fd00::1", "encapsulation": "gre",
         "tunnel": {"interface": "nvtun", "ofport": 65000},
         "ports": [
           {"logical": "a", "kind": "vif", "interface": "a-very-long-interface", "ofport": 1},
           {"logical": "b", "kind": "vif", "interface": "phy0", "ofport": 1, "mac": "zz"},
           {"logical": "c", "kind": "vif", "ofport": 70000}
         ]}
        """);
    assertThatThrownBy(() -> HostSpec.read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining("tunnelIp \"fd00::1\" is not an IPv4 address")
        .hasMessageContaining("encapsulation is \"gre\"")
        .hasMessageContaining("\"a-very-long-interface\" must have 1 to 15 characters")
        .hasMessageContaining("\"phy0\" is used twice or is reserved")
        .hasMessageContaining("mac \"zz\"")
        .hasMessageContaining("ports[2].interface is missing")
        .hasMessageContaining("ofport 1 is used twice")
        .hasMessageContaining("ofport 70000 is outside");
  }
}
