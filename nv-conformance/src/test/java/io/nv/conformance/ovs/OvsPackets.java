package io.nv.conformance.ovs;

import com.google.common.base.Splitter;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.packet.Packet;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * nv's model {@link Packet} in the words of {@code ofproto/trace}: the header fields of a trace's
 * flow argument, a packet read back from a trace's {@code Flow:} line, and the packet after a
 * datapath {@code set(…)} action. Together they let a test follow each copy of a traced packet to
 * the interface or tunnel it leaves through, with its headers as they leave.
 *
 * <pre>{@code
 * String flow = "in_port=3," + OvsPackets.fields(packet);   // tcp,dl_src=…,nw_ttl=64,tcp_flags=0x002
 * Packet back = OvsPackets.packet(trace.passes().get(0).flow());
 * Packet after = OvsPackets.apply(back, setHeaderAction);
 * }</pre>
 */
final class OvsPackets {
  private OvsPackets() {}

  /**
   * The header fields of {@code p} as a trace flow takes them, protocol word first (the flow
   * parser checks prerequisites in order): IPv4 {@code tcp,…,tcp_src=,tcp_dst=,tcp_flags=}, IPv6
   * {@code tcp6,…}, other IP protocols {@code ip,nw_proto=N}, ARP {@code arp,arp_op=…}, anything
   * else {@code dl_type=0x…}; TTL, DSCP and ECN always given (the trace's default TTL is 0).
   */
  static String fields(Packet p) {
    StringBuilder b = new StringBuilder();
    Optional<Packet.Ip> ip = p.ip();
    if (p.arp().isPresent()) {
      b.append("arp");
    } else if (ip.isPresent()) {
      boolean v6 = ip.get().version() == 6;
      String word = switch (p.l4().map(l -> l.getClass().getSimpleName()).orElse("")) {
        case "Tcp" -> "tcp";
        case "Udp" -> "udp";
        case "Icmp" -> "icmp";
        default -> "";
      };
      if (word.isEmpty()) {
        b.append(v6 ? "ipv6" : "ip").append(",nw_proto=").append(ip.get().proto().number());
      } else {
        b.append(word).append(v6 ? "6" : "");
      }
    } else {
      b.append(String.format("dl_type=0x%04x", p.ethType()));
    }
    b.append(",dl_src=").append(p.ethSrc()).append(",dl_dst=").append(p.ethDst());
    p.vlan().ifPresent(v -> b.append(String.format(",vlan_tci=0x%04x", 0x1000 | v.vid() | v.pcp() << 13)));
    p.arp().ifPresent(a -> b.append(",arp_op=").append(a.op()).append(",arp_spa=").append(a.spa())
        .append(",arp_tpa=").append(a.tpa()).append(",arp_sha=").append(a.sha())
        .append(",arp_tha=").append(a.tha()));
    ip.ifPresent(h -> {
      boolean v6 = h.version() == 6;
      b.append(v6 ? ",ipv6_src=" : ",nw_src=").append(h.src());
      b.append(v6 ? ",ipv6_dst=" : ",nw_dst=").append(h.dst());
      b.append(",nw_ttl=").append(h.ttl()).append(",ip_dscp=").append(h.dscp())
          .append(",nw_ecn=").append(h.ecn());
      p.l4().ifPresent(l4 -> {
        if (l4 instanceof Packet.Tcp t) {
          b.append(",tcp_src=").append(t.src()).append(",tcp_dst=").append(t.dst())
              .append(String.format(",tcp_flags=0x%03x", t.flags()));
        } else if (l4 instanceof Packet.Udp u) {
          b.append(",udp_src=").append(u.src()).append(",udp_dst=").append(u.dst());
        } else if (l4 instanceof Packet.Icmp i) {
          String f = v6 ? "icmpv6" : "icmp";
          b.append(',').append(f).append("_type=").append(i.type())
              .append(',').append(f).append("_code=").append(i.code());
        }
      });
    });
    return b.toString();
  }

