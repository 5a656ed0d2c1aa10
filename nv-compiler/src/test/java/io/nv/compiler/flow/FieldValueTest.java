package io.nv.compiler.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nv.model.addr.IpAddress;
import org.junit.jupiter.api.Test;

class FieldValueTest {
  @Test
  void smallIntegersAreSharedAndEqualToTheirLargeKin() {
    assertThat(FieldValue.of(6)).isSameAs(FieldValue.of(6)).isSameAs(FieldValue.of(0, 6));
    assertThat(FieldValue.of(0)).isSameAs(FieldValue.ZERO);
    assertThat(FieldValue.of(1023)).isSameAs(FieldValue.of(1023));
    // Above the shared range each call makes its own value; equal all the same.
    assertThat(FieldValue.of(1024)).isNotSameAs(FieldValue.of(1024)).isEqualTo(FieldValue.of(1024));
    assertThat(FieldValue.of(-1)).isEqualTo(new FieldValue(0, -1, null));
    assertThat(FieldValue.of(1, 6)).isEqualTo(new FieldValue(1, 6, null)).isNotEqualTo(FieldValue.of(6));
  }

  @Test
  void prefixMasksAreSharedAndExactAtFullLength() {
    assertThat(FieldValue.prefixMask(32, 24)).isSameAs(FieldValue.prefixMask(32, 24)).isEqualTo(FieldValue.of(0xffffff00L));
    assertThat(FieldValue.prefixMask(32, 32)).isSameAs(FieldValue.ones(32));
    assertThat(FieldValue.prefixMask(32, 0)).isEqualTo(FieldValue.ZERO);
    assertThat(FieldValue.prefixMask(128, 64)).isEqualTo(FieldValue.of(-1L, 0)).isSameAs(FieldValue.prefixMask(128, 64));
    assertThat(FieldValue.prefixMask(128, 128)).isSameAs(FieldValue.ones(128));
    assertThat(FieldValue.prefixMask(48, 24)).isEqualTo(FieldValue.of(0xffffff000000L));
    assertThatThrownBy(() -> FieldValue.prefixMask(32, 33)).hasMessageContaining("not in 0..32");
  }

  @Test
  void aMaskThatClearsNothingGivesTheValueItself() {
    FieldValue host = FieldValue.of(IpAddress.parse("10.0.5.9"));
    assertThat(host.and(FieldValue.ones(32))).isSameAs(host);
    assertThat(host.and(FieldValue.prefixMask(32, 24))).isEqualTo(FieldValue.of(IpAddress.parse("10.0.5.0")));
    // A name's bits are zero, but masking makes a plain value: the name does not survive.
    FieldValue name = FieldValue.name("web1");
    assertThat(name.and(FieldValue.ones(32))).isEqualTo(FieldValue.ZERO);
  }
}
