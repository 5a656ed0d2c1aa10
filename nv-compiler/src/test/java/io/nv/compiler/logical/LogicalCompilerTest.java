package io.nv.compiler.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.fixtures.TestTopologies;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.flow.Stages;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyAction;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.StaticRoute;
import io.nv.model.validate.ValidatedTopology;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LogicalCompilerTest {
  static Stream<Arguments> topologies() {
    return Stream.of(
        Arguments.of("three-tier", TestTopologies.threeTier()),
        Arguments.of("two-tenants", TestTopologies.twoTenants()),
        Arguments.of("vl2-flat", TestTopologies.flat()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void compilingTwiceGivesEqualFlowsInTheSameOrder(String name, Topology t) {
    ValidatedTopology v = TestTopologies.validated(t);
    LogicalPipelines a = LogicalCompiler.compile(v);
    LogicalPipelines b = LogicalCompiler.compile(TestTopologies.validated(t));
    assertThat(b).isEqualTo(a);
    assertThat(b.flows()).containsExactlyElementsOf(a.flows());
    assertThat(b.flows().stream().map(Flow::toString).toList())
        .containsExactlyElementsOf(a.flows().stream().map(Flow::toString).toList());
    assertThat(a.flowCount()).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void theParallelCompileGivesTheSequentialPipelinesInTheSameOrder(String name, Topology t) {
    ValidatedTopology v = TestTopologies.validated(t);
    LogicalPipelines sequential = LogicalCompiler.compile(v);
    for (int i = 0; i < 5; i++) {
      LogicalPipelines parallel = LogicalCompiler.compileParallel(v);
      assertThat(parallel).isEqualTo(sequential);
      assertThat(parallel.flows()).containsExactlyElementsOf(sequential.flows());
    }
  }

  @Test
  void theParallelCompileOfAManyDatapathTopologyIsTheSequentialOne() {
    // Enough datapaths that the fork-join pool splits the work, with shared ACL texts and
    // address sets parsed by whichever thread comes first.
    ValidatedTopology v = TestTopologies.validated(io.nv.model.workload.OvnLike.topology(40, 6, 5));
    LogicalPipelines sequential = LogicalCompiler.compile(v);
    assertThat(LogicalCompiler.compileParallel(v)).isEqualTo(sequential);
    assertThat(LogicalCompiler.compileParallel(v).flows()).containsExactlyElementsOf(sequential.flows());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void eachDatapathCompiledAloneEqualsItsPartOfTheWhole(String name, Topology t) {
    ValidatedTopology v = TestTopologies.validated(t);
    LogicalPipelines all = LogicalCompiler.compile(v);
    assertThat(all.datapaths().stream().map(LogicalDatapath::datapath).toList())
        .containsExactlyElementsOf(LogicalCompiler.datapaths(v));
    for (Datapath d : LogicalCompiler.datapaths(v)) {
      assertThat(LogicalCompiler.compileDatapath(v, d)).isEqualTo(all.datapath(d).orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topologies")
  void everyStageEndsWithAFlowThatMatchesEverything(String name, Topology t) {
    for (LogicalDatapath d : LogicalCompiler.compile(TestTopologies.validated(t)).datapaths()) {
      for (Stage s : d.stages()) {
        List<Flow> flows = d.flows(s);
        assertThat(flows).as(d + " " + s).isNotEmpty();
        Flow last = flows.get(flows.size() - 1);
        assertThat(last.priority()).isZero();
        assertThat(last.match().size()).as("only the datapath: " + last).isEqualTo(1);
      }
    }
  }

  @Test
  void aDatapathKnowsItsPortsByIdWithTheirPathsAndCookies() {
    LogicalPipelines p = LogicalCompiler.compile(TestTopologies.validated(TestTopologies.threeTier()));
    for (LogicalDatapath d : p.datapaths()) {
      List<LogicalPort> byId = d.portsById();
      assertThat(byId).containsExactlyInAnyOrderElementsOf(d.ports());
      assertThat(byId).isSortedAccordingTo(java.util.Comparator.comparing(LogicalPort::id));
      for (int i = 0; i < byId.size(); i++) {
        String id = byId.get(i).id();
        assertThat(d.portOrdinal(id)).isEqualTo(i);
        assertThat(d.port(id)).contains(byId.get(i));
        ModelPath path =
            d.datapath().kind() == Datapath.Kind.SWITCH
                ? ModelPath.of("port", id)
                : d.datapath().path().child("port", id);
        assertThat(d.portPath(i)).isEqualTo(path);
        assertThat(d.portCookie(i)).isEqualTo(Flow.cookieOf(path));
        assertThat(d.inportMatch(i)).isEqualTo(io.nv.compiler.flow.FlowMatches.inport(id));
        assertThat(d.outportMatch(i)).isEqualTo(io.nv.compiler.flow.FlowMatches.outport(id));
        assertThat(d.outportMatch(i)).isSameAs(d.outportMatch(i));
      }
      assertThat(d.portOrdinal("no-such-port")).isEqualTo(-1);
      assertThat(d.port("no-such-port")).isEmpty();
    }
  }

  @Test
  void aDatapathKnowsThePortEachGroupBucketOutputsToAndEachGroupsCookie() {
    LogicalPipelines p = LogicalCompiler.compile(TestTopologies.validated(TestTopologies.threeTier()));
    int outputs = 0;
    for (LogicalDatapath d : p.datapaths()) {
      for (int g = 0; g < d.groups().size(); g++) {
        assertThat(d.groupCookie(g)).isEqualTo(Flow.cookieOf(d.groups().get(g).provenance()));
        List<io.nv.compiler.flow.Group.Bucket> buckets = d.groups().get(g).buckets();
        for (int b = 0; b < buckets.size(); b++) {
          String port =
              buckets.get(b).actions().stream()
                  .filter(a -> a instanceof io.nv.compiler.flow.Action.Output)
                  .map(a -> ((io.nv.compiler.flow.Action.Output) a).port())
                  .findFirst()
                  .orElse(null);
          int expected = port == null ? -1 : d.portsById().indexOf(d.port(port).orElseThrow());
          assertThat(d.bucketPort(g, b)).as(d.groups().get(g).name() + " bucket " + b).isEqualTo(expected);
          outputs += port == null ? 0 : 1;
        }
      }
    }
    // three-tier floods on every switch: the check above saw real buckets.
    assertThat(outputs).isPositive();
  }

  @Test
  void eachDatapathsPeersAreTheDatapathsItsPortsLinkTo() {
    LogicalPipelines p = LogicalCompiler.compile(TestTopologies.validated(TestTopologies.routingNat()));
    int links = 0;
    for (LogicalDatapath d : p.datapaths()) {
      List<LogicalDatapath> expected =
          d.ports().stream()
              .flatMap(x -> x.peerDatapath().stream())
              .distinct()
              .map(x -> p.datapath(x).orElseThrow())
              .toList();
      assertThat(p.peers(d)).as(d.datapath().toString()).containsExactlyElementsOf(expected);
      links += expected.size();
    }
    assertThat(links).as("routing-nat has router links").isPositive();
    LogicalDatapath elsewhere =
        LogicalCompiler.compile(TestTopologies.validated(TestTopologies.threeTier())).datapaths().asList().get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.peers(elsewhere))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDatapathKnowsWhetherItHasALocalnetPort() {
    LogicalPipelines nat = LogicalCompiler.compile(TestTopologies.validated(TestTopologies.routingNat()));
    for (LogicalDatapath d : nat.datapaths()) {
      assertThat(d.hasLocalnet())
          .as(d.datapath().toString())
          .isEqualTo(d.ports().stream().anyMatch(p -> p.role() == LogicalPort.Role.LOCALNET));
    }
    assertThat(nat.datapaths()).anyMatch(LogicalDatapath::hasLocalnet);
    assertThat(LogicalCompiler.compile(TestTopologies.validated(TestTopologies.threeTier())).datapaths())
        .noneMatch(LogicalDatapath::hasLocalnet);
  }

  @Test
  void flowsAreInCanonicalOrder() {
    LogicalDatapath web =
        LogicalCompiler.compileDatapath(
            TestTopologies.validated(TestTopologies.threeTier()), Datapath.ofSwitch("web"));
    List<Flow> flows = web.flows();
    for (int i = 1; i < flows.size(); i++) {
      Flow a = flows.get(i - 1);
      Flow b = flows.get(i);
      int byStage = a.stage().compareTo(b.stage());
      assertThat(byStage).isLessThanOrEqualTo(0);
      if (byStage == 0) {
        assertThat(a.priority()).isGreaterThanOrEqualTo(b.priority());
        if (a.priority() == b.priority()) {
          assertThat(a.match().compareTo(b.match())).as(a + "\n" + b).isNegative();
        }
      }
    }
  }

  @Test
  void switchesAndRoutersHaveTheirStagesAndLinks() {
    LogicalPipelines p = LogicalCompiler.compile(TestTopologies.validated(TestTopologies.threeTier()));
    LogicalDatapath web = p.datapath(Datapath.ofSwitch("web")).orElseThrow();
    assertThat(web.stages().stream().map(Stage::name))
        .containsExactly(
            "port-security", "lb-unsnat", "pre-acl", "acl-tier0", "acl-tier1", "acl-tier2",
            "acl-tier3", "acl-default", "lb", "lb-hairpin", "stateful", "arp-responder",
            "l2-lookup", "pre-acl", "acl-tier0", "acl-tier1", "acl-tier2", "acl-tier3",
            "acl-default", "stateful", "port-security-ip", "port-security-l2", "output");
    assertThat(web.port("web-r1").orElseThrow())
        .isEqualTo(
            LogicalPort.linked("web-r1", LogicalPort.Role.ROUTER_LINK, Datapath.ofRouter("r1"), "r1-web"));
    LogicalDatapath r1 = p.datapath(Datapath.ofRouter("r1")).orElseThrow();
    assertThat(r1.stages().stream().map(Stage::name))
        .containsExactly(
            "admission", "un-snat", "dnat", "ip-input", "routing", "policy", "arp-resolve",
            "un-dnat", "snat", "delivery");
    assertThat(r1.port("r1-db").orElseThrow().peerPort()).contains("db-r1");
    assertThat(web.group("load-balancer web-lb / vip http")).isPresent();
    assertThat(web.group("switch web / l2-lookup").orElseThrow().buckets()).hasSize(2);
    assertThat(p.switchOfPort("db1")).contains(Datapath.ofSwitch("db"));
  }

  @Test
  void routesArePrioritisedByPrefixLength() {
    LogicalDatapath r1 =
        LogicalCompiler.compileDatapath(
            TestTopologies.validated(TestTopologies.threeTier()), Datapath.ofRouter("r1"));
    assertThat(r1.flows(Stages.ROUTER_IN_ROUTING).stream().map(Flow::priority))
        .containsExactly(50, 50, 50, 0);
  }

  @Test
  void staticRoutesPoliciesAndNatCompileIntoTheirStages() {
    Topology withExtras =
        TestTopologies.editRouter(
            TestTopologies.threeTier(),
            "r1",
            r ->
                r.gateway("hv1")
                    .addRoute(
                        new StaticRoute.Builder()
                            .id("default")
                            .prefix(IpPrefix.parse("0.0.0.0/0"))
                            .nextHop(IpAddress.parse("10.0.3.254"))
                            .build())
                    .addPolicy(
                        new PolicyRoute.Builder()
                            .id("no-web-db")
                            .priority(100)
                            .match("ip4.src == 10.0.1.0/24 && ip4.dst == 10.0.3.0/24")
                            .action(PolicyAction.DROP)
                            .build())
                    .addNat(
                        new NatRule.Builder()
                            .id("snat")
                            .type(NatType.SNAT)
                            .externalIp(IpAddress.parse("10.0.3.200"))
                            .logical(IpPrefix.parse("10.0.1.0/24"))
                            .build()));
    LogicalDatapath r1 =
        LogicalCompiler.compileDatapath(TestTopologies.validated(withExtras), Datapath.ofRouter("r1"));
    // The default route sits below every connected subnet; connected routes beat static ones.
    assertThat(r1.flows(Stages.ROUTER_IN_ROUTING).stream().map(Flow::priority))
        .containsExactly(50, 50, 50, 1, 0);
    assertThat(r1.flows(Stages.ROUTER_IN_ROUTING).get(3).provenance())
        .isEqualTo(ModelPath.parse("router r1 / route default"));
    Flow policy = r1.flows(Stages.ROUTER_IN_POLICY).get(0);
    assertThat(policy.priority()).isEqualTo(101);
    assertThat(policy.actions()).containsExactly(Actions.drop());
    // SNAT on the port whose subnet holds the external address, un-SNAT of replies arriving there.
    assertThat(r1.flows(Stages.ROUTER_OUT_SNAT).get(0).match().toString())
        .contains("outport=\"r1-db\"", "ip4.src=10.0.1.0/24");
    assertThat(r1.flows(Stages.ROUTER_IN_UNSNAT).get(0).match().toString())
        .contains("inport=\"r1-db\"", "ip4.dst=10.0.3.200");
  }

  @Test
  void aSwitchPortsFlowsShareItsTestsAndPaths() {
    // One object per test that names a port or its MAC, per ARP operation and target, and per
    // path under a port, however many of the switch's flows hold it.
    ValidatedTopology v = TestTopologies.validated(io.nv.model.workload.OvnLike.topology(3, 4, 2));
    Map<Object, Set<Object>> copies = new HashMap<>();
    for (LogicalDatapath d : LogicalCompiler.compile(v).datapaths()) {
      if (d.datapath().kind() != Datapath.Kind.SWITCH) {
        continue;
      }
      for (Flow f : d.flows()) {
        for (FieldMatch m : f.match().fields()) {
          if (SHARED.contains(m.field())) {
            copies.computeIfAbsent(m, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(m);
          }
        }
        String path = f.provenance().toString();
        if (path.startsWith("port ") && (path.endsWith("/ port-security") || path.endsWith("/ conntrack"))) {
          copies.computeIfAbsent(f.provenance(), k -> Collections.newSetFromMap(new IdentityHashMap<>()))
              .add(f.provenance());
        }
      }
    }
    // 12 ports: an inport and outport test each, 12 MACs, 2 ARP operations at least; paths too.
    assertThat(copies.keySet()).hasSizeGreaterThan(3 * 12);
    assertThat(copies.keySet()).anyMatch(k -> k instanceof ModelPath);
    assertThat(copies.values()).allSatisfy(same -> assertThat(same).hasSize(1));
  }

  private static final Set<Field> SHARED =
      Set.of(Field.INPORT, Field.OUTPORT, Field.ETH_SRC, Field.ETH_DST, Field.ARP_SHA, Field.ARP_OP, Field.ARP_TPA);

  @Test
  void unknownDatapathsAreProgrammerErrors() {
    ValidatedTopology v = TestTopologies.validated(TestTopologies.threeTier());
    assertThatThrownBy(() -> LogicalCompiler.compileDatapath(v, Datapath.ofSwitch("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switch nope");
  }
}
