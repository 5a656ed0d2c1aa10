package io.nv.encap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.Cases;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds both faces a million random and mutated inputs — truncations, lying length fields, option
 * lengths past the end, random tails after valid prefixes, bit flips — and checks that each gives
 * a value or a typed error and never throws. Every kind of error must turn up, so a mutator that
 * stopped reaching a check would fail the test.
 */
class DecoderFuzzTest {
  static final int INPUTS = 1_000_000;

  /** A valid encoded frame and the offsets of its length bytes. */
  private static final class Seed {
    private final byte[] bytes;
    private final int[] lengthBytes;

    Seed(byte[] bytes, int[] lengthBytes) {
      this.bytes = bytes;
      this.lengthBytes = lengthBytes;
    }

    byte[] bytes() {
      return bytes;
    }

    int[] lengthBytes() {
      return lengthBytes;
    }
  }

  private final EthernetFlyweight eth = new EthernetFlyweight();
  private final Ipv4Flyweight ip4 = new Ipv4Flyweight();
  private final Ipv6Flyweight ip6 = new Ipv6Flyweight();
  private final UdpFlyweight udp = new UdpFlyweight();
  private final TcpFlyweight tcp = new TcpFlyweight();
  private final IcmpFlyweight icmp = new IcmpFlyweight();
  private final VxlanFlyweight vxlan = new VxlanFlyweight();
  private final GeneveFlyweight geneve = new GeneveFlyweight();
  private final TunnelReader reader = new TunnelReader();
  @SuppressWarnings("UnusedVariable") // read values go here so that no read is optimized away
  private long sink;

  @Test
  void decodersReturnValuesOrTypedErrorsForAMillionInputs() {
    long seed = Cases.masterSeed();
    SplittableRandom r = new SplittableRandom(seed);
    List<Seed> corpus = corpus(r);
    Set<DecodeError.Kind> valueKinds = EnumSet.noneOf(DecodeError.Kind.class);
    Set<DecodeError.Kind> flyweightKinds = EnumSet.noneOf(DecodeError.Kind.class);
    int decoded = 0;
    for (int i = 0; i < INPUTS; i++) {
      int mutation = r.nextInt(6);
      byte[] input = mutate(r, corpus.get(r.nextInt(corpus.size())), mutation);
      try {
        Either<DecodeError, Frame> plain = Frame.decode(input);
        Either<DecodeError, Frame> verified = Frame.decodeVerified(input);
        plain.peekLeft(e -> valueKinds.add(e.kind()));
        verified.peekLeft(e -> valueKinds.add(e.kind()));
        if (plain.isRight()) {
          decoded++;
          // What decodes re-encodes, and decodes again to the same value.
          assertThat(Frame.decode(plain.get().encode()).get()).isEqualTo(plain.get());
        }
        flyweightKinds.add(readFlyweights(r, input));
      } catch (Throwable t) {
        throw new AssertionError("input " + i + " (mutation " + mutation + ") of seed " + seed
            + " (replay with -Dnv.seed=" + seed + ") threw on " + ByteString.of(input), t);
      }
    }
    assertThat(valueKinds)
        .as("seed %d", seed)
        .containsAll(EnumSet.range(DecodeError.Kind.TRUNCATED, DecodeError.Kind.CHECKSUM_MISMATCH));
    assertThat(flyweightKinds).as("seed %d", seed).containsAll(EnumSet.allOf(DecodeError.Kind.class));
    assertThat(decoded).as("inputs that decoded").isGreaterThan(INPUTS / 20);
  }

