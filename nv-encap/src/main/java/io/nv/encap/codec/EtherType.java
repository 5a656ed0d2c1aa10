package io.nv.encap.codec;

/**
 * An Ethernet type (the 16-bit protocol field after the MAC addresses, and Geneve's protocol type).
 * Open-ended: unknown values survive decoding as values.
 *
 * <pre>{@code
 * EtherType.valueOf(0x0800);             // IPV4
 * EtherType.valueOf(0x88b5).toString();  // "0x88b5"
 * }</pre>
 *
 * @param value the type, 0..0xffff
 */
public record EtherType(int value) implements Comparable<EtherType> {
  /** IPv4. */
  public static final EtherType IPV4 = new EtherType(0x0800);
  /** ARP. */
  public static final EtherType ARP = new EtherType(0x0806);
  /** An IEEE 802.1Q VLAN tag follows. */
  public static final EtherType VLAN = new EtherType(0x8100);
  /** IPv6. */
  public static final EtherType IPV6 = new EtherType(0x86DD);
  /** An IEEE 802.1ad service tag (QinQ) follows. */
  public static final EtherType QINQ = new EtherType(0x88A8);
  /** Transparent Ethernet bridging: an Ethernet frame follows (Geneve's usual protocol type). */
  public static final EtherType TRANSPARENT_ETHERNET = new EtherType(0x6558);

  /** Checks the range. */
  public EtherType {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(
          "Ethernet type 0x" + Integer.toHexString(value) + " not in 0..0xffff");
    }
  }

  /** The type with this value, a shared constant when it has a name. */
  public static EtherType valueOf(int value) {
    return switch (value) {
      case 0x0800 -> IPV4;
      case 0x0806 -> ARP;
      case 0x8100 -> VLAN;
      case 0x86DD -> IPV6;
      case 0x88A8 -> QINQ;
      case 0x6558 -> TRANSPARENT_ETHERNET;
      default -> new EtherType(value);
    };
  }

  @Override
  public int compareTo(EtherType o) {
    return Integer.compare(value, o.value);
  }

  /** The name for known types ({@code ipv4}, {@code arp}, …), else {@code 0x} and four hex digits. */
  @Override
  public String toString() {
    return switch (value) {
      case 0x0800 -> "ipv4";
      case 0x0806 -> "arp";
      case 0x8100 -> "vlan";
      case 0x86DD -> "ipv6";
      case 0x88A8 -> "qinq";
      case 0x6558 -> "transparent-ethernet";
      default -> String.format("0x%04x", value);
    };
  }
}
