package io.nv.encap.keys;

import com.google.common.collect.ImmutableSortedMap;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Allocates tunnel keys: a datapath key for every switch and router, a port key for every switch
 * and router port (unique within its datapath), and conntrack zones: a pair (z, z + 1) for every
 * LOCALNET port and router, the same on every host, and for every VIF, unique on its host.
 *
 * <p>Keys are a deterministic function of the topology, the key space and an optional previous
 * assignment:
 *
 * <ol>
 *   <li>a key the document pins ({@code key:} on a switch, router or port) always wins;
 *   <li>an element of the previous assignment keeps its key if it is still free and in range;
 *   <li>every other element takes the lowest free key, in canonical order: switches by id, then
 *       routers by id (one datapath space); ports by id within their datapath; zone pairs of
 *       LOCALNET ports, then routers, by id; then per host (by id) its VIFs by id, around the
 *       pairs LOCALNET ports and routers hold.
 * </ol>
 *
 * Document order never matters. Running out of keys, a pin outside the space and two equal pins are
 * errors ({@code KEY_SPACE_EXHAUSTED}, {@code KEY_OUT_OF_RANGE}, {@code KEY_CONFLICT}), never a
 * wrap. Runs in O(elements log elements).
 *
 * <pre>{@code
 * Validation<Seq<ModelError>, KeyAssignment> first = Keys.allocate(validated);
 * // after an edit, survivors keep their keys:
 * Validation<Seq<ModelError>, KeyAssignment> next =
 *     Keys.allocate(edited, VxlanMode.OVN_SPLIT, Optional.of(first.get()));
 * }</pre>
 */
public final class Keys {
  private Keys() {}

  /**
   * Keys for {@code topology} in its encapsulation (VXLAN: OVN split), without a previous
   * assignment.
   */
  public static Validation<Seq<ModelError>, KeyAssignment> allocate(ValidatedTopology topology) {
    return allocate(topology, VxlanMode.OVN_SPLIT, Optional.empty());
  }

  /**
   * Keys for {@code topology} in its encapsulation and {@code mode}, without a previous assignment.
   */
  public static Validation<Seq<ModelError>, KeyAssignment> allocate(
      ValidatedTopology topology, VxlanMode mode) {
    return allocate(topology, mode, Optional.empty());
  }

