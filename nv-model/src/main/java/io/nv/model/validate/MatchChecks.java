package io.nv.model.validate;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.match.Match;
import io.nv.model.match.MatchSyntaxError;
import io.nv.model.match.Reference;
import io.vavr.control.Either;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses and resolves match expressions of ACLs and policies for the validator: syntax and type
 * errors are {@code BAD_MATCH}, names that resolve to nothing are {@code DANGLING_REFERENCE}, names
 * of another tenant's elements are {@code CROSS_TENANT_REFERENCE}; each points at its column. One
 * per validation.
 */
final class MatchChecks {
  /**
   * A text's parse and its references. Topologies repeat rule texts (every switch of ovn-like has
   * the same four ACLs), so each text is parsed once per validation; what it names is still
   * resolved for each rule, whose tenant and ports differ.
   */
  private record Parsed(
      Either<MatchSyntaxError, Match> match, ImmutableList<Reference> references) {}

  private final Map<String, Parsed> parsed = new HashMap<>();

  /**
   * Adds an error for each problem in {@code text} (an ACL's match), with the 1-based column inside
   * it; port names are switch ports.
   */
  void check(
      Topology t, String tenant, ModelPath path, String field, String text, List<ModelError> errors) {
    check(
        t, tenant, path, field, text, "switch port",
        name -> t.switchOfPort(name).map(LogicalSwitch::tenant), errors);
  }

  /**
   * As {@link #check(Topology, String, ModelPath, String, String, List)} for a policy route of
   * {@code router}: its port names are the router's own ports.
   */
  void checkPolicy(
      Topology t, LogicalRouter router, ModelPath path, String field, String text, List<ModelError> errors) {
    check(
        t, router.tenant(), path, field, text, "port of router " + router.id(),
        name -> router.port(name).map(p -> router.tenant()), errors);
  }

  private void check(
      Topology t,
      String tenant,
      ModelPath path,
      String field,
      String text,
      String portKind,
      Function<String, Optional<String>> portTenant,
      List<ModelError> errors) {
    if (text.isBlank()) {
      errors.add(
          ModelError.of(ModelErrorCode.BAD_MATCH, path, "empty match: write an expression, e.g. tcp.dst == 80")
              .at(field));
      return;
    }
    Parsed p =
        parsed.computeIfAbsent(
            text,
            x -> {
              Either<MatchSyntaxError, Match> m = Match.tryParse(x);
              return new Parsed(
                  m, m.isLeft() ? ImmutableList.of() : Match.referencesIn(x).getOrElse(ImmutableList.of()));
            });
    if (p.match().isLeft()) {
      MatchSyntaxError e = p.match().getLeft();
      errors.add(
          ModelError.of(ModelErrorCode.BAD_MATCH, path, "column " + e.column() + ": " + e.message()
                  + (e.expectedHint().isEmpty() ? "" : " (" + e.expectedHint() + ")"))
              .at(field)
              .atColumn(e.column()));
      return;
    }
    for (Reference r : p.references()) {
      Optional<String> owner =
          r.kind() == Reference.Kind.PORT ? portTenant.apply(r.name()) : ownerTenant(t, r);
      if (owner.isEmpty()) {
        errors.add(
            ModelError.of(ModelErrorCode.DANGLING_REFERENCE, path,
                    r.text() + " names no "
                        + (r.kind() == Reference.Kind.PORT ? portKind : kind(r))
                        + ": define it or fix the name")
                .at(field)
                .atColumn(r.column()));
      } else if (!owner.get().equals(tenant)) {
        errors.add(
            ModelError.of(ModelErrorCode.CROSS_TENANT_REFERENCE, path,
                    r.text() + " belongs to tenant " + owner.get() + ", the rule to " + tenant
                        + ": rules refer to their own tenant's elements")
                .at(field)
                .atColumn(r.column()));
      }
    }
  }

  private static String kind(Reference r) {
    return switch (r.kind()) {
      case ADDRESS_SET -> "address set (nor _ip4/_ip6 set of a port group)";
      case PORT_GROUP -> "port group";
      case PORT -> "switch port";
    };
  }

  /** The tenant owning what {@code r} names, or empty when it names nothing. */
  private static Optional<String> ownerTenant(Topology t, Reference r) {
    String name = r.name();
    return switch (r.kind()) {
      case ADDRESS_SET -> {
        Optional<String> set = t.addressSetById(name).map(AddressSet::tenant);
        if (set.isPresent()) {
          yield set;
        }
        if (name.endsWith("_ip4") || name.endsWith("_ip6")) {
          yield t.portGroupById(name.substring(0, name.length() - 4)).map(PortGroup::tenant);
        }
        yield Optional.empty();
      }
      case PORT_GROUP -> t.portGroupById(name).map(PortGroup::tenant);
      case PORT -> t.switchOfPort(name).map(LogicalSwitch::tenant);
    };
  }
}
