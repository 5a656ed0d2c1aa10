package io.nv.conformance.ovn;

import com.google.common.base.Splitter;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.semantics.Step;
import io.nv.model.semantics.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an agreeing packet exercised, so the agreement property can show it covers the subset. */
final class Coverage {
  static final List<String> ALL =
      List.of(
          "allow-related", "allow-stateless", "acl-drop", "acl-reject", "switch-default-deny",
          "port-group-default-deny", "port-group-acl", "port-security-drop", "address-set",
          "load-balanced", "routed", "reply-of-connection");

  /**
   * The routing and NAT features, each with the least number of agreeing packets that must
   * exercise it, so the agreement cannot stop covering routing unnoticed.
   */
  static final java.util.Map<String, Integer> ROUTING_MINIMUM =
      java.util.Map.ofEntries(
          java.util.Map.entry("static-route", 20),
          java.util.Map.entry("ecmp", 3),
          java.util.Map.entry("policy-drop", 3),
          java.util.Map.entry("policy-reroute", 3),
          java.util.Map.entry("snat", 5),
          java.util.Map.entry("un-snat", 3),
          java.util.Map.entry("dnat", 5),
          java.util.Map.entry("un-dnat", 3),
          java.util.Map.entry("fip-in", 3),
          java.util.Map.entry("fip-out", 3),
          java.util.Map.entry("neighbour", 5),
          java.util.Map.entry("gateway", 10));

  private Coverage() {}

  private static final Pattern DECIDING_RULE = Pattern.compile("tier \\d+: (.+?) \\(priority");

  static List<String> of(Topology topology, OvnRun.Step r) {
    List<String> out = new ArrayList<>();
    for (Step s : r.evaluation().steps()) {
      String t = s.text();
      Matcher m = DECIDING_RULE.matcher(t);
      if (m.find() && rule(topology, m.group(1)).filter(a -> a.match().contains("$")).isPresent()) {
        out.add("address-set");
      }
      if (t.contains("ALLOW_RELATED: pass")) {
        out.add("allow-related");
      }
      if (t.contains("ALLOW: pass, stateless")) {
        out.add("allow-stateless");
      }
      if (t.contains("port-group ") && t.contains("(priority")) {
        out.add("port-group-acl");
      }
      if (s.stage() == Step.Stage.LOAD_BALANCER && t.contains("new connection to backend")) {
        out.add("load-balanced");
      }
      if (s.stage() == Step.Stage.ROUTING && t.contains(" via ")) {
        out.add("routed");
      }
      if (s.stage() == Step.Stage.CONNTRACK && t.contains("reply of")) {
        out.add("reply-of-connection");
      }
      routing(topology, s, out);
    }
    if (r.nv() instanceof Verdict.Dropped d) {
      String by = d.by().toString();
      if (by.startsWith("switch ") && by.endsWith("/ default-deny")) {
        out.add("switch-default-deny");
      } else if (by.startsWith("port-group ") && by.endsWith("/ default-deny")) {
        out.add("port-group-default-deny");
      } else if (by.endsWith("/ port-security")) {
        out.add("port-security-drop");
      } else if (by.contains("/ acl ")) {
        out.add("acl-drop");
      }
    }
    if (r.nv() instanceof Verdict.Punted p && p.reason().equals("reject")) {
      out.add("acl-reject");
    }
    if (r.nv() instanceof Verdict.Dropped d && d.by().toString().contains(" / policy ")) {
      out.add("policy-drop");
    }
    return new ArrayList<>(new java.util.LinkedHashSet<>(out));
  }

  private static final Pattern NEXT_HOP = Pattern.compile("^via (\\S+) out of");

  private static void routing(Topology topology, Step s, List<String> out) {
    String t = s.text();
    switch (s.stage()) {
      case ROUTING -> {
        if (t.contains(" / route ")) {
          out.add("static-route");
        }
        if (t.contains("ECMP member")) {
          out.add("ecmp");
        }
      }
      case POLICY -> {
        if (t.contains("): reroute via")) {
          out.add("policy-reroute");
          if (t.contains("ECMP member")) {
            out.add("policy-ecmp");
          }
        }
        if (t.endsWith("): allow")) {
          out.add("policy-allow");
        }
      }
      case ROUTER_NAT -> {
        if (t.startsWith("un-snat: reply of")) {
          out.add("un-snat");
        } else if (t.startsWith("un-dnat: reply of")) {
          out.add("un-dnat");
        } else if (t.contains(": new connection, ip.src")) {
          out.add("snat");
        } else if (t.contains(": new connection, ip.dst")) {
          out.add("dnat");
        } else if (t.contains(": floating IP: ip.src")) {
          out.add("fip-out");
        } else if (t.contains(": floating IP ")) {
          out.add("fip-in");
        } else if (t.contains(": recorded ")) {
          out.add("nat-later-packet");
        }
      }
      case NEXT_HOP -> {
        Matcher m = NEXT_HOP.matcher(t);
        String router = s.at().toString().startsWith("router ") ? Splitter.on(' ').splitToList(s.at().toString()).get(1) : "";
        if (m.find()
            && topology.routerById(router)
                .filter(r -> r.neighbours().stream().anyMatch(n -> n.ip().toString().equals(m.group(1))))
                .isPresent()) {
          out.add("neighbour");
        }
      }
      case GATEWAY -> out.add("gateway");
      default -> {}
    }
  }

  /** The ACL rule named {@code path} ({@code switch S / acl A} or {@code port-group G / acl A}). */
  private static Optional<AclRule> rule(Topology t, String path) {
    List<String> parts = Splitter.on(" / ").splitToList(path);
    if (parts.size() != 2 || !parts.get(1).startsWith("acl ")) {
      return Optional.empty();
    }
    String id = parts.get(1).substring(4);
    String owner = parts.get(0);
    List<AclRule> rules =
        owner.startsWith("switch ")
            ? t.switchById(owner.substring(7)).map(x -> (List<AclRule>) x.acls()).orElse(List.of())
            : t.portGroupById(owner.substring(11)).map(x -> (List<AclRule>) x.acls()).orElse(List.of());
    return rules.stream().filter(a -> a.id().equals(id)).findFirst();
  }
}
