package io.nv.model.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.PortRange;
import org.junit.jupiter.api.Test;

class MatchesTest {
  private static final Match A = Matches.eq(Field.TCP_DST, 80);
  private static final Match B = Matches.eq(Field.TCP_SRC, 1234);
  private static final Match C = Matches.is(Field.ETH_BCAST);

  @Test
  void rulesReadLikeSentences() {
    Match acl =
        Matches.and(
            Matches.eq(Field.IP4_SRC, Value.addressSet("web_ip4")),
            Matches.eq(Field.TCP_DST, 8080));

    assertThat(acl.toString()).isEqualTo("ip4.src == $web_ip4 && tcp.dst == 8080");
    assertThat(Matches.and(Matches.outportGroup("db"), Matches.ip()).toString())
        .isEqualTo("outport == @db && ip");
    assertThat(
            Matches.and(
                    Matches.ipSrc(IpPrefix.parse("10.0.0.0/8")),
                    Matches.eq(Field.TCP_DST, Value.oneOf(80, 443)))
                .toString())
        .isEqualTo("ip4.src == 10.0.0.0/8 && tcp.dst == {80, 443}");
    assertThat(Matches.ipDst(IpAddress.parse("2001:db8::1")).toString())
        .isEqualTo("ip6.dst == 2001:db8::1");
  }

  @Test
  void andFlattensAndDropsNeutralOperands() {
    assertThat(Matches.and()).isEqualTo(Matches.TRUE);
    assertThat(Matches.and(A)).isEqualTo(A);
    assertThat(Matches.and(A, Matches.TRUE, Matches.and(B, C), A))
        .isEqualTo(new Match.And(ImmutableList.of(A, B, C)));
    assertThat(Matches.and(A, Matches.FALSE)).isEqualTo(Matches.FALSE);
  }

  @Test
  void orFlattensAndDropsNeutralOperands() {
    assertThat(Matches.or()).isEqualTo(Matches.FALSE);
    assertThat(Matches.or(A, Matches.FALSE)).isEqualTo(A);
    assertThat(Matches.or(Matches.or(A, B), C)).isEqualTo(new Match.Or(ImmutableList.of(A, B, C)));
    assertThat(Matches.or(A, Matches.TRUE)).isEqualTo(Matches.TRUE);
  }

  @Test
  void notCancelsDoubleNegation() {
    assertThat(Matches.not(Matches.not(A))).isEqualTo(A);
    assertThat(Matches.not(Matches.TRUE)).isEqualTo(Matches.FALSE);
    assertThat(Matches.not(Matches.FALSE)).isEqualTo(Matches.TRUE);
    assertThat(Matches.not(A).toString()).isEqualTo("!(tcp.dst == 80)");
  }

  @Test
  void refusesToNegateNominalTests() {
    assertThatThrownBy(() -> Matches.not(Matches.tcp()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot negate the nominal predicate tcp");
    assertThatThrownBy(() -> Matches.not(Matches.and(A, Matches.eq(Field.IP_PROTO, 6))))
        .hasMessageContaining("nominal field ip.proto");
  }

  @Test
  void portRangesBecomeComparisons() {
    assertThat(Matches.inRange(Field.TCP_DST, PortRange.of(80)).toString())
        .isEqualTo("tcp.dst == 80");
    assertThat(Matches.inRange(Field.UDP_DST, PortRange.parse("8000-8080")).toString())
        .isEqualTo("udp.dst >= 8000 && udp.dst <= 8080");
    assertThat(Matches.inRange(Field.TCP_SRC, PortRange.ALL)).isEqualTo(Matches.tcp());
  }

  @Test
  void recordsRejectInvalidTrees() {
    assertThatThrownBy(() -> new Match.And(ImmutableList.of(A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two or more operands");
    assertThatThrownBy(() -> new Match.Or(ImmutableList.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Matches.eq(Field.TCP_DST, 70000))
        .hasMessageContaining("70000 does not fit in tcp.dst");
    assertThatThrownBy(() -> Matches.ne(Field.IP_PROTO, 6)).hasMessageContaining("nominal");
    assertThatThrownBy(() -> Matches.lt(Field.IP_TTL, 5))
        .hasMessageContaining("ordinal integer fields");
    assertThatThrownBy(() -> Matches.eq(Field.TCP, 1)).hasMessageContaining("predicate");
    assertThatThrownBy(() -> Matches.is(Field.TCP_DST)).hasMessageContaining("not a predicate");
    assertThatThrownBy(() -> Matches.eq(Field.IP4_SRC, Value.of(IpAddress.parse("::1"))))
        .hasMessageContaining("cannot be compared with the IPv6 address ::1");
  }

  @Test
  void recordsBoundTheDepth() {
    Match m = C;
    for (int depth = 2; depth <= Match.MAX_DEPTH; depth++) {
      m = new Match.Not(m);
    }
    Match deepest = m;
    assertThat(deepest.depth()).isEqualTo(Match.MAX_DEPTH);
    assertThat(Match.parse(deepest.toString())).isEqualTo(deepest);
    assertThatThrownBy(() -> new Match.Not(deepest)).hasMessageContaining("levels deep");
    assertThatThrownBy(() -> new Match.And(ImmutableList.of(deepest, A)))
        .hasMessageContaining("levels deep");
  }

  @Test
  void valuesRejectInvalidConstants() {
    assertThatThrownBy(() -> Value.of(-1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new Value.MaskedInt(0x3, 0x2)).hasMessageContaining("outside mask");
    assertThatThrownBy(
            () -> new Value.MaskedIp(IpAddress.parse("10.0.0.0"), IpAddress.parse("255.0.0.0")))
        .hasMessageContaining("is a prefix");
    assertThatThrownBy(
            () -> new Value.MaskedIp(IpAddress.parse("0.0.0.1"), IpAddress.parse("::ff")))
        .hasMessageContaining("same IP version");
    assertThatThrownBy(() -> Value.addressSet("9lives")).hasMessageContaining("cannot be written");
    assertThatThrownBy(() -> Value.portGroup("web-tier")).hasMessageContaining("cannot be written");
    assertThatThrownBy(() -> Value.oneOf(java.util.List.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> Value.oneOf(Value.oneOf(1))).hasMessageContaining("do not nest");
  }

  @Test
  void valuesPrintAsTheLanguageWritesThem() {
    assertThat(Value.of(IpPrefix.parse("10.0.0.7/32"))).hasToString("10.0.0.7");
    assertThat(Value.of(IpPrefix.parse("10.0.0.7/24"))).hasToString("10.0.0.0/24");
    assertThat(Value.port("a\"b")).hasToString("\"a\\\"b\"");
    assertThat(Value.port("\u0001")).hasToString("\"\\u0001\"");
    assertThat(new Value.MaskedInt(0x100, 0xff00)).hasToString("0x100/0xff00");
    assertThat(Value.oneOf(Value.addressSet("a"), Value.portGroup("b"))).hasToString("{$a, @b}");
  }

  @Test
  void listsFieldsAndReferences() {
    Match m = Match.parse("inport == @web && ip4.src == $web_ip4 && tcp && tcp.dst == 80");

    assertThat(m.fields()).containsExactly(Field.INPORT, Field.IP4_SRC, Field.TCP, Field.TCP_DST);
    assertThat(m.references()).extracting(Reference::text).containsExactly("@web", "$web_ip4");
  }
}
