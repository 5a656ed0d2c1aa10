package io.nv.encap.codec;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random header values and frames for the codec properties. Every generator draws only from the
 * random source it is given.
 *
 * <pre>{@code
 * Frame f = CodecGens.frame(new SplittableRandom(1), 2);
 * }</pre>
 */
final class CodecGens {
  private CodecGens() {}

  static MacAddress mac(SplittableRandom r) {
    return MacAddress.of(r.nextLong(1L << 48));
  }

  static Ipv4Address ipv4Address(SplittableRandom r) {
    return Ipv4Address.of(r.nextInt());
  }

  static Ipv6Address ipv6Address(SplittableRandom r) {
    return Ipv6Address.of(r.nextLong(), r.nextLong());
  }

  static ByteString bytes(SplittableRandom r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return ByteString.of(b);
  }

  /** Option bytes: usually none, else a multiple of 4 up to {@code max}. */
  static ByteString options(SplittableRandom r, int max) {
    return r.nextInt(3) == 0 ? bytes(r, 4 * r.nextInt(max / 4 + 1)) : ByteString.EMPTY;
  }

  static Optional<VlanTag> vlan(SplittableRandom r) {
    return r.nextInt(4) == 0
        ? Optional.of(new VlanTag(r.nextInt(8), r.nextBoolean(), r.nextInt(4096)))
        : Optional.empty();
  }

  /** An Ethernet header of this type, tagged or not. */
  static Ethernet ethernet(SplittableRandom r, EtherType type) {
    return new Ethernet(mac(r), mac(r), vlan(r), type);
  }

  /** An Ethernet type nv does not decode further (never 0x0800 or 0x86dd). */
  static EtherType otherEtherType(SplittableRandom r, boolean tagged) {
    while (true) {
      EtherType t = EtherType.valueOf(r.nextInt(3) == 0 ? 0x8100 : r.nextInt(0x10000));
      if (!t.equals(EtherType.IPV4) && !t.equals(EtherType.IPV6)
          && (tagged || !t.equals(EtherType.VLAN))) {
        return t;
      }
    }
  }

  static Ipv4 ipv4(SplittableRandom r, IpProtocol protocol, boolean fragment) {
    boolean mf = fragment && r.nextBoolean();
    int fragOffset = fragment && !mf ? 1 + r.nextInt(0x1FFF) : fragment ? r.nextInt(0x2000) : 0;
    return new Ipv4(r.nextInt(64), r.nextInt(4), r.nextInt(0x10000), r.nextBoolean(), mf,
        fragOffset, r.nextInt(256), protocol, ipv4Address(r), ipv4Address(r), options(r, 40));
  }

  static Ipv6 ipv6(SplittableRandom r, IpProtocol next) {
    return new Ipv6(r.nextInt(256), r.nextInt(0x100000), next, r.nextInt(256), ipv6Address(r),
        ipv6Address(r));
  }

  /** A port that is neither VXLAN's nor Geneve's. */
  static int plainPort(SplittableRandom r) {
    while (true) {
      int p = r.nextInt(0x10000);
      if (p != Vxlan.UDP_PORT && p != Geneve.UDP_PORT) {
        return p;
      }
    }
  }

  static Udp udp(SplittableRandom r, int destinationPort, boolean overIpv6) {
    return new Udp(r.nextInt(0x10000), destinationPort, overIpv6 || r.nextBoolean());
  }

  static Tcp tcp(SplittableRandom r) {
    return new Tcp(r.nextInt(0x10000), r.nextInt(0x10000), r.nextLong(1L << 32),
        r.nextLong(1L << 32), r.nextInt(0x200), r.nextInt(0x10000), r.nextInt(0x10000),
        options(r, 40));
  }

  static Icmp4 icmp4(SplittableRandom r) {
    return new Icmp4(r.nextInt(256), r.nextInt(256), r.nextInt());
  }

  static Icmp6 icmp6(SplittableRandom r) {
    return new Icmp6(r.nextInt(256), r.nextInt(256), r.nextInt());
  }

  static Vxlan vxlan(SplittableRandom r) {
    return new Vxlan(r.nextInt(Vxlan.MAX_VNI + 1));
  }

  static GeneveOption geneveOption(SplittableRandom r, int maxLength) {
    if (r.nextInt(3) == 0 && maxLength >= OvnOption.LENGTH) {
      return new OvnOption(r.nextInt(0x8000), r.nextInt(0x10000)).toGeneveOption();
    }
    int words = r.nextInt(Math.min(31, (maxLength - GeneveOption.HEADER_LENGTH) / 4) + 1);
    return new GeneveOption(r.nextInt(0x10000), r.nextInt(256), bytes(r, 4 * words));
  }

  /** Geneve with zero to several options (occasionally up to the 252-byte limit). */
  static Geneve geneve(SplittableRandom r, boolean ethernetFollows) {
    List<GeneveOption> options = new ArrayList<>();
    int room = r.nextInt(8) == 0 ? Geneve.MAX_OPTIONS_LENGTH : 40;
    int count = r.nextInt(5);
    for (int i = 0; i < count && room >= GeneveOption.HEADER_LENGTH; i++) {
      GeneveOption o = geneveOption(r, room);
      options.add(o);
      room -= o.length();
    }
    EtherType type = ethernetFollows ? EtherType.TRANSPARENT_ETHERNET : otherGeneveType(r);
    return new Geneve(r.nextInt(8) == 0, type, r.nextInt(Geneve.MAX_VNI + 1),
        ImmutableList.copyOf(options));
  }

