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
