package io.nv.testkit.gen;

import static io.nv.testkit.Gens.weighted;

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
import io.nv.testkit.internal.Draws;

/**
 * Generators for the address types of {@code io.nv.model.addr}. Each mixes uniform values with the
 * special ones parsers and printers get wrong (all zeros, all ones, multicast, IPv6 runs of zero
 * groups) and shrinks toward the all-zero value.
 *
 * <pre>{@code
 * Property.forAll(AddressGens.ipv6s())
 *     .tries(1000)
 *     .check(a -> assertThat(Ipv6Address.parse(a.toString())).isEqualTo(a));
 * }</pre>
 */
public final class AddressGens {
  private static final long MAC_MASK = 0xFFFF_FFFF_FFFFL;
  private static final long GROUP_BIT = 1L << 40;

  private AddressGens() {}

  /** MAC addresses: mostly uniform over 48 bits, sometimes zero, broadcast or multicast. */
  public static Gen<MacAddress> macs() {
    return Gens.frequency(
        weighted(8, Gens.longs(0, MAC_MASK).map(MacAddress::of)),
        weighted(
            1,
            Gens.elements(
                MacAddress.ZERO,
                MacAddress.BROADCAST,
                MacAddress.parse("01:00:5e:00:00:01"),
                MacAddress.parse("33:33:00:00:00:01"))));
  }

  /** Unicast MAC addresses (the group bit clear), as ports and VMs have. */
  public static Gen<MacAddress> unicastMacs() {
    return Gens.longs(0, MAC_MASK).map(b -> MacAddress.of(b & ~GROUP_BIT));
  }

  /** IPv4 addresses: mostly uniform, sometimes 0.0.0.0, 255.255.255.255, loopback or multicast. */
  public static Gen<Ipv4Address> ipv4s() {
    return Gens.frequency(
        weighted(8, Gens.longs(0, 0xFFFF_FFFFL).map(b -> Ipv4Address.of((int) (long) b))),
        weighted(
            1,
            Gens.elements(
                Ipv4Address.ANY,
                Ipv4Address.BROADCAST,
                Ipv4Address.parse("127.0.0.1"),
                Ipv4Address.parse("224.0.0.1"))));
  }

  /**
   * IPv6 addresses: groups that are zero half the time (so printing meets every shape of {@code
   * ::}), uniform addresses, and ::, ::1, link-local, multicast and IPv4-mapped ones.
   */
  public static Gen<Ipv6Address> ipv6s() {
    Gen<Integer> group =
        Gens.zip(Gens.booleans(), Gens.integers(0, 0xFFFF), (nonZero, g) -> nonZero ? g : 0);
    Gen<Ipv6Address> sparse =
        Gens.listOf(group, 8, 8)
            .map(
                gs -> {
                  long high = 0;
                  long low = 0;
                  for (int i = 0; i < 4; i++) {
                    high = high << 16 | gs.get(i);
                    low = low << 16 | gs.get(i + 4);
                  }
                  return Ipv6Address.of(high, low);
                });
    Gen<Ipv6Address> uniform =
        Gens.zip(
            Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE),
            Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE),
            Ipv6Address::of);
    return Gens.frequency(
        weighted(4, sparse),
        weighted(4, uniform),
        weighted(
            1,
            Gens.elements(
                Ipv6Address.parse("::"),
                Ipv6Address.parse("::1"),
                Ipv6Address.parse("fe80::1"),
                Ipv6Address.parse("ff02::1"),
                Ipv6Address.parse("::ffff:10.0.0.1"))));
  }

  /** IPv4 and IPv6 addresses, half each. */
  public static Gen<IpAddress> ipAddresses() {
    return Gens.oneOf(ipv4s(), ipv6s());
  }

  /** IPv4 prefixes of every length 0..32. */
  public static Gen<IpPrefix> ipv4Prefixes() {
    return ipv4s().flatMap(a -> Gens.integers(0, 32).map(len -> IpPrefix.of(a, len)));
  }

  /** IPv6 prefixes of every length 0..128. */
  public static Gen<IpPrefix> ipv6Prefixes() {
    return ipv6s().flatMap(a -> Gens.integers(0, 128).map(len -> IpPrefix.of(a, len)));
  }

  /** IPv4 and IPv6 prefixes, half each. */
  public static Gen<IpPrefix> prefixes() {
    return Gens.oneOf(ipv4Prefixes(), ipv6Prefixes());
  }

  /** Interface addresses (host bits kept) of both families and every length. */
  public static Gen<InterfaceAddress> interfaceAddresses() {
    return ipAddresses()
        .flatMap(a -> Gens.integers(0, a.bitLength()).map(len -> InterfaceAddress.of(a, len)));
  }

  /** Addresses inside {@code prefix}, uniform over its host bits, shrinking to its network. */
  public static Gen<IpAddress> addressesIn(IpPrefix prefix) {
    int hostBits = prefix.network().bitLength() - prefix.length();
    if (prefix.network() instanceof Ipv4Address v4) {
      return (random, size) ->
          Ipv4Address.of(v4.bits() | (int) Draws.below(random, 1L << hostBits));
    }
    Ipv6Address v6 = (Ipv6Address) prefix.network();
    return (random, size) -> {
      long low = Draws.below(random, hostBits >= 64 ? 0 : 1L << hostBits);
      long high =
          hostBits <= 64 ? 0 : Draws.below(random, hostBits == 128 ? 0 : 1L << (hostBits - 64));
      return Ipv6Address.of(v6.high() | high, v6.low() | low);
    };
  }

  /** Transport ports 0..65535, one in four an edge (0, 1, 65534, 65535). */
  public static Gen<Integer> ports() {
    return Gens.integersWithEdges(0, 65535);
  }

  /** Port ranges: single ports, ranges of any width, and the full range. */
  public static Gen<PortRange> portRanges() {
    Gen<PortRange> range =
        ports().flatMap(lo -> Gens.integers(lo, 65535).map(hi -> new PortRange(lo, hi)));
    return Gens.frequency(
        weighted(2, ports().map(PortRange::of)),
        weighted(2, range),
        weighted(1, Gens.constant(PortRange.ALL)));
  }

  /** IP protocols: mostly TCP, UDP, ICMP, ICMPv6; sometimes any number 0..255. */
  public static Gen<IpProtocol> ipProtocols() {
    return Gens.frequency(
        weighted(
            3, Gens.elements(IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP, IpProtocol.ICMPV6)),
        weighted(1, Gens.integers(0, 255).map(IpProtocol::valueOf)));
  }
}
