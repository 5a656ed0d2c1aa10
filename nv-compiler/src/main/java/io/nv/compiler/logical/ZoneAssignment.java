package io.nv.compiler.logical;

import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conntrack zones of edge ports (VIF and LOCALNET): each port has a zone for its ACL and
 * load-balancer connections and an SNAT zone for hairpinned load-balancer traffic. Zones matter per
 * host (one OVS instance); nv-encap will allocate them per host and keep them across changes, and
 * plugs in here.
 *
 * <pre>{@code
 * ZoneAssignment zones = ZoneAssignment.byPortOrder(topology);
 * zones.zone("web1");       // e.g. 5
 * zones.snatZone("web1");   // e.g. 6
 * }</pre>
 */
public interface ZoneAssignment {
  /** The zone of edge port {@code port}, 1..65535. */
  int zone(String port);

  /** The hairpin SNAT zone of edge port {@code port}, 1..65535, different from every {@link #zone}. */
  int snatZone(String port);

  /**
   * Zones by the order of port ids: the {@code i}-th edge port (0-based, sorted by id) gets zone
   * {@code 2i + 1} and SNAT zone {@code 2i + 2}, wrapping after 32767 ports (zones only need to be
   * unique on one host).
   */
  static ZoneAssignment byPortOrder(Topology topology) {
    List<String> ids = new ArrayList<>();
    for (LogicalSwitch s : topology.switches()) {
      for (SwitchPort p : s.ports()) {
        if (p.kind() != PortKind.ROUTER) {
          ids.add(p.id());
        }
      }
    }
    ids.sort(null);
    Map<String, Integer> index = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      index.putIfAbsent(ids.get(i), i);
    }
    return new ZoneAssignment() {
      private int slot(String port) {
        Integer i = index.get(port);
        if (i == null) {
          throw new IllegalArgumentException(
              "port " + port + " is not a VIF or LOCALNET port of the topology, so it has no zone");
        }
        return i % 32767;
      }

      @Override
      public int zone(String port) {
        return 2 * slot(port) + 1;
      }

      @Override
      public int snatZone(String port) {
        return 2 * slot(port) + 2;
      }

      @Override
      public String toString() {
        return "ZoneAssignment.byPortOrder(" + ids.size() + " ports)";
      }
    };
  }
}
