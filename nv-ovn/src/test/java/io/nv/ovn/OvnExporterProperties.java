package io.nv.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.TopologyGens;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The exporter over generated topologies: never throws, deterministic, well-formed output. */
class OvnExporterProperties {
  @Test
  void everyValidTopologyExportsOrSaysWhyWithoutThrowing() {
    Property.forAll(TopologyGens.topologies())
        .tries(300)
        .shrinkWith(TopologyGens.shrinker())
        .check(
            t -> {
              ValidatedTopology v = Validator.validate(t).get();
              for (ExportOptions o :
                  new ExportOptions[] {
                    ExportOptions.DEFAULT,
                    ExportOptions.allowing(Approximation.FLATTEN_TIERS, Approximation.FLOOD_THROUGH_UNKNOWN)
                  }) {
                Validation<Seq<ModelError>, NorthboundExport> nb = OvnExporter.export(v, o);
                if (nb.isInvalid()) {
                  assertThat(nb.getError()).allSatisfy(e -> assertThat(e.code()).isInstanceOf(OvnErrorCode.class));
                  continue;
                }
                assertThat(OvnExporter.export(v, o).get().transaction()).isEqualTo(nb.get().transaction());
                wellFormed(nb.get());
              }
            });
  }

  @Test
  void aLargeTopologyExportsQuickly() {
    io.nv.model.Topology t = exportable(TopologyGens.topologies(io.nv.testkit.gen.TopologyShape.LARGE).sample(11, 100));
    ValidatedTopology v = Validator.validate(t).get();
    long t0 = System.nanoTime();
    Validation<Seq<ModelError>, NorthboundExport> nb =
        OvnExporter.export(v, ExportOptions.allowing(Approximation.FLATTEN_TIERS));
    assertThat(nb.isValid()).as(() -> nb.getError().mkString("\n")).isTrue();
    String json = nb.get().transaction();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long ports = t.switches().stream().mapToLong(s -> s.ports().size()).sum();
    System.out.printf(
        "OVN export of %d ports: %d rows, %d characters, %d ms%n", ports, nb.get().rows().size(), json.length(), ms);
    assertThat(ports).isGreaterThan(1000);
    assertThat(ms).isLessThan(10_000);
  }

  /** PASS becomes ALLOW, and a router with NAT gets a gateway: what OVN needs to take them. */
  static io.nv.model.Topology exportable(io.nv.model.Topology t) {
    java.util.function.UnaryOperator<java.util.List<io.nv.model.acl.AclRule>> noPass =
        rules -> rules.stream()
            .map(a -> a.action() == io.nv.model.acl.AclAction.PASS
                ? new io.nv.model.acl.AclRule.Builder().from(a).action(io.nv.model.acl.AclAction.ALLOW).build()
                : a)
            .toList();
    return new io.nv.model.Topology.Builder()
        .from(t)
        .switches(t.switches().stream()
            .map(s -> new io.nv.model.l2.LogicalSwitch.Builder().from(s).acls(noPass.apply(s.acls())).build()).toList())
        .portGroups(t.portGroups().stream()
            .map(g -> new io.nv.model.acl.PortGroup.Builder().from(g).acls(noPass.apply(g.acls())).build()).toList())
        .routers(t.routers().stream()
            .map(r -> r.nats().isEmpty() || r.gateway().isPresent()
                ? r
                : new io.nv.model.l3.LogicalRouter.Builder().from(r).gateway(t.hosts().get(0).id()).build())
            .toList())
        .build();
  }

  private static void wellFormed(NorthboundExport nb) throws Exception {
    JsonNode tx = new ObjectMapper().readTree(nb.transaction());
    assertThat(tx.size()).isEqualTo(nb.rows().size() + 1);
    Set<String> declared = new HashSet<>();
    nb.rows().forEach(r -> declared.add(r.uuidName()));
    for (NbRow r : nb.rows()) {
      for (NbValue v : r.columns().values()) {
        refs(v).forEach(ref -> assertThat(declared).as("%s refers to %s", r.uuidName(), ref).contains(ref));
      }
    }
  }

  private static Set<String> refs(NbValue v) {
    Set<String> out = new HashSet<>();
    if (v instanceof NbValue.Ref r) {
      out.add(r.uuidName());
    } else if (v instanceof NbValue.SetOf s) {
      s.members().forEach(m -> out.addAll(refs(m)));
    }
    return out;
  }
}
