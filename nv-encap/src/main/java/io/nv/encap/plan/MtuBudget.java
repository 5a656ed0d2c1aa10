package io.nv.encap.plan;

import com.google.common.collect.ImmutableList;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;

/**
 * What is left of an underlay's IP MTU for the inner IP packet once a tunnel wraps it:
 *
 * <pre>
 * inner IP MTU = underlay MTU − (outer IP header + UDP 8 + tunnel header 8 + options
 *                               + inner Ethernet 14 + 4 per inner 802.1Q tag)
 * </pre>
 *
 * The outer IP header is 20 bytes over IPv4 and 40 over IPv6; Geneve carries OVN's port option (8
 * bytes with its option header), VXLAN no options. At a 1500 underlay:
 *
 * <table>
 *   <caption>Inner IP MTU at a 1500-byte underlay</caption>
 *   <tr><th>encapsulation</th><th>over IPv4</th><th>over IPv6</th></tr>
 *   <tr><td>Geneve, one 4-byte option</td><td>1442</td><td>1422</td></tr>
 *   <tr><td>VXLAN</td><td>1450</td><td>1430</td></tr>
 * </table>
 *
 * and each inner VLAN tag costs 4 more.
 *
 * <pre>{@code
 * MtuBudget b = MtuBudget.of(Encapsulation.GENEVE, 4, 1500);
 * b.innerMtu();                     // 1442
 * b.withVlanTags(1).innerMtu();     // 1438
 * b.arithmetic();                   // "1500 - (20 + 8 + 8 + 8 + 14) = 1442"
 * }</pre>
 *
 * @param encapsulation the tunnel encapsulation
 * @param ipVersion the underlay's IP version, 4 or 6
 * @param underlayMtu the underlay's IP MTU
 * @param vlanTags 802.1Q tags on the inner frame (0 for ordinary tunnelled frames)
 */
public record MtuBudget(Encapsulation encapsulation, int ipVersion, int underlayMtu, int vlanTags) {
  /** Outer IPv4 header without options. */
  public static final int IPV4_HEADER = 20;

  /** Outer IPv6 header without extension headers. */
  public static final int IPV6_HEADER = 40;

  /** Outer UDP header. */
  public static final int UDP_HEADER = 8;

  /** Geneve base header (RFC 8926). */
  public static final int GENEVE_HEADER = 8;

  /** OVN's port option: 4-byte option header plus 4-byte value. */
  public static final int GENEVE_OPTIONS = 8;

  /** VXLAN header (RFC 7348). */
  public static final int VXLAN_HEADER = 8;

  /** Inner Ethernet header (no FCS: tunnels do not carry it). */
  public static final int ETHERNET_HEADER = 14;

  /** One inner 802.1Q tag. */
  public static final int VLAN_TAG = 4;

  /**
   * One term of the overhead.
   *
   * <pre>{@code
   * MtuBudget.of(Encapsulation.VXLAN, 6, 1500).costs().get(0);   // Cost[what=outer IPv6 header, bytes=40]
   * }</pre>
   *
   * @param what what the bytes are, e.g. {@code outer IPv4 header}
   * @param bytes how many
   */
  public record Cost(String what, int bytes) {}

  /** Checks the IP version and counts. */
  public MtuBudget {
    if (ipVersion != 4 && ipVersion != 6) {
      throw new IllegalArgumentException("IP version " + ipVersion + " is neither 4 nor 6");
    }
    if (underlayMtu < 0 || vlanTags < 0) {
      throw new IllegalArgumentException(
          "underlay MTU " + underlayMtu + " and VLAN tags " + vlanTags + " must not be negative");
    }
  }

  /** The budget of an untagged inner frame. */
  public static MtuBudget of(Encapsulation encapsulation, int ipVersion, int underlayMtu) {
    return new MtuBudget(encapsulation, ipVersion, underlayMtu, 0);
  }

  /** The budget of {@code host}: its tunnel address's IP version and its underlay MTU. */
  public static MtuBudget of(Host host, Encapsulation encapsulation) {
    return of(encapsulation, host.tunnelIp().version(), host.underlayMtu());
  }

  /** This budget with {@code tags} inner 802.1Q tags. */
  public MtuBudget withVlanTags(int tags) {
    return new MtuBudget(encapsulation, ipVersion, underlayMtu, tags);
  }

  /** The terms of the overhead, outermost first (the VLAN term only when there are tags). */
  public ImmutableList<Cost> costs() {
    ImmutableList.Builder<Cost> b = ImmutableList.builder();
    b.add(
        ipVersion == 4
            ? new Cost("outer IPv4 header", IPV4_HEADER)
            : new Cost("outer IPv6 header", IPV6_HEADER));
    b.add(new Cost("UDP header", UDP_HEADER));
    if (encapsulation == Encapsulation.GENEVE) {
      b.add(new Cost("Geneve header", GENEVE_HEADER));
      b.add(new Cost("Geneve option (OVN ports, with its 4-byte header)", GENEVE_OPTIONS));
    } else {
      b.add(new Cost("VXLAN header", VXLAN_HEADER));
    }
    b.add(new Cost("inner Ethernet header", ETHERNET_HEADER));
    if (vlanTags > 0) {
      b.add(
          new Cost(
              vlanTags + " inner 802.1Q tag" + (vlanTags == 1 ? "" : "s"), VLAN_TAG * vlanTags));
    }
    return b.build();
  }

  /** The bytes the tunnel adds around the inner IP packet. */
  public int overhead() {
    return costs().stream().mapToInt(Cost::bytes).sum();
  }

  /** The largest inner IP packet that crosses the underlay unfragmented. */
  public int innerMtu() {
    return underlayMtu - overhead();
  }

  /** The arithmetic on one line: {@code 1500 - (20 + 8 + 8 + 8 + 14) = 1442}. */
  public String arithmetic() {
    StringBuilder sb = new StringBuilder().append(underlayMtu).append(" - (");
    ImmutableList<Cost> costs = costs();
    for (int i = 0; i < costs.size(); i++) {
      sb.append(i == 0 ? "" : " + ").append(costs.get(i).bytes());
    }
    return sb.append(") = ").append(innerMtu()).toString();
  }
}