  /** The packet a trace's {@code Flow:} (or {@code Final flow:}) line describes. */
  static Packet packet(FlowFields f) {
    Packet.Builder b = new Packet.Builder()
        .ethSrc(mac(f, "dl_src"))
        .ethDst(mac(f, "dl_dst"));
    vlan(f).ifPresent(b::vlan);
    boolean arp = f.protocols().contains("arp");
    boolean v6 = f.protocols().stream().anyMatch(w -> w.equals("ipv6") || w.endsWith("6"));
    boolean v4 = !v6 && f.protocols().stream()
        .anyMatch(w -> w.equals("ip") || w.equals("tcp") || w.equals("udp") || w.equals("icmp")
            || w.equals("sctp"));
    if (arp) {
      return b.arp(new Packet.Arp(number(f, "arp_op"), mac(f, "arp_sha"),
          Ipv4Address.parse(text(f, "arp_spa")), mac(f, "arp_tha"),
          Ipv4Address.parse(text(f, "arp_tpa")))).build();
    }
    if (!v4 && !v6) {
      return b.ethType(number(f, "dl_type")).build();
    }
    IpAddress src = v6 ? Ipv6Address.parse(text(f, "ipv6_src")) : Ipv4Address.parse(text(f, "nw_src"));
    IpAddress dst = v6 ? Ipv6Address.parse(text(f, "ipv6_dst")) : Ipv4Address.parse(text(f, "nw_dst"));
    String word = f.protocols().stream().filter(w -> !w.equals("eth")).findFirst().orElse("ip");
    int proto = switch (word.replace("6", "")) {
      case "tcp" -> 6;
      case "udp" -> 17;
      case "sctp" -> 132;
      case "icmp" -> v6 ? 58 : 1;
      default -> number(f, "nw_proto");
    };
    int tos = f.get("nw_tos").map(v -> (int) FlowFields.parseLong(v)).orElse(0);
    int ecn = f.get("nw_ecn").map(v -> (int) FlowFields.parseLong(v)).orElse(0);
    b.ip(new Packet.Ip(src, dst, IpProtocol.valueOf(proto), number(f, "nw_ttl"), tos >> 2, ecn));
    switch (proto) {
      case 6 -> b.l4(new Packet.Tcp(number(f, "tp_src"), number(f, "tp_dst"),
          tcpFlags(f.get("tcp_flags").orElse("0"))));
      case 17 -> b.l4(new Packet.Udp(number(f, "tp_src"), number(f, "tp_dst")));
      case 1, 58 -> {
        if ((proto == 1) != v6) {
          b.l4(new Packet.Icmp(number(f, "icmp_type"), number(f, "icmp_code")));
        }
      }
      default -> { }
    }
    return b.build();
  }

  /**
   * {@code p} after a datapath {@code set(header(field=value,…))} or {@code masked_set(…)}; a
   * field under a mask that is not all ones keeps the bits outside it.
   *
   * @throws IllegalArgumentException for a header or field nv never rewrites
   */
  static Packet apply(Packet p, DatapathAction.SetHeader set) {
    Packet.Builder b = new Packet.Builder().from(p);
    Map<String, String> f = set.fields();
    switch (set.header()) {
      case "eth" -> {
        if (f.containsKey("src")) {
          b.ethSrc(MacAddress.parse(value(f.get("src"))));
        }
        if (f.containsKey("dst")) {
          b.ethDst(MacAddress.parse(value(f.get("dst"))));
        }
      }
      case "ipv4", "ipv6" -> {
        Packet.Ip ip = p.ip().orElseThrow(() -> new IllegalArgumentException(set + " on " + p));
        IpAddress src = ip.src();
        IpAddress dst = ip.dst();
        int ttl = ip.ttl();
        int dscp = ip.dscp();
        int ecn = ip.ecn();
        for (Map.Entry<String, String> e : f.entrySet()) {
          String v = value(e.getValue());
          switch (e.getKey()) {
            case "src" -> src = IpAddress.parse(v);
            case "dst" -> dst = IpAddress.parse(v);
            case "ttl", "hlimit" -> ttl = (int) masked(ttl, e.getValue());
            case "tos", "tclass" -> {
              int tos = (int) masked(dscp << 2 | ecn, e.getValue());
              dscp = tos >> 2;
              ecn = tos & 3;
            }
            case "proto", "frag", "label" -> { }
            default -> throw new IllegalArgumentException("field " + e.getKey() + " of " + set);
          }
        }
        b.ip(new Packet.Ip(src, dst, ip.proto(), ttl, dscp, ecn));
      }
      case "tcp", "udp" -> {
        Packet.L4 l4 = p.l4().orElseThrow(() -> new IllegalArgumentException(set + " on " + p));
        int src = l4 instanceof Packet.Tcp t ? t.src() : ((Packet.Udp) l4).src();
        int dst = l4 instanceof Packet.Tcp t ? t.dst() : ((Packet.Udp) l4).dst();
        if (f.containsKey("src")) {
          src = (int) masked(src, field(f, "src"));
        }
        if (f.containsKey("dst")) {
          dst = (int) masked(dst, field(f, "dst"));
        }
        b.l4(l4 instanceof Packet.Tcp t ? new Packet.Tcp(src, dst, t.flags()) : new Packet.Udp(src, dst));
      }
      case "icmp", "icmpv6" -> {
        Packet.Icmp i = p.icmp().orElseThrow(() -> new IllegalArgumentException(set + " on " + p));
        int type = f.containsKey("type") ? (int) masked(i.type(), field(f, "type")) : i.type();
        int code = f.containsKey("code") ? (int) masked(i.code(), field(f, "code")) : i.code();
        b.l4(new Packet.Icmp(type, code));
      }
      case "arp" -> {
        Packet.Arp a = p.arp().orElseThrow(() -> new IllegalArgumentException(set + " on " + p));
        b.arp(new Packet.Arp(
            f.containsKey("op") ? (int) masked(a.op(), field(f, "op")) : a.op(),
            f.containsKey("sha") ? MacAddress.parse(value(f.get("sha"))) : a.sha(),
            f.containsKey("sip") ? Ipv4Address.parse(value(f.get("sip"))) : a.spa(),
            f.containsKey("tha") ? MacAddress.parse(value(f.get("tha"))) : a.tha(),
            f.containsKey("tip") ? Ipv4Address.parse(value(f.get("tip"))) : a.tpa()));
      }
      default -> throw new IllegalArgumentException("nv never rewrites " + set.header() + ": " + set);
    }
    return b.build();
  }

