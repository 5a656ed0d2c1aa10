package io.nv.ovn;

import static io.nv.model.fixtures.TestTopologies.validated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import io.nv.model.validate.ModelError;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping of docs/ovn.md, on the three-tier fixture and small edits of it. */
class OvnExporterTest {
  static final Topology THREE_TIER = TestTopologies.threeTier();

  static NorthboundExport export(Topology t) {
    Validation<Seq<ModelError>, NorthboundExport> nb = OvnExporter.export(validated(t));
    assertThat(nb.isValid()).as(() -> nb.getError().mkString("\n")).isTrue();
    return nb.get();
  }

  static List<ModelError> errors(Topology t, Approximation... accepted) {
    Validation<Seq<ModelError>, NorthboundExport> nb =
        OvnExporter.export(validated(t), ExportOptions.allowing(accepted));
    assertThat(nb.isInvalid()).as("an export error").isTrue();
    return nb.getError().asJava();
  }

  static NbRow row(NorthboundExport nb, String table, String name) {
    return nb.row(table, name).orElseThrow(() -> new AssertionError("no " + table + " " + name));
  }

  static NbRow acl(NorthboundExport nb, String path) {
    return nb.rows("ACL").stream()
        .filter(r -> r.column("external_ids").equals(java.util.Optional.of(NbValue.map(Map.of("nv-path", path)))))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ACL row for " + path));
  }

  @Test
  void rowNamesAreTheNvIds() {
    NorthboundExport nb = export(THREE_TIER);
    assertThat(nb.rows("Logical_Switch")).extracting(r -> r.name().orElseThrow()).containsExactly("web", "app", "db");
    assertThat(nb.rows("Logical_Router")).extracting(r -> r.name().orElseThrow()).containsExactly("r1");
    assertThat(nb.rows("Port_Group")).extracting(r -> r.name().orElseThrow()).containsExactly("web", "app", "db");
    assertThat(nb.rows("Logical_Switch_Port")).extracting(r -> r.name().orElseThrow())
        .containsExactly("web-r1", "web1", "web2", "app-r1", "app1", "app2", "db-r1", "db1");
    assertThat(nb.row("Load_Balancer", "web-lb")).isPresent();
  }

  @Test
  void portsCarryAddressesPortSecurityWithTheSubnetLengthAndTheirType() {
    NorthboundExport nb = export(THREE_TIER);
    NbRow web1 = row(nb, "Logical_Switch_Port", "web1");
    assertThat(web1.column("addresses")).contains(NbValue.strings(List.of("0a:00:00:01:00:11 10.0.1.11")));
    assertThat(web1.column("port_security")).contains(NbValue.strings(List.of("0a:00:00:01:00:11 10.0.1.11/24")));
    assertThat(web1.column("type")).isEmpty();
    NbRow link = row(nb, "Logical_Switch_Port", "web-r1");
    assertThat(link.string("type")).contains("router");
    assertThat(link.column("addresses")).contains(NbValue.strings(List.of("router")));
    assertThat(link.column("options")).contains(NbValue.map(Map.of("router-port", "r1-web")));
  }

  @Test
  void groupAclsAreRestrictedToTheirMembersAndDefaultDenyIsTheLowestRow() {
    NorthboundExport nb = export(THREE_TIER);
    NbRow allow = acl(nb, "port-group app / acl allow-web");
    assertThat(allow.string("match")).contains("outport == @app && ip4.src == $web_ip4 && tcp.dst == 8080");
    assertThat(allow.column("priority")).contains(NbValue.of(1000));
    assertThat(allow.string("direction")).contains("to-lport");
    assertThat(allow.string("action")).contains("allow-related");
    NbRow deny = acl(nb, "port-group db / default-deny");
    assertThat(deny.string("match")).contains("outport == @db && ip");
    assertThat(deny.column("priority")).contains(NbValue.of(0));
    assertThat(deny.string("action")).contains("drop");
    assertThat(row(nb, "Port_Group", "db").column("acls"))
        .contains(NbValue.set(NbValue.ref("acl_pg_db__allow_2dapp"), NbValue.ref("dd_pg_db__to")));
  }

