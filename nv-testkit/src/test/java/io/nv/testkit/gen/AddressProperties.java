package io.nv.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.addr.PortRange;
import io.nv.testkit.Gen;
import io.nv.testkit.Gens;
import io.nv.testkit.Property;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round trips and laws of the address types over generated values. */
class AddressProperties {
  private static final int TRIES = 1000;

  private static <T> Property<T> forAll(Gen<T> gen) {
    return Property.forAll(gen).tries(TRIES);
  }

  private static <T> Gen<List<T>> pairs(Gen<T> gen) {
    return Gens.zip(gen, gen, List::of);
  }

  // --- parse(print(x)) == x ---

  @Test
  void macsRoundTrip() {
    forAll(AddressGens.macs()).check(m -> assertThat(MacAddress.parse(m.toString())).isEqualTo(m));
    forAll(AddressGens.macs())
        .check(m -> assertThat(MacAddress.parse(m.toString().replace(':', '-'))).isEqualTo(m));
  }

  @Test
  void ipv4sRoundTrip() {
    forAll(AddressGens.ipv4s())
        .check(a -> assertThat(Ipv4Address.parse(a.toString())).isEqualTo(a));
    forAll(AddressGens.ipv4s()).check(a -> assertThat(Ipv4Address.of(a.bits())).isEqualTo(a));
  }

  @Test
  void ipv6sRoundTrip() {
    forAll(AddressGens.ipv6s())
        .check(a -> assertThat(Ipv6Address.parse(a.toString())).isEqualTo(a));
    forAll(AddressGens.ipv6s()).check(a -> assertThat(Ipv6Address.of(a.toBytes())).isEqualTo(a));
  }

  @Test
  void ipv6TextIsCanonical() {
    // RFC 5952: lower case, no leading zeros, "::" once, for the longest run of two or more zero
    // groups (the first on a tie). Guava's printer implements it and serves as the oracle.
    forAll(AddressGens.ipv6s())
        .check(
            a -> {
              String s = a.toString();
              assertThat(s).matches("[0-9a-f:]+").doesNotContain(":::");
              assertThat(s.indexOf("::")).isEqualTo(s.lastIndexOf("::"));
              assertThat(s)
                  .isEqualTo(
                      InetAddresses.toAddrString(Inet6Address.getByAddress(null, a.toBytes(), -1)));
            });
  }

  @Test
  void ipAddressesRoundTrip() {
    forAll(AddressGens.ipAddresses())
        .check(a -> assertThat(IpAddress.parse(a.toString())).isEqualTo(a));
  }

  @Test
  void prefixesRoundTrip() {
    forAll(AddressGens.prefixes())
        .check(p -> assertThat(IpPrefix.parse(p.toString())).isEqualTo(p));
  }

  @Test
  void interfaceAddressesRoundTrip() {
    forAll(AddressGens.interfaceAddresses())
        .check(ia -> assertThat(InterfaceAddress.parse(ia.toString())).isEqualTo(ia));
  }

  @Test
  void portRangesRoundTrip() {
    forAll(AddressGens.portRanges())
        .check(r -> assertThat(PortRange.parse(r.toString())).isEqualTo(r));
  }

  @Test
  void ipProtocolsRoundTrip() {
    forAll(AddressGens.ipProtocols())
        .check(
            p ->
                assertThat(IpProtocol.parse(p.name()))
                    .isEqualTo(p)
                    .isEqualTo(IpProtocol.valueOf(p.number())));
  }

  // --- laws ---

  @Test
  void prefixOfMasksHostBits() {
    forAll(AddressGens.interfaceAddresses())
        .check(
            ia -> {
              IpPrefix p = IpPrefix.of(ia.address(), ia.length());
              assertThat(p).isEqualTo(ia.subnet());
              assertThat(p.length()).isEqualTo(ia.length());
              assertThat(p.contains(ia.address())).isTrue();
              assertThat(IpPrefix.of(p.network(), p.length())).isEqualTo(p);
              assertThat(IpPrefix.parse(ia.toString())).isEqualTo(p);
            });
  }

  @Test
  void prefixContainsItsNetworkItsLastAddressAndWhatLiesBetween() {
    forAll(AddressGens.prefixes().flatMap(p -> AddressGens.addressesIn(p).map(a -> List.of(p, a))))
        .check(
            pa -> {
              IpPrefix p = (IpPrefix) pa.get(0);
              IpAddress a = (IpAddress) pa.get(1);
              assertThat(p.contains(p.network())).isTrue();
              assertThat(p.contains(p.last())).isTrue();
              assertThat(p.contains(a)).isTrue();
              assertThat(a).isBetween(p.network(), p.last());
              assertThat(p.contains(IpPrefix.host(a))).isTrue();
              assertThat(IpPrefix.of(a, p.length())).isEqualTo(p);
            });
  }

