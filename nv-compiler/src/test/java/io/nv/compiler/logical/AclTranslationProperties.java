package io.nv.compiler.logical;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.fixtures.TestTopologies;
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
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.match.Match;
import io.nv.model.match.MatchContext;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.semantics.Verdict;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random ACL matches compiled to flows (disjunctions, negations, sets, ranges, address sets, port
 * groups, conjunctive matches) select exactly the packets the match language's own evaluator
 * selects. Seeded; the seed of a failure is printed, and {@code -Dnv.seed=…} replays it.
 */
class AclTranslationProperties {
  static final MacAddress P1 = MacAddress.parse("0a:00:00:00:00:01");
  static final MacAddress P2 = MacAddress.parse("0a:00:00:00:00:02");
  static final MacAddress OTHER = MacAddress.parse("0a:00:00:00:00:99");
  static final List<IpPrefix> SET =
      List.of(
          IpPrefix.parse("10.0.0.0/30"), IpPrefix.parse("10.1.0.0/16"),
          IpPrefix.parse("2001:db8::/126"));

  static final String[] V4 = {
    "10.0.0.1", "10.0.0.2", "10.0.0.0/30", "10.0.0.0/24", "10.1.2.3", "0.0.0.0/0", "$S",
    "{10.0.0.1, 10.1.0.0/16}", "$g_ip4", "10.0.0.1/255.0.0.255"
  };
  static final String[] V6 = {"2001:db8::1", "2001:db8::/126", "$S", "{2001:db8::2, 2001:db9::/32}", "$g_ip6"};
  static final String[] PORTS = {
    "80", "443", "{80, 443}", "{22, 80, 1024}", "0x50/0xfff0", "1024", "65535", "0"
  };
  static final String[] ORDERING = {"<", "<=", ">", ">="};

  /** A topology where {@code match} is the only rule (to-port ALLOW) before default-deny. */
  static Topology topology(String match) {
    SwitchPort p1 =
        new SwitchPort.Builder().id("p1").mac(P1).addIp(IpAddress.parse("10.0.0.1"))
            .addIp(IpAddress.parse("2001:db8::1")).build();
    SwitchPort p2 =
        new SwitchPort.Builder().id("p2").mac(P2).addIp(IpAddress.parse("10.0.0.2"))
            .addIp(IpAddress.parse("2001:db8::2")).build();
    SwitchPort p3 = TestTopologies.vif("p3", "10.0.0.3", "0a:00:00:00:00:03");
    return new Topology.Builder()
        .addTenant(Tenant.of("t"))
        .addSwitch(
            new LogicalSwitch.Builder()
                .id("s")
                .tenant("t")
                .addSubnet(IpPrefix.parse("10.0.0.0/16"))
                .addSubnet(IpPrefix.parse("2001:db8::/64"))
                .addPort(p1)
                .addPort(p2)
                .addPort(p3)
                .defaultDeny(DefaultDeny.TO_PORT)
                .addAcl(
                    new AclRule.Builder()
                        .id("r")
                        .direction(Direction.TO_PORT)
                        .priority(10)
                        .match(match)
                        .action(AclAction.ALLOW)
                        .build())
                .build())
        .addAddressSet(new AddressSet.Builder().id("S").tenant("t").addAllAddresses(SET).build())
        .addPortGroup(new PortGroup.Builder().id("g").tenant("t").addPort("p2").addPort("p3").build())
        .build();
  }

  static final MatchContext CONTEXT =
      MatchContext.of(
          Map.of(
              "S", SET,
              "g_ip4", List.of(IpPrefix.parse("10.0.0.2/32"), IpPrefix.parse("10.0.0.3/32")),
              "g_ip6", List.of(IpPrefix.parse("2001:db8::2/128"))),
          Map.of("g", List.of("p2", "p3")));

  static <T> T pick(SplittableRandom r, T[] a) {
    return a[r.nextInt(a.length)];
  }