  @Test
  void aFromPortGroupRuleMatchesTheInportAndOrNeedsParentheses() {
    Topology t =
        TestTopologies.editPortGroup(
            THREE_TIER,
            "web",
            g -> g.defaultDeny(DefaultDeny.BOTH)
                .addAcl(new AclRule.Builder().id("out").direction(Direction.FROM_PORT).priority(10)
                    .match("tcp.dst == 80 || udp.dst == 53").action(AclAction.ALLOW).build()));
    NorthboundExport nb = export(t);
    assertThat(acl(nb, "port-group web / acl out").string("match"))
        .contains("inport == @web && (tcp.dst == 80 || udp.dst == 53)");
    assertThat(acl(nb, "port-group web / acl out").string("action")).contains("allow-stateless");
    assertThat(nb.rows("ACL").stream().filter(r -> r.uuidName().equals("dd_pg_web__from")).findFirst().orElseThrow()
            .string("match"))
        .contains("inport == @web && ip");
  }

  @Test
  void actionsMapToOvns() {
    Topology t =
        TestTopologies.editSwitch(
            THREE_TIER,
            "web",
            s -> s.defaultDeny(DefaultDeny.TO_PORT)
                .addAcl(rule("a", 10, AclAction.ALLOW))
                .addAcl(rule("b", 20, AclAction.ALLOW_RELATED))
                .addAcl(rule("c", 30, AclAction.DROP))
                .addAcl(new AclRule.Builder().from(rule("d", 40, AclAction.REJECT)).log(true).build()));
    NorthboundExport nb = export(t);
    assertThat(acl(nb, "switch web / acl a").string("action")).contains("allow-stateless");
    assertThat(acl(nb, "switch web / acl b").string("action")).contains("allow-related");
    assertThat(acl(nb, "switch web / acl c").string("action")).contains("drop");
    NbRow d = acl(nb, "switch web / acl d");
    assertThat(d.string("action")).contains("reject");
    assertThat(d.column("log")).contains(NbValue.of(true));
    assertThat(d.column("name")).contains(NbValue.set(NbValue.of("d")));
    NbRow deny = acl(nb, "switch web / default-deny");
    assertThat(deny.string("match")).contains("ip");
    assertThat(deny.column("priority")).contains(NbValue.of(0));
  }

  static AclRule rule(String id, int priority, AclAction action) {
    return new AclRule.Builder().id(id).priority(priority).match("tcp.dst == " + (1000 + priority)).action(action).build();
  }

  @Test
  void loadBalancersListHealthyBackendsOncePerWeightWithTheirOptions() {
    Topology t =
        TestTopologies.editLoadBalancer(
            THREE_TIER,
            "web-lb",
            lb -> lb.vips(
                    List.of(
                        new Vip.Builder().from(lb.build().vips().get(0))
                            .backends(
                                List.of(
                                    new Backend(IpAddress.parse("10.0.1.11"), 80, 2, true),
                                    new Backend(IpAddress.parse("10.0.1.12"), 80, 1, false)))
                            .build()))
                .addSelectionField(SelectionField.IP_SRC)
                .affinityTimeout(60)
                .hairpinAddress(IpAddress.parse("10.0.1.254")));
    NbRow lb = row(export(t), "Load_Balancer", "web-lb");
    assertThat(lb.column("vips")).contains(NbValue.map(Map.of("10.0.1.100:80", "10.0.1.11:80,10.0.1.11:80")));
    assertThat(lb.column("protocol")).contains(NbValue.set(NbValue.of("tcp")));
    assertThat(lb.column("selection_fields")).contains(NbValue.set(NbValue.of("ip_src")));
    assertThat(lb.column("options"))
        .contains(NbValue.map(Map.of("hairpin_snat_ip", "10.0.1.254", "affinity_timeout", "60")));
    assertThat(row(export(t), "Logical_Switch", "app").column("load_balancer"))
        .contains(NbValue.set(NbValue.ref("lb_web_2dlb")));
  }

