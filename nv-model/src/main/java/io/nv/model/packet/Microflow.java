package io.nv.model.packet;

import com.google.common.collect.ImmutableMap;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.match.Field;
import io.nv.model.match.Match;
import io.nv.model.match.MatchSyntaxError;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import io.vavr.control.Either;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One concrete packet written in the match language, as {@code ovn-trace} takes it: a conjunction
 * of {@code field == value} and protocol predicates ({@code tcp}, {@code icmp4}, {@code arp}).
 * Fields left out are filled from defaults when {@link #toPacket} builds the packet.
 *
 * <pre>{@code
 * Microflow m = Microflow.parse(
 *     "inport == \"web1\" && ip4.dst == 10.0.2.21 && tcp.dst == 8080").get();
 * m.inport();   // Optional[web1]
 * Packet p = m.toPacket(webMac, routerMac, webIp);
 * }</pre>
 *
 * @param assignments the exact values given, by field
 * @param predicates the protocol predicates given ({@code tcp}, {@code udp}, {@code icmp4} …)
 */
public record Microflow(ImmutableMap<Field, Value> assignments, Set<Field> predicates) {

  /** Copies the predicates. */
  public Microflow {
    predicates = predicates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(predicates));
  }

  /**
   * Parses a microflow; fails with a typed error (column included) on bad syntax, and when the
   * expression is not a conjunction of exact {@code ==} tests and predicates.
   */
  public static Either<MatchSyntaxError, Microflow> parse(String text) {
    Either<MatchSyntaxError, Match> parsed = Match.tryParse(text);
    if (parsed.isLeft()) {
      return Either.left(parsed.getLeft());
    }
    Map<Field, Value> values = new LinkedHashMap<>();
    Set<Field> preds = EnumSet.noneOf(Field.class);
    Optional<String> problem = collect(parsed.get(), values, preds);
    if (problem.isPresent()) {
      return Either.left(new MatchSyntaxError(1, problem.get(), "write field == value terms joined by &&"));
    }
    return Either.right(new Microflow(ImmutableMap.copyOf(values), preds));
  }

  private static Optional<String> collect(Match m, Map<Field, Value> values, Set<Field> preds) {
    if (m instanceof Match.And and) {
      for (Match op : and.operands()) {
        Optional<String> p = collect(op, values, preds);
        if (p.isPresent()) {
          return p;
        }
      }
      return Optional.empty();
    }
    if (m instanceof Match.Predicate p) {
      preds.add(p.field());
      return Optional.empty();
    }
    if (m instanceof Match.Comparison c && c.relation() == Relation.EQ && exact(c.value())) {
      Value old = values.put(c.field(), c.value());
      return old == null || old.equals(c.value())
          ? Optional.empty()
          : Optional.of(c.field().symbol() + " is given two values");
    }
    if (m instanceof Match.True) {
      return Optional.empty();
    }
    return Optional.of("a packet needs exact values: '" + m + "' is not of the form field == value");
  }

  private static boolean exact(Value v) {
    return v instanceof Value.Int
        || v instanceof Value.Mac
        || v instanceof Value.Str
        || (v instanceof Value.Ip ip && ip.prefix().length() == ip.prefix().network().bitLength());
  }

  /** The {@code inport} given, if any. */
  public Optional<String> inport() {
    return Optional.ofNullable(assignments.get(Field.INPORT)).map(v -> ((Value.Str) v).value());
  }

  /** The IP destination given ({@code ip4.dst} or {@code ip6.dst}), if any. */
  public Optional<IpAddress> ipDestination() {
    return ip(Field.IP4_DST).or(() -> ip(Field.IP6_DST));
  }

  private Optional<Value> get(Field f) {
    return Optional.ofNullable(assignments.get(f));
  }

  private Optional<MacAddress> mac(Field f) {
    return get(f).map(v -> ((Value.Mac) v).address());
  }

  private Optional<IpAddress> ip(Field f) {
    return get(f).map(v -> ((Value.Ip) v).prefix().network());
  }

  private Optional<Integer> integer(Field f) {
    return get(f).map(v -> (int) ((Value.Int) v).value());
  }

  private boolean has(Field f) {
    return predicates.contains(f) || assignments.containsKey(f);
  }

  /**
   * The packet: given values, else {@code srcMac}, {@code dstMac} and {@code srcIp} for the
   * Ethernet and IP sources and destination MAC; TTL 64; a TCP SYN when tcp is named.
   */
  public Packet toPacket(MacAddress srcMac, MacAddress dstMac, IpAddress srcIp) {
    MacAddress es = mac(Field.ETH_SRC).orElse(srcMac);
    MacAddress ed = mac(Field.ETH_DST).orElse(dstMac);
    Packet p;
    if (has(Field.ARP) || has(Field.ARP_OP) || has(Field.ARP_TPA)) {
      Ipv4Address spa = (Ipv4Address) ip(Field.ARP_SPA).orElse(srcIp);
      Ipv4Address tpa = (Ipv4Address) ip(Field.ARP_TPA).orElse(Ipv4Address.ANY);
      int op = integer(Field.ARP_OP).orElse(Packet.Arp.REQUEST);
      p = op == Packet.Arp.REQUEST
          ? Packets.arpRequest(mac(Field.ARP_SHA).orElse(es), spa, tpa)
          : Packets.arpReply(mac(Field.ARP_SHA).orElse(es), spa, mac(Field.ARP_THA).orElse(ed), tpa);
      p = p.withEthSrc(es).withEthDst(mac(Field.ETH_DST).orElse(p.ethDst()));
    } else {
      IpAddress src = ip(Field.IP4_SRC).or(() -> ip(Field.IP6_SRC)).orElse(srcIp);
      IpAddress dst = ip(Field.IP4_DST).or(() -> ip(Field.IP6_DST))
          .orElseThrow(() -> new IllegalArgumentException(
              "the microflow needs ip4.dst (or ip6.dst), or arp.tpa for ARP"));
      if (has(Field.TCP) || has(Field.TCP_DST) || has(Field.TCP_SRC)) {
        p = Packets.tcp(es, ed, src, dst, integer(Field.TCP_SRC).orElse(49152), integer(Field.TCP_DST).orElse(80),
            integer(Field.TCP_FLAGS).orElse(Packet.Tcp.SYN));
      } else if (has(Field.UDP) || has(Field.UDP_DST) || has(Field.UDP_SRC)) {
        p = Packets.udp(es, ed, src, dst, integer(Field.UDP_SRC).orElse(49152), integer(Field.UDP_DST).orElse(53));
      } else if (has(Field.ICMP) || has(Field.ICMP4) || has(Field.ICMP6) || has(Field.ICMP4_TYPE)
          || has(Field.ICMP6_TYPE)) {
        p = Packets.icmpEcho(es, ed, src, dst);
      } else {
        p = Packets.ipPacket(es, ed, src, dst, integer(Field.IP_PROTO).map(IpProtocol::valueOf).orElse(IpProtocol.valueOf(253)));
      }
      p = p.withTtl(integer(Field.IP_TTL).orElse(Packets.DEFAULT_TTL));
    }
    return inport().map(p::withInport).orElse(p);
  }
}
