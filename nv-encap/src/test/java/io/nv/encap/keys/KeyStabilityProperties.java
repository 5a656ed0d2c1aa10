package io.nv.encap.keys;

import static io.nv.encap.Fixtures.routerPort;
import static io.nv.encap.Fixtures.topology;
import static io.nv.encap.Fixtures.valid;
import static io.nv.encap.Fixtures.vif;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.placement.Encapsulation;
import io.nv.model.validate.ModelError;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Key allocation over random edit sequences: survivors keep their keys, pins are honoured,
 * newcomers take the lowest free keys in canonical order, keys are unique and in range, and the
 * result does not depend on document order. Replay one sequence with {@code -Dnv.seed=<seed>}.
 */
class KeyStabilityProperties {
  private static final int SEQUENCES = 250;

  /** The world being edited: datapaths and their ports, by id; ids are never reused. */
  private static final class World {
    final TreeMap<String, List<String>> switches = new TreeMap<>();
    final TreeMap<String, List<String>> routers = new TreeMap<>();
    final Map<String, Integer> pins = new HashMap<>(); // "s:x", "r:x", "sp:x", "rp:x"
    final Map<String, Integer> numbers = new HashMap<>(); // port id -> unique MAC / subnet number
    int next = 1;
    int nextPin = 0;

    int number(String port) {
      return requireNonNull(numbers.get(port));
    }

    String fresh(String prefix) {
      return prefix + next++;
    }

    Topology build(Encapsulation encapsulation, Random order) {
      List<LogicalSwitch> ss = new ArrayList<>();
      switches.forEach(
          (id, ports) -> {
            List<SwitchPort> ps = new ArrayList<>();
            for (String p : ports) {
              SwitchPort.Builder b = new SwitchPort.Builder().from(vif(p, number(p)));
              Optional.ofNullable(pins.get("sp:" + p)).ifPresent(b::key);
              ps.add(b.build());
            }
            Collections.shuffle(ps, order);
            LogicalSwitch.Builder b = new LogicalSwitch.Builder().id(id).tenant("t").ports(ps);
            Optional.ofNullable(pins.get("s:" + id)).ifPresent(b::key);
            ss.add(b.build());
          });
      Collections.shuffle(ss, order);
      List<LogicalRouter> rs = new ArrayList<>();
      routers.forEach(
          (id, ports) -> {
            List<RouterPort> ps = new ArrayList<>();
            for (String p : ports) {
              RouterPort.Builder b = new RouterPort.Builder().from(routerPort(p, number(p)));
              Optional.ofNullable(pins.get("rp:" + p)).ifPresent(b::key);
              ps.add(b.build());
            }
            Collections.shuffle(ps, order);
            LogicalRouter.Builder b = new LogicalRouter.Builder().id(id).tenant("t").ports(ps);
            Optional.ofNullable(pins.get("r:" + id)).ifPresent(b::key);
            rs.add(b.build());
          });
      Collections.shuffle(rs, order);
      return topology().encapsulation(encapsulation).switches(ss).routers(rs).build();
    }

    /** Pins one element in a fixed high band, unique by construction, in every key space. */
    void maybePin(SplittableRandom r, String key, boolean datapath) {
      if (r.nextInt(8) == 0) {
        pins.put(key, (datapath ? 4000 : 2000) - nextPin++);
      }
    }

    void addPort(SplittableRandom r, boolean router, String owner) {
      String p = fresh(router ? "rp" : "sp");
      numbers.put(p, next);
      requireNonNull((router ? routers : switches).get(owner)).add(p);
      maybePin(r, (router ? "rp:" : "sp:") + p, false);
    }

    void edit(SplittableRandom r) {
      switch (r.nextInt(8)) {
        case 0, 1 -> {
          String s = fresh("s");
          switches.put(s, new ArrayList<>());
          maybePin(r, "s:" + s, true);
          for (int i = r.nextInt(4); i > 0; i--) {
            addPort(r, false, s);
          }
        }
        case 2 -> pick(r, switches).ifPresent(switches::remove);
        case 3 -> pick(r, switches).ifPresent(s -> addPort(r, false, s));
        case 4 -> pick(r, switches).ifPresent(s -> removeOne(r, requireNonNull(switches.get(s))));
        case 5 -> {
          String x = fresh("r");
          routers.put(x, new ArrayList<>());
          maybePin(r, "r:" + x, true);
          for (int i = r.nextInt(3); i > 0; i--) {
            addPort(r, true, x);
          }
        }
        case 6 -> pick(r, routers).ifPresent(routers::remove);
        default ->
            pick(r, routers)
                .ifPresent(
                    x -> {
                      if (r.nextBoolean()) {
                        addPort(r, true, x);
                      } else {
                        removeOne(r, requireNonNull(routers.get(x)));
                      }
                    });
      }
    }

