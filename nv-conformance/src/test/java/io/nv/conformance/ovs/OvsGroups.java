package io.nv.conformance.ovs;

import com.google.common.base.Splitter;
import io.nv.compiler.export.openflow.OpenFlowExport;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.Group;
import io.nv.compiler.physical.HostTables;
import io.nv.model.Topology;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the groups a host's bridge holds after loading ({@code ovs-ofctl -O OpenFlow15
 * dump-groups}) are nv's: every group of the host's tables under its id, select groups with
 * OpenFlow 1.5's {@code selection_method=hash} over nv's selection fields, one bucket per nv
 * bucket with its weight and what tells buckets apart (a load balancer's backend {@code
 * nat(dst=…)}, an ECMP route's next hop in {@code reg0}), and — against the topology itself — a
 * VIP's group holding exactly its healthy backends. OVS's hash then picks among these buckets,
 * and {@link OvsJudge} follows its pick.
 *
 * <pre>{@code
 * List<String> problems = OvsGroups.check(ovs, "hv1", export, topology);   // empty when all agree
 * }</pre>
 */
final class OvsGroups {
  private static final Pattern GROUP = Pattern.compile("group_id=(\\d+),type=(\\w+)(.*)$");
  /** OVS prints one field as {@code fields=ip_src}, several as {@code fields(ip_src,ip_dst)}. */
  private static final Pattern FIELDS =
      Pattern.compile("selection_method=hash,fields(?:\\(([^)]*)\\)|=(\\w+))");
  private static final Pattern BUCKET = Pattern.compile("bucket_id:(\\d+)(?:,weight:(\\d+))?,actions=(.*)");

  private OvsGroups() {}

  /** What differs between {@code host}'s loaded groups and nv's; empty when nothing does. */
  static List<String> check(OvsHarness ovs, String host, OpenFlowExport export, Topology topology) {
    String dump = ovs.ofctl(host, "-O", "OpenFlow15", "dump-groups", OvsHarness.INTEGRATION_BRIDGE);
    Map<Integer, String> byId = new HashMap<>();
    Map<Integer, String> types = new HashMap<>();
    for (String line : Splitter.on('\n').split(dump)) {
      Matcher m = GROUP.matcher(line.strip());
      if (m.find()) {
        byId.put(Integer.parseInt(m.group(1)), m.group(3));
        types.put(Integer.parseInt(m.group(1)), m.group(2));
      }
    }
    HostTables tables = export.host();
    List<String> problems = new ArrayList<>();
    if (byId.size() != tables.groups().size()) {
      problems.add(host + " holds " + byId.size() + " groups, nv's tables " + tables.groups().size());
    }
    for (Group g : tables.groups()) {
      int id = export.groupId(g.name());
      String text = byId.get(id);
      String where = host + " group " + id + " (" + g.name() + ")";
      if (text == null) {
        problems.add(where + " is not in OVS");
        continue;
      }
      String type = g.type() == Group.Type.SELECT ? "select" : "all";
      if (!type.equals(types.get(id))) {
        problems.add(where + " is type=" + types.get(id) + ", nv's " + type);
      }
      List<String> buckets = new ArrayList<>();
      for (String b : text.split(",bucket=", -1)) {
        if (b.startsWith("bucket_id:")) {
          buckets.add(b);
        }
      }
      if (buckets.size() != g.buckets().size()) {
        problems.add(where + " has " + buckets.size() + " buckets in OVS, " + g.buckets().size() + " in nv");
        continue;
      }
      if (g.type() != Group.Type.SELECT) {
        continue;
      }
      Matcher f = FIELDS.matcher(text);
      Set<String> want = hashFields(g.selectionFields());
      if (!f.find()) {
        problems.add(where + " does not hash with selection_method=hash: " + text);
      } else if (!new LinkedHashSet<>(Splitter.on(',').splitToList(
          f.group(1) != null ? f.group(1) : java.util.Objects.requireNonNullElse(f.group(2), ""))).equals(want)) {
        problems.add(where + " hashes " + f.group() + ", nv " + want);
      }
      for (int i = 0; i < buckets.size(); i++) {
        Matcher b = BUCKET.matcher(buckets.get(i));
        Group.Bucket nv = g.buckets().get(i);
        if (!b.find() || Integer.parseInt(b.group(1)) != i) {
          problems.add(where + " bucket " + i + " is " + buckets.get(i));
          continue;
        }
        int weight = b.group(2) == null ? 1 : Integer.parseInt(b.group(2));
        if (weight != nv.weight()) {
          problems.add(where + " bucket " + i + " has weight " + weight + ", nv " + nv.weight());
        }
        for (String token : distinguishing(nv)) {
          if (!b.group(3).contains(token)) {
            problems.add(where + " bucket " + i + " lacks " + token + ": " + b.group(3));
          }
        }
      }
      problems.addAll(backends(where, g, topology));
    }
    return problems;
  }