  /**
   * Keys for {@code topology} in its encapsulation and {@code mode}; elements of {@code previous}
   * keep their keys where they can (whatever space {@code previous} was made for).
   */
  public static Validation<Seq<ModelError>, KeyAssignment> allocate(
      ValidatedTopology topology, VxlanMode mode, Optional<KeyAssignment> previous) {
    Topology t = topology.topology();
    KeySpace space = KeySpace.of(t.encapsulation(), mode);
    KeyAssignment prev = previous.orElse(KeyAssignment.empty(t.encapsulation(), mode));
    java.util.List<ModelError> errors = new ArrayList<>();

    java.util.List<LogicalSwitch> switches = sorted(t.switches(), LogicalSwitch::id);
    java.util.List<LogicalRouter> routers = sorted(t.routers(), LogicalRouter::id);
    java.util.List<Pool.Item> dps = new ArrayList<>();
    for (LogicalSwitch s : switches) {
      dps.add(new Pool.Item(s.id(), s.path(), "key", s.key(), prev.switches().get(s.id())));
    }
    for (LogicalRouter r : routers) {
      dps.add(new Pool.Item(r.id(), r.path(), "key", r.key(), prev.routers().get(r.id())));
    }
    int[] dpKeys =
        Pool.assign(
            dps,
            space.maxDatapathKey(),
            new BitSet(),
            "datapaths (switches and routers)",
            ModelPath.ROOT,
            null,
            "datapath keys of " + space,
            space.isSplitVxlan()
                ? "use Geneve (24-bit keys) or VXLAN with one VNI per switch, or split the topology"
                : "split the topology",
            errors);
    ImmutableSortedMap.Builder<String, Integer> switchKeys = ImmutableSortedMap.naturalOrder();
    ImmutableSortedMap.Builder<String, Integer> routerKeys = ImmutableSortedMap.naturalOrder();
    for (int i = 0; i < dps.size(); i++) {
      (i < switches.size() ? switchKeys : routerKeys).put(dps.get(i).id(), dpKeys[i]);
    }

    String portFix =
        space.isSplitVxlan()
            ? "split the datapath or use Geneve (32767 ports per datapath)"
            : "split the datapath";
    ImmutableSortedMap.Builder<String, Integer> switchPortKeys = ImmutableSortedMap.naturalOrder();
    java.util.List<SwitchPort> vifs = new ArrayList<>();
    java.util.List<SwitchPort> localnets = new ArrayList<>();
    for (LogicalSwitch s : switches) {
      java.util.List<SwitchPort> ports = sorted(s.ports(), SwitchPort::id);
      java.util.List<Pool.Item> items = new ArrayList<>();
      for (SwitchPort p : ports) {
        items.add(new Pool.Item(p.id(), p.path(), "key", p.key(), prev.switchPorts().get(p.id())));
        if (p.kind() == PortKind.VIF) {
          vifs.add(p);
        } else if (p.kind() == PortKind.LOCALNET) {
          localnets.add(p);
        }
      }
      put(
          switchPortKeys,
          items,
          portKeys(items, space, "ports of switch " + s.id(), s.path(), portFix, errors));
    }
    ImmutableSortedMap.Builder<String, Integer> routerPortKeys = ImmutableSortedMap.naturalOrder();
    for (LogicalRouter r : routers) {
      java.util.List<Pool.Item> items = new ArrayList<>();
      // A router port's pin is reached through its router's list, so the field names its index.
      for (int i = 0; i < r.ports().size(); i++) {
        RouterPort p = r.ports().get(i);
        items.add(
            new Pool.Item(
                p.id(),
                p.path(r.path()),
                "ports[" + i + "].key",
                p.key(),
                prev.routerPorts().get(p.id())));
      }
      items.sort(Comparator.comparing(Pool.Item::id));
      put(
          routerPortKeys,
          items,
          portKeys(items, space, "ports of router " + r.id(), r.path(), portFix, errors));
    }

    // Conntrack zones come in pairs (z odd, and z + 1), one pair per slot: LOCALNET ports and
    // routers are on many hosts, so each holds one slot on all of them; a VIF holds a slot on its
    // own host only, so zones run out per host, not per topology.
    int maxSlot = space.maxZone() / 2;
    localnets.sort(Comparator.comparing(SwitchPort::id));
    java.util.List<Pool.Item> shared = new ArrayList<>();
    for (SwitchPort p : localnets) {
      shared.add(new Pool.Item(p.id(), p.path(), "key", Optional.empty(), slot(prev.zones().get(p.id()))));
    }
    for (LogicalRouter r : routers) {
      shared.add(new Pool.Item(r.id(), r.path(), "key", Optional.empty(), slot(prev.routerZones().get(r.id()))));
    }
    // Newcomers among them avoid the pairs surviving VIFs hold, so no VIF loses its zone.
    Map<String, String> hostOf = new HashMap<>();
    t.bindings().forEach(b -> hostOf.putIfAbsent(b.port(), b.host()));
    BitSet heldByVifs = new BitSet();
    for (SwitchPort p : vifs) {
      Integer held = previousZone(prev, p.id(), hostOf.getOrDefault(p.id(), ""));
      if (held != null && held >= 1 && held <= maxSlot) {
        heldByVifs.set(held);
      }
    }
    int[] sharedSlots =
        Pool.assign(
            shared, maxSlot, new BitSet(), heldByVifs, "LOCALNET ports and routers", ModelPath.ROOT,
            null, "conntrack zone pairs", "split the topology", errors);
    BitSet sharedTaken = new BitSet();
    ImmutableSortedMap.Builder<String, Integer> zones = ImmutableSortedMap.naturalOrder();
    ImmutableSortedMap.Builder<String, Integer> routerZones = ImmutableSortedMap.naturalOrder();
    for (int i = 0; i < shared.size(); i++) {
      sharedTaken.set(sharedSlots[i]);
      (i < localnets.size() ? zones : routerZones).put(shared.get(i).id(), zone(sharedSlots[i]));
    }
    ImmutableSortedMap.Builder<String, String> zoneHosts = ImmutableSortedMap.naturalOrder();
    Map<String, java.util.List<SwitchPort>> byHost = new TreeMap<>();
    for (SwitchPort p : vifs) {
      byHost.computeIfAbsent(hostOf.getOrDefault(p.id(), ""), k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<String, java.util.List<SwitchPort>> h : byHost.entrySet()) {
      java.util.List<SwitchPort> onHost = h.getValue();
      onHost.sort(Comparator.comparing(SwitchPort::id));
      java.util.List<Pool.Item> items = new ArrayList<>();
      for (SwitchPort p : onHost) {
        // A VIF keeps its pair only on the host it had it on: one that migrates starts afresh
        // (its connections stay behind anyway), so the VIFs already there keep theirs.
        items.add(
            new Pool.Item(p.id(), p.path(), "key", Optional.empty(), previousZone(prev, p.id(), h.getKey())));
        if (!h.getKey().isEmpty()) {
          zoneHosts.put(p.id(), h.getKey());
        }
      }
      String where = h.getKey().isEmpty() ? "unbound VIFs" : "VIFs on host " + h.getKey();
      ModelPath owner = h.getKey().isEmpty() ? ModelPath.ROOT : ModelPath.of("host", h.getKey());
      int[] slots =
          Pool.assign(
              items, maxSlot, sharedTaken, where, owner, null,
              "conntrack zone pairs left beside those of LOCALNET ports and routers",
              "spread the VIFs over more hosts", errors);
      put(zones, items, java.util.Arrays.stream(slots).map(Keys::zone).toArray());
    }

    if (!errors.isEmpty()) {
      return Validation.invalid(List.ofAll(errors));
    }
    return Validation.valid(
        new KeyAssignment(
            t.encapsulation(),
            mode,
            switchKeys.build(),
            routerKeys.build(),
            switchPortKeys.build(),
            routerPortKeys.build(),
            zones.build(),
            zoneHosts.build(),
            routerZones.build()));
  }

  /**
   * The errors {@link #allocate(ValidatedTopology, VxlanMode)} gives for {@code topology}, none
   * when it succeeds; what validation asks. Without pins (and without a previous assignment)
   * allocation fails only where a space holds fewer keys than it has elements, so a topology that
   * pins no key is checked by counting, without assigning a key (the counts are those {@code
   * allocate} compares); any other is allocated.
   *
   * <pre>{@code
   * Keys.errors(validated, VxlanMode.OVN_SPLIT).isEmpty();   // true: every element gets keys
   * }</pre>
   */
  public static Seq<ModelError> errors(ValidatedTopology topology, VxlanMode mode) {
    if (fitsUnpinned(topology.topology(), KeySpace.of(topology.topology().encapsulation(), mode))) {
      return List.empty();
    }
    return allocate(topology, mode, Optional.empty()).fold(errors -> errors, ok -> List.empty());
  }

  /**
   * True when {@code t} pins no key and each of {@code space}'s pools has room for its elements;
   * false says nothing (allocate to find out).
   */
  static boolean fitsUnpinned(Topology t, KeySpace space) {
    if (t.switches().size() + t.routers().size() > space.maxDatapathKey()) {
      return false;
    }
    int maxSlot = space.maxZone() / 2;
    int shared = t.routers().size();
    Map<String, String> hostOf = new HashMap<>();
    t.bindings().forEach(b -> hostOf.putIfAbsent(b.port(), b.host()));
    Map<String, Integer> vifsOnHost = new HashMap<>();
    for (LogicalSwitch s : t.switches()) {
      if (s.key().isPresent() || s.ports().size() > space.maxPortKey()) {
        return false;
      }
      for (SwitchPort p : s.ports()) {
        if (p.key().isPresent()) {
          return false;
        }
        if (p.kind() == PortKind.VIF) {
          vifsOnHost.merge(hostOf.getOrDefault(p.id(), ""), 1, Integer::sum);
        } else if (p.kind() == PortKind.LOCALNET) {
          shared++;
        }
      }
    }
    for (LogicalRouter r : t.routers()) {
      if (r.key().isPresent()
          || r.ports().size() > space.maxPortKey()
          || r.ports().stream().anyMatch(p -> p.key().isPresent())) {
        return false;
      }
    }
    // LOCALNET ports and routers take a zone pair each on every host; a host's VIFs share the rest.
    if (shared > maxSlot) {
      return false;
    }
    for (int vifs : vifsOnHost.values()) {
      if (vifs > maxSlot - shared) {
        return false;
      }
    }
    return true;
  }

  /** The first zone of slot {@code s} (0 stays 0: no slot). */
  private static int zone(int s) {
    return s == 0 ? 0 : 2 * s - 1;
  }

  /** The previous slot of VIF {@code port}, if it had one on {@code host} ("" when unbound). */
  private static @Nullable Integer previousZone(KeyAssignment prev, String port, String host) {
    if (!prev.zoneHosts().getOrDefault(port, "").equals(host)) {
      return null;
    }
    return slot(prev.zones().get(port));
  }

  /** The slot of first zone {@code z}, or null. */
  private static @Nullable Integer slot(@Nullable Integer z) {
    return z == null ? null : (z + 1) / 2;
  }

  private static int[] portKeys(
      java.util.List<Pool.Item> items,
      KeySpace space,
      String what,
      ModelPath owner,
      String fix,
      java.util.List<ModelError> errors) {
    return Pool.assign(
        items, space.maxPortKey(), new BitSet(), what, owner, "ports", "port keys of " + space, fix,
        errors);
  }

  private static void put(
      ImmutableSortedMap.Builder<String, Integer> b, java.util.List<Pool.Item> items, int[] keys) {
    for (int i = 0; i < items.size(); i++) {
      b.put(items.get(i).id(), keys[i]);
    }
  }

  private static <T> java.util.List<T> sorted(Iterable<T> items, Function<T, String> id) {
    java.util.List<T> out = new ArrayList<>();
    items.forEach(out::add);
    out.sort(Comparator.comparing(id));
    return out;
  }
}
