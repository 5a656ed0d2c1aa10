package io.nv.compiler.logical;

import io.nv.compiler.flow.Datapath;
import io.nv.model.Topology;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conntrack zones of edge ports (VIF and LOCALNET) and routers: each port has a zone for its
 * ACL and load-balancer connections and an SNAT zone for hairpinned load-balancer traffic; each
 * router a DNAT and a SNAT zone for its NAT rules. Zones matter per
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

  /** The zone of router {@code router}'s DNAT connections (DNAT rules), 1..65535. */
  int routerDnatZone(String router);

  /** The zone of router {@code router}'s SNAT connections (SNAT rules), 1..65535. */
  int routerSnatZone(String router);

  /**
   * Zones by the order of ids: the {@code i}-th edge port (0-based, sorted by id) gets zone
   * {@code 2i + 1} and SNAT zone {@code 2i + 2}; routers follow the ports, the {@code j}-th (by id)
   * with DNAT zone {@code 2(n + j) + 1} and SNAT zone {@code 2(n + j) + 2} for {@code n} edge
   * ports. Slots wrap after 32767 (zones only need to be unique on one host).
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
    List<String> routers = new ArrayList<>();
    topology.routers().forEach(r -> routers.add(r.id()));
    return inOrder(ids, routers);
  }

  /** {@link #byPortOrder} over the edge ports and routers of {@code pipelines}. */
  static ZoneAssignment of(LogicalPipelines pipelines) {
    List<String> ids = new ArrayList<>();
    List<String> routers = new ArrayList<>();
    for (LogicalDatapath d : pipelines.datapaths()) {
      if (d.datapath().kind() == Datapath.Kind.ROUTER) {
        routers.add(d.datapath().id());
        continue;
      }
      for (LogicalPort p : d.ports()) {
        if (p.role().isEdge()) {
          ids.add(p.id());
        }
      }
    }
    return inOrder(ids, routers);
  }

  /**
   * Zones in id order: edge port {@code i} (sorted) gets {@code 2i + 1} and {@code 2i + 2}, router
   * {@code j} (sorted) {@code 2(n + j) + 1} and {@code 2(n + j) + 2}; slots wrap after 32767.
   */
  static ZoneAssignment inOrder(List<String> edgePorts, List<String> routerIds) {
    List<String> ids = new ArrayList<>(edgePorts);
    ids.sort(null);
    Map<String, Integer> index = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      index.putIfAbsent(ids.get(i), i);
    }
    List<String> routers = new ArrayList<>(routerIds);
    routers.sort(null);
    Map<String, Integer> routerIndex = new HashMap<>();
    for (int j = 0; j < routers.size(); j++) {
      routerIndex.putIfAbsent(routers.get(j), ids.size() + j);
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

      private int routerSlot(String router) {
        Integer i = routerIndex.get(router);
        if (i == null) {
          throw new IllegalArgumentException("router " + router + " is not in the topology");
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
      public int routerDnatZone(String router) {
        return 2 * routerSlot(router) + 1;
      }

      @Override
      public int routerSnatZone(String router) {
        return 2 * routerSlot(router) + 2;
      }

      @Override
      public String toString() {
        return "ZoneAssignment.byPortOrder(" + ids.size() + " ports)";
      }
    };
  }
}
