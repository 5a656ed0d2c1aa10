package io.nv.encap.codec;

import io.nv.model.addr.MacAddress;
import java.util.Optional;

/**
 * An Ethernet II header, with an optional IEEE 802.1Q tag.
 *
 * <p>Layout: destination (6), source (6), type (2) — or, tagged: destination, source, 0x8100 (2),
 * TCI (2), type (2).
 *
 * <pre>{@code
 * Ethernet e = Ethernet.of(MacAddress.parse("0a:00:00:00:00:02"),
 *     MacAddress.parse("0a:00:00:00:00:01"), EtherType.IPV4);
 * Ethernet tagged = e.withVlan(VlanTag.of(100));
 * tagged.length();   // 18
 * }</pre>
 *
 * @param destination the destination MAC address
 * @param source the source MAC address
 * @param vlan the 802.1Q tag, if any
 * @param etherType the type of what follows (after the tag, when tagged)
 */
public record Ethernet(
    MacAddress destination, MacAddress source, Optional<VlanTag> vlan, EtherType etherType)
    implements Header {
  /** Offset of the destination address. */
  public static final int DESTINATION_OFFSET = 0;
  /** Offset of the source address. */
  public static final int SOURCE_OFFSET = 6;
  /** Offset of the type field (0x8100 when tagged). */
  public static final int ETHER_TYPE_OFFSET = 12;
  /** Offset of the 802.1Q TCI in a tagged header. */
  public static final int TCI_OFFSET = 14;
  /** Offset of the type field in a tagged header. */
  public static final int TAGGED_ETHER_TYPE_OFFSET = 16;
  /** Length of an untagged header. */
  public static final int HEADER_LENGTH = 14;
  /** Length of a tagged header. */
  public static final int TAGGED_HEADER_LENGTH = 18;

  /** Checks that an untagged header does not claim a tag follows. */
  public Ethernet {
    if (vlan.isEmpty() && etherType.equals(EtherType.VLAN)) {
      throw new IllegalArgumentException(
          "an untagged Ethernet header cannot have type 0x8100: give the tag as vlan instead");
    }
  }

  /** An untagged header. */
  public static Ethernet of(MacAddress destination, MacAddress source, EtherType etherType) {
    return new Ethernet(destination, source, Optional.empty(), etherType);
  }

  /** This header with {@code tag}. */
  public Ethernet withVlan(VlanTag tag) {
    return new Ethernet(destination, source, Optional.of(tag), etherType);
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.ETHERNET;
  }

  @Override
  public int length() {
    return vlan.isPresent() ? TAGGED_HEADER_LENGTH : HEADER_LENGTH;
  }
}
