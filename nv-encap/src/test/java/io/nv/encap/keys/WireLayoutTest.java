package io.nv.encap.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** OVN's Geneve option value and split VXLAN VNI: known values, round trips, ranges. */
class WireLayoutTest {
  @Test
  void geneveOptionPacksIngressAboveEgress() {
    assertThat(new GenevePortOption(3, 32768).encode()).isEqualTo(0x0003_8000);
    assertThat(new GenevePortOption(0x7FFF, 0xFFFF).encode()).isEqualTo(0x7FFF_FFFF);
    assertThat(GenevePortOption.decode(0x0005_0002)).isEqualTo(new GenevePortOption(5, 2));
    assertThat(GenevePortOption.decode(0x8005_0002))
        .as("reserved bit ignored")
        .isEqualTo(new GenevePortOption(5, 2));
    assertThat(new GenevePortOption(1, 32769).isMulticast()).isTrue();
    assertThat(new GenevePortOption(1, 32767).isMulticast()).isFalse();
    assertThat(GenevePortOption.OPTION_CLASS).isEqualTo(0x0102);
    assertThat(GenevePortOption.OPTION_TYPE).isEqualTo(0x80);
  }

  @Test
  void geneveOptionRoundTrips() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      GenevePortOption o = new GenevePortOption(r.nextInt(1 << 15), r.nextInt(1 << 16));
      assertThat(GenevePortOption.decode(o.encode())).isEqualTo(o);
      assertThat(o.encode()).isNotNegative();
      int raw = r.nextInt();
      assertThat(GenevePortOption.decode(raw).encode()).isEqualTo(raw & 0x7FFF_FFFF);
    }
  }

  @Test
  void geneveOptionRejectsKeysThatDoNotFit() {
    assertThatThrownBy(() -> new GenevePortOption(32768, 1)).hasMessageContaining("15 bits");
    assertThatThrownBy(() -> new GenevePortOption(1, 65536)).hasMessageContaining("16 bits");
  }

  @Test
  void splitVniPutsDatapathLowAndEgressHigh() {
    assertThat(new OvnVxlanVni(5, 3).encode()).isEqualTo(0x003005);
    assertThat(new OvnVxlanVni(5, MulticastGroup.FLOOD.key()).encode()).isEqualTo(0x800005);
    assertThat(new OvnVxlanVni(4095, MulticastGroup.UNKNOWN.key()).encode()).isEqualTo(0x801FFF);
    assertThat(OvnVxlanVni.wireEgress(2047)).isEqualTo(2047);
    assertThat(OvnVxlanVni.wireEgress(32768 + 2047)).isEqualTo(4095);
    assertThat(OvnVxlanVni.decode(0x801FFF)).isEqualTo(new OvnVxlanVni(4095, 32769));
  }

  @Test
  void splitVniRoundTrips() {
    SplittableRandom r = new SplittableRandom(43);
    for (int i = 0; i < 10_000; i++) {
      int egress = r.nextBoolean() ? r.nextInt(2048) : 32768 + r.nextInt(2048);
      OvnVxlanVni v = new OvnVxlanVni(r.nextInt(4096), egress);
      assertThat(OvnVxlanVni.decode(v.encode())).isEqualTo(v);
      assertThat(v.encode()).isBetween(0, (1 << 24) - 1);
      int vni = r.nextInt(1 << 24);
      assertThat(OvnVxlanVni.decode(vni).encode()).isEqualTo(vni);
    }
  }

  @Test
  void splitVniRejectsKeysThatDoNotFit() {
    assertThatThrownBy(() -> new OvnVxlanVni(4096, 1)).hasMessageContaining("0..4095");
    assertThatThrownBy(() -> new OvnVxlanVni(1, 2048)).hasMessageContaining("0..2047");
    assertThatThrownBy(() -> OvnVxlanVni.wireEgress(32768 + 2048))
        .hasMessageContaining("32768..34815");
  }

  @Test
  void keySpacesMatchTheDesign() {
    KeySpace geneve = KeySpace.of(io.nv.model.placement.Encapsulation.GENEVE, VxlanMode.OVN_SPLIT);
    KeySpace split = KeySpace.of(io.nv.model.placement.Encapsulation.VXLAN, VxlanMode.OVN_SPLIT);
    KeySpace perSwitch =
        KeySpace.of(io.nv.model.placement.Encapsulation.VXLAN, VxlanMode.VNI_PER_SWITCH);
    assertThat(geneve.maxDatapathKey()).isEqualTo(16_777_215);
    assertThat(geneve.maxPortKey()).isEqualTo(32_767);
    assertThat(split.maxDatapathKey()).isEqualTo(4095);
    assertThat(split.maxPortKey()).isEqualTo(2047);
    assertThat(perSwitch.maxDatapathKey()).isEqualTo(16_777_215);
    assertThat(geneve.maxZone()).isEqualTo(65_535);
    assertThat(geneve.carriesIngressPort()).isTrue();
    assertThat(split.carriesIngressPort()).isFalse();
    assertThat(perSwitch.carriesIngressPort()).isFalse();
    assertThat(split).hasToString("VXLAN (ovn-split)");
  }
}
