package io.nv.encap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Examples of the small values and helpers around the headers. */
class SmallValuesTest {
  @Test
  void ovnOptionPacksPortKeysAsOvnDoes() {
    OvnOption o = new OvnOption(0x7fff, 0x8001);
    assertThat(o.value()).isEqualTo(0x7fff_8001);
    assertThat(o.isMulticast()).isTrue();
    assertThat(new OvnOption(5, 0x7fff).isMulticast()).isFalse();
    assertThat(o.toGeneveOption().data()).hasToString("7fff8001");
    // The reserved top bit is ignored when reading.
    assertThat(OvnOption.ofValue(0xffff_0003)).isEqualTo(new OvnOption(0x7fff, 3));
    assertThat(OvnOption.from(new GeneveOption(0x0102, 0x81, ByteString.fromHex("00010002"))))
        .isEmpty();
  }

  @Test
  void ovnOptionRejectsKeysOutOfRange() {
    assertThatThrownBy(() -> new OvnOption(0x8000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingress port key");
  }

  @Test
  void etherTypesAreOpenEnded() {
    assertThat(EtherType.valueOf(0x0800)).isSameAs(EtherType.IPV4);
    assertThat(EtherType.valueOf(0x88b5)).hasToString("0x88b5").isEqualTo(new EtherType(0x88b5));
    assertThat(EtherType.TRANSPARENT_ETHERNET.value()).isEqualTo(0x6558);
  }

  @Test
  void geneveOptionCriticalBitIsTheTypesHighBit() {
    assertThat(new GeneveOption(1, 0x80, ByteString.EMPTY).critical()).isTrue();
    assertThat(new GeneveOption(1, 0x7f, ByteString.EMPTY).critical()).isFalse();
    assertThatThrownBy(() -> new GeneveOption(1, 1, ByteString.fromHex("010203")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4");
  }

  @Test
  void geneveRejectsMoreThan252OptionBytes() {
    GeneveOption big = new GeneveOption(1, 1, ByteString.of(new byte[124]));
    GeneveOption small = new GeneveOption(1, 1, ByteString.of(new byte[120]));
    assertThat(Geneve.of(1, big, small).optionsLength()).isEqualTo(252);
    assertThatThrownBy(() -> Geneve.of(1, big, big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bytes");
  }

  @Test
  void addressesGoInAndOutOfBuffersInNetworkOrder() {
    ByteBuffer b = ByteBuffer.allocate(40);
    MacAddress mac = MacAddress.parse("0a:0b:0c:0d:0e:0f");
    Ipv4Address v4 = Ipv4Address.parse("10.1.2.3");
    Ipv6Address v6 = Ipv6Address.parse("2001:db8::ff");
    AddressBytes.putMac(b, 1, mac);
    AddressBytes.putIpv4(b, 7, v4);
    AddressBytes.putIpv6(b, 11, v6);
    assertThat(ByteString.copyOf(b, 1, 10)).hasToString("0a0b0c0d0e0f" + "0a010203");
    assertThat(ByteString.copyOf(b, 11, 16)).isEqualTo(ByteString.of(v6.toBytes()));
    assertThat(AddressBytes.mac(b, 1)).isEqualTo(mac);
    assertThat(AddressBytes.ipv4(b, 7)).isEqualTo(v4);
    assertThat(AddressBytes.ipv6(b, 11)).isEqualTo(v6);
  }

  @Test
  void flyweightsRefuseLittleEndianBuffers() {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    assertThatThrownBy(() -> new UdpFlyweight().wrap(b, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ByteOrder.BIG_ENDIAN");
  }
}