  private static EtherType otherGeneveType(SplittableRandom r) {
    while (true) {
      EtherType t = EtherType.valueOf(r.nextInt(0x10000));
      if (!t.equals(EtherType.TRANSPARENT_ETHERNET)) {
        return t;
      }
    }
  }

  /** A random, valid frame with at most {@code tunnels} levels of VXLAN / Geneve nesting. */
  static Frame frame(SplittableRandom r, int tunnels) {
    List<Header> headers = new ArrayList<>();
    ethernetAndBelow(r, headers, tunnels);
    return Frame.of(headers, bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(64)));
  }

  static void ethernetAndBelow(SplittableRandom r, List<Header> headers, int tunnels) {
    switch (r.nextInt(5)) {
      case 0, 1 -> {
        headers.add(ethernet(r, EtherType.IPV4));
        ipAndBelow(r, headers, tunnels, false);
      }
      case 2, 3 -> {
        headers.add(ethernet(r, EtherType.IPV6));
        ipAndBelow(r, headers, tunnels, true);
      }
      default -> {
        Optional<VlanTag> vlan = vlan(r);
        headers.add(new Ethernet(mac(r), mac(r), vlan, otherEtherType(r, vlan.isPresent())));
      }
    }
  }

  static void ipAndBelow(SplittableRandom r, List<Header> headers, int tunnels, boolean v6) {
    int kind = r.nextInt(v6 ? 4 : 5);
    IpProtocol protocol = switch (kind) {
      case 0 -> IpProtocol.UDP;
      case 1 -> IpProtocol.TCP;
      case 2 -> v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP;
      case 3 -> otherProtocol(r, v6);
      default -> IpProtocol.valueOf(r.nextInt(256)); // an IPv4 fragment of anything
    };
    if (v6) {
      headers.add(ipv6(r, protocol));
    } else {
      Ipv4 ip = ipv4(r, protocol, kind == 4);
      headers.add(ip);
      if (ip.isFragment()) {
        return;
      }
    }
    switch (kind) {
      case 0 -> udpAndBelow(r, headers, tunnels, v6);
      case 1 -> headers.add(tcp(r));
      case 2 -> headers.add(v6 ? icmp6(r) : icmp4(r));
      default -> {}
    }
  }

  private static IpProtocol otherProtocol(SplittableRandom r, boolean v6) {
    while (true) {
      IpProtocol p = IpProtocol.valueOf(r.nextInt(256));
      if (Frame.nextAfterIp(p.number(), v6) == null) {
        return p;
      }
    }
  }

  static void udpAndBelow(SplittableRandom r, List<Header> headers, int tunnels, boolean v6) {
    int kind = tunnels > 0 ? r.nextInt(3) : 2;
    switch (kind) {
      case 0 -> {
        headers.add(udp(r, Vxlan.UDP_PORT, v6));
        headers.add(vxlan(r));
        ethernetAndBelow(r, headers, tunnels - 1);
      }
      case 1 -> {
        boolean ethernet = r.nextInt(6) != 0;
        headers.add(udp(r, Geneve.UDP_PORT, v6));
        headers.add(geneve(r, ethernet));
        if (ethernet) {
          ethernetAndBelow(r, headers, tunnels - 1);
        }
      }
      default -> headers.add(udp(r, plainPort(r), v6));
    }
  }

  /** A random, valid frame in which a header of {@code type} appears. */
  static Frame frameWith(SplittableRandom r, HeaderType type) {
    List<Header> h = new ArrayList<>();
    boolean v6 = switch (type) {
      case IPV4, ICMP4 -> false;
      case IPV6, ICMP6 -> true;
      default -> r.nextBoolean();
    };
    switch (type) {
      case ETHERNET -> ethernetAndBelow(r, h, 1);
      case IPV4, IPV6 -> {
        h.add(ethernet(r, v6 ? EtherType.IPV6 : EtherType.IPV4));
        ipAndBelow(r, h, 1, v6);
      }
      default -> {
        h.add(ethernet(r, v6 ? EtherType.IPV6 : EtherType.IPV4));
        IpProtocol p = switch (type) {
          case TCP -> IpProtocol.TCP;
          case ICMP4 -> IpProtocol.ICMP;
          case ICMP6 -> IpProtocol.ICMPV6;
          default -> IpProtocol.UDP;
        };
        h.add(v6 ? ipv6(r, p) : ipv4(r, p, false));
        switch (type) {
          case TCP -> h.add(tcp(r));
          case ICMP4 -> h.add(icmp4(r));
          case ICMP6 -> h.add(icmp6(r));
          case UDP -> udpAndBelow(r, h, 0, v6);
          case VXLAN -> {
            h.add(udp(r, Vxlan.UDP_PORT, v6));
            h.add(vxlan(r));
            ethernetAndBelow(r, h, 0);
          }
          default -> {
            boolean ethernet = r.nextInt(6) != 0;
            h.add(udp(r, Geneve.UDP_PORT, v6));
            h.add(geneve(r, ethernet));
            if (ethernet) {
              ethernetAndBelow(r, h, 0);
            }
          }
        }
      }
    }
    return Frame.of(h, bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(64)));
  }
}
