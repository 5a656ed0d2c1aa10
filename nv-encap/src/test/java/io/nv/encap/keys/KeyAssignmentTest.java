package io.nv.encap.keys;

import static io.nv.encap.Fixtures.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import io.nv.encap.EncapErrorCode;
import io.nv.model.ModelPath;
import io.nv.model.graph.Node;
import io.nv.model.placement.Encapsulation;
import io.nv.model.validate.ModelError;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyAssignmentTest {
  private final KeyAssignment keys = Keys.allocate(valid(KeysTest.threeTier())).get();

  @Test
  void toMapHasAStableShape() {
    Map<String, Object> m = keys.toMap();
    assertThat(m.keySet())
        .containsExactly(
            "encapsulation",
            "vxlanMode",
            "switches",
            "routers",
            "switchPorts",
            "routerPorts",
            "zones",
            "zoneHosts",
            "routerZones",
            "groups");
    assertThat(m.get("encapsulation")).isEqualTo("geneve");
    assertThat(m.get("vxlanMode")).isEqualTo("ovn-split");
    assertThat(m.get("switches")).isEqualTo(Map.of("app", 1, "db", 2, "web", 3));
    assertThat(
            List.copyOf(((Map<?, ?>) java.util.Objects.requireNonNull(m.get("switches"))).keySet()))
        .isEqualTo(List.of("app", "db", "web"));
    assertThat(m.get("groups")).isEqualTo(Map.of("flood", 32768, "unknown", 32769));
  }

  /** Geneve keys of these switches and switch ports only. */
  private static KeyAssignment switchKeys(
      ImmutableMap<String, Integer> switches, ImmutableMap<String, Integer> ports) {
    return new KeyAssignment(
        Encapsulation.GENEVE,
        VxlanMode.OVN_SPLIT,
        switches,
        ImmutableMap.of(),
        ports,
        ImmutableMap.of(),
        ImmutableMap.of(),
        ImmutableMap.of(),
        ImmutableMap.of());
  }

  @Test
  void mapsGivenInAnyOrderIterateByIdAndLookUpTheirKeys() {
    KeyAssignment k =
        switchKeys(ImmutableMap.of("web", 2, "app", 1), ImmutableMap.of("web2", 3, "app1", 1, "web1", 2));
    assertThat(k.switches().keySet()).containsExactly("app", "web");
    assertThat(k.switchPorts().keySet()).containsExactly("app1", "web1", "web2");
    assertThat(k.switchPortKey("web2")).isEqualTo(3);
    assertThat(k.switchKey("web")).isEqualTo(2);
    // Equal to the same keys given in another order, and written the same way.
    KeyAssignment again =
        switchKeys(ImmutableMap.of("app", 1, "web", 2), ImmutableMap.of("web1", 2, "web2", 3, "app1", 1));
    assertThat(again).isEqualTo(k);
    assertThat(again.toMap().toString()).isEqualTo(k.toMap().toString());
  }

  @Test
  void fromMapReadsWhatToMapWrites() {
    assertThat(KeyAssignment.fromMap(keys.toMap()).get()).isEqualTo(keys);
    KeyAssignment vxlan =
        Keys.allocate(valid(KeysTest.threeTier()), VxlanMode.VNI_PER_SWITCH).get();
    KeyAssignment other =
        new KeyAssignment(
            Encapsulation.VXLAN,
            VxlanMode.VNI_PER_SWITCH,
            vxlan.switches(),
            vxlan.routers(),
            vxlan.switchPorts(),
            vxlan.routerPorts(),
            vxlan.zones(),
            vxlan.zoneHosts(),
            vxlan.routerZones());
    assertThat(KeyAssignment.fromMap(other.toMap()).get()).isEqualTo(other);
  }

  @Test
  void fromMapAcceptsWhatJsonReadersProduce() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encapsulation", "VXLAN");
    m.put("switches", Map.of("a", 7L, "b", BigInteger.valueOf(9)));
    KeyAssignment k = KeyAssignment.fromMap(m).get();
    assertThat(k.encapsulation()).isEqualTo(Encapsulation.VXLAN);
    assertThat(k.vxlanMode()).isEqualTo(VxlanMode.OVN_SPLIT);
    assertThat(k.switches()).containsExactly(Map.entry("a", 7), Map.entry("b", 9));
    assertThat(k.routers()).isEmpty();
  }

  @Test
  void fromMapReportsEveryProblem() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encapsulation", "vxlan");
    m.put("vxlanMode", "sideways");
    m.put("switches", Map.of("a", 4096));
    m.put("routers", Map.of("r", "one"));
    m.put("switchPorts", List.of(1, 2));
    m.put("zones", new LinkedHashMap<>(Map.of("z1", 3)));
    m.put("groups", Map.of("flood", 1));
    m.put("colour", "blue");
    List<ModelError> errors = KeyAssignment.fromMap(m).getError().asJava();
    assertThat(errors).extracting(ModelError::code).containsOnly(EncapErrorCode.BAD_KEY_ASSIGNMENT);
    assertThat(errors).extracting(ModelError::path).containsOnly(ModelPath.parse("keys"));
    assertThat(errors)
        .extracting(e -> e.field().orElse(""))
        .containsExactly("colour", "vxlanMode", "switches.a", "routers.r", "switchPorts", "groups");
  }

  @Test
  void fromMapRejectsTwoDatapathsOrTwoRoutersZonesWithOneKey() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("switches", Map.of("a", 1));
    m.put("routers", Map.of("r", 1));
    m.put("switchPorts", Map.of("p", 1, "q", 1)); // ports may share keys across datapaths
    m.put("zones", new java.util.TreeMap<>(Map.of("p", 3, "q", 3))); // and zones across hosts
    m.put("routerZones", new java.util.TreeMap<>(Map.of("r", 1, "s", 1)));
    List<ModelError> errors = KeyAssignment.fromMap(m).getError().asJava();
    assertThat(errors)
        .extracting(e -> e.field().orElse(""))
        .containsExactly("routers.r", "routerZones.s");
    assertThat(errors.get(0).message()).contains("switches.a");
  }

  @Test
  void lookupsSayWhatIsMissing() {
    assertThat(keys.datapathKey(Node.ofSwitch("web"))).isEqualTo(keys.switchKey("web"));
    assertThat(keys.datapathKey(Node.ofRouter("r1"))).isEqualTo(4);
    assertThatThrownBy(() -> keys.switchKey("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switch 'nope'");
    assertThatThrownBy(() -> keys.datapathKey(Node.ofHost("hv1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
    assertThatThrownBy(() -> keys.zone("web-r1")).hasMessageContaining("web-r1");
  }

  @Test
  void groupKeysFollowOvn() {
    assertThat(KeyAssignment.groups())
        .containsExactly(Map.entry("flood", 32768), Map.entry("unknown", 32769));
    assertThat(MulticastGroup.ofKey(32769)).contains(MulticastGroup.UNKNOWN);
    assertThat(MulticastGroup.ofKey(32770)).isEmpty();
    assertThat(MulticastGroup.isGroupKey(32767)).isFalse();
    assertThat(MulticastGroup.isGroupKey(32768)).isTrue();
    assertThat(MulticastGroup.isGroupKey(65536)).isFalse();
  }
}
