package io.nv.encap.codec;

import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;

/**
 * A {@link Flyweight} over an {@link Ethernet} header, tagged (802.1Q) or not.
 *
 * <pre>{@code
 * EthernetFlyweight eth = new EthernetFlyweight().wrap(buffer, 0);
 * eth.setDestination(dstMac.bits()).setSource(srcMac.bits()).setUntagged(0x0800);
 * eth.headerLength();   // 14
 * }</pre>
 */
public final class EthernetFlyweight extends Flyweight {
  private static final int VLAN = 0x8100;

  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public EthernetFlyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.ETHERNET;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Ethernet.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "Ethernet header needs 14 bytes");
    }
    if (u16(Ethernet.ETHER_TYPE_OFFSET) == VLAN && available < Ethernet.TAGGED_HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "802.1Q-tagged Ethernet header needs 18 bytes");
    }
    return DecodeError.Kind.NONE;
  }

  /** The destination address's 48 bits. */
  public long destination() {
    return AddressBytes.macBits(buffer, offset + Ethernet.DESTINATION_OFFSET);
  }

  /** The source address's 48 bits. */
  public long source() {
    return AddressBytes.macBits(buffer, offset + Ethernet.SOURCE_OFFSET);
  }

  /** The destination address (allocates). */
  public MacAddress destinationAddress() {
    return MacAddress.of(destination());
  }

  /** The source address (allocates). */
  public MacAddress sourceAddress() {
    return MacAddress.of(source());
  }

  /** True when an 802.1Q tag follows the addresses. */
  public boolean isTagged() {
    return u16(Ethernet.ETHER_TYPE_OFFSET) == VLAN;
  }

  /** The 802.1Q TCI; 0 when untagged. */
  public int tci() {
    return isTagged() ? u16(Ethernet.TCI_OFFSET) : 0;
  }

  /** The type of what follows the header (after the tag, when tagged). */
  public int etherType() {
    int type = u16(Ethernet.ETHER_TYPE_OFFSET);
    return type == VLAN ? u16(Ethernet.TAGGED_ETHER_TYPE_OFFSET) : type;
  }

  @Override
  public int headerLength() {
    return isTagged() ? Ethernet.TAGGED_HEADER_LENGTH : Ethernet.HEADER_LENGTH;
  }

  /** The absolute index of what follows the header. */
  public int payloadOffset() {
    return offset + headerLength();
  }

  /** Writes the destination address (its 48 low bits). */
  public EthernetFlyweight setDestination(long mac) {
    AddressBytes.putMacBits(buffer, offset + Ethernet.DESTINATION_OFFSET, mac);
    return this;
  }

  /** Writes the source address (its 48 low bits). */
  public EthernetFlyweight setSource(long mac) {
    AddressBytes.putMacBits(buffer, offset + Ethernet.SOURCE_OFFSET, mac);
    return this;
  }

  /** Writes an untagged type field. */
  public EthernetFlyweight setUntagged(int etherType) {
    put16(Ethernet.ETHER_TYPE_OFFSET, etherType);
    return this;
  }

  /** Writes an 802.1Q tag with this TCI followed by the type field. */
  public EthernetFlyweight setTagged(int tci, int etherType) {
    put16(Ethernet.ETHER_TYPE_OFFSET, VLAN);
    put16(Ethernet.TCI_OFFSET, tci);
    put16(Ethernet.TAGGED_ETHER_TYPE_OFFSET, etherType);
    return this;
  }
}