    private static Optional<String> pick(SplittableRandom r, Map<String, ?> m) {
      if (m.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new ArrayList<>(m.keySet()).get(r.nextInt(m.size())));
    }

    private static void removeOne(SplittableRandom r, List<String> l) {
      if (!l.isEmpty()) {
        l.remove(r.nextInt(l.size()));
      }
    }
  }

  @Test
  void survivorsKeepTheirKeysOverRandomEdits() {
    String replay = System.getProperty("nv.seed");
    if (replay != null) {
      run(Long.parseLong(replay));
      return;
    }
    SplittableRandom seeds = new SplittableRandom(0x5eedL);
    for (int i = 0; i < SEQUENCES; i++) {
      run(seeds.nextLong());
    }
  }

  private static void run(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Encapsulation encap = r.nextBoolean() ? Encapsulation.GENEVE : Encapsulation.VXLAN;
    VxlanMode mode = r.nextInt(3) == 0 ? VxlanMode.VNI_PER_SWITCH : VxlanMode.OVN_SPLIT;
    World w = new World();
    Optional<KeyAssignment> previous = Optional.empty();
    int steps = 5 + r.nextInt(15);
    for (int step = 0; step < steps; step++) {
      try {
        for (int e = 1 + r.nextInt(4); e > 0; e--) {
          w.edit(r);
        }
        Topology t = w.build(encap, new Random(r.nextLong()));
        Validation<Seq<ModelError>, KeyAssignment> v = Keys.allocate(valid(t), mode, previous);
        assertThat(v.isValid())
            .as("allocation failed: %s", v.isInvalid() ? v.getError() : "")
            .isTrue();
        KeyAssignment k = v.get();
        check(w, k, previous.orElse(KeyAssignment.empty(encap, mode)));
        Topology reordered = w.build(encap, new Random(r.nextLong()));
        assertThat(Keys.allocate(valid(reordered), mode, previous).get())
            .as("document order changed the keys")
            .isEqualTo(k);
        previous = Optional.of(k);
      } catch (AssertionError e) {
        throw new AssertionError(
            "seed "
                + seed
                + " (replay with -Dnv.seed="
                + seed
                + "), step "
                + step
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private static void check(World w, KeyAssignment k, KeyAssignment prev) {
    KeySpace space = k.space();
    assertThat(k.switches().keySet()).containsExactlyElementsOf(w.switches.keySet());
    assertThat(k.routers().keySet()).containsExactlyElementsOf(w.routers.keySet());

    // Datapaths: one space, canonical order switches then routers.
    List<String> dpIds = new ArrayList<>();
    List<Integer> dpKeys = new ArrayList<>();
    List<Integer> dpPrev = new ArrayList<>();
    List<Integer> dpPins = new ArrayList<>();
    w.switches
        .keySet()
        .forEach(
            id -> {
              dpIds.add(id);
              dpKeys.add(k.switchKey(id));
              dpPrev.add(prev.switches().get(id));
              dpPins.add(w.pins.get("s:" + id));
            });
    w.routers
        .keySet()
        .forEach(
            id -> {
              dpIds.add(id);
              dpKeys.add(k.routerKey(id));
              dpPrev.add(prev.routers().get(id));
              dpPins.add(w.pins.get("r:" + id));
            });
    checkSpace(dpIds, dpKeys, dpPrev, dpPins, space.maxDatapathKey());

    Set<String> allSwitchPorts = new HashSet<>();
    for (Map.Entry<String, List<String>> s : w.switches.entrySet()) {
      List<String> ports = new ArrayList<>(s.getValue());
      Collections.sort(ports);
      allSwitchPorts.addAll(ports);
      checkSpace(
          ports,
          ports.stream().map(k::switchPortKey).toList(),
          ports.stream().map(p -> prev.switchPorts().get(p)).toList(),
          ports.stream().map(p -> w.pins.get("sp:" + p)).toList(),
          space.maxPortKey());
    }
    assertThat(k.switchPorts().keySet()).containsExactlyInAnyOrderElementsOf(allSwitchPorts);
    Set<String> allRouterPorts = new HashSet<>();
    for (Map.Entry<String, List<String>> x : w.routers.entrySet()) {
      List<String> ports = new ArrayList<>(x.getValue());
      Collections.sort(ports);
      allRouterPorts.addAll(ports);
      checkSpace(
          ports,
          ports.stream().map(k::routerPortKey).toList(),
          ports.stream().map(p -> prev.routerPorts().get(p)).toList(),
          ports.stream().map(p -> w.pins.get("rp:" + p)).toList(),
          space.maxPortKey());
    }
    assertThat(k.routerPorts().keySet()).containsExactlyInAnyOrderElementsOf(allRouterPorts);

    // Zone pairs, in slots (zone z is slot (z + 1) / 2): routers first, on every host; then the
    // VIFs (unbound here: one group) around the routers' slots.
    List<String> routers = new ArrayList<>(w.routers.keySet());
    Collections.sort(routers);
    // New routers' pairs avoid those the surviving VIFs hold.
    Set<Integer> heldByVifs = new HashSet<>();
    for (String p : allSwitchPorts) {
      Integer held = slotOrNull(prev.zones().get(p));
      if (held != null) {
        heldByVifs.add(held);
      }
    }
    checkSpace(
        routers,
        routers.stream().map(r -> slot(k.routerZone(r))).toList(),
        routers.stream().map(r -> slotOrNull(prev.routerZones().get(r))).toList(),
        new ArrayList<>(Collections.nCopies(routers.size(), null)),
        space.maxZone() / 2,
        Set.of(),
        heldByVifs);
    Set<Integer> routerSlots = new HashSet<>(routers.stream().map(r -> slot(k.routerZone(r))).toList());
    List<String> vifs = new ArrayList<>(allSwitchPorts);
    Collections.sort(vifs);
    checkSpace(
        vifs,
        vifs.stream().map(p -> slot(k.zone(p))).toList(),
        vifs.stream().map(p -> slotOrNull(prev.zones().get(p))).toList(),
        new ArrayList<>(Collections.nCopies(vifs.size(), null)),
        space.maxZone() / 2,
        routerSlots,
        Set.of());
  }

  private static int slot(int zone) {
    assertThat(zone % 2).as("a first zone is odd: %d", zone).isEqualTo(1);
    return (zone + 1) / 2;
  }

  private static @org.jspecify.annotations.Nullable Integer slotOrNull(
      @org.jspecify.annotations.Nullable Integer zone) {
    return zone == null ? null : (zone + 1) / 2;
  }

  private static void checkSpace(
      List<String> ids, List<Integer> keys, List<Integer> previous, List<Integer> pins, int max) {
    checkSpace(ids, keys, previous, pins, max, Set.of(), Set.of());
  }

  /**
   * One key space, elements in canonical order: pins honoured, survivors keep their previous key,
   * newcomers take the lowest free keys in order, all unique and in range.
   */
  private static void checkSpace(
      List<String> ids,
      List<Integer> keys,
      List<Integer> previous,
      List<Integer> pins,
      int max,
      Set<Integer> reserved,
      Set<Integer> avoided) {
    Set<Integer> used = new HashSet<>(reserved);
    for (int i = 0; i < ids.size(); i++) {
      int key = keys.get(i);
      assertThat(key).as("key of %s", ids.get(i)).isBetween(1, max);
      assertThat(used.add(key)).as("key %d of %s is used twice", key, ids.get(i)).isTrue();
      if (pins.get(i) != null) {
        assertThat(key).as("pinned key of %s", ids.get(i)).isEqualTo(pins.get(i));
      } else if (previous.get(i) != null) {
        assertThat(key).as("surviving %s lost its key", ids.get(i)).isEqualTo(previous.get(i));
      }
    }
    Set<Integer> held = new HashSet<>(reserved);
    for (int i = 0; i < ids.size(); i++) {
      if (pins.get(i) != null || previous.get(i) != null) {
        held.add(keys.get(i));
      }
    }
    int expected = 1;
    for (int i = 0; i < ids.size(); i++) {
      if (pins.get(i) == null && previous.get(i) == null) {
        while (held.contains(expected) || avoided.contains(expected)) {
          expected++;
        }
        assertThat(keys.get(i))
            .as("newcomer %s takes the lowest free key", ids.get(i))
            .isEqualTo(expected);
        expected++;
      }
    }
  }
}
