package io.nv.encap.check;

import com.google.common.collect.ImmutableList;
import io.nv.encap.EncapErrorCode;
import io.nv.encap.internal.Carriers;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.encap.plan.MtuBudget;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.graph.Node;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.TopologyCheck;
import io.vavr.collection.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The validation checks of nv-encap, for {@code Validator.validate(topology, checks)}: key spaces
 * and pins, switch MTUs against the hosts' budgets, egress ACLs that need an ingress port VXLAN
 * does not carry, and hosts that cannot tunnel to the peers they share a datapath with.
 *
 * <pre>{@code
 * Validation<Seq<ModelError>, ValidatedTopology> v =
 *     Validator.validate(topology, EncapChecks.all(VxlanMode.OVN_SPLIT));
 * }</pre>
 *
 * <p>A host that does not speak the topology's encapsulation is nv-model's {@code
 * ENCAPSULATION_UNSUPPORTED}, found before these checks run.
 */
public final class EncapChecks {
  private EncapChecks() {}

  /** Every check, for VXLAN in {@link VxlanMode#OVN_SPLIT}. */
  public static ImmutableList<TopologyCheck> all() {
    return all(VxlanMode.OVN_SPLIT);
  }

  /** Every check, for VXLAN in {@code mode}: keys, MTU, ingress port, peers. */
  public static ImmutableList<TopologyCheck> all(VxlanMode mode) {
    return ImmutableList.of(keys(mode), mtu(), ingressPort(), peers());
  }

  /**
   * Key allocation's errors: {@code KEY_SPACE_EXHAUSTED}, {@code KEY_OUT_OF_RANGE}, {@code
   * KEY_CONFLICT} (see {@link Keys}).
   */
  public static TopologyCheck keys(VxlanMode mode) {
    return t -> Keys.errors(t, mode);
  }

  /**
   * {@code MTU_TOO_LARGE}: a switch whose explicit {@code mtu} exceeds the inner MTU of a host that
   * carries it ({@link MtuBudget}), so full-size frames would not cross that host's tunnels.
   */
  public static TopologyCheck mtu() {
    return validated -> {
      Topology t = validated.topology();
      // Only an explicit MTU can be too large: without one, skip finding the switches' carriers.
      if (t.switches().stream().allMatch(s -> s.mtu().isEmpty())) {
        return List.empty();
      }
      Carriers carriers = Carriers.of(validated);
      java.util.List<ModelError> errors = new ArrayList<>();
      for (LogicalSwitch s : t.switches()) {
        if (s.mtu().isEmpty()) {
          continue;
        }
        int mtu = s.mtu().get();
        java.util.List<String> tooSmall = new ArrayList<>();
        OptionalInt lowest = OptionalInt.empty();
        String example = "";
        for (String h : carriers.hostsOf(Node.ofSwitch(s.id()))) {
          Host host = t.hostById(h).orElseThrow();
          MtuBudget b = MtuBudget.of(host, t.encapsulation());
          if (b.innerMtu() < mtu) {
            tooSmall.add(host.id() + " (" + b.innerMtu() + ")");
            if (lowest.isEmpty() || b.innerMtu() < lowest.getAsInt()) {
              lowest = OptionalInt.of(b.innerMtu());
              example =
                  host.id()
                      + ": "
                      + name(t.encapsulation())
                      + " over IPv"
                      + b.ipVersion()
                      + ", "
                      + b.arithmetic();
            }
          }
        }
        if (lowest.isPresent()) {
          errors.add(
              ModelError.of(
                      EncapErrorCode.MTU_TOO_LARGE,
                      s.path(),
                      "MTU "
                          + mtu
                          + " is larger than the inner MTU of host"
                          + (tooSmall.size() == 1 ? " " : "s ")
                          + String.join(", ", tooSmall)
                          + " that carr"
                          + (tooSmall.size() == 1 ? "ies" : "y")
                          + " the switch ("
                          + example
                          + "): lower the MTU to "
                          + lowest.getAsInt()
                          + " or raise the underlay MTU")
                  .at("mtu"));
        }
      }
      return List.ofAll(errors);
    };
  }

  /**
   * {@code INGRESS_PORT_UNAVAILABLE}: under VXLAN (either mode), a to-port ACL of a switch or port
   * group whose match mentions {@code inport}. The egress pipeline runs on the destination host,
   * and VXLAN does not carry the ingress port there (only Geneve's option does), so the rule would
   * behave differently for local and remote senders.
   *
   * <p>The match is scanned as text ({@link #inportColumn}): {@code inport} as a whole identifier
   * outside double-quoted strings.
   */
  public static TopologyCheck ingressPort() {
    return validated -> {
      Topology t = validated.topology();
      if (t.encapsulation() == Encapsulation.GENEVE) {
        return List.empty();
      }
      java.util.List<ModelError> errors = new ArrayList<>();
      for (LogicalSwitch s : t.switches()) {
        ingressPort(s.path(), s.acls(), errors);
      }
      for (PortGroup g : t.portGroups()) {
        ingressPort(g.path(), g.acls(), errors);
      }
      return List.ofAll(errors);
    };
  }