  /** {@code p} with the 802.1Q tag {@code push_vlan} adds. */
  static Packet push(Packet p, DatapathAction.PushVlan push) {
    return p.withVlan(new Packet.Vlan(push.vid(), push.pcp()));
  }

  private static Optional<Packet.Vlan> vlan(FlowFields f) {
    Optional<String> tci = f.get("vlan_tci");
    if (tci.isPresent()) {
      int v = (int) FlowFields.parseLong(tci.get());
      return (v & 0x1000) == 0 ? Optional.empty() : Optional.of(new Packet.Vlan(v & 0xfff, v >> 13 & 7));
    }
    if (f.get("dl_vlan").isPresent()) {
      return Optional.of(new Packet.Vlan(number(f, "dl_vlan"), f.get("dl_vlan_pcp").map(x -> (int) FlowFields.parseLong(x)).orElse(0)));
    }
    return Optional.empty();
  }

  /** TCP flags as a trace prints them: {@code syn|ack}, {@code 0}, or a number. */
  static int tcpFlags(String text) {
    String t = text.strip();
    if (t.isEmpty() || Character.isDigit(t.charAt(0))) {
      return (int) FlowFields.parseLong(t.isEmpty() ? "0" : t);
    }
    int flags = 0;
    for (String name : Splitter.on('|').omitEmptyStrings().split(t)) {
      flags |= switch (name) {
        case "fin" -> Packet.Tcp.FIN;
        case "syn" -> Packet.Tcp.SYN;
        case "rst" -> Packet.Tcp.RST;
        case "psh" -> 0x008;
        case "ack" -> Packet.Tcp.ACK;
        case "urg" -> 0x020;
        case "ece" -> 0x040;
        case "cwr" -> 0x080;
        case "ns" -> 0x100;
        default -> throw new IllegalArgumentException("TCP flag " + name + " in " + text);
      };
    }
    return flags;
  }

  private static String text(FlowFields f, String name) {
    return f.get(name).orElseThrow(() -> new IllegalArgumentException("no " + name + " in " + f));
  }

  private static int number(FlowFields f, String name) {
    return (int) FlowFields.parseLong(text(f, name));
  }

  private static MacAddress mac(FlowFields f, String name) {
    return MacAddress.parse(text(f, name));
  }

  private static String field(Map<String, String> fields, String name) {
    return java.util.Objects.requireNonNull(fields.get(name), name);
  }

  /** The value of {@code value[/mask]}. */
  private static String value(@Nullable String v) {
    String s = java.util.Objects.requireNonNull(v).strip();
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash);
  }

  /** {@code old} with the bits of {@code value/mask} set ({@code value} alone: all of them). */
  private static long masked(long old, String valueMask) {
    String s = valueMask.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      return FlowFields.parseLong(s);
    }
    long v = FlowFields.parseLong(s.substring(0, slash));
    long m = FlowFields.parseLong(s.substring(slash + 1));
    return (old & ~m) | (v & m);
  }
}
