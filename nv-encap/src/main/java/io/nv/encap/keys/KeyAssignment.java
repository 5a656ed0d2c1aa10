package io.nv.encap.keys;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import io.nv.encap.EncapErrorCode;
import io.nv.model.ModelPath;
import io.nv.model.graph.Node;
import io.nv.model.placement.Encapsulation;
import io.nv.model.validate.ModelError;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The tunnel keys of one topology: datapath keys (the VNI) of switches and routers, logical port
 * keys of switch and router ports (unique within their datapath), and conntrack zones of VIFs. Made
 * by {@link Keys#allocate}; fed back to the next allocation so surviving elements keep their keys.
 * Maps are sorted by id, so the value and its {@link #toMap} form are deterministic.
 *
 * <pre>{@code
 * KeyAssignment keys = Keys.allocate(validated).get();
 * keys.switchKey("web");          // 1
 * keys.switchPortKey("web1");     // 2
 * keys.zone("web1");              // 1
 * Map<String, Object> json = keys.toMap();                  // hand to Jackson
 * KeyAssignment back = KeyAssignment.fromMap(json).get();   // equal to keys
 * }</pre>
 *
 * <p>Switches and routers, and switch ports and router ports, have separate id namespaces in the
 * model, so they have separate maps here; switch and router keys share one key space.
 *
 * @param encapsulation the encapsulation the keys were allocated for
 * @param vxlanMode the VXLAN mode they were allocated for
 * @param switches switch id to datapath key
 * @param routers router id to datapath key
 * @param switchPorts switch port id to port key (within its switch)
 * @param routerPorts router port id to port key (within its router)
 * @param zones VIF and LOCALNET port id to its first conntrack zone z (it also holds z + 1):
 *     unique among the ports of one host, a LOCALNET port's the same on every host
 * @param zoneHosts VIF port id to the host its zone pair was allocated on (absent: unbound)
 * @param routerZones router id to its first conntrack zone z (DNAT; z + 1 is SNAT), the same on
 *     every host
 */
public record KeyAssignment(
    Encapsulation encapsulation,
    VxlanMode vxlanMode,
    ImmutableMap<String, Integer> switches,
    ImmutableMap<String, Integer> routers,
    ImmutableMap<String, Integer> switchPorts,
    ImmutableMap<String, Integer> routerPorts,
    ImmutableMap<String, Integer> zones,
    ImmutableMap<String, String> zoneHosts,
    ImmutableMap<String, Integer> routerZones) {

  /** The field names of {@link #toMap}, in order. */
  private static final ImmutableList<String> FIELDS =
      ImmutableList.of(
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

  private static final ModelPath KEYS = ModelPath.ROOT.cause("keys");

  /**
   * Orders the maps by id (their iteration order, and so {@link #toMap}'s), kept as hash maps:
   * a compile looks a key up for every port of every host it realizes.
   */
  public KeyAssignment {
    switches = byId(switches);
    routers = byId(routers);
    switchPorts = byId(switchPorts);
    routerPorts = byId(routerPorts);
    zones = byId(zones);
    zoneHosts = byId(zoneHosts);
    routerZones = byId(routerZones);
  }

  /** {@code m} in id order, hashed ({@link ImmutableMap} keeps the order it was built in). */
  private static <V> ImmutableMap<String, V> byId(ImmutableMap<String, V> m) {
    return ImmutableMap.copyOf(ImmutableSortedMap.copyOf(m));
  }

  /** An assignment with no keys, e.g. the "previous" of a first allocation. */
  public static KeyAssignment empty(Encapsulation encapsulation, VxlanMode vxlanMode) {
    return new KeyAssignment(
        encapsulation,
        vxlanMode,
        ImmutableSortedMap.of(),
        ImmutableSortedMap.of(),
        ImmutableSortedMap.of(),
        ImmutableSortedMap.of(),
        ImmutableSortedMap.of(),
        ImmutableSortedMap.of(),
        ImmutableSortedMap.of());
  }

  /** The key space the keys were allocated in. */
  public KeySpace space() {
    return KeySpace.of(encapsulation, vxlanMode);
  }

  /** The datapath key of switch {@code id}. */
  public int switchKey(String id) {
    return lookup(switches, id, "switch");
  }

  /** The datapath key of router {@code id}. */
  public int routerKey(String id) {
    return lookup(routers, id, "router");
  }

  /** The datapath key of a switch or router node of the topology graph. */
  public int datapathKey(Node datapath) {
    return switch (datapath.kind()) {
      case SWITCH -> switchKey(datapath.id());
      case ROUTER -> routerKey(datapath.id());
      case HOST ->
          throw new IllegalArgumentException(
              datapath + " is a host, not a datapath: pass a switch or router node");
    };
  }

  /** The port key of switch port {@code id} within its switch. */
  public int switchPortKey(String id) {
    return lookup(switchPorts, id, "switch port");
  }

  /** The port key of router port {@code id} within its router. */
  public int routerPortKey(String id) {
    return lookup(routerPorts, id, "router port");
  }

  /**
   * The first conntrack zone z of VIF or LOCALNET port {@code portId} on its host (its hairpin
   * SNAT zone is z + 1).
   */
  public int zone(String portId) {
    return lookup(zones, portId, "zone for port");
  }

  /** The DNAT zone z of router {@code routerId} on every host (its SNAT zone is z + 1). */
  public int routerZone(String routerId) {
    return lookup(routerZones, routerId, "zone for router");
  }

  /**
   * The multicast group keys, the same on every datapath: {@code flood → 32768, unknown → 32769}.
   */
  public static ImmutableSortedMap<String, Integer> groups() {
    ImmutableSortedMap.Builder<String, Integer> b = ImmutableSortedMap.naturalOrder();
    for (MulticastGroup g : MulticastGroup.values()) {
      b.put(g.text(), g.key());
    }
    return b.build();
  }

  private static int lookup(Map<String, Integer> m, String id, String kind) {
    Integer k = m.get(id);
    if (k == null) {
      throw new IllegalArgumentException(
          "no key for " + kind + " '" + id + "': allocate keys for a topology that has it");
    }
    return k;
  }

  /**
   * This assignment as nested maps of strings and integers, ready for Jackson or any JSON/YAML
   * writer. Field order is fixed and maps are sorted, so the text written is stable:
   *
   * <pre>{@code
   * {"encapsulation": "geneve", "vxlanMode": "ovn-split",
   *  "switches": {"web": 1}, "routers": {"r1": 2},
   *  "switchPorts": {"web-r1": 1, "web1": 2}, "routerPorts": {"r1-web": 1},
   *  "zones": {"web1": 3}, "zoneHosts": {"web1": "hv1"}, "routerZones": {"r1": 1},
   *  "groups": {"flood": 32768, "unknown": 32769}}
   * }</pre>
   *
   * {@code groups} is informational: {@link #fromMap} accepts it only when it matches.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encapsulation", encapsulation.name().toLowerCase(Locale.ROOT));
    m.put("vxlanMode", vxlanMode.text());
    m.put("switches", new LinkedHashMap<>(switches));
    m.put("routers", new LinkedHashMap<>(routers));
    m.put("switchPorts", new LinkedHashMap<>(switchPorts));
    m.put("routerPorts", new LinkedHashMap<>(routerPorts));
    m.put("zones", new LinkedHashMap<>(zones));
    m.put("zoneHosts", new LinkedHashMap<>(zoneHosts));
    m.put("routerZones", new LinkedHashMap<>(routerZones));
    m.put("groups", new LinkedHashMap<>(groups()));
    return m;
  }

  /**
   * Reads the form {@link #toMap} writes (as a JSON or YAML reader returns it: maps, strings and
   * numbers). Every problem is reported, as {@link EncapErrorCode#BAD_KEY_ASSIGNMENT} errors at
   * path {@code keys} with the field in question: unknown fields, wrong types, keys outside the key
   * space, two datapaths (or two routers' zones) with one key. Missing maps are empty; a missing encapsulation
   * or mode is Geneve / OVN split.
   */
  public static Validation<Seq<ModelError>, KeyAssignment> fromMap(Map<String, ?> map) {
    java.util.List<ModelError> errors = new ArrayList<>();
    for (String f : map.keySet()) {
      if (!FIELDS.contains(f)) {
        errors.add(bad("unknown field '" + f + "': remove it, or use one of " + FIELDS, f));
      }
    }
    Encapsulation encapsulation = Encapsulation.GENEVE;
    Object e = map.get("encapsulation");
    if (e != null) {
      encapsulation = enumOf(Encapsulation.class, e, "encapsulation", errors, Encapsulation.GENEVE);
    }
    VxlanMode mode = VxlanMode.OVN_SPLIT;
    Object v = map.get("vxlanMode");
    if (v != null) {
      mode = enumOf(VxlanMode.class, v, "vxlanMode", errors, VxlanMode.OVN_SPLIT);
    }
    KeySpace space = KeySpace.of(encapsulation, mode);
    Map<Integer, String> datapathOwners = new HashMap<>();
    ImmutableSortedMap<String, Integer> switches =
        keys(map, "switches", space.maxDatapathKey(), datapathOwners, errors);
    ImmutableSortedMap<String, Integer> routers =
        keys(map, "routers", space.maxDatapathKey(), datapathOwners, errors);
    ImmutableSortedMap<String, Integer> switchPorts =
        keys(map, "switchPorts", space.maxPortKey(), null, errors);
    ImmutableSortedMap<String, Integer> routerPorts =
        keys(map, "routerPorts", space.maxPortKey(), null, errors);
    // Zones repeat across hosts, so two ports may share one here.
    ImmutableSortedMap<String, Integer> zones = keys(map, "zones", space.maxZone() - 1, null, errors);
    ImmutableSortedMap<String, String> zoneHosts = names(map, "zoneHosts", errors);
    ImmutableSortedMap<String, Integer> routerZones =
        keys(map, "routerZones", space.maxZone() - 1, new HashMap<>(), errors);
    Object groups = map.get("groups");
    if (groups != null && !groupsMatch(groups)) {
      errors.add(
          bad(
              "groups "
                  + groups
                  + " are not nv's fixed group keys "
                  + groups()
                  + ": remove the field or restore it",
              "groups"));
    }
    if (!errors.isEmpty()) {
      return Validation.invalid(List.ofAll(errors));
    }
    return Validation.valid(
        new KeyAssignment(
            encapsulation, mode, switches, routers, switchPorts, routerPorts, zones, zoneHosts,
            routerZones));
  }

  private static boolean groupsMatch(Object groups) {
    if (!(groups instanceof Map<?, ?> g) || g.size() != groups().size()) {
      return false;
    }
    for (Map.Entry<String, Integer> want : groups().entrySet()) {
      Integer got = intOf(g.get(want.getKey()));
      if (got == null || !got.equals(want.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static <E extends Enum<E>> E enumOf(
      Class<E> type, Object value, String field, java.util.List<ModelError> errors, E fallback) {
    if (value instanceof String s) {
      String name = s.toUpperCase(Locale.ROOT).replace('-', '_');
      for (E c : type.getEnumConstants()) {
        if (c.name().equals(name)) {
          return c;
        }
      }
    }
    java.util.List<String> names = new ArrayList<>();
    for (E c : type.getEnumConstants()) {
      names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    errors.add(bad(field + " '" + value + "' is not one of " + names + ": use one of them", field));
    return fallback;
  }

  /** A map of ids to names (host ids), every value a string. */
  private static ImmutableSortedMap<String, String> names(
      Map<String, ?> map, String field, java.util.List<ModelError> errors) {
    Object o = map.get(field);
    if (o == null) {
      return ImmutableSortedMap.of();
    }
    if (!(o instanceof Map<?, ?> m)) {
      errors.add(bad(field + " must be a map of port ids to host ids: write {\"vm1\": \"hv1\"}", field));
      return ImmutableSortedMap.of();
    }
    ImmutableSortedMap.Builder<String, String> b = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getValue() instanceof String host) {
        b.put(String.valueOf(e.getKey()), host);
      } else {
        errors.add(
            bad(field + "." + e.getKey() + " is " + e.getValue() + ", not a host id: write the host's id", field + "." + e.getKey()));
      }
    }
    return b.build();
  }

  private static ImmutableSortedMap<String, Integer> keys(
      Map<String, ?> map,
      String field,
      int max,
      @Nullable Map<Integer, String> owners,
      java.util.List<ModelError> errors) {
    Object o = map.get(field);
    if (o == null) {
      return ImmutableSortedMap.of();
    }
    if (!(o instanceof Map<?, ?> m)) {
      errors.add(
          bad(field + " is " + o + ": write a map from id to key, e.g. {\"web\": 1}", field));
      return ImmutableSortedMap.of();
    }
    Map<String, Integer> out = new TreeMap<>();
    for (Map.Entry<?, ?> en : m.entrySet()) {
      String id = String.valueOf(en.getKey());
      String f = field + "." + id;
      Integer k = intOf(en.getValue());
      if (k == null || k < 1 || k > max) {
        errors.add(
            bad(
                f
                    + " = "
                    + en.getValue()
                    + " is not a key in 1.."
                    + max
                    + ": fix it, or remove the entry to get a new key",
                f));
        continue;
      }
      if (owners != null) {
        String other = owners.putIfAbsent(k, f);
        if (other != null) {
          errors.add(
              bad(
                  f + " = " + k + " is also " + other + "'s key: keys are unique; remove one entry",
                  f));
          continue;
        }
      }
      out.put(id, k);
    }
    return ImmutableSortedMap.copyOf(out);
  }

  private static @Nullable Integer intOf(@Nullable Object o) {
    if (o instanceof Integer i) {
      return i;
    }
    if (o instanceof Long || o instanceof Short || o instanceof Byte || o instanceof BigInteger) {
      Number n = (Number) o;
      BigInteger b = o instanceof BigInteger bi ? bi : BigInteger.valueOf(n.longValue());
      return b.bitLength() < 32 ? b.intValue() : null;
    }
    return null;
  }

  private static ModelError bad(String message, String field) {
    return ModelError.of(EncapErrorCode.BAD_KEY_ASSIGNMENT, KEYS, message).at(field);
  }
}