  private static void ingressPort(
      ModelPath owner, ImmutableList<AclRule> acls, java.util.List<ModelError> errors) {
    for (int i = 0; i < acls.size(); i++) {
      AclRule a = acls.get(i);
      if (a.direction() != Direction.TO_PORT) {
        continue;
      }
      int column = inportColumn(a.match());
      if (column > 0) {
        errors.add(
            ModelError.of(
                    EncapErrorCode.INGRESS_PORT_UNAVAILABLE,
                    a.path(owner),
                    "this to-port ACL matches inport, but VXLAN does not carry the ingress port to"
                        + " the host that runs the egress pipeline: match source addresses instead"
                        + " (e.g. ip4.src == $group_ip4), make it a from-port ACL, or use Geneve")
                .at("acls[" + i + "].match")
                .atColumn(column));
      }
    }
  }

  /**
   * The 1-based column of the first {@code inport} identifier in {@code match} outside
   * double-quoted strings, or 0. Identifiers are letters, digits, {@code _} and {@code .}, so
   * {@code inport_x} or {@code "inport"} do not count.
   *
   * <pre>{@code
   * EncapChecks.inportColumn("inport == \"web1\"");   // 1
   * EncapChecks.inportColumn("outport == \"inport\""); // 0
   * }</pre>
   */
  public static int inportColumn(String match) {
    int i = 0;
    int n = match.length();
    while (i < n) {
      char c = match.charAt(i);
      if (c == '"') {
        i++;
        while (i < n && match.charAt(i) != '"') {
          i += match.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && isIdentifierPart(match.charAt(i))) {
          i++;
        }
        if (match.substring(start, i).equals("inport")) {
          return start + 1;
        }
      } else if (Character.isDigit(c)) {
        // Numbers and addresses (10.0.0.1, 0a:00:…) are skipped whole so their letters do not start
        // an identifier.
        while (i < n && (isIdentifierPart(match.charAt(i)) || match.charAt(i) == ':')) {
          i++;
        }
      } else {
        i++;
      }
    }
    return 0;
  }

  private static String name(Encapsulation e) {
    return e == Encapsulation.GENEVE ? "Geneve" : "VXLAN";
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  /**
   * {@code PEER_UNREACHABLE}: two hosts that share a datapath (so must tunnel to each other) whose
   * tunnel addresses are of different IP versions. Reported once per pair, at the host whose id
   * sorts later, naming every such earlier peer.
   */
  public static TopologyCheck peers() {
    return validated -> {
      Topology t = validated.topology();
      // Only a routing domain whose hosts mix IP versions can break: none can where every host's
      // tunnel address has one version, which skips finding the carriers; otherwise check those
      // domains alone, so the common case costs one pass over the domains, not hosts × peers.
      if (t.hosts().stream().map(h -> h.tunnelIp().version()).distinct().count() < 2) {
        return List.empty();
      }
      Carriers carriers = Carriers.of(validated);
      Map<String, Map<String, Node>> unreachableOf = new TreeMap<>();
      for (int d = 0; d < carriers.domains(); d++) {
        java.util.Set<Integer> versions = new java.util.HashSet<>();
        for (String h : carriers.domainHosts(d)) {
          versions.add(t.hostById(h).orElseThrow().tunnelIp().version());
        }
        if (versions.size() < 2) {
          continue;
        }
        Node dp = carriers.domain(d).first();
        for (String h : carriers.domainHosts(d)) {
          Host host = t.hostById(h).orElseThrow();
          for (String other : carriers.domainHosts(d)) {
            Host peer = t.hostById(other).orElseThrow();
            if (other.compareTo(h) < 0 && peer.tunnelIp().version() != host.tunnelIp().version()) {
              unreachableOf.computeIfAbsent(h, k -> new TreeMap<>()).putIfAbsent(other, dp);
            }
          }
        }
      }
      java.util.List<ModelError> errors = new ArrayList<>();
      for (String id : carriers.hosts()) {
        Host host = t.hostById(id).orElseThrow();
        Map<String, Node> unreachable = unreachableOf.getOrDefault(id, Map.of());
        if (unreachable.isEmpty()) {
          continue;
        }
        java.util.List<String> names = new ArrayList<>();
        unreachable.forEach(
            (peerId, dp) ->
                names.add(
                    peerId
                        + " ("
                        + t.hostById(peerId).orElseThrow().tunnelIp()
                        + ", shares "
                        + dp
                        + ")"));
        int v = host.tunnelIp().version();
        errors.add(
            ModelError.of(
                    EncapErrorCode.PEER_UNREACHABLE,
                    host.path(),
                    "tunnel address "
                        + host.tunnelIp()
                        + " is IPv"
                        + v
                        + " but peer"
                        + (names.size() == 1 ? " " : "s ")
                        + String.join(", ", names)
                        + " "
                        + (names.size() == 1 ? "is" : "are")
                        + " IPv"
                        + (v == 4 ? 6 : 4)
                        + ": a tunnel needs both ends in one IP version; give the hosts tunnel"
                        + " addresses of one version")
                .at("tunnelIp"));
      }
      return List.ofAll(errors);
    };
  }
}
