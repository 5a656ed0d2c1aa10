package io.nv.compiler.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.fixtures.TestTopologies;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.ModelPath;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flow-count formula of docs/flow-ir.md: an ACL rule whose set-valued dimensions have sizes
 * {@code s1…sk} ({@code k >= 2} of them larger than 1) compiles to {@code s1 + … + sk + 1} flows
 * per IP version it matches, not {@code s1 · … · sk}; and the conjunctive flows mean what the rule
 * says.
 */
class FlowCountTest {
  static final ModelPath RULE = ModelPath.parse("port-group g / acl r");

  /**
   * Switch s with a sender VIF (no port security) and {@code members} VIFs in default-deny port
   * group g, whose to-port rule r allows {@code match}; address set A holds {@code addresses}
   * /32s, the first of which is the sender's address.
   */
  static Topology topology(int addresses, int members, String match) {
    LogicalSwitch.Builder s =
        new LogicalSwitch.Builder().id("s").tenant("t").addSubnet(IpPrefix.parse("10.0.0.0/16"));
    s.addPort(
        new SwitchPort.Builder()
            .id("sender")
            .mac(MacAddress.parse("0a:00:00:00:ff:ff"))
            .addIp(IpAddress.parse("10.0.255.1"))
            .build());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      String id = "m" + i;
      ids.add(id);
      s.addPort(TestTopologies.vif(id, "10.0.0." + (i + 10), String.format("0a:00:00:00:00:%02x", i + 16)));
    }
    AddressSet.Builder a = new AddressSet.Builder().id("A").tenant("t");
    a.addAddress(IpPrefix.parse("10.0.255.1/32"));
    for (int i = 1; i < addresses; i++) {
      a.addAddress(IpPrefix.parse("10.9." + (i / 256) + "." + (i % 256) + "/32"));
    }
    return new Topology.Builder()
        .addTenant(Tenant.of("t"))
        .addSwitch(s.build())
        .addAddressSet(a.build())
        .addPortGroup(
            new PortGroup.Builder()
                .id("g")
                .tenant("t")
                .addAllPorts(ids)
                .defaultDeny(DefaultDeny.TO_PORT)
                .addAcl(
                    new AclRule.Builder()
                        .id("r")
                        .direction(Direction.TO_PORT)
                        .priority(100)
                        .match(match)
                        .action(AclAction.ALLOW_RELATED)
                        .build())
                .build())
        .build();
  }

  static List<Flow> ruleFlows(Topology t) {
    return LogicalCompiler.compileDatapath(TestTopologies.validated(t), Datapath.ofSwitch("s"))
        .flows()
        .stream()
        .filter(f -> f.provenance().equals(RULE))
        .toList();
  }

  /** The formula: sizes larger than 1 are the set-valued dimensions. */
  static int formula(int... sizes) {
    int dims = 0;
    int sum = 0;
    int single = 1;
    for (int s : sizes) {
      if (s > 1) {
        dims++;
        sum += s;
        single = s;
      }
    }
    return dims >= 2 ? sum + 1 : single;
  }

  static String ports(int n) {
    return IntStream.range(0, n).mapToObj(i -> Integer.toString(1000 + i)).collect(Collectors.joining(", ", "{", "}"));
  }

  @ParameterizedTest(name = "|A|={0}, ports={1}, members={2}")
  @CsvSource({"1,1,1", "1,1,4", "1,5,3", "2,2,2", "5,3,4", "10,10,10", "50,20,30", "200,60,100"})
  void setsGrowFlowsWithTheSum(int a, int b, int c) {
    List<Flow> flows = ruleFlows(topology(a, c, "ip4.src == $A && tcp.dst == " + ports(b)));
    assertThat(flows).hasSize(formula(a, b, c));
    if (a > 1 && b > 1 && c > 1) {
      assertThat(flows.size()).isLessThan(a * b * c);
    }
  }

  @ParameterizedTest(name = "|A|={0}, range {1}..{2}, members={3}")
  @CsvSource({"3,1000,2000,2", "10,1,65534,5", "40,1024,1024,7", "100,8080,8090,50"})
  void portRangesAreOneDimension(int a, int low, int high, int c) {
    List<Flow> flows =
        ruleFlows(topology(a, c, "ip4.src == $A && tcp.dst >= " + low + " && tcp.dst <= " + high));
    assertThat(flows).hasSize(formula(a, prefixCount(0, 65535, low, high), c));
  }

  @ParameterizedTest(name = "members={0}")
  @CsvSource({"1", "3", "17"})
  void ipVersionsMultiplyOnlyWhenTheMatchLeavesThemOpen(int c) {
    // tcp.dst alone holds for IPv4 and IPv6: one set of flows per version.
    assertThat(ruleFlows(topology(1, c, "tcp.dst == {80, 443}"))).hasSize(2 * formula(2, c));
  }

  @ParameterizedTest(name = "|A|={0}, ports={1}, members={2}")
  @CsvSource({"4,3,3", "20,5,8"})
  void conjunctiveFlowsMeanWhatTheRuleSays(int a, int b, int c) {
    Topology t = topology(a, c, "ip4.src == $A && tcp.dst == " + ports(b));
    Tracer tracer = Tracer.of(LogicalCompiler.compile(TestTopologies.validated(t)));
    MacAddress sender = MacAddress.parse("0a:00:00:00:ff:ff");
    for (int m = 0; m < c; m += Math.max(1, c / 3)) {
      MacAddress mac = MacAddress.parse(String.format("0a:00:00:00:00:%02x", m + 16));
      IpAddress ip = IpAddress.parse("10.0.0." + (m + 10));
      for (int port : new int[] {1000, 1000 + b - 1, 1000 + b, 999}) {
        for (String src : new String[] {"10.0.255.1", "10.0.255.2"}) {
          Trace tr =
              tracer.trace(
                  "sender", Packets.tcp(sender, mac, IpAddress.parse(src), ip, 40000, port));
          boolean allowed = src.equals("10.0.255.1") && port >= 1000 && port < 1000 + b;
          if (allowed) {
            assertThat(tr.verdict()).as(TraceText.render(tr, true)).isInstanceOf(Verdict.Delivered.class);
          } else {
            assertThat(tr.verdict())
                .as(TraceText.render(tr, true))
                .isEqualTo(new Verdict.Dropped(ModelPath.parse("port-group g / default-deny")));
          }
        }
      }
    }
  }

  /** Minimal prefix cover size of [low, high] inside the aligned block [lo, hi], by splitting. */
  static int prefixCount(int lo, int hi, int low, int high) {
    if (hi < low || lo > high) {
      return 0;
    }
    if (low <= lo && hi <= high) {
      return 1;
    }
    int mid = lo + (hi - lo) / 2;
    return prefixCount(lo, mid, low, high) + prefixCount(mid + 1, hi, low, high);
  }
}
