package io.nv.conformance.ovs;

import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the flow argument of {@code ofproto/trace} from fields, so tests need not remember its
 * quirks: IP flows get {@code nw_ttl=64} unless told otherwise (the trace's default TTL 0 dies at
 * the first {@code dec_ttl}), L4 ports are spelled {@code tcp_dst} / {@code udp_dst} / {@code
 * sctp_dst} (the trace's parser takes {@code tp_dst} for TCP only, while {@code ovs-ofctl}
 * flows take it for any protocol), and fields come in an order whose prerequisites hold.
 *
 * <pre>{@code
 * TraceFlow.at(hv1.port("web1")).tcp()
 *     .ethSrc("0a:00:00:01:00:11").ethDst("0a:00:00:01:00:22")
 *     .ipSrc("10.0.0.1").ipDst("10.0.0.2").tpSrc(2000).tpDst(80)
 *     .text();   // in_port=1,tcp,dl_src=…,dl_dst=…,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,tcp_src=2000,tcp_dst=80
 *
 * TraceFlow.fromTunnel(hv2, "hv1", 7).tunnelMetadata0(0x12345).tcp().tpDst(80);
 *     // in_port=65000,tun_id=0x7,tun_src=192.168.0.1,tun_dst=192.168.0.2,tun_metadata0=0x12345,tcp,…
 * }</pre>
 *
 * <p>Instances are mutable builders; {@link #text()} (and {@link #toString()}) gives the flow.
 */
public final class TraceFlow {
  private final Map<String, String> head = new LinkedHashMap<>();
  private String protocol = "";
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> extra = new LinkedHashMap<>();
  private int ttl = 64;

  private TraceFlow(int inPort) {
    head.put("in_port", Integer.toString(inPort));
  }

  /** A packet arriving on OpenFlow port {@code ofport}. */
  public static TraceFlow inPort(int ofport) {
    return new TraceFlow(ofport);
  }

  /** A packet arriving on {@code port}, from the port's MAC address when it has one. */
  public static TraceFlow at(HostSpec.Port port) {
    TraceFlow f = new TraceFlow(port.ofport());
    port.mac().ifPresent(f::ethSrc);
    return f;
  }

  /** A packet arriving on {@code host}'s port whose interface or logical name is {@code name}. */
  public static TraceFlow at(HostSpec host, String name) {
    return at(host.port(name));
  }

  /**
   * A packet arriving at {@code host} through its tunnel from peer {@code fromPeer} with VNI
   * {@code vni}: {@code in_port} is the tunnel's, {@code tun_src} the peer's address, {@code
   * tun_dst} the host's.
   */
  public static TraceFlow fromTunnel(HostSpec host, String fromPeer, long vni) {
    TraceFlow f = new TraceFlow(host.tunnel().ofport());
    f.head.put("tun_id", "0x" + Long.toHexString(vni));
    f.head.put("tun_src", host.peer(fromPeer).tunnelIp().toString());
    f.head.put("tun_dst", host.tunnelIp().toString());
    return f;
  }

  /** {@code tun_metadata0} (the Geneve option mapped by the export's {@code tlv-map.txt}). */
  public TraceFlow tunnelMetadata0(long value) {
    head.put("tun_metadata0", "0x" + Long.toHexString(value));
    return this;
  }

  /** IPv4 ({@code ip}). */
  public TraceFlow ip() {
    protocol = "ip";
    return this;
  }

  /** IPv4 TCP. */
  public TraceFlow tcp() {
    protocol = "tcp";
    return this;
  }

  /** IPv4 UDP. */
  public TraceFlow udp() {
    protocol = "udp";
    return this;
  }

  /** IPv4 SCTP. */
  public TraceFlow sctp() {
    protocol = "sctp";
    return this;
  }

  /** ICMPv4. */
  public TraceFlow icmp() {
    protocol = "icmp";
    return this;
  }

  /** ARP. */
  public TraceFlow arp() {
    protocol = "arp";
    return this;
  }

  /** {@code dl_src}. */
  public TraceFlow ethSrc(String mac) {
    return ethSrc(MacAddress.parse(mac));
  }

  /** {@code dl_src}. */
  public TraceFlow ethSrc(MacAddress mac) {
    head.put("dl_src", mac.toString());
    return this;
  }

  /** {@code dl_dst}. */
  public TraceFlow ethDst(String mac) {
    return ethDst(MacAddress.parse(mac));
  }

  /** {@code dl_dst}. */
  public TraceFlow ethDst(MacAddress mac) {
    head.put("dl_dst", mac.toString());
    return this;
  }

  /** An 802.1Q tag with VLAN id {@code vid} ({@code dl_vlan}). */
  public TraceFlow vlan(int vid) {
    head.put("dl_vlan", Integer.toString(vid));
    return this;
  }

  /** {@code nw_src} (for ARP, {@code arp_spa}). */
  public TraceFlow ipSrc(String ip) {
    return ipSrc(Ipv4Address.parse(ip));
  }

  /** {@code nw_src} (for ARP, {@code arp_spa}). */
  public TraceFlow ipSrc(Ipv4Address ip) {
    fields.put("src", ip.toString());
    return this;
  }

  /** {@code nw_dst} (for ARP, {@code arp_tpa}). */
  public TraceFlow ipDst(String ip) {
    return ipDst(Ipv4Address.parse(ip));
  }

  /** {@code nw_dst} (for ARP, {@code arp_tpa}). */
  public TraceFlow ipDst(Ipv4Address ip) {
    fields.put("dst", ip.toString());
    return this;
  }

  /** {@code nw_ttl}; 64 unless set. */
  public TraceFlow ttl(int ttl) {
    this.ttl = ttl;
    return this;
  }

  /** The L4 source port ({@code tcp_src}, {@code udp_src} or {@code sctp_src}). */
  public TraceFlow tpSrc(int port) {
    fields.put("tp_src", Integer.toString(port));
    return this;
  }

  /** The L4 destination port ({@code tcp_dst}, {@code udp_dst} or {@code sctp_dst}). */
  public TraceFlow tpDst(int port) {
    fields.put("tp_dst", Integer.toString(port));
    return this;
  }

  /** TCP flags ({@code tcp_flags=+syn} or a number). */
  public TraceFlow tcpFlags(String flags) {
    fields.put("tcp_flags", flags);
    return this;
  }

  /** ICMP type and code. */
  public TraceFlow icmpType(int type, int code) {
    fields.put("icmp_type", Integer.toString(type));
    fields.put("icmp_code", Integer.toString(code));
    return this;
  }

  /** Any other field, as the trace spells it ({@code ct_mark}, {@code reg14}...), added last. */
  public TraceFlow field(String name, String value) {
    extra.put(name, value);
    return this;
  }

  /** The flow text for {@code ofproto/trace}. */
  public String text() {
    StringBuilder b = new StringBuilder();
    head.forEach((k, v) -> append(b, k, v));
    boolean ip = !protocol.isEmpty() && !protocol.equals("arp");
    if (!protocol.isEmpty()) {
      b.append(',').append(protocol);
    }
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k) {
        case "src" -> append(b, protocol.equals("arp") ? "arp_spa" : "nw_src", v);
        case "dst" -> append(b, protocol.equals("arp") ? "arp_tpa" : "nw_dst", v);
        default -> { }
      }
    }
    if (ip) {
      append(b, "nw_ttl", Integer.toString(ttl));
    }
    String l4 = switch (protocol) {
      case "tcp", "udp", "sctp" -> protocol;
      default -> "";
    };
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      switch (k) {
        case "tp_src", "tp_dst" -> {
          if (l4.isEmpty()) {
            throw new IllegalStateException(k + " needs tcp(), udp() or sctp() on the TraceFlow");
          }
          append(b, l4 + k.substring(2), v);
        }
        case "tcp_flags", "icmp_type", "icmp_code" -> append(b, k, v);
        default -> { }
      }
    }
    extra.forEach((k, v) -> append(b, k, v));
    return b.toString();
  }

  private static void append(StringBuilder b, String name, String value) {
    if (b.length() > 0) {
      b.append(',');
    }
    b.append(name).append('=').append(value);
  }

  @Override
  public String toString() {
    return text();
  }
}
