package io.nv.conformance.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.check.EncapChecks;
import io.nv.io.DocumentCheck;
import io.nv.io.TopologyDocuments;
import io.nv.model.validate.ValidatedTopology;
import io.nv.ovn.OvnExporter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing part of the export, checked where OVN shows it before nv evaluates it: the logical
 * flows {@code ovn-northd} builds from the exported static routes (ECMP, on-link), policies, NAT
 * (SNAT, DNAT, a distributed stateless floating IP), the static neighbour and the gateway port
 * ({@code src/test/resources/ovn/routed.yaml}). {@code OvnAgreementProperties} checks their
 * verdicts against nv's.
 */
class RoutedExportOvnTest {
  static OvnSandbox ovn;
  static String flows;

  @BeforeAll
  static void load() {
    DocumentCheck c =
        TopologyDocuments.readAndValidate(Path.of("src", "test", "resources", "ovn", "routed.yaml"), EncapChecks.all());
    assertThat(c.errors()).isEmpty();
    ValidatedTopology routed = c.validated().orElseThrow();
    ovn = OvnSandbox.start();
    ovn.load(OvnExporter.export(routed).get().transaction());
    assertThat(ovn.northdProblems()).isEmpty();
    flows = ovn.sbctl("lflow-list", "r");
  }

  @AfterAll
  static void stop() {
    if (ovn != null) {
      ovn.close();
    }
  }

  @Test
  void staticRoutesRouteByLongestPrefixWithConnectedFirst() {
    assertThat(flows)
        .containsPattern("lr_in_ip_routing +\\), priority=1 +, match=\\(reg7 == 0 && ip4.dst == 0.0.0.0/0\\),"
            + " action=\\(.*reg0 = 203.0.113.1; .*outport = \"r-out\"")
        // Connected /24s outrank a static /24 (OVN's priority is 3 x length + 1 for static routes,
        // + 2 for connected ones).
        .containsPattern("priority=74 +, match=\\(ip4.dst == 10.0.1.0/24\\)")
        .containsPattern("priority=73 +, match=\\(reg7 == 0 && ip4.dst == 192.168.100.0/24\\)");
  }

  @Test
  void equalPrefixesAreOneEcmpGroup() {
    assertThat(flows).containsPattern("ip4.dst == 192.168.100.0/24\\), action=\\(.*select\\(1, 2\\)");
  }

  @Test
  void aRouteWithAPortAndNoNextHopIsOnLink() {
    assertThat(flows).containsPattern("ip4.dst == 198.51.100.0/24\\), action=\\(.*reg0 = ip4.dst; .*outport = \"r-out\"");
  }

  @Test
  void policiesRunAfterRouting() {
    assertThat(flows)
        .containsPattern("lr_in_policy +\\), priority=100 +, match=\\(tcp.dst == 23\\), action=\\(drop;\\)")
        .containsPattern("lr_in_policy +\\), priority=50 +, match=\\(ip4.src == 10.0.1.12 && ip4.dst == 192.0.2.0/24\\),"
            + " action=\\(reg0 = 10.0.1.11;");
    assertThat(flows.indexOf("lr_in_ip_routing")).isLessThan(flows.indexOf("lr_in_policy"));
  }

  @Test
  void snatAndDnatAreStatefulOnTheGatewayPort() {
    assertThat(flows)
        .containsPattern("ip4.src == 10.0.1.0/24 && outport == \"r-out\" && is_chassis_resident\\(\"cr-r-out\"\\).*ct_snat\\(203.0.113.10\\)")
        .containsPattern("ip4.dst == 203.0.113.30 && inport == \"r-out\" && is_chassis_resident\\(\"cr-r-out\"\\)\\), action=\\(ct_dnat_in_czone\\(10.0.1.12\\)");
    assertThat(ovn.sbctl("--columns=logical_port", "find", "Port_Binding", "type=chassisredirect"))
        .contains("cr-r-out");
  }

  @Test
  void theFloatingIpIsStatelessAndDistributedToItsPort() {
    assertThat(flows)
        .containsPattern("ip4.dst == 203.0.113.20 && inport == \"r-out\"\\), action=\\(ip4.dst=10.0.1.11; next;\\)")
        .containsPattern("ip4.src == 10.0.1.11 && outport == \"r-out\" && is_chassis_resident\\(\"vm1\"\\)\\),"
            + " action=\\(eth.src = 02:00:00:00:00:20; ip4.src=203.0.113.20; next;\\)");
  }

  @Test
  void theNeighbourIsAStaticMacBinding() {
    String bindings = ovn.sbctl("--columns=logical_port,ip,mac", "list", "Static_MAC_Binding");
    assertThat(bindings).contains("r-out").contains("\"203.0.113.1\"").contains("\"02:00:00:00:00:01\"");
  }
}