  /** A VIP's group holds its healthy backends of the VIP's IP version, with their weights. */
  private static List<String> backends(String where, Group g, Topology topology) {
    List<String> problems = new ArrayList<>();
    for (LoadBalancer lb : topology.loadBalancers()) {
      for (Vip v : lb.vips()) {
        if (!v.path(lb.path()).toString().equals(g.name())) {
          continue;
        }
        List<Backend> healthy = v.backends().stream()
            .filter(b -> b.healthy() && b.address().version() == v.address().version()).toList();
        if (healthy.size() != g.buckets().size()) {
          problems.add(where + " has " + g.buckets().size() + " buckets for " + healthy.size()
              + " healthy backends");
          continue;
        }
        for (int i = 0; i < healthy.size(); i++) {
          Backend be = healthy.get(i);
          Group.Bucket b = g.buckets().get(i);
          boolean nat = b.actions().stream().anyMatch(a -> a instanceof Action.Conntrack c
              && c.nat() instanceof Action.Nat.Dnat d && d.address().equals(be.address()) && d.port() == be.port());
          if (!nat || b.weight() != be.weight()) {
            problems.add(where + " bucket " + i + " is not backend " + be.id() + " weight " + be.weight());
          }
        }
      }
    }
    return problems;
  }

  /** What OVS's text of bucket {@code b} must contain. */
  private static List<String> distinguishing(Group.Bucket b) {
    List<String> out = new ArrayList<>();
    for (Action a : b.actions()) {
      if (a instanceof Action.Conntrack c && c.nat() instanceof Action.Nat.Dnat d) {
        String address = d.address().version() == 6 ? "[" + d.address() + "]" : d.address().toString();
        out.add("nat(dst=" + address + (d.port() == 0 ? "" : ":" + d.port()) + ")");
      } else if (a instanceof Action.SetField s && s.field() == Field.REG_NEXTHOP4) {
        out.add("0x" + Long.toHexString(s.value().low()));
      }
    }
    return out;
  }

  /**
   * OpenFlow 1.5's names of the hashed fields, as OVS prints them. Written out here rather than
   * taken from the exporter's {@code OpenFlowFields.hashFields}: a wrong name there would load and
   * print back unchanged, so the check needs its own.
   */
  private static Set<String> hashFields(List<Field> fields) {
    Set<String> out = new LinkedHashSet<>();
    for (Field f : fields) {
      switch (f) {
        case ETH_SRC -> out.add("eth_src");
        case ETH_DST -> out.add("eth_dst");
        case IP4_SRC -> out.add("ip_src");
        case IP4_DST -> out.add("ip_dst");
        case IP6_SRC -> out.add("ipv6_src");
        case IP6_DST -> out.add("ipv6_dst");
        case L4_SRC -> {
          out.add("tcp_src");
          out.add("udp_src");
        }
        case L4_DST -> {
          out.add("tcp_dst");
          out.add("udp_dst");
        }
        default -> out.add(f.toString());
      }
    }
    return out;
  }
}