  private static List<Seed> corpus(SplittableRandom r) {
    List<Seed> seeds = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Frame f = CodecGens.frame(r, 2);
      seeds.add(new Seed(f.encode(), lengthBytes(f)));
    }
    return seeds;
  }

  /** Offsets of the bytes that hold a length: IHL, total length, payload length, and so on. */
  private static int[] lengthBytes(Frame f) {
    List<Integer> at = new ArrayList<>();
    int off = 0;
    for (Header h : f.headers()) {
      switch (h.headerType()) {
        case IPV4 -> at.addAll(List.of(off, off + 2, off + 3));
        case IPV6 -> at.addAll(List.of(off + 4, off + 5));
        case UDP -> at.addAll(List.of(off + 4, off + 5));
        case TCP -> at.add(off + 12);
        case GENEVE -> {
          at.add(off);
          int o = off + Geneve.OPTIONS_OFFSET;
          for (GeneveOption opt : ((Geneve) h).options()) {
            at.add(o + GeneveOption.LENGTH_OFFSET);
            o += opt.length();
          }
        }
        default -> {}
      }
      off += h.length();
    }
    return at.stream().mapToInt(Integer::intValue).toArray();
  }

  private static byte[] mutate(SplittableRandom r, Seed seed, int mutation) {
    byte[] b = seed.bytes().clone();
    switch (mutation) {
      case 0 -> { // random bytes
        byte[] x = new byte[r.nextInt(300)];
        r.nextBytes(x);
        return x;
      }
      case 1 -> { // truncation
        return Arrays.copyOf(b, r.nextInt(b.length + 1));
      }
      case 2 -> { // bit flips and random bytes
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          int at = r.nextInt(b.length);
          b[at] = r.nextBoolean() ? (byte) (b[at] ^ 1 << r.nextInt(8)) : (byte) r.nextInt(256);
        }
        return b;
      }
      case 3, 4 -> { // a lying length field, and perhaps a truncation too
        int[] hot = seed.lengthBytes();
        if (hot.length > 0) {
          int at = hot[r.nextInt(hot.length)];
          b[at] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) (b[at] + r.nextInt(9) - 4);
        }
        return mutation == 4 ? Arrays.copyOf(b, r.nextInt(b.length + 1)) : b;
      }
      default -> { // a valid prefix, then random bytes
        int cut = r.nextInt(b.length + 1);
        byte[] x = Arrays.copyOf(b, cut + r.nextInt(100));
        byte[] tail = new byte[x.length - cut];
        r.nextBytes(tail);
        System.arraycopy(tail, 0, x, cut, tail.length);
        return x;
      }
    }
  }

  /** Runs the tunnel reader and one flyweight at a random offset; returns the reader's verdict. */
  private DecodeError.Kind readFlyweights(SplittableRandom r, byte[] input) {
    ByteBuffer b = ByteBuffer.wrap(input);
    DecodeError.Kind k = reader.verifyChecksums(r.nextBoolean()).read(b, 0, input.length);
    if (k == DecodeError.Kind.NONE) {
      sink += reader.vni() + reader.innerOffset() + reader.innerLimit() + reader.udp().sourcePort();
      if (reader.tunnel() == HeaderType.GENEVE) {
        for (int o = reader.geneve().firstOption(); o >= 0; o = reader.geneve().nextOption(o)) {
          sink += reader.geneve().optionClass(o) + reader.geneve().optionType(o)
              + reader.geneve().optionDataLength(o);
        }
      }
    } else {
      sink += reader.faultOffset() + reader.faultMessage().length() + reader.faultHeader().name().length();
    }
    int at = r.nextInt(input.length + 1);
    int limit = at + r.nextInt(input.length - at + 1);
    Flyweight f = switch (r.nextInt(8)) {
      case 0 -> eth.wrap(b, at);
      case 1 -> ip4.wrap(b, at);
      case 2 -> ip6.wrap(b, at);
      case 3 -> udp.wrap(b, at);
      case 4 -> tcp.wrap(b, at);
      case 5 -> icmp.wrap(b, at, r.nextBoolean());
      case 6 -> vxlan.wrap(b, at);
      default -> geneve.wrap(b, at);
    };
    if (f.validate(limit) == DecodeError.Kind.NONE) {
      sink += readAll(f, limit);
    } else {
      sink += f.faultOffset() + f.faultMessage().length();
    }
    return k;
  }

  /** Reads every getter of a validated flyweight. */
  private static long readAll(Flyweight f, int limit) {
    long s = (long) f.headerLength() + f.offset();
    if (f instanceof EthernetFlyweight e) {
      s += e.destination() + e.source() + e.tci() + e.etherType() + e.payloadOffset();
    } else if (f instanceof Ipv4Flyweight ip) {
      s += ip.version() + ip.dscp() + ip.ecn() + ip.totalLength() + ip.identification()
          + ip.fragmentOffset() + ip.ttl() + ip.protocol() + ip.checksum() + ip.source()
          + ip.destination() + ip.payloadLength() + ip.computeChecksum()
          + (ip.checksumOk() ? 1 : 0) + ip.pseudoHeaderSum(ip.payloadLength());
    } else if (f instanceof Ipv6Flyweight ip) {
      s += ip.trafficClass() + ip.flowLabel() + ip.payloadLength() + ip.nextHeader() + ip.hopLimit()
          + ip.sourceHigh() + ip.sourceLow() + ip.destinationHigh() + ip.destinationLow()
          + ip.pseudoHeaderSum(ip.payloadLength());
    } else if (f instanceof UdpFlyweight u) {
      s += u.sourcePort() + u.destinationPort() + u.length() + u.checksum()
          + u.computeChecksum(0) + (u.checksumOk(0) ? 1 : 0);
    } else if (f instanceof TcpFlyweight t) {
      int segment = limit - t.offset();
      s += t.sourcePort() + t.destinationPort() + t.sequence() + t.acknowledgment() + t.flags()
          + t.window() + t.checksum() + t.urgentPointer() + t.computeChecksum(0, segment)
          + (t.checksumOk(0, segment) ? 1 : 0);
    } else if (f instanceof IcmpFlyweight c) {
      int length = limit - c.offset();
      s += c.type() + c.code() + c.checksum() + c.rest() + c.computeChecksum(0, length)
          + (c.checksumOk(0, length) ? 1 : 0);
    } else if (f instanceof VxlanFlyweight v) {
      s += v.flags() + v.vni() + v.payloadOffset();
    } else if (f instanceof GeneveFlyweight g) {
      s += g.version() + g.optionsLength() + g.protocolType() + g.vni() + g.payloadOffset()
          + (g.oam() ? 1 : 0) + (g.critical() ? 1 : 0) + g.findOption(0x0102, 0x80);
      for (int o = g.firstOption(); o >= 0; o = g.nextOption(o)) {
        s += g.optionClass(o) + g.optionType(o) + g.optionDataLength(o) + g.optionDataOffset(o);
        if (g.optionDataLength(o) >= 4) {
          s += g.optionInt(o);
        }
      }
    }
    return s;
  }
}
