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
    return out;
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
