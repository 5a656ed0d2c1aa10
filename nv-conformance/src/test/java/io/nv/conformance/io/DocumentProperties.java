package io.nv.conformance.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.Format;
import io.nv.io.TopologyDocument;
import io.nv.io.TopologyDocuments;
import io.nv.model.Topology;
import io.nv.testkit.Property;
import io.nv.testkit.gen.TopologyGens;
import org.junit.jupiter.api.Test;

/** Documents written from generated topologies read back equal, in both formats. */
class DocumentProperties {

  @Test
  void yamlWriteThenReadIsIdentity() {
    Property.forAll(TopologyGens.topologies())
        .tries(1000)
        .shrinkWith(TopologyGens.shrinker())
        .check(t -> assertThat(roundTrip(t, Format.YAML)).isEqualTo(t));
  }

  @Test
  void jsonWriteThenReadIsIdentity() {
    Property.forAll(TopologyGens.topologies())
        .tries(1000)
        .shrinkWith(TopologyGens.shrinker())
        .check(t -> assertThat(roundTrip(t, Format.JSON)).isEqualTo(t));
  }

  @Test
  void writtenDocumentsValidateClean() {
    Property.forAll(TopologyGens.topologies())
        .tries(200)
        .check(
            t -> {
              String text = TopologyDocuments.write(t, Format.YAML);
              assertThat(TopologyDocuments.readAndValidate(text, "generated.yaml", Format.YAML).errors())
                  .as(text)
                  .isEmpty();
            });
  }

  private static Topology roundTrip(Topology t, Format f) {
    String text = TopologyDocuments.write(t, f);
    TopologyDocument doc =
        TopologyDocuments.read(text, "generated", f)
            .getOrElseThrow(errors -> new AssertionError("unreadable: " + errors + "\n" + text));
    assertThat(doc.errors()).as(text).isEmpty();
    return doc.topology();
  }
}
