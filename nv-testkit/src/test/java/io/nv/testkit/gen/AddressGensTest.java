package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.addr.PortRange;
import io.nv.testkit.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The address generators cover the special values and shrink to the all-zero ones. */
class AddressGensTest {
  private static final RandomGenerator ZEROS = () -> 0L;

  private static <T> List<T> samples(Gen<T> gen, int n) {
    SplittableRandom r = new SplittableRandom(5);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(gen.generate(r, 50));
    }
    return out;
  }

  @Test
  void simplestValuesAreAllZero() {
    assertThat(AddressGens.macs().generate(ZEROS, 10)).isEqualTo(MacAddress.ZERO);
    assertThat(AddressGens.ipv4s().generate(ZEROS, 10)).isEqualTo(Ipv4Address.ANY);
    assertThat(AddressGens.ipv6s().generate(ZEROS, 10)).hasToString("::");
    assertThat(AddressGens.prefixes().generate(ZEROS, 10)).hasToString("0.0.0.0/0");
    assertThat(AddressGens.interfaceAddresses().generate(ZEROS, 10)).hasToString("0.0.0.0/0");
    assertThat(AddressGens.portRanges().generate(ZEROS, 10)).isEqualTo(PortRange.of(0));
    assertThat(AddressGens.ipProtocols().generate(ZEROS, 10)).isEqualTo(IpProtocol.TCP);
  }

  @Test
  void macsIncludeSpecialOnes() {
    List<MacAddress> s = samples(AddressGens.macs(), 1000);
    assertThat(s).contains(MacAddress.ZERO, MacAddress.BROADCAST).anyMatch(MacAddress::isMulticast);
    assertThat(samples(AddressGens.unicastMacs(), 1000)).noneMatch(MacAddress::isMulticast);
  }

  @Test
  void ipv6sCoverEveryShapeOfZeroRuns() {
    List<String> s =
        samples(AddressGens.ipv6s(), 2000).stream().map(Ipv6Address::toString).toList();
    assertThat(s)
        .anyMatch(x -> x.startsWith("::") && x.length() > 2)
        .anyMatch(x -> x.endsWith("::") && x.length() > 2)
        .anyMatch(x -> x.contains("::") && !x.startsWith("::") && !x.endsWith("::"))
        .anyMatch(x -> !x.contains("::"))
        .anyMatch(x -> x.contains(":0:"))
        .contains("::", "::1");
  }

  @Test
  void bothFamiliesAndEveryPrefixLengthAppear() {
    List<IpPrefix> s = samples(AddressGens.prefixes(), 3000);
    assertThat(s).anyMatch(p -> p.version() == 4 && p.length() == 0);
    assertThat(s).anyMatch(p -> p.version() == 4 && p.length() == 32);
    assertThat(s).anyMatch(p -> p.version() == 6 && p.length() == 128);
    assertThat(samples(AddressGens.ipAddresses(), 200))
        .anyMatch(a -> a.version() == 4)
        .anyMatch(a -> a.version() == 6);
  }

  @Test
  void addressesInStayInsideAndReachBothEnds() {
    for (String text :
        List.of(
            "10.0.1.0/30", "2001:db8::/126", "2001:db8::/60", "::/0", "0.0.0.0/0", "10.1.1.1/32")) {
      IpPrefix p = IpPrefix.parse(text);
      List<IpAddress> s = samples(AddressGens.addressesIn(p), 300);
      assertThat(s).allMatch(p::contains);
      if (p.length() >= p.network().bitLength() - 2) {
        assertThat(s).contains(p.network(), p.last());
      }
      assertThat(AddressGens.addressesIn(p).generate(ZEROS, 10)).isEqualTo(p.network());
    }
  }

  @Test
  void portRangesIncludeSinglesWideRangesAndTheEdges() {
    List<PortRange> s = samples(AddressGens.portRanges(), 1000);
    assertThat(s).contains(PortRange.ALL, PortRange.of(0), PortRange.of(65535));
    assertThat(s).anyMatch(r -> !r.isSingle() && r.high() - r.low() < 65535);
    assertThat(samples(AddressGens.ports(), 1000)).contains(0, 1, 65534, 65535);
  }

  @Test
  void protocolsAreMostlyNamedButAnyNumberAppears() {
    List<IpProtocol> s = samples(AddressGens.ipProtocols(), 1000);
    assertThat(s).contains(IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP, IpProtocol.ICMPV6);
    assertThat(s).anyMatch(p -> !p.name().chars().allMatch(Character::isLetter));
  }
}