  @Test
  void routesPoliciesNatNeighboursAndTheGatewayAreExported() {
    NorthboundExport nb = export(RoutedFixture.topology());
    NbRow dflt = nb.rows("Logical_Router_Static_Route").get(0);
    assertThat(dflt.string("ip_prefix")).contains("0.0.0.0/0");
    assertThat(dflt.string("nexthop")).contains("203.0.113.1");
    NbRow onLink = nb.rowByUuidName("route_r__onlink").orElseThrow();
    assertThat(onLink.string("nexthop")).contains("");
    assertThat(onLink.column("output_port")).contains(NbValue.set(NbValue.of("r-out")));
    assertThat(nb.rows("Logical_Router_Static_Route").stream()
            .filter(r -> r.string("ip_prefix").equals(java.util.Optional.of("192.168.100.0/24"))))
        .hasSize(2);
    NbRow reroute = nb.rowByUuidName("policy_r__via_2dvm1").orElseThrow();
    assertThat(reroute.string("action")).contains("reroute");
    assertThat(reroute.column("nexthops")).contains(NbValue.strings(List.of("10.0.1.11")));
    NbRow fip = nb.rowByUuidName("nat_r__fip").orElseThrow();
    assertThat(fip.string("type")).contains("dnat_and_snat");
    assertThat(fip.column("options")).contains(NbValue.map(Map.of("stateless", "true")));
    assertThat(fip.column("logical_port")).contains(NbValue.set(NbValue.of("vm1")));
    assertThat(fip.column("external_mac")).contains(NbValue.set(NbValue.of("02:00:00:00:00:20")));
    assertThat(fip.column("gateway_port")).isEmpty();
    assertThat(nb.rowByUuidName("nat_r__snat").orElseThrow().string("logical_ip")).contains("10.0.1.0/24");
    assertThat(nb.rowByUuidName("nat_r__web").orElseThrow().string("type")).contains("dnat");
    NbRow gc = nb.rows("Gateway_Chassis").get(0);
    assertThat(gc.string("name")).contains("r-out-hv1");
    assertThat(gc.string("chassis_name")).contains("hv1");
    assertThat(row(nb, "Logical_Router_Port", "r-out").column("gateway_chassis")).contains(NbValue.set(NbValue.ref(gc.uuidName())));
    assertThat(row(nb, "Logical_Router_Port", "r-in").column("gateway_chassis")).isEmpty();
    NbRow neighbour = nb.rows("Static_MAC_Binding").get(0);
    assertThat(neighbour.string("logical_port")).contains("r-out");
    assertThat(neighbour.column("override_dynamic_mac")).contains(NbValue.of(true));
    assertThat(row(nb, "Logical_Switch", "inside").column("load_balancer")).contains(NbValue.set(NbValue.ref("lb_public")));
  }

  @Test
  void theSameTopologyGivesByteIdenticalFiles() {
    NorthboundExport a = export(THREE_TIER);
    NorthboundExport b = export(new Topology.Builder().from(TestTopologies.threeTier()).build());
    assertThat(b.transaction()).isEqualTo(a.transaction());
    assertThat(b.nbctlScript()).isEqualTo(a.nbctlScript());
    assertThat(export(RoutedFixture.topology()).transaction()).isEqualTo(export(RoutedFixture.topology()).transaction());
  }

  @Test
  void theTransactionIsOvsdbJsonWithOneInsertPerRowAndNoNbGlobal() throws Exception {
    NorthboundExport nb = export(THREE_TIER);
    JsonNode tx = new ObjectMapper().readTree(nb.transaction());
    assertThat(tx.get(0).asText()).isEqualTo("OVN_Northbound");
    assertThat(tx.size()).isEqualTo(nb.rows().size() + 1);
    for (int i = 1; i < tx.size(); i++) {
      assertThat(tx.get(i).get("op").asText()).isEqualTo("insert");
      assertThat(tx.get(i).get("table").asText()).isNotEqualTo("NB_Global");
      assertThat(tx.get(i).get("uuid-name").asText()).matches("[_a-zA-Z][_a-zA-Z0-9]*");
    }
    assertThat(nb.transaction()).contains("[\"named-uuid\",\"lsp_web1\"]").endsWith("\n]\n");
  }

  @Test
  void theScriptQuotesForTheShellAndForOvsdb() {
    Topology t =
        TestTopologies.editSwitch(
            THREE_TIER,
            "web",
            s -> s.addAcl(new AclRule.Builder().id("ssh").direction(Direction.FROM_PORT).priority(5)
                .match("inport == \"web1\" && tcp.dst == 22").action(AclAction.DROP).build()));
    String script = export(t).nbctlScript();
    assertThat(script).startsWith("#!/bin/sh\n").contains("ovn-nbctl \"$@\"");
    assertThat(script).contains("'match=\"inport == \\\"web1\\\" && tcp.dst == 22\"'");
    assertThat(script).contains("-- --id=@ls_web create Logical_Switch 'name=\"web\"'");
  }

