package io.nv.conformance.ovs;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a flow as {@code ofproto/trace} prints it ({@code Flow:}, {@code Final flow:}):
 * {@code name=value} pairs and bare protocol words ({@code tcp}, {@code eth}), with typed
 * accessors for the header values tests compare.
 *
 * <pre>{@code
 * FlowFields f = FlowFields.parse("tcp,in_port=1,dl_vlan=100,dl_src=0a:00:00:00:00:99,"
 *     + "nw_src=10.0.0.1,nw_dst=10.0.0.12,nw_ttl=63,tp_src=1234,tp_dst=80");
 * f.ethSrc();   // Optional[0a:00:00:00:00:99]
 * f.ttl();      // OptionalInt[63]
 * f.vlan();     // OptionalInt[100]
 * }</pre>
 *
 * @param text the flow as printed
 * @param protocols the bare words ({@code tcp}, {@code eth}, {@code ip}...)
 * @param values every {@code name=value} pair, in order
 */
public record FlowFields(String text, ImmutableSet<String> protocols,
    ImmutableMap<String, String> values) {

  /** Parses a flow printed by OVS; fields whose value holds commas keep them. */
  public static FlowFields parse(String text) {
    Set<String> protocols = new LinkedHashSet<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (String item : DatapathActionParser.splitTopLevel(text.strip())) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        if (!item.isEmpty()) {
          protocols.add(item);
        }
      } else {
        values.putIfAbsent(item.substring(0, eq), item.substring(eq + 1));
      }
    }
    return new FlowFields(text.strip(), ImmutableSet.copyOf(protocols),
        ImmutableMap.copyOf(values));
  }

  /** The value of {@code name} as printed, if present. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** {@code in_port}, when numeric. */
  public OptionalInt inPort() {
    return number("in_port");
  }

  /** {@code dl_src}. */
  public Optional<MacAddress> ethSrc() {
    return get("dl_src").flatMap(MacAddress::tryParse);
  }

  /** {@code dl_dst}. */
  public Optional<MacAddress> ethDst() {
    return get("dl_dst").flatMap(MacAddress::tryParse);
  }

  /** {@code nw_src} (IPv4; for ARP the trace prints {@code arp_spa}). */
  public Optional<Ipv4Address> ipSrc() {
    return get("nw_src").flatMap(Ipv4Address::tryParse);
  }

  /** {@code nw_dst}. */
  public Optional<Ipv4Address> ipDst() {
    return get("nw_dst").flatMap(Ipv4Address::tryParse);
  }

  /** {@code nw_ttl}. */
  public OptionalInt ttl() {
    return number("nw_ttl");
  }

  /** {@code tp_src} (TCP, UDP or SCTP source port; ICMP type for ICMP). */
  public OptionalInt tpSrc() {
    return number("tp_src");
  }

  /** {@code tp_dst}. */
  public OptionalInt tpDst() {
    return number("tp_dst");
  }

  /** The outer VLAN id ({@code dl_vlan}), empty when the flow is untagged. */
  public OptionalInt vlan() {
    return number("dl_vlan");
  }

  /** {@code ct_state} as printed ({@code new|trk}), if the flow has one. */
  public Optional<String> ctState() {
    return get("ct_state");
  }

  /** {@code tun_id}, if set. */
  public Optional<Long> tunnelId() {
    return get("tun_id").map(FlowFields::parseLong);
  }

  /** {@code tun_dst}, if set. */
  public Optional<Ipv4Address> tunnelDst() {
    return get("tun_dst").flatMap(Ipv4Address::tryParse);
  }

  /** {@code tun_metadata0}, if set. */
  public Optional<Long> tunnelMetadata0() {
    return get("tun_metadata0").map(FlowFields::parseLong);
  }

  private OptionalInt number(String name) {
    @Nullable String v = values.get(name);
    if (v == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of((int) parseLong(v));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  static long parseLong(String v) {
    String s = v.strip();
    int slash = s.indexOf('/');
    if (slash >= 0) {
      s = s.substring(0, slash);
    }
    return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  @Override
  public String toString() {
    return text;
  }
}
