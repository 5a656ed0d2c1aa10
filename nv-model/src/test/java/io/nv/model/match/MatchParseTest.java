package io.nv.model.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchParseTest {

  @Test
  void parsesAnAclMatchIntoATree() {
    Match m = Match.parse("ip4.src == $web_ip4 && tcp.dst == 8080");

    assertThat(m)
        .isEqualTo(
            new Match.And(
                ImmutableList.of(
                    new Match.Comparison(Field.IP4_SRC, Relation.EQ, Value.addressSet("web_ip4")),
                    new Match.Comparison(Field.TCP_DST, Relation.EQ, Value.of(8080)))));
  }

  @Test
  void parsesPortGroupsPortNamesAndPredicates() {
    assertThat(Match.parse("outport == @db && ip"))
        .isEqualTo(Matches.and(Matches.outportGroup("db"), Matches.ip()));
    assertThat(Match.parse("inport == \"web1\"")).isEqualTo(Matches.inport("web1"));
    assertThat(Match.parse("inport == {\"web1\", @lb}"))
        .isEqualTo(
            Matches.eq(Field.INPORT, Value.oneOf(Value.port("web1"), Value.portGroup("lb"))));
  }

  @Test
  void parsesConstantsOfEveryKind() {
    assertThat(value("ip4.src == 10.0.0.0/8")).isEqualTo(Value.of(IpPrefix.parse("10.0.0.0/8")));
    assertThat(value("ip4.src == 10.0.0.0/255.0.0.0"))
        .isEqualTo(Value.of(IpPrefix.parse("10.0.0.0/8")));
    assertThat(value("ip4.dst == 0.0.0.1/0.0.0.255"))
        .isEqualTo(new Value.MaskedIp(IpAddress.parse("0.0.0.1"), IpAddress.parse("0.0.0.255")));
    assertThat(value("ip6.dst == 2001:db8::/32"))
        .isEqualTo(Value.of(IpPrefix.parse("2001:db8::/32")));
    assertThat(value("ip6.src == fe80::1")).isEqualTo(Value.of(IpAddress.parse("fe80::1")));
    assertThat(value("eth.src == 0A:00:00:00:00:01"))
        .isEqualTo(Value.of(MacAddress.parse("0a:00:00:00:00:01")));
    assertThat(value("eth.dst == 01:00:00:00:00:00/01:00:00:00:00:00"))
        .isEqualTo(
            new Value.MaskedMac(
                MacAddress.parse("01:00:00:00:00:00"), MacAddress.parse("01:00:00:00:00:00")));
    assertThat(value("eth.type == 0x86dd")).isEqualTo(Value.of(0x86dd));
    assertThat(value("tcp.flags == 0x2/0x12")).isEqualTo(new Value.MaskedInt(2, 0x12));
    assertThat(value("tcp.dst == {80, 443}")).isEqualTo(Value.oneOf(80, 443));
    assertThat(value("ip4.src == {$a, 10.0.0.1}"))
        .isEqualTo(Value.oneOf(Value.addressSet("a"), Value.of(IpAddress.parse("10.0.0.1"))));
  }

  @Test
  void setsTakeOptionalCommas() {
    Match expected = Matches.eq(Field.TCP_DST, Value.oneOf(80, 443));
    assertThat(Match.parse("tcp.dst == {80 443}")).isEqualTo(expected);
    assertThat(Match.parse("tcp.dst == {80, 443,}")).isEqualTo(expected);
  }

  @Test
  void decodesJsonEscapesInPortNames() {
    assertThat(value("inport == \"a\\\"b\\\\c\\u0041\\n\"")).isEqualTo(Value.port("a\"b\\cA\n"));
  }

  @Test
  void oneAndZeroAreTrueAndFalse() {
    assertThat(Match.parse("1")).isEqualTo(Matches.TRUE);
    assertThat(Match.parse("0")).isEqualTo(Matches.FALSE);
    assertThat(Match.parse("!1")).isEqualTo(Matches.FALSE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '~',
      value = {
        "ip4.src==$web_ip4&&tcp.dst==8080        ~ ip4.src == $web_ip4 && tcp.dst == 8080",
        "'  outport == @db\n && ip '             ~ outport == @db && ip",
        "eth.type == 2048                        ~ eth.type == 0x800",
        "tcp.flags == 2                          ~ tcp.flags == 0x2",
        "tcp.dst == 0x50                         ~ tcp.dst == 80",
        "ip4.src == 10.0.0.1/32                  ~ ip4.src == 10.0.0.1",
        "ip4.src == 10.1.0.0/255.255.0.0         ~ ip4.src == 10.1.0.0/16",
        "ip6.src == 2001:DB8:0:0::1              ~ ip6.src == 2001:db8::1",
        "(tcp) && (udp.dst == 53)                ~ tcp && udp.dst == 53",
        "(ip4 || ip6) && tcp                     ~ (ip4 || ip6) && tcp",
        "tcp && (tcp.dst == 80 && tcp.src == 1)  ~ tcp && (tcp.dst == 80 && tcp.src == 1)",
        "!(eth.bcast)                            ~ !eth.bcast",
        "!(tcp.dst == 80)                        ~ !(tcp.dst == 80)",
        "!(!eth.mcast)                           ~ !(!eth.mcast)",
        "!(1)                                    ~ 0",
        "!0                                      ~ !0",
        "tcp.dst >= 1024 && tcp.dst <= 49151     ~ tcp.dst >= 1024 && tcp.dst <= 49151",
        "tcp.dst == {80}                         ~ tcp.dst == {80}",
        "inport == \"we\\u0062\"                 ~ inport == \"web\"",
      })
  void printsCanonicalText(String text, String canonical) {
    Match m = Match.parse(text);
    assertThat(m.toString()).isEqualTo(canonical);
    assertThat(Match.parse(canonical)).isEqualTo(m);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '~',
      value = {
        "''                            ~ 1  ~ the match is empty",
        "'   '                         ~ 4  ~ the match is empty",
        "tcp.dst == 10.0.0.1           ~ 12 ~ tcp.dst (a 16-bit integer field) cannot be compared"
            + " with the IPv4 address 10.0.0.1",
        "ip4.src == \"web1\"           ~ 12 ~ ip4.src (an IPv4 address field) cannot be compared"
            + " with the port name \"web1\"",
        "tcp.dst == 70000              ~ 12 ~ 70000 does not fit in tcp.dst (a 16-bit integer"
            + " field)",
        "tcp.dst == {80, 70000}        ~ 17 ~ 70000 does not fit in tcp.dst",
        "vlan.vid == 4096              ~ 13 ~ 4096 does not fit in vlan.vid (a 12-bit integer"
            + " field)",
        "ip4.src == 2001:db8::1        ~ 12 ~ cannot be compared with the IPv6 address",
        "ip4.src == ::ffff:1.2.3.4     ~ 12 ~ cannot be compared with the IPv6 address",
        "outport == $web_ip4           ~ 12 ~ cannot be compared with the address set $web_ip4",
        "ip4.src == @web               ~ 12 ~ cannot be compared with the port group @web",
        "eth.src == 10.0.0.1           ~ 12 ~ cannot be compared with the IPv4 address",
        "tcp.dst                       ~ 8  ~ tcp.dst is a field, not a predicate",
        "tcp == 1                      ~ 5  ~ tcp is a predicate: write it alone",
        "vlan.present == 1             ~ 14 ~ vlan.present is a predicate",
        "tcp.port == 80                ~ 1  ~ unknown field 'tcp.port'",
        "ip4 && tcp || udp             ~ 12 ~ && and || need parentheses when mixed",
        "ip4 || tcp && udp             ~ 12 ~ && and || need parentheses when mixed",
        "!tcp.dst == 80                ~ 1  ~ '!' needs parentheses around a comparison",
        "!ip4                          ~ 2  ~ cannot negate the nominal predicate ip4",
        "!(tcp && tcp.dst == 80)       ~ 3  ~ cannot negate the nominal predicate tcp",
        "!(ip.proto == 6)              ~ 3  ~ cannot negate a test of the nominal field ip.proto",
        "!(inport == \"web1\")         ~ 3  ~ cannot negate a test of the nominal field inport",
        "ip.proto != 6                 ~ 10 ~ ip.proto is nominal: nv, like OVN, tests it only with"
            + " ==",
        "inport != \"web1\"            ~ 8  ~ inport is nominal",
        "ip.ttl < 5                    ~ 8  ~ < applies only to ordinal integer fields",
        "ip4.src < 10.0.0.1            ~ 9  ~ < applies only to ordinal integer fields",
        "tcp.dst < {80, 443}           ~ 11 ~ < compares with a single number, not with a set of"
            + " values",
        "tcp.dst <= $ports             ~ 12 ~ <= compares with a single number, not with the"
            + " address set $ports",
        "eth.type == 0x800/0xff00      ~ 13 ~ eth.type is nominal and cannot be masked",
        "tcp.dst ==                    ~ 11 ~ the match ends where a value was expected",
        "tcp.dst == &&                 ~ 12 ~ expected a value, found '&&'",
        "(tcp                          ~ 5  ~ '(' at column 1 is not closed",
        "(tcp udp)                     ~ 6  ~ unexpected 'udp' inside parentheses",
        "tcp)                          ~ 4  ~ ')' has no matching '('",
        "tcp udp                       ~ 5  ~ missing && or || before 'udp'",
        "80 == tcp.dst                 ~ 1  ~ a comparison starts with the field",
        "1 == tcp.dst                  ~ 1  ~ a comparison starts with the field",
        "\"web1\"                      ~ 1  ~ a match cannot be just the string \"web1\"",
        "tcp.dst = 80                  ~ 9  ~ '=' alone is not an operator",
        "tcp & udp                     ~ 5  ~ '&' alone is not an operator",
        "tcp | udp                     ~ 5  ~ '|' alone is not an operator",
        "tcp.dst == {}                 ~ 12 ~ the set is empty",
        "tcp.dst == {80, {443}}        ~ 17 ~ sets do not nest",
        "tcp.dst == {80, 443           ~ 20 ~ '{' at column 12 is not closed",
        "inport == \"web1              ~ 11 ~ string is not closed",
        "inport == \"a\\qb\"           ~ 13 ~ unknown escape \\q in a string",
        "inport == \"\\u12\"           ~ 12 ~ \\u needs four hexadecimal digits",
        "ip4.src == 10.0.0.1/8         ~ 12 ~ 10.0.0.1/8 has bits set after the prefix",
        "ip4.src == 10.0.0.0/33        ~ 21 ~ prefix length '33' is not in 0..32",
        "ip4.src == 10.0.0.1/0.0.0.254 ~ 12 ~ has bits outside the mask",
        "ip4.src == 10.0.0.0/          ~ 21 ~ '/' must be followed by a mask",
        "ip4.src == 10.0.0.256         ~ 12 ~ '10.0.0.256' is not an IPv4 address",
        "ip4.src == 010.0.0.1          ~ 12 ~ '010.0.0.1' is not an IPv4 address",
        "eth.src == 0a:00:00:00:00     ~ 12 ~ '0a:00:00:00:00' is not a MAC or IPv6 address",
        "tcp.flags == 0x3/0x2          ~ 14 ~ 0x3/0x2 has bits outside the mask",
        "tcp.dst == 99999999999999999999 ~ 12 ~ '99999999999999999999' is too large",
        "tcp.dst == 0x                 ~ 12 ~ '0x' has no digits",
        "tcp.dst == 80abc              ~ 12 ~ '80abc' is not a number or an address",
        "ip4.src == $                  ~ 12 ~ '$' must be followed by a name",
        "outport == @9lives            ~ 12 ~ '@' must be followed by a name",
        "tcp and udp                   ~ 5  ~ missing && or || before 'and'",
        "not tcp                       ~ 1  ~ 'not' is not part of the language",
        "true                          ~ 1  ~ 'true' is not part of the language",
        "!!tcp                         ~ 2  ~ '!' cannot follow '!' directly",
        "tcp # udp                     ~ 5  ~ unexpected character '#'",
        "tcp.dst == 80 &&              ~ 17 ~ the match ends too early",
      })
  void reportsErrorsAtTheirColumn(String text, int column, String message) {
    MatchSyntaxError e = Match.tryParse(text).getLeft();

    assertThat(e.column()).as(e.toString()).isEqualTo(column);
    assertThat(e.message()).contains(message);
    assertThat(e.expectedHint()).isNotBlank();
    assertThatThrownBy(() -> Match.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void hintsSayWhatWouldFit() {
    assertThat(Match.tryParse("tcp.dst == 70000").getLeft().expectedHint())
        .isEqualTo("a number from 0 to 65535, like 80");
    assertThat(Match.tryParse("tcp.port == 80").getLeft().expectedHint())
        .isEqualTo("one of tcp, tcp.src, tcp.dst, tcp.flags");
    assertThat(Match.tryParse("ipv4.src == 10.0.0.1").getLeft().expectedHint())
        .isEqualTo("one of ip4.src, ip6.src");
    assertThat(Match.tryParse("ip4.src == 10.0.0.1/8").getLeft().expectedHint())
        .isEqualTo("10.0.0.0/8");
    assertThat(Match.tryParse("tcp and udp").getLeft().message()).contains("'and'");
  }

  @Test
  void describesTheErrorUnderTheText() {
    String text = "tcp.dst == 70000";

    String described = Match.tryParse(text).getLeft().describe(text);

    assertThat(described)
        .isEqualTo(
            "tcp.dst == 70000\n"
                + "           ^ column 12: 70000 does not fit in tcp.dst (a 16-bit integer field)"
                + " (expected a number from 0 to 65535, like 80)");
  }

  @Test
  void boundsNestingWithATypedError() {
    assertThat(Match.tryParse("(".repeat(10_000)).getLeft().column())
        .isEqualTo(Match.MAX_DEPTH + 1);
    assertThat(Match.tryParse("!(".repeat(10_000)).getLeft().column())
        .isEqualTo(2 * Match.MAX_DEPTH + 2);
    assertThat(Match.tryParse("!(".repeat(10_000)).getLeft().message())
        .contains("more than 64 levels");
    assertThat(Match.tryParse("(".repeat(64) + "tcp" + ")".repeat(64)).get())
        .isEqualTo(Matches.tcp());
    assertThat(Match.tryParse("(".repeat(65) + "tcp" + ")".repeat(65)).isLeft()).isTrue();
    String depth64 = "!(".repeat(62) + "!eth.bcast" + ")".repeat(62);
    assertThat(Match.parse(depth64).depth()).isEqualTo(Match.MAX_DEPTH);
    String depth65 = "!(".repeat(63) + "!eth.bcast" + ")".repeat(63);
    assertThat(Match.tryParse(depth65).getLeft().message())
        .isEqualTo("the match is more than 64 levels deep");
  }

  @Test
  void parsesLongFlatExpressions() {
    String text = "tcp.dst == 1" + " || tcp.dst == 1".repeat(20_000);

    Match m = Match.parse(text);

    assertThat(((Match.Or) m).operands()).hasSize(20_001);
    assertThat(m.depth()).isEqualTo(2);
  }

  @Test
  void listsReferencesWithColumnsIntoTheText() {
    String text = "outport == @db  &&  ip4.src == {$web_ip4, 10.0.0.1} && inport == \"web1\"";

    assertThat(Match.referencesIn(text).get())
        .containsExactly(
            new Reference(Reference.Kind.PORT_GROUP, "db", 12),
            new Reference(Reference.Kind.ADDRESS_SET, "web_ip4", 33),
            new Reference(Reference.Kind.PORT, "web1", 66));
    assertThat(Match.parse(text).references())
        .containsExactly(
            new Reference(Reference.Kind.PORT_GROUP, "db", 12),
            new Reference(Reference.Kind.ADDRESS_SET, "web_ip4", 31),
            new Reference(Reference.Kind.PORT, "web1", 64));
    assertThat(Match.referencesIn("outport == ").getLeft().column()).isEqualTo(12);
  }

  private static Value value(String text) {
    return ((Match.Comparison) Match.parse(text)).value();
  }
}
