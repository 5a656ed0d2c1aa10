package io.nv.model.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldTest {

  private static List<Field> chain(Field f) {
    List<Field> chain = new ArrayList<>();
    for (Optional<Field> p = f.prerequisite(); p.isPresent(); p = p.get().prerequisite()) {
      chain.add(p.get());
    }
    return chain;
  }

  @Test
  void prerequisitesFollowOvn() {
    assertThat(chain(Field.TCP_DST)).containsExactly(Field.TCP, Field.IP);
    assertThat(chain(Field.ICMP4_TYPE)).containsExactly(Field.ICMP4, Field.IP4);
    assertThat(chain(Field.ICMP6_CODE)).containsExactly(Field.ICMP6, Field.IP6);
    assertThat(chain(Field.IP4_SRC)).containsExactly(Field.IP4);
    assertThat(chain(Field.IP_TTL)).containsExactly(Field.IP);
    assertThat(chain(Field.ARP_TPA)).containsExactly(Field.ARP);
    assertThat(chain(Field.VLAN_VID)).containsExactly(Field.VLAN_PRESENT);
    assertThat(chain(Field.ETH_SRC)).isEmpty();
    assertThat(chain(Field.INPORT)).isEmpty();
  }

  @Test
  void everyPrerequisiteIsAPredicate() {
    for (Field f : Field.values()) {
      f.prerequisite().ifPresent(p -> assertThat(p.isPredicate()).as(f.symbol()).isTrue());
    }
  }

  @Test
  void symbolsRoundTrip() {
    for (Field f : Field.values()) {
      assertThat(Field.bySymbol(f.symbol())).contains(f);
      assertThat(f).hasToString(f.symbol());
    }
    assertThat(Field.bySymbol("tcp.port")).isEmpty();
  }

  @Test
  void levelsFollowOvn() {
    assertThat(Field.values())
        .filteredOn(Field::isOrdered)
        .containsExactly(
            Field.VLAN_VID,
            Field.VLAN_PCP,
            Field.TCP_SRC,
            Field.TCP_DST,
            Field.TCP_FLAGS,
            Field.UDP_SRC,
            Field.UDP_DST);
    assertThat(Field.values())
        .filteredOn(f -> f.isPredicate() && !f.isNominal())
        .containsExactly(Field.ETH_BCAST, Field.ETH_MCAST, Field.VLAN_PRESENT);
    assertThat(Field.IP4_SRC.level()).isEqualTo(Field.Level.ORDINAL);
    assertThat(Field.IP_TTL.isNominal()).isTrue();
  }

  @Test
  void widths() {
    assertThat(Field.TCP_DST.maxValue()).isEqualTo(65535);
    assertThat(Field.VLAN_VID.maxValue()).isEqualTo(4095);
    assertThat(Field.TCP_FLAGS.maxValue()).isEqualTo(0xfff);
    assertThat(Field.IP6_SRC.width()).isEqualTo(128);
  }
}