  @Test
  void prefixContainsExactlyTheAddressesBetweenNetworkAndLast() {
    forAll(Gens.zip(AddressGens.prefixes(), AddressGens.ipAddresses(), List::of))
        .check(
            pa -> {
              IpPrefix p = (IpPrefix) pa.get(0);
              IpAddress a = (IpAddress) pa.get(1);
              boolean between =
                  a.version() == p.version()
                      && a.compareTo(p.network()) >= 0
                      && a.compareTo(p.last()) <= 0;
              assertThat(p.contains(a)).isEqualTo(between);
            });
  }

  @Test
  void overlapsIsSymmetricAndMeansOneContainsTheOther() {
    // Prefixes derived from one address overlap often; independent ones rarely do.
    Gen<List<IpPrefix>> related =
        AddressGens.ipAddresses()
            .flatMap(
                a ->
                    Gens.zip(
                        Gens.integers(0, a.bitLength()),
                        Gens.integers(0, a.bitLength()),
                        (x, y) -> List.of(IpPrefix.of(a, x), IpPrefix.of(a, y))));
    Gen<List<IpPrefix>> any = Gens.oneOf(related, pairs(AddressGens.prefixes()));
    forAll(any)
        .check(
            pq -> {
              IpPrefix p = pq.get(0);
              IpPrefix q = pq.get(1);
              assertThat(p.overlaps(q)).isEqualTo(q.overlaps(p));
              assertThat(p.overlaps(q)).isEqualTo(p.contains(q) || q.contains(p));
              assertThat(p.overlaps(p)).isTrue();
              if (p.contains(q)) {
                assertThat(p.length()).isLessThanOrEqualTo(q.length());
                assertThat(p.contains(q.network()) && p.contains(q.last())).isTrue();
              }
              if (p.contains(q) && q.contains(p)) {
                assertThat(p).isEqualTo(q);
              }
            });
  }

  @Test
  void compareIsAntisymmetricAndConsistentWithEquals() {
    forAll(pairs(AddressGens.ipAddresses())).check(AddressProperties::checkOrder);
    forAll(pairs(AddressGens.prefixes())).check(AddressProperties::checkOrder);
    forAll(pairs(AddressGens.interfaceAddresses())).check(AddressProperties::checkOrder);
    forAll(pairs(AddressGens.macs())).check(AddressProperties::checkOrder);
    forAll(pairs(AddressGens.portRanges())).check(AddressProperties::checkOrder);
    forAll(pairs(AddressGens.ipProtocols())).check(AddressProperties::checkOrder);
  }

  private static <T extends Comparable<? super T>> void checkOrder(List<T> xy) {
    T x = xy.get(0);
    T y = xy.get(1);
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(-Integer.signum(y.compareTo(x)));
    assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
    assertThat(x).isEqualByComparingTo(x);
    if (x.equals(y)) {
      assertThat(x.hashCode()).isEqualTo(y.hashCode());
    }
  }

  @Test
  void ipv4OrderIsUnsignedNumericOrder() {
    forAll(pairs(AddressGens.ipv4s()))
        .check(
            ab -> {
              Ipv4Address a = ab.get(0);
              Ipv4Address b = ab.get(1);
              assertThat(Integer.signum(a.compareTo(b)))
                  .isEqualTo(Integer.signum(Integer.compareUnsigned(a.bits(), b.bits())));
            });
  }

  @Test
  void portRangesContainTheirEnds() {
    forAll(AddressGens.portRanges())
        .check(
            r -> {
              assertThat(r.contains(r.low()) && r.contains(r.high())).isTrue();
              assertThat(r.contains(r.low() - 1) || r.contains(r.high() + 1)).isFalse();
              assertThat(r.isSingle()).isEqualTo(r.low() == r.high());
            });
  }

  @Test
  void macBytesMatchBits() {
    forAll(AddressGens.macs())
        .check(
            m -> {
              byte[] b = m.toBytes();
              long bits = 0;
              for (byte x : b) {
                bits = bits << 8 | (x & 0xFF);
              }
              assertThat(bits).isEqualTo(m.bits());
              assertThat(m.isMulticast()).isEqualTo((b[0] & 1) != 0);
              assertThat(m.isBroadcast()).isEqualTo(m.equals(MacAddress.BROADCAST));
            });
  }
}
