package io.nv.model.addr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Equality of the address value types, in the manner of Guava's {@code EqualsTester}: values in a
 * group are equal to each other with equal hash codes, and unequal to every value of every other
 * group, to null and to other types.
 */
class AddressEqualityTest {

  /** Checks equality groups as {@code EqualsTester.addEqualityGroup(...).testEquals()} does. */
  @SuppressWarnings("EqualsNull") // equals(null) is exactly what is under test
  private static void assertEqualityGroups(List<List<Object>> groups) {
    for (int g = 0; g < groups.size(); g++) {
      for (Object a : groups.get(g)) {
        assertThat(a.equals(a)).as("%s equals itself", a).isTrue();
        assertThat(a.equals(null)).as("%s equals null", a).isFalse();
        assertThat(a.equals(new Object())).as("%s equals an Object", a).isFalse();
        for (int h = 0; h < groups.size(); h++) {
          for (Object b : groups.get(h)) {
            if (g == h) {
              assertThat(a).as("group %s", g).isEqualTo(b);
              assertThat(a.hashCode()).as("hash of %s and %s", a, b).isEqualTo(b.hashCode());
            } else {
              assertThat(a).as("group %s vs group %s", g, h).isNotEqualTo(b);
            }
          }
        }
      }
    }
  }

  @Test
  void macAddresses() {
    assertEqualityGroups(
        List.of(
            List.of(
                MacAddress.parse("0a:00:00:01:00:11"),
                MacAddress.parse("0A-00-00-01-00-11"),
                MacAddress.of(0x0a0000010011L)),
            List.of(MacAddress.parse("0a:00:00:01:00:12")),
            List.of(MacAddress.BROADCAST, MacAddress.parse("ff:ff:ff:ff:ff:ff")),
            List.of(MacAddress.ZERO, MacAddress.of(0))));
  }

  @Test
  void ipAddresses() {
    assertEqualityGroups(
        List.of(
            List.of(
                IpAddress.parse("10.0.1.11"),
                Ipv4Address.parse("10.0.1.11"),
                Ipv4Address.of(10, 0, 1, 11),
                Ipv4Address.of(0x0a00010b)),
            List.of(Ipv4Address.of(10, 0, 1, 12)),
            List.of(Ipv4Address.ANY, Ipv4Address.of(0)),
            List.of(
                IpAddress.parse("2001:db8::1"),
                Ipv6Address.parse("2001:0db8:0:0:0:0:0:1"),
                Ipv6Address.of(0x20010db800000000L, 1L)),
            // IPv4-mapped IPv6 is a different address from the IPv4 one.
            List.of(Ipv6Address.parse("::ffff:10.0.1.11"), Ipv6Address.of(0L, 0x0000ffff0a00010bL)),
            List.of(Ipv6Address.of(0L, 0L), Ipv6Address.parse("::"))));
  }

  @Test
  void prefixesMaskHostBits() {
    assertEqualityGroups(
        List.of(
            List.of(
                IpPrefix.parse("10.0.1.0/24"),
                IpPrefix.parse("10.0.1.7/24"),
                IpPrefix.of(IpAddress.parse("10.0.1.255"), 24)),
            List.of(IpPrefix.parse("10.0.1.0/25")),
            List.of(IpPrefix.parse("10.0.1.7"), IpPrefix.host(IpAddress.parse("10.0.1.7"))),
            List.of(IpPrefix.parse("0.0.0.0/0")),
            List.of(IpPrefix.parse("::/0")),
            List.of(IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("2001:db8:ffff::1/32"))));
  }

  @Test
  void interfaceAddressesKeepHostBits() {
    assertEqualityGroups(
        List.of(
            List.of(
                InterfaceAddress.parse("10.0.1.1/24"),
                InterfaceAddress.of(IpAddress.parse("10.0.1.1"), 24)),
            List.of(InterfaceAddress.parse("10.0.1.2/24")),
            List.of(InterfaceAddress.parse("10.0.1.1/25")),
            List.of(InterfaceAddress.parse("2001:db8::1/64"))));
  }

  @Test
  void aPrefixIsNeverAnInterfaceAddress() {
    assertThat((Object) IpPrefix.parse("10.0.1.0/24"))
        .isNotEqualTo(InterfaceAddress.parse("10.0.1.0/24"));
  }

  @Test
  void portRanges() {
    assertEqualityGroups(
        List.of(
            List.of(PortRange.of(80), new PortRange(80, 80), PortRange.parse("80")),
            List.of(new PortRange(80, 81)),
            List.of(PortRange.ALL, new PortRange(0, 65535))));
  }

  @Test
  void ipProtocols() {
    assertEqualityGroups(
        List.of(
            List.of(
                IpProtocol.TCP, IpProtocol.valueOf(6), IpProtocol.parse("tcp"), new IpProtocol(6)),
            List.of(IpProtocol.UDP, IpProtocol.parse("17")),
            List.of(IpProtocol.valueOf(132), IpProtocol.parse("132"))));
  }
}
