package io.nv.compiler.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowMatchTest {
  static final Datapath WEB = Datapath.ofSwitch("web");

  @Test
  void matchesPrintInFieldOrder() {
    FlowMatch m =
        FlowMatches.match(
            FlowMatches.l4Dst(80), FlowMatches.tcp(), FlowMatches.ip4(), FlowMatches.datapath(WEB),
            FlowMatches.outport("web1"));
    assertThat(m.toString())
        .isEqualTo("datapath=\"switch web\", outport=\"web1\", eth.type=0x0800, ip.proto=6, l4.dst=80");
    assertThat(FlowMatch.ANY.toString()).isEqualTo("*");
  }

  /**
   * Values, tests and datapaths write out their equals and hashCode: equal exactly when every
   * component is, with the hash the record's own would give (31 times the hash so far, plus the
   * next component's), so that no map's order moves.
   */
  @Test
  void valuesTestsAndDatapathsAreEqualByTheirComponents() {
    FieldValue v = FieldValue.of(1, 2);
    assertThat(v).isEqualTo(FieldValue.of(1, 2)).hasSameHashCodeAs(FieldValue.of(1, 2));
    assertThat(v).isNotEqualTo(FieldValue.of(0, 2)).isNotEqualTo(FieldValue.of(1, 3)).isNotEqualTo("1:2");
    assertThat(FieldValue.name("a")).isEqualTo(FieldValue.name("a")).isNotEqualTo(FieldValue.name("b"));
    assertThat(FieldValue.name("a")).isNotEqualTo(FieldValue.ZERO);
    assertThat(v.hashCode()).isEqualTo((Long.hashCode(1) * 31 + Long.hashCode(2)) * 31);
    assertThat(FieldValue.name("a").hashCode()).isEqualTo("a".hashCode());

    FieldMatch m = FieldMatch.masked(Field.L4_DST, 80, 0xfff0);
    assertThat(m).isEqualTo(FieldMatch.masked(Field.L4_DST, 80, 0xfff0)).hasSameHashCodeAs(m);
    assertThat(FieldMatch.exact(Field.L4_DST, 80))
        .isNotEqualTo(FieldMatch.exact(Field.L4_SRC, 80))
        .isNotEqualTo(FieldMatch.exact(Field.L4_DST, 81))
        .isNotEqualTo(m);
    assertThat(m.hashCode())
        .isEqualTo((Field.L4_DST.hashCode() * 31 + m.value().hashCode()) * 31 + m.mask().hashCode());

    assertThat(WEB).isEqualTo(Datapath.ofSwitch("web")).hasSameHashCodeAs(Datapath.ofSwitch("web"));
    assertThat(WEB).isNotEqualTo(Datapath.ofRouter("web")).isNotEqualTo(Datapath.ofSwitch("db"));
    assertThat(WEB.hashCode()).isEqualTo(Datapath.Kind.SWITCH.hashCode() * 31 + "web".hashCode());
  }

  @Test
  void prerequisitesAreRequired() {
    assertThatThrownBy(() -> FlowMatches.match(FlowMatches.l4Dst(80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs ip.proto in {6, 17, 132}");
    assertThatThrownBy(() -> FlowMatches.match(FlowMatches.tcp(), FlowMatches.l4Dst(80)))
        .hasMessageContaining("needs eth.type in {0x0800, 0x86dd}");
    assertThatThrownBy(() -> FlowMatches.match(FlowMatches.ip6(), FlowMatches.ipSrc(IpAddress.parse("10.0.0.1"))))
        .hasMessageContaining("needs eth.type in {0x0800}");
    assertThatThrownBy(
            () -> FlowMatches.match(FlowMatches.ip4(), FlowMatches.icmp4(), FlowMatches.l4Dst(1)))
        .hasMessageContaining("l4.dst");
    assertThat(FlowMatches.match(FlowMatches.ip6(), FlowMatches.udp(), FlowMatches.l4Src(53)).size()).isEqualTo(3);
  }

  @Test
  void aFieldIsTestedOnce() {
    assertThatThrownBy(() -> FlowMatches.match(FlowMatches.ip4(), FlowMatches.ip6()))
        .hasMessageContaining("eth.type appears twice");
    // Apart, in field order, or the other way round: found either way.
    assertThatThrownBy(
            () -> FlowMatch.of(FlowMatches.datapath(WEB), FlowMatches.outport("a"), FlowMatches.outport("b")))
        .hasMessageContaining("outport appears twice");
    assertThatThrownBy(
            () -> FlowMatch.of(FlowMatches.outport("a"), FlowMatches.datapath(WEB), FlowMatches.outport("b")))
        .hasMessageContaining("outport appears twice");
  }

  @Test
  void aTestAndAListMakeTheSameMatch() {
    FieldMatch dp = FlowMatches.datapath(WEB);
    List<FieldMatch> rest = new ArrayList<>(List.of(FlowMatches.ip4(), FlowMatches.tcp(), FlowMatches.l4Dst(80)));
    FlowMatch m = FlowMatch.of(dp, rest);
    assertThat(m).isEqualTo(FlowMatch.of(dp, FlowMatches.ip4(), FlowMatches.tcp(), FlowMatches.l4Dst(80)));
    assertThat(m.fields()).containsExactly(dp, rest.get(0), rest.get(1), rest.get(2));
    // Out of field order (the first one last of all), alone, and with the list changed afterwards.
    assertThat(FlowMatch.of(FlowMatches.l4Dst(80), List.of(FlowMatches.tcp(), dp, FlowMatches.ip4())))
        .isEqualTo(m);
    assertThat(FlowMatch.of(dp, List.of()).fields()).containsExactly(dp);
    rest.clear();
    assertThat(m.fields()).hasSize(4);
    assertThatThrownBy(() -> FlowMatch.of(dp, List.of(FlowMatches.outport("a"), FlowMatches.outport("b"))))
        .hasMessageContaining("outport appears twice");
    assertThatThrownBy(() -> FlowMatch.of(dp, List.of(FlowMatches.l4Dst(80))))
        .hasMessageContaining("needs ip.proto");
  }

  @Test
  void theOrderTheTestsAreGivenInDoesNotMatter() {
    FieldMatch[] inOrder = {
      FlowMatches.datapath(WEB), FlowMatches.outport("web1"), FlowMatches.ip4(), FlowMatches.tcp(),
      FlowMatches.l4Dst(80)
    };
    FlowMatch sorted = FlowMatch.of(inOrder);
    for (int shift = 1; shift < inOrder.length; shift++) {
      FieldMatch[] rotated = new FieldMatch[inOrder.length];
      for (int i = 0; i < inOrder.length; i++) {
        rotated[i] = inOrder[(i + shift) % inOrder.length];
      }
      assertThat(FlowMatch.of(rotated)).isEqualTo(sorted);
      assertThat(FlowMatch.of(rotated).fields()).containsExactly(inOrder);
    }
    // The caller's array is left as it was.
    FieldMatch[] reversed = {inOrder[1], inOrder[0]};
    FlowMatch.of(reversed);
    assertThat(reversed).containsExactly(inOrder[1], inOrder[0]);
  }

  @Test
  void oneAndTwoTestsMatchAsTheGeneralFormDoes() {
    FieldMatch dp = FlowMatches.datapath(WEB);
    FieldMatch out = FlowMatches.outport("web1");
    FieldMatch[] both = {dp, out};
    assertThat(FlowMatch.of(dp, out)).isEqualTo(FlowMatch.of(both));
    assertThat(FlowMatch.of(out, dp).fields()).containsExactly(dp, out);
    assertThat(FlowMatch.of(out)).isEqualTo(FlowMatch.of(new FieldMatch[] {out}));
    assertThatThrownBy(() -> FlowMatch.of(FlowMatches.outport("a"), FlowMatches.outport("b")))
        .hasMessageContaining("outport appears twice");
    assertThatThrownBy(() -> FlowMatch.of(FlowMatches.l4Dst(80), FlowMatches.ip4()))
        .hasMessageContaining("needs ip.proto");
    assertThatThrownBy(() -> FlowMatch.of(FlowMatches.tcp()))
        .hasMessageContaining("needs eth.type");
  }

  @Test
  void masksPrintAsPrefixesOrValueMask() {
    assertThat(FlowMatches.ipSrc(IpPrefix.parse("10.0.0.0/8")).toString()).isEqualTo("ip4.src=10.0.0.0/8");
    assertThat(FlowMatches.ipDst(IpPrefix.parse("2001:db8::/32")).toString()).isEqualTo("ip6.dst=2001:db8::/32");
    assertThat(FlowMatches.ethDstMulticast().toString())
        .isEqualTo("eth.dst=01:00:00:00:00:00/01:00:00:00:00:00");
    assertThat(FieldMatch.masked(Field.L4_DST, 0x3e8, 0xfff8).toString()).isEqualTo("l4.dst=0x3e8/0xfff8");
    assertThat(FlowMatches.ctState(CtState.TRK | CtState.EST, CtState.RPL).toString())
        .isEqualTo("ct.state=+est-rpl+trk");
    assertThat(FlowMatches.ethSrc(MacAddress.parse("0a:00:00:00:00:01")).isExact()).isTrue();
    assertThat(FlowMatches.ipSrc(IpPrefix.parse("10.0.0.0/8")).prefixLength()).isEqualTo(8);
    assertThat(FieldMatch.masked(Field.L4_DST, 0x2, 0x12).prefixLength()).isEqualTo(-1);
  }

  @Test
  void fieldMatchesCheckTheirBits() {
    assertThatThrownBy(() -> new FieldMatch(Field.L4_DST, FieldValue.of(0x13), FieldValue.of(0x12)))
        .hasMessageContaining("bits outside mask");
    assertThatThrownBy(() -> FieldMatch.exact(Field.L4_DST, 0x10000)).hasMessageContaining("bits outside mask");
    assertThatThrownBy(() -> FieldMatch.exact(Field.INPORT, 3)).hasMessageContaining("holds names");
    assertThatThrownBy(() -> FieldMatch.masked(Field.L4_DST, 0, 0)).hasMessageContaining("all-zero mask");
  }

  @Test
  void matchesCompareFieldByField() {
    FlowMatch a = FlowMatches.match(FlowMatches.inport("a"));
    FlowMatch b = FlowMatches.match(FlowMatches.inport("b"));
    assertThat(a.compareTo(b)).isNegative();
    assertThat(a.compareTo(FlowMatches.match(FlowMatches.inport("a")))).isZero();
    assertThat(a).isEqualTo(FlowMatches.match(FlowMatches.inport("a"))).isNotEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(FlowMatches.match(FlowMatches.inport("a")).hashCode());
    assertThat(a.with(FlowMatches.ip4()).without(Field.ETH_TYPE)).isEqualTo(a);
  }

  @Test
  void bitsOutsideAMaskAreThoseThatAndNotLeaves() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xffff, 0xff00ff00ff00ff00L};
    for (int i = 0; i < 2000; i++) {
      FieldValue v = FieldValue.of(pick(r, edges), pick(r, edges));
      FieldValue mask = FieldValue.of(pick(r, edges), pick(r, edges));
      assertThat(v.hasBitsOutside(mask)).as("%s outside %s", v, mask)
          .isEqualTo(!v.and(mask.not()).isZero());
    }
    assertThat(FieldValue.of(0x3e8).hasBitsOutside(FieldValue.of(0xfff8))).isFalse();
    assertThat(FieldValue.of(0x3e9).hasBitsOutside(FieldValue.of(0xfff8))).isTrue();
    assertThat(FieldValue.of(1, 0).hasBitsOutside(FieldValue.ones(64))).isTrue();
  }

  private static long pick(java.util.SplittableRandom r, long[] edges) {
    return r.nextBoolean() ? edges[r.nextInt(edges.length)] : r.nextLong() & (r.nextBoolean() ? -1L : 0xffffL);
  }
  /**
   * Writers of many flows append tests' and actions' texts to a builder they reuse: the text is the
   * one {@code toString} prints, after what the builder holds.
   */
  @Test
  void testsAndActionsAppendTheTextTheyPrint() {
    MacAddress mac = MacAddress.parse("0a:00:00:01:00:1f");
    List<FieldMatch> tests = List.of(
        FieldMatch.exact(Field.L4_DST, 80),
        FieldMatch.exact(Field.ETH_TYPE, 0x0800),
        FieldMatch.exact(Field.ETH_SRC, FieldValue.of(mac)),
        FieldMatch.masked(Field.ETH_DST, FieldValue.of(MacAddress.parse("01:00:00:00:00:00")),
            FieldValue.of(MacAddress.parse("01:00:00:00:00:00"))),
        FieldMatch.exact(Field.REG_IP4, FieldValue.of(IpAddress.parse("10.0.1.11"))),
        FlowMatches.ipDst(IpPrefix.parse("10.0.0.0/8")),
        FlowMatches.ipDst(IpPrefix.parse("2001:db8::/32")),
        FlowMatches.outport("web1"),
        FlowMatches.ctState(CtState.TRK | CtState.EST, CtState.RPL));
    List<String> texts = List.of("l4.dst=80", "eth.type=0x0800", "eth.src=0a:00:00:01:00:1f",
        "eth.dst=01:00:00:00:00:00/01:00:00:00:00:00", "reg.ip4=10.0.1.11", "ip4.dst=10.0.0.0/8",
        "ip6.dst=2001:db8::/32", "outport=\"web1\"", "ct.state=+est-rpl+trk");
    for (int i = 0; i < tests.size(); i++) {
      assertThat(tests.get(i).appendTo(new StringBuilder("[")).toString()).isEqualTo("[" + texts.get(i));
      assertThat(tests.get(i).toString()).isEqualTo(texts.get(i));
    }
    List<Action> actions = List.of(Actions.output("web1"), Actions.set(Field.ETH_SRC, mac),
        Actions.move(Field.ETH_SRC, Field.ETH_DST), Actions.set(Field.REG_IP4, IpAddress.parse("10.0.0.1")));
    List<String> actionTexts = List.of("output(\"web1\")", "eth.src = 0a:00:00:01:00:1f",
        "eth.dst = eth.src", "reg.ip4 = 10.0.0.1");
    for (int i = 0; i < actions.size(); i++) {
      assertThat(actions.get(i).appendTo(new StringBuilder("[")).toString()).isEqualTo("[" + actionTexts.get(i));
      assertThat(actions.get(i).toString()).isEqualTo(actionTexts.get(i));
    }
    assertThat(MacAddress.appendTo(new StringBuilder(), 0xffff_ffff_ffffL).toString()).isEqualTo("ff:ff:ff:ff:ff:ff");
  }
}
