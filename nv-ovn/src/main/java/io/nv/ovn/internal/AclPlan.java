package io.nv.ovn.internal;

import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.validate.ModelError;
import io.nv.ovn.Approximation;
import io.nv.ovn.ExportOptions;
import io.nv.ovn.OvnErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The OVN priority of every ACL rule, and the rules OVN 23.03 cannot hold: PASS, several tiers
 * meeting in one stage (unless {@link Approximation#FLATTEN_TIERS}), priority 0 beside a
 * default-deny row.
 *
 * <p>A stage's rules are those of its switch and of every port group with a member on it, so the
 * checks run per switch over that set, as OVN applies a port group's ACLs to each switch that has
 * one of its ports.
 */
final class AclPlan {
  /** The highest ACL priority OVN accepts. */
  static final int MAX_PRIORITY = 32767;

  /**
   * One rule with its owner.
   *
   * @param owner the switch or port group path
   * @param rule the rule
   */
  record Owned(ModelPath owner, AclRule rule) {
    ModelPath path() {
      return rule.path(owner);
    }
  }

  private final Map<ModelPath, Integer> priorities = new HashMap<>();

  private AclPlan() {}

  /** The OVN priority of the rule at {@code path} (a rule of the plan's topology). */
  int priority(ModelPath path) {
    Integer p = priorities.get(path);
    if (p == null) {
      throw new IllegalArgumentException("no ACL rule " + path + " in the plan");
    }
    return p;
  }

  static AclPlan of(Topology t, ExportOptions options, List<ModelError> errors, List<String> notes) {
    AclPlan plan = new AclPlan();
    Map<String, List<Owned>> scopes = scopes(t);
    List<Owned> all = new ArrayList<>();
    for (LogicalSwitch s : t.switches()) {
      s.acls().forEach(a -> all.add(new Owned(s.path(), a)));
    }
    for (PortGroup g : t.portGroups()) {
      g.acls().forEach(a -> all.add(new Owned(g.path(), a)));
    }
    for (Owned o : all) {
      if (o.rule().action() == AclAction.PASS) {
        errors.add(
            ModelError.of(
                OvnErrorCode.ACL_PASS,
                o.path(),
                "OVN 23.03 has no pass action (pass and ACL tiers came with OVN 23.06): decide"
                    + " here with allow, allow-related, drop or reject, or remove the rule"));
      }
    }

    // Tiers: every stage must see one tier, unless flattening is allowed.
    Map<ModelPath, String> tierProblems = new LinkedHashMap<>();
    boolean severalTiers = false;
    for (Map.Entry<String, List<Owned>> scope : scopes.entrySet()) {
      TreeSet<Integer> tiers = new TreeSet<>();
      scope.getValue().forEach(o -> tiers.add(o.rule().tier()));
      if (tiers.size() < 2) {
        continue;
      }
      severalTiers = true;
      int lowest = tiers.first();
      for (Owned o : scope.getValue()) {
        if (o.rule().tier() != lowest) {
          tierProblems.putIfAbsent(
              o.path(),
              "OVN 23.03 has one ACL tier, but the ACL stages of switch "
                  + scope.getKey()
                  + " meet rules of tiers "
                  + tiers
                  + " and this rule is in tier "
                  + o.rule().tier()
                  + ": put the rules of switch "
                  + scope.getKey()
                  + " and of its port groups in one tier, or accept the flatten-tiers"
                  + " approximation (Approximation.FLATTEN_TIERS, nv compile --approximate"
                  + " flatten-tiers)");
        }
      }
    }
    boolean flatten = severalTiers && options.allows(Approximation.FLATTEN_TIERS);
    if (flatten) {
      flatten(all, plan, errors, notes);
    } else {
      tierProblems.forEach((p, m) -> errors.add(ModelError.of(OvnErrorCode.ACL_TIERS, p, m)));
      all.forEach(o -> plan.priorities.put(o.path(), o.rule().priority()));
    }

    // Priority 0 beside a default-deny row of the same stage: OVN's tie is unspecified.
    Set<ModelPath> reported = new LinkedHashSet<>();
    for (Map.Entry<String, List<Owned>> scope : scopes.entrySet()) {
      LogicalSwitch s = t.switchById(scope.getKey()).orElseThrow();
      for (Owned o : scope.getValue()) {
        if (plan.priority(o.path()) != 0 || reported.contains(o.path())) {
          continue;
        }
        ModelPath deny = denyRow(t, s, o.rule().direction());
        if (deny != null) {
          reported.add(o.path());
          errors.add(
              ModelError.of(
                  OvnErrorCode.ACL_PRIORITY_ZERO,
                  o.path(),
                  "priority 0 ties with "
                      + deny
                      + ", which the export writes at OVN priority 0 (the lowest): give the rule"
                      + " priority 1 or more, since in nv a rule always wins over default-deny"));
        }
      }
    }
    return plan;
  }

  /** Per switch id, the rules its ACL stages can meet. */
  private static Map<String, List<Owned>> scopes(Topology t) {
    Map<String, List<Owned>> scopes = new LinkedHashMap<>();
    for (LogicalSwitch s : t.switches()) {
      List<Owned> rules = new ArrayList<>();
      s.acls().forEach(a -> rules.add(new Owned(s.path(), a)));
      scopes.put(s.id(), rules);
    }
    for (PortGroup g : t.portGroups()) {
      Set<String> switches = new LinkedHashSet<>();
      for (String port : g.ports()) {
        t.switchOfPort(port).ifPresent(s -> switches.add(s.id()));
      }
      for (String s : switches) {
        List<Owned> rules = scopes.get(s);
        if (rules != null) {
          g.acls().forEach(a -> rules.add(new Owned(g.path(), a)));
        }
      }
    }
    return scopes;
  }

  /** A default-deny row that can meet a rule of direction {@code d} on switch {@code s}. */
  private static @Nullable ModelPath denyRow(Topology t, LogicalSwitch s, Direction d) {
    if (covers(s.defaultDeny(), d)) {
      return s.path().cause("default-deny");
    }
    for (PortGroup g : t.portGroups()) {
      if (covers(g.defaultDeny(), d)
          && g.ports().stream().anyMatch(p -> t.switchOfPort(p).filter(s::equals).isPresent())) {
        return g.path().cause("default-deny");
      }
    }
    return null;
  }

  static boolean covers(DefaultDeny deny, Direction d) {
    return deny == DefaultDeny.BOTH || (deny == DefaultDeny.TO_PORT && d == Direction.TO_PORT);
  }

  /** Renumbers every rule by rank of (tier ascending, priority descending), from 32767 down. */
  private static void flatten(
      List<Owned> all, AclPlan plan, List<ModelError> errors, List<String> notes) {
    // Tier ascending, then priority descending, as one number: tier * 2^16 + (32767 - priority).
    TreeSet<Integer> keys = new TreeSet<>();
    all.forEach(o -> keys.add(key(o.rule())));
    if (keys.size() > MAX_PRIORITY) {
      errors.add(
          ModelError.of(
              OvnErrorCode.ACL_TIERS,
              ModelPath.ROOT,
              "flattening tiers needs one OVN priority per distinct (tier, priority) pair, but the"
                  + " topology has "
                  + keys.size()
                  + " and OVN has "
                  + MAX_PRIORITY
                  + " above the default-deny rows: use fewer distinct priorities"));
      all.forEach(o -> plan.priorities.put(o.path(), o.rule().priority()));
      return;
    }
    Map<Integer, Integer> rank = new HashMap<>();
    for (int k : keys) {
      rank.put(k, rank.size());
    }
    for (Owned o : all) {
      int ovn = MAX_PRIORITY - rank.getOrDefault(key(o.rule()), 0);
      plan.priorities.put(o.path(), ovn);
      notes.add(
          o.path()
              + ": tier "
              + o.rule().tier()
              + " priority "
              + o.rule().priority()
              + " exported at OVN priority "
              + ovn
              + " (flatten-tiers)");
    }
  }

  private static int key(AclRule r) {
    return (r.tier() << 16) + (MAX_PRIORITY - r.priority());
  }
}
