package io.nv.encap.keys;

import static io.nv.encap.Fixtures.host;
import static io.nv.encap.Fixtures.routerLink;
import static io.nv.encap.Fixtures.routerOf;
import static io.nv.encap.Fixtures.routerPort;
import static io.nv.encap.Fixtures.switchOf;
import static io.nv.encap.Fixtures.topology;
import static io.nv.encap.Fixtures.valid;
import static io.nv.encap.Fixtures.vif;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.EncapErrorCode;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeysTest {
  /** Switches web, app, db (document order), router r1 linking them; VIFs web1, web2, app1. */
  static Topology threeTier() {
    return topology()
        .addSwitch(
            switchOf("web")
                .addPort(vif("web2", 2))
                .addPort(routerLink("web-r1", "r1-web"))
                .addPort(vif("web1", 1))
                .build())
        .addSwitch(
            switchOf("app").addPort(vif("app1", 3)).addPort(routerLink("app-r1", "r1-app")).build())
        .addSwitch(switchOf("db").addPort(routerLink("db-r1", "r1-db")).build())
        .addRouter(
            routerOf("r1")
                .addPort(routerPort("r1-web", 1))
                .addPort(routerPort("r1-app", 2))
                .addPort(routerPort("r1-db", 3))
                .build())
        .build();
  }

  static KeyAssignment allocate(Topology t) {
    Validation<Seq<ModelError>, KeyAssignment> v = Keys.allocate(valid(t));
    assertThat(v.isValid()).as("errors: %s", v.isInvalid() ? v.getError() : "").isTrue();
    return v.get();
  }

  static List<ModelError> errors(Topology t, VxlanMode mode) {
    Validation<Seq<ModelError>, KeyAssignment> v = Keys.allocate(valid(t), mode);
    assertThat(v.isInvalid()).as("allocation should fail").isTrue();
    return v.getError().asJava();
  }

  @Test
  void keysFollowCanonicalIdOrder() {
    KeyAssignment k = allocate(threeTier());
    assertThat(k.switches())
        .containsExactly(Map.entry("app", 1), Map.entry("db", 2), Map.entry("web", 3));
    assertThat(k.routers()).containsExactly(Map.entry("r1", 4));
    // ports by id within their switch: web-r1 < web1 < web2
    assertThat(k.switchPortKey("web-r1")).isEqualTo(1);
    assertThat(k.switchPortKey("web1")).isEqualTo(2);
    assertThat(k.switchPortKey("web2")).isEqualTo(3);
    assertThat(k.switchPortKey("app-r1")).isEqualTo(1);
    assertThat(k.switchPortKey("app1")).isEqualTo(2);
    assertThat(k.routerPorts())
        .containsExactly(Map.entry("r1-app", 1), Map.entry("r1-db", 2), Map.entry("r1-web", 3));
    // zone pairs: the router's on every host (slot 1: zones 1, 2), then the VIFs by id around it
    // (unbound here, so in one group; bound ones are numbered per host)
    assertThat(k.routerZones()).containsExactly(Map.entry("r1", 1));
    assertThat(k.zones())
        .containsExactly(Map.entry("app1", 3), Map.entry("web1", 5), Map.entry("web2", 7));
  }

  @Test
  void sameTopologyGivesSameKeysAndDocumentOrderDoesNotMatter() {
    Topology t = threeTier();
    assertThat(allocate(t)).isEqualTo(allocate(t));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20; i++) {
      List<LogicalSwitch> switches = new ArrayList<>();
      for (LogicalSwitch s : t.switches()) {
        List<io.nv.model.l2.SwitchPort> ports = new ArrayList<>(s.ports());
        Collections.shuffle(ports, new java.util.Random(random.nextLong()));
        switches.add(new LogicalSwitch.Builder().from(s).ports(ports).build());
      }
      Collections.shuffle(switches, new java.util.Random(random.nextLong()));
      List<io.nv.model.l3.RouterPort> rports = new ArrayList<>(t.routers().get(0).ports());
      Collections.shuffle(rports, new java.util.Random(random.nextLong()));
      LogicalRouter r = new LogicalRouter.Builder().from(t.routers().get(0)).ports(rports).build();
      Topology shuffled =
          new Topology.Builder().from(t).switches(switches).routers(List.of(r)).build();
      assertThat(allocate(shuffled)).isEqualTo(allocate(t));
    }
  }

  @Test
  void pinnedKeysWinAndOthersTakeTheLowestFree() {
    Topology t = threeTier();
    LogicalSwitch web =
        new LogicalSwitch.Builder().from(t.switchById("web").orElseThrow()).key(1).build();
    LogicalSwitch app = t.switchById("app").orElseThrow();
    LogicalSwitch app2 =
        new LogicalSwitch.Builder()
            .from(app)
            .ports(
                List.of(
                    new io.nv.model.l2.SwitchPort.Builder().from(app.ports().get(0)).key(1).build(),
                    app.ports().get(1)))
            .build();
    Topology pinned =
        new Topology.Builder()
            .from(t)
            .switches(List.of(web, app2, t.switchById("db").orElseThrow()))
            .build();
    KeyAssignment k = allocate(pinned);
    assertThat(k.switchKey("web")).isEqualTo(1);
    assertThat(k.switchKey("app")).isEqualTo(2);
    assertThat(k.switchKey("db")).isEqualTo(3);
    assertThat(k.switchPortKey("app1")).isEqualTo(1);
    assertThat(k.switchPortKey("app-r1")).isEqualTo(2);
  }

  @Test
  void pinsBeatPreviousKeys() {
    Topology t = threeTier();
    KeyAssignment first = allocate(t); // app=1, db=2, web=3, r1=4
    LogicalSwitch web =
        new LogicalSwitch.Builder().from(t.switchById("web").orElseThrow()).key(1).build();
    Topology pinned =
        new Topology.Builder()
            .from(t)
            .switches(
                List.of(web, t.switchById("app").orElseThrow(), t.switchById("db").orElseThrow()))
            .build();
    KeyAssignment k = Keys.allocate(valid(pinned), VxlanMode.OVN_SPLIT, Optional.of(first)).get();
    assertThat(k.switchKey("web")).isEqualTo(1);
    assertThat(k.switchKey("db")).isEqualTo(2);
    assertThat(k.routerKey("r1")).isEqualTo(4);
    assertThat(k.switchKey("app"))
        .as("app lost key 1 to the pin, takes the lowest free")
        .isEqualTo(3);
  }

  @Test
  void survivorsKeepKeysAndNewcomersTakeTheLowestFree() {
    Topology t = threeTier();
    KeyAssignment first = allocate(t); // app=1, db=2, web=3, r1=4
    Topology edited =
        new Topology.Builder()
            .from(t)
            .switches(
                List.of(
                    t.switchById("web").orElseThrow(),
                    t.switchById("db").orElseThrow(),
                    switchOf("aaa").build(),
                    switchOf("zzz").build()))
            .build();
    KeyAssignment k = Keys.allocate(valid(edited), VxlanMode.OVN_SPLIT, Optional.of(first)).get();
    assertThat(k.switches())
        .containsExactly(
            Map.entry("aaa", 1), Map.entry("db", 2), Map.entry("web", 3), Map.entry("zzz", 5));
    assertThat(k.routerKey("r1")).isEqualTo(4);
  }

  @Test
  void previousKeysOutsideTheNewSpaceAreReallocated() {
    Topology t =
        topology().addSwitch(switchOf("a").build()).addSwitch(switchOf("b").build()).build();
    KeyAssignment previous =
        new KeyAssignment(
            Encapsulation.GENEVE,
            VxlanMode.OVN_SPLIT,
            com.google.common.collect.ImmutableSortedMap.of("a", 5000, "b", 2),
            com.google.common.collect.ImmutableSortedMap.of(),
            com.google.common.collect.ImmutableSortedMap.of(),
            com.google.common.collect.ImmutableSortedMap.of(),
            com.google.common.collect.ImmutableSortedMap.of(),
            com.google.common.collect.ImmutableSortedMap.of(),
            com.google.common.collect.ImmutableSortedMap.of());
    Topology vxlan = new Topology.Builder().from(t).encapsulation(Encapsulation.VXLAN).build();
    KeyAssignment k = Keys.allocate(valid(vxlan), VxlanMode.OVN_SPLIT, Optional.of(previous)).get();
    assertThat(k.switches()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    assertThat(k.encapsulation()).isEqualTo(Encapsulation.VXLAN);
    KeyAssignment g = Keys.allocate(valid(t), VxlanMode.OVN_SPLIT, Optional.of(previous)).get();
    assertThat(g.switches()).containsExactly(Map.entry("a", 5000), Map.entry("b", 2));
  }

  @Test
  void pinOutsideTheSpaceIsAnError() {
    Topology t =
        topology()
            .encapsulation(Encapsulation.VXLAN)
            .addHost(
                new Host.Builder()
                    .from(io.nv.encap.Fixtures.host("hv1", "192.168.0.1"))
                    .encapsulations(List.of(Encapsulation.VXLAN))
                    .build())
            .addSwitch(
                switchOf("a")
                    .key(4096)
                    .addPort(
                        new io.nv.model.l2.SwitchPort.Builder()
                            .from(vif("a1", 1))
                            .key(2048)
                            .build())
                    .build())
            .build();
    List<ModelError> errors = errors(t, VxlanMode.OVN_SPLIT);
    assertThat(errors)
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_OUT_OF_RANGE, EncapErrorCode.KEY_OUT_OF_RANGE);
    assertThat(errors.get(0).path()).isEqualTo(ModelPath.of("switch", "a"));
    assertThat(errors.get(0).field()).contains("key");
    assertThat(errors.get(0).message()).contains("4096", "1..4095", "VXLAN (ovn-split)");
    assertThat(errors.get(1).path()).isEqualTo(ModelPath.of("port", "a1"));
    assertThat(errors.get(1).message()).contains("1..2047");
    // the same pins fit Geneve and VNI-per-switch
    assertThat(Keys.allocate(valid(t), VxlanMode.VNI_PER_SWITCH).get().switchKey("a"))
        .isEqualTo(4096);
    Topology zero = topology().addSwitch(switchOf("a").key(0).build()).build();
    assertThat(errors(zero, VxlanMode.OVN_SPLIT))
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_OUT_OF_RANGE);
    Topology big = topology().addSwitch(switchOf("a").key(1 << 24).build()).build();
    assertThat(errors(big, VxlanMode.OVN_SPLIT))
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_OUT_OF_RANGE);
  }

  @Test
  void twoEqualPinsConflict() {
    Topology t =
        topology()
            .addSwitch(switchOf("b").key(5).build())
            .addSwitch(switchOf("a").key(5).build())
            .addRouter(
                routerOf("r")
                    .key(5)
                    .addPort(routerPort("p", 1))
                    .addPort(
                        new io.nv.model.l3.RouterPort.Builder()
                            .from(routerPort("q", 2))
                            .key(9)
                            .build())
                    .build())
            .build();
    List<ModelError> errors = errors(t, VxlanMode.OVN_SPLIT);
    assertThat(errors)
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_CONFLICT, EncapErrorCode.KEY_CONFLICT);
    assertThat(errors)
        .extracting(ModelError::path)
        .containsExactly(ModelPath.of("switch", "b"), ModelPath.of("router", "r"));
    assertThat(errors.get(0).message()).contains("switch a");
  }

  @Test
  void aRouterPortPinErrorNamesTheFieldThroughTheRoutersList() {
    Topology t =
        topology()
            .addRouter(
                routerOf("r")
                    .addPort(routerPort("z", 1))
                    .addPort(
                        new io.nv.model.l3.RouterPort.Builder()
                            .from(routerPort("a", 2))
                            .key(40000)
                            .build())
                    .build())
            .build();
    List<ModelError> errors = errors(t, VxlanMode.OVN_SPLIT);
    assertThat(errors)
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_OUT_OF_RANGE);
    assertThat(errors.get(0).path()).isEqualTo(ModelPath.parse("router r / port a"));
    assertThat(errors.get(0).field()).contains("ports[1].key");
    assertThat(errors.get(0).message()).contains("1..32767", "Geneve");
  }

  @Test
  void splitVxlanRunsOutAt4096Datapaths() {
    Topology.Builder b = topology().encapsulation(Encapsulation.VXLAN);
    for (int i = 0; i < 4095; i++) {
      b.addSwitch(switchOf("s" + i).build());
    }
    Topology full = b.build();
    assertThat(Keys.allocate(valid(full), VxlanMode.OVN_SPLIT).isValid()).isTrue();
    Topology over =
        new Topology.Builder().from(full).addSwitch(switchOf("one-more").build()).build();
    List<ModelError> errors = errors(over, VxlanMode.OVN_SPLIT);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).code()).isEqualTo(EncapErrorCode.KEY_SPACE_EXHAUSTED);
    assertThat(errors.get(0).path()).isEqualTo(ModelPath.ROOT);
    assertThat(errors.get(0).message()).contains("4096", "1..4095", "Geneve");
    assertThat(Keys.allocate(valid(over), VxlanMode.VNI_PER_SWITCH).get().switchKey("s999"))
        .isPositive();
    Topology geneve = new Topology.Builder().from(over).encapsulation(Encapsulation.GENEVE).build();
    assertThat(Keys.allocate(valid(geneve)).get().switches()).hasSize(4096);
  }

  @Test
  void splitVxlanRunsOutAt2048PortsOnADatapath() {
    LogicalSwitch.Builder s = switchOf("big");
    for (int i = 0; i < 2048; i++) {
      s.addPort(vif("p" + i, i));
    }
    Topology t = topology().encapsulation(Encapsulation.VXLAN).addSwitch(s.build()).build();
    List<ModelError> errors = errors(t, VxlanMode.OVN_SPLIT);
    assertThat(errors)
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_SPACE_EXHAUSTED);
    assertThat(errors.get(0).path()).isEqualTo(ModelPath.of("switch", "big"));
    assertThat(errors.get(0).field()).contains("ports");
    assertThat(errors.get(0).message()).contains("2048", "1..2047");
    Topology geneve = new Topology.Builder().from(t).encapsulation(Encapsulation.GENEVE).build();
    assertThat(Keys.allocate(valid(geneve)).get().switchPorts().values())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.rangeClosed(1, 2048).boxed().toList());
  }

  @Test
  void geneveRunsOutAt32768PortsOnADatapathAndZonesAt32768VifsOnAHost() {
    List<LogicalSwitch> switches = new ArrayList<>();
    int n = 0;
    for (String id : List.of("a", "b", "c")) {
      LogicalSwitch.Builder s = switchOf(id);
      int ports = id.equals("a") ? 32768 : 16384;
      for (int i = 0; i < ports; i++, n++) {
        s.addPort(vif("p" + n, n));
      }
      switches.add(s.build());
    }
    Topology t = topology().switches(switches).build(); // 65536 VIFs
    List<ModelError> errors = errors(t, VxlanMode.OVN_SPLIT);
    assertThat(errors)
        .extracting(ModelError::code)
        .containsExactly(EncapErrorCode.KEY_SPACE_EXHAUSTED, EncapErrorCode.KEY_SPACE_EXHAUSTED);
    assertThat(errors.get(0).path()).isEqualTo(ModelPath.of("switch", "a"));
    assertThat(errors.get(0).message()).contains("32768", "1..32767");
    assertThat(errors.get(1).path()).isEqualTo(ModelPath.ROOT);
    assertThat(errors.get(1).message()).contains("65536 unbound VIFs", "1..32767");
  }

  @Test
  void zonesAreCountedPerHost() {
    // 40000 VIFs over two hosts: more than one host's 32767 zone pairs, fewer than two hosts'.
    Topology.Builder t = topology().addHost(host("hv1", "192.168.0.1")).addHost(host("hv2", "192.168.0.2"));
    int n = 0;
    for (String id : List.of("a", "b")) {
      LogicalSwitch.Builder s = switchOf(id);
      for (int i = 0; i < 20000; i++, n++) {
        s.addPort(vif("p" + n, n));
        t.addBinding(new io.nv.model.placement.Binding("p" + n, n % 2 == 0 ? "hv1" : "hv2"));
      }
      t.addSwitch(s.build());
    }
    KeyAssignment k = allocate(t.build());
    // Each host numbers its own VIFs from the first pair: p0 on hv1 and p1 on hv2 share zone 1.
    assertThat(k.zone("p0")).isEqualTo(1);
    assertThat(k.zone("p1")).isEqualTo(1);
    assertThat(k.zones().values().stream().mapToInt(Integer::intValue).max().orElseThrow())
        .isEqualTo(2 * 20000 - 1);
  }

  @Test
  void routerPortsAreKeyedWithinTheirRouter() {
    Topology t =
        topology()
            .addRouter(
                routerOf("r1").addPort(routerPort("x", 1)).addPort(routerPort("y", 2)).build())
            .addRouter(routerOf("r2").addPort(routerPort("z", 3)).build())
            .build();
    KeyAssignment k = allocate(t);
    assertThat(k.routerPortKey("x")).isEqualTo(1);
    assertThat(k.routerPortKey("y")).isEqualTo(2);
    assertThat(k.routerPortKey("z")).isEqualTo(1);
    assertThat(k.routerKey("r1")).isEqualTo(1);
    assertThat(k.datapathKey(io.nv.model.graph.Node.ofRouter("r2"))).isEqualTo(2);
  }

  /**
   * {@link Keys#errors} counts instead of allocating when nothing is pinned: at each space's edge
   * (full, and one over) and with pins, it must say what allocation says, and it must count (not
   * allocate) exactly where the topology fits without pins.
   */
  @Test
  void errorsCountWhereNothingIsPinnedAndAgreeWithAllocationAtEveryEdge() {
    record Case(String name, Topology topology, VxlanMode mode, boolean fits) {}
    List<Case> cases = new ArrayList<>();
    for (int n : List.of(4095, 4096)) {
      Topology.Builder b = topology().encapsulation(Encapsulation.VXLAN);
      for (int i = 0; i < n - 1; i++) {
        b.addSwitch(switchOf("s" + i).build());
      }
      b.addRouter(routerOf("r").build()); // routers share the datapath space
      cases.add(new Case(n + " datapaths, split VXLAN", b.build(), VxlanMode.OVN_SPLIT, n == 4095));
    }
    for (int n : List.of(2047, 2048)) {
      LogicalSwitch.Builder s = switchOf("big");
      for (int i = 0; i < n; i++) {
        s.addPort(vif("p" + i, i));
      }
      Topology t = topology().encapsulation(Encapsulation.VXLAN).addSwitch(s.build()).build();
      cases.add(new Case(n + " ports, split VXLAN", t, VxlanMode.OVN_SPLIT, n == 2047));
      Topology geneve = new Topology.Builder().from(t).encapsulation(Encapsulation.GENEVE).build();
      cases.add(new Case(n + " ports, Geneve", geneve, VxlanMode.OVN_SPLIT, true));
    }
    LogicalRouter.Builder wide = routerOf("wide");
    for (int i = 0; i < 2048; i++) {
      wide.addPort(routerPort("wp" + i, i));
    }
    Topology wideTopology =
        topology().encapsulation(Encapsulation.VXLAN).addRouter(wide.build()).build();
    cases.add(
        new Case("2048 router ports, split VXLAN", wideTopology, VxlanMode.OVN_SPLIT, false));
    // Two routers hold a zone pair each on every host: a host's VIFs have 32765 pairs left.
    for (int n : List.of(32765, 32766)) {
      Topology.Builder t =
          topology()
              .addHost(host("hv1", "192.168.0.1"))
              .addRouter(routerOf("r1").build())
              .addRouter(routerOf("r2").build());
      LogicalSwitch.Builder s = switchOf("a");
      LogicalSwitch.Builder other = switchOf("b");
      for (int i = 0; i < n; i++) {
        s.addPort(vif("p" + i, i));
        t.addBinding(new Binding("p" + i, "hv1"));
      }
      for (int i = 0; i < 32765; i++) {
        other.addPort(vif("u" + i, n + i)); // unbound: a pool of their own, full
      }
      Topology built = t.addSwitch(s.build()).addSwitch(other.build()).build();
      cases.add(
          new Case(n + " VIFs on a host beside two routers", built, VxlanMode.OVN_SPLIT, n == 32765));
    }
    SwitchPort pinnedPort = new SwitchPort.Builder().from(vif("p", 1)).key(3).build();
    Map<String, Topology> pinned =
        Map.of(
            "a pinned switch", topology().addSwitch(switchOf("a").key(5).build()).build(),
            "a pin out of range", topology().addSwitch(switchOf("a").key(0).build()).build(),
            "a pinned port", topology().addSwitch(switchOf("a").addPort(pinnedPort).build()).build());
    pinned.forEach((name, t) -> cases.add(new Case(name, t, VxlanMode.OVN_SPLIT, false)));

    for (Case c : cases) {
      ValidatedTopology v = valid(c.topology());
      Validation<Seq<ModelError>, KeyAssignment> allocated = Keys.allocate(v, c.mode());
      List<ModelError> expected = allocated.isValid() ? List.of() : allocated.getError().asJava();
      assertThat(Keys.errors(v, c.mode()).asJava()).as(c.name()).containsExactlyElementsOf(expected);
      KeySpace space = KeySpace.of(c.topology().encapsulation(), c.mode());
      assertThat(Keys.fitsUnpinned(c.topology(), space)).as(c.name()).isEqualTo(c.fits());
      if (c.fits()) {
        assertThat(allocated.isValid()).as(c.name()).isTrue();
      }
    }
    // Five of the cases are over an edge or pin badly: allocation fails, and so must errors.
    assertThat(cases)
        .filteredOn(c -> Keys.allocate(valid(c.topology()), c.mode()).isInvalid())
        .hasSize(5);
  }
}