  @Test
  void passIsAnErrorNamingTheRule() {
    Topology t = TestTopologies.editSwitch(THREE_TIER, "web", s -> s.addAcl(rule("p", 10, AclAction.PASS)));
    assertThat(errors(t)).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(OvnErrorCode.ACL_PASS);
      assertThat(e.path()).hasToString("switch web / acl p");
    });
  }

  @Test
  void aSecondTierIsAnErrorUnlessFlattened() {
    Topology t =
        TestTopologies.editSwitch(
            THREE_TIER,
            "web",
            s -> s.addAcl(rule("first", 5, AclAction.DROP))
                .addAcl(new AclRule.Builder().from(rule("second", 30000, AclAction.ALLOW)).tier(1).build()));
    assertThat(errors(t)).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(OvnErrorCode.ACL_TIERS);
      assertThat(e.path()).hasToString("switch web / acl second");
      assertThat(e.message()).contains("flatten-tiers");
    });
    Validation<Seq<ModelError>, NorthboundExport> flat =
        OvnExporter.export(validated(t), ExportOptions.allowing(Approximation.FLATTEN_TIERS));
    NorthboundExport nb = flat.get();
    // Tier 0 before tier 1, whatever the priorities: 'first' (tier 0, 5) above 'second' (tier 1, 30000).
    long first = ((NbValue.Int) acl(nb, "switch web / acl first").column("priority").orElseThrow()).value();
    long second = ((NbValue.Int) acl(nb, "switch web / acl second").column("priority").orElseThrow()).value();
    assertThat(first).isGreaterThan(second).isLessThanOrEqualTo(32767);
    assertThat(second).isPositive();
    assertThat(nb.notes()).anyMatch(n -> n.startsWith("switch web / acl second: tier 1 priority 30000 exported at OVN priority"));
  }

  @Test
  void oneTierOtherThanZeroExportsAsItIs() {
    Topology t =
        TestTopologies.editSwitch(
            RoutedFixture.topology(), "inside",
            s -> s.addAcl(new AclRule.Builder().from(rule("only", 77, AclAction.DROP)).tier(2).build()));
    NorthboundExport nb = export(t);
    assertThat(acl(nb, "switch inside / acl only").column("priority")).contains(NbValue.of(77));
    assertThat(nb.notes()).isEmpty();
  }

  @Test
  void priorityZeroBesideDefaultDenyIsAnError() {
    Topology t = TestTopologies.editPortGroup(THREE_TIER, "db", g -> g.addAcl(rule("zero", 0, AclAction.ALLOW_RELATED)));
    assertThat(errors(t)).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(OvnErrorCode.ACL_PRIORITY_ZERO);
      assertThat(e.path()).hasToString("port-group db / acl zero");
    });
  }

  @Test
  void aPortGroupThatMatchesCannotHaveANameOvnCannotRefer() {
    Topology t =
        TestTopologies.edit(
            THREE_TIER,
            b -> b.addPortGroups(TestTopologies.zeroTrust("db-tier", "x", "tcp.dst == 1", "db1")));
    assertThat(errors(t)).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(OvnErrorCode.PORT_GROUP_NAME);
      assertThat(e.path()).hasToString("port-group db-tier");
    });
  }

  @Test
  void floodingUnknownUnicastIsAnErrorUnlessApproximated() {
    Topology t = TestTopologies.editSwitch(THREE_TIER, "web", s -> s.unknownUnicast(UnknownUnicast.FLOOD));
    assertThat(errors(t)).extracting(ModelError::code).containsExactly(OvnErrorCode.UNKNOWN_UNICAST_FLOOD);
    NorthboundExport nb =
        OvnExporter.export(validated(t), ExportOptions.allowing(Approximation.FLOOD_THROUGH_UNKNOWN)).get();
    assertThat(row(nb, "Logical_Switch_Port", "web1").column("addresses"))
        .contains(NbValue.strings(List.of("0a:00:00:01:00:11 10.0.1.11", "unknown")));
    assertThat(nb.notes()).singleElement().asString().startsWith("switch web: floods unknown unicast");
  }

  @Test
  void natNeedsAGatewayOnTheUplink() {
    // Validation already asks snat and dnat rules for a gateway; OVN needs one for floating IPs too.
    Topology noGateway = floatingIpsWithoutGateway();
    assertThat(errors(noGateway)).extracting(e -> e.code() + " " + e.path())
        .containsExactly("NAT_WITHOUT_GATEWAY router r / nat fip");
    Topology noUplink =
        TestTopologies.editSwitch(
            RoutedFixture.topology(), "outside", s -> s.ports(s.build().ports().stream().filter(p -> p.kind() != PortKind.LOCALNET).toList()));
    assertThat(errors(noUplink)).extracting(ModelError::code).contains(OvnErrorCode.GATEWAY_WITHOUT_UPLINK);
    Topology offGateway =
        TestTopologies.editRouter(
            RoutedFixture.topology(),
            "r",
            r -> r.addNat(new NatRule.Builder().id("inside").type(NatType.DNAT)
                .externalIp(IpAddress.parse("10.0.1.200")).logical(IpPrefix.parse("10.0.1.12/32")).build()));
    assertThat(errors(offGateway)).extracting(e -> e.code() + " " + e.path())
        .containsExactly("NAT_OFF_GATEWAY router r / nat inside");
  }

  @Test
  void switchAndRouterPortsMayNotShareAName() {
    Topology t =
        TestTopologies.editRouter(
            THREE_TIER, "r1", r -> r.addPort(TestTopologies.routerPort("web1", "10.9.0.1/24", "0a:00:00:09:00:01")));
    assertThat(errors(t)).extracting(e -> e.code() + " " + e.path()).containsExactly("PORT_NAME_CLASH router r1 / port web1");
  }

  /** The routed fixture with its floating IPs only, and no gateway. */
  private static Topology floatingIpsWithoutGateway() {
    LogicalRouter r = RoutedFixture.topology().routerById("r").orElseThrow();
    return TestTopologies.editRouter(
        RoutedFixture.topology(),
        "r",
        b -> b.gateway(java.util.Optional.empty())
            .nats(r.nats().stream().filter(n -> n.type() == NatType.FLOATING_IP).toList()));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Topology t =
        TestTopologies.editSwitch(
            floatingIpsWithoutGateway(),
            "inside",
            s -> s.addAcl(rule("p", 10, AclAction.PASS)).unknownUnicast(UnknownUnicast.FLOOD));
    assertThat(errors(t)).extracting(ModelError::code)
        .contains(OvnErrorCode.ACL_PASS, OvnErrorCode.UNKNOWN_UNICAST_FLOOD, OvnErrorCode.NAT_WITHOUT_GATEWAY);
  }

  @Test
  void pinnedKeysAreRequestedFromNorthd() {
    Topology t =
        TestTopologies.editPort(TestTopologies.editSwitch(THREE_TIER, "web", s -> s.key(77)), "web1", p -> p.key(5));
    NorthboundExport nb = export(t);
    assertThat(row(nb, "Logical_Switch", "web").column("other_config")).contains(NbValue.map(Map.of("requested-tnl-key", "77")));
    assertThat(row(nb, "Logical_Switch_Port", "web1").column("options")).contains(NbValue.map(Map.of("requested-tnl-key", "5")));
  }

  @Test
  void aLocalnetPortTakesUnknownDestinationsOnItsVlan() {
    Topology t =
        TestTopologies.editSwitch(
            THREE_TIER,
            "web",
            s -> s.addPort(new SwitchPort.Builder().id("web-ln").kind(PortKind.LOCALNET).network("physnet").vlan(100).build()));
    NbRow ln = row(export(t), "Logical_Switch_Port", "web-ln");
    assertThat(ln.string("type")).contains("localnet");
    assertThat(ln.column("addresses")).contains(NbValue.strings(List.of("unknown")));
    assertThat(ln.column("tag_request")).contains(NbValue.of(100));
    assertThat(ln.column("options")).contains(NbValue.map(Map.of("network_name", "physnet")));
  }

  @Test
  void aRouteWithoutNextHopIsOnLink() {
    Topology t =
        TestTopologies.editRouter(
            THREE_TIER, "r1", r -> r.addRoute(new StaticRoute.Builder().id("x").prefix(IpPrefix.parse("10.9.0.0/16")).port("r1-db").build()));
    NbRow route = export(t).rowByUuidName("route_r1__x").orElseThrow();
    assertThat(route.string("nexthop")).contains("");
    assertThat(route.column("output_port")).contains(NbValue.set(NbValue.of("r1-db")));
  }

  @Test
  void macsPrintAsOvnWritesThem() {
    assertThat(MacAddress.parse("0A-00-00-01-00-11").toString()).isEqualTo("0a:00:00:01:00:11");
  }
}