  static String atom(SplittableRandom r) {
    String rel = r.nextInt(4) == 0 ? "!=" : "==";
    return switch (r.nextInt(16)) {
      case 0 -> "ip4.src " + rel + " " + pick(r, V4);
      case 1 -> "ip4.dst " + rel + " " + pick(r, V4);
      case 2 -> "ip6.src " + rel + " " + pick(r, V6);
      case 3 -> "ip6.dst " + rel + " " + pick(r, V6);
      case 4 -> pick(r, new String[] {"tcp", "udp"}) + ".dst " + rel + " " + pick(r, PORTS);
      case 5 -> "tcp.src " + pick(r, ORDERING) + " " + r.nextInt(70000 % 65536);
      case 6 -> pick(r, new String[] {"tcp", "udp"}) + ".dst " + pick(r, ORDERING) + " " + r.nextInt(1200);
      case 7 -> "ip.proto == " + pick(r, new String[] {"6", "17", "1", "47", "{6, 17}"});
      case 8 -> "ip.ttl == " + pick(r, new String[] {"64", "1"});
      case 9 -> "eth.src " + rel + " " + pick(r, new String[] {"0a:00:00:00:00:01", "0a:00:00:00:00:00/ff:00:00:00:00:ff", "{0a:00:00:00:00:01, 0a:00:00:00:00:99}"});
      case 10 -> "inport == " + pick(r, new String[] {"\"p1\"", "\"p3\"", "@g", "{\"p1\", \"p2\"}"});
      case 11 -> "outport == " + pick(r, new String[] {"\"p2\"", "@g", "{\"p1\", \"p3\"}"});
      case 12 -> pick(r, new String[] {"tcp", "udp", "icmp", "icmp4", "icmp6", "ip4", "ip6", "ip", "1"});
      case 13 -> pick(r, new String[] {"eth.bcast", "!eth.bcast", "eth.mcast", "!eth.mcast", "!vlan.present"});
      case 14 -> "icmp4.type == " + pick(r, new String[] {"8", "0", "{0, 8}"});
      default -> "tcp.flags == " + pick(r, new String[] {"0x2/0x12", "0x12", "0x10/0x10"});
    };
  }

  static String match(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return atom(r);
    }
    return switch (r.nextInt(3)) {
      case 0 -> "(" + match(r, depth - 1) + " && " + match(r, depth - 1) + ")";
      case 1 -> "(" + match(r, depth - 1) + " || " + match(r, depth - 1) + ")";
      default -> "!(" + match(r, depth - 1) + ")";
    };
  }

  static Packet packet(SplittableRandom r) {
    MacAddress src = r.nextInt(4) == 0 ? OTHER : P1;
    int kind = r.nextInt(10);
    if (kind == 0) {
      return Packets.ethernet(src, P2, 0x88b5);
    }
    if (kind == 1) {
      return new Packet.Builder().ethSrc(src).ethDst(P2)
          .arp(new Packet.Arp(2, src, Ipv4Address.parse("10.0.0.1"), P2, Ipv4Address.parse("10.0.0.2")))
          .build();
    }
    boolean v6 = r.nextInt(3) == 0;
    IpAddress s =
        IpAddress.parse(
            v6 ? pick(r, new String[] {"2001:db8::1", "2001:db8::3", "2001:db9::1", "2001:db8::2"})
                : pick(r, new String[] {"10.0.0.1", "10.0.0.3", "10.1.2.3", "10.2.0.1", "10.0.0.2"}));
    IpAddress d =
        IpAddress.parse(
            v6 ? pick(r, new String[] {"2001:db8::2", "2001:db8::5"})
                : pick(r, new String[] {"10.0.0.2", "10.0.1.2", "10.1.0.2"}));
    int[] ports = {80, 443, 79, 81, 1024, 0x55, 22, 65535, 0, 1100, 40000};
    int sp = ports[r.nextInt(ports.length)];
    int dp = ports[r.nextInt(ports.length)];
    Packet p =
        switch (r.nextInt(4)) {
          case 0 -> Packets.tcp(src, P2, s, d, sp, dp, new int[] {0x2, 0x12, 0x10}[r.nextInt(3)]);
          case 1 -> Packets.udp(src, P2, s, d, sp, dp);
          case 2 -> r.nextBoolean()
              ? Packets.icmpEcho(src, P2, s, d)
              : Packets.icmpEchoReply(src, P2, s, d);
          default -> Packets.ipPacket(src, P2, s, d, IpProtocol.valueOf(47));
        };
    return r.nextInt(5) == 0 ? p.withTtl(1) : p;
  }

  @Test
  void compiledAclsSelectWhatTheMatchSelects() {
    long seed = Long.getLong("nv.seed", new SplittableRandom().nextLong());
    SplittableRandom r = new SplittableRandom(seed);
    int checked = 0;
    for (int i = 0; i < 400; i++) {
      String text = match(r, 3);
      if (Match.tryParse(text).isLeft()) {
        continue;
      }
      Match m = Match.parse(text);
      Tracer tracer = Tracer.of(LogicalCompiler.compile(TestTopologies.validated(topology(text))));
      for (int k = 0; k < 25; k++) {
        Packet p = packet(r);
        Trace t = tracer.trace("p1", p);
        boolean ip = p.ip().isPresent();
        boolean expected = !ip || m.matches(p.withInport("p1").withOutport("p2"), CONTEXT);
        java.util.function.Supplier<String> why =
            () -> "seed " + seed + " (replay with -Dnv.seed=" + seed + "): match " + m + "\npacket "
                + p + "\n" + TraceText.render(t, true);
        if (expected) {
          assertThat(t.verdict()).as(why).isInstanceOf(Verdict.Delivered.class);
        } else {
          assertThat(t.verdict())
              .as(why)
              .isEqualTo(new Verdict.Dropped(ModelPath.parse("switch s / default-deny")));
        }
        checked++;
      }
    }
    assertThat(checked).as("seed " + seed).isGreaterThan(2000);
  }
}
