package io.nv.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.internal.SourceMap;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ModelErrorCode;
import io.nv.model.validate.Validator;
import io.nv.testkit.Property;
import io.nv.testkit.gen.Mutations;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Validation errors of generated broken topologies, written as documents, point at the values they
 * are about. Replay a failure with {@code -Dnv.seed=<seed>}.
 */
class SourceMapProperties {

  @Test
  void everyErrorOfAMutatedTopologyIsFoundAtItsFieldInYamlAndJson() {
    Property.forAll(Mutations.invalidTopologies())
        .tries(150)
        .check(
            m -> {
              for (Format f : Format.values()) {
                String text = TopologyDocuments.write(m.topology(), f);
                TopologyDocument d = TopologyDocuments.read(text, "mutated", f).get();
                assertThat(d.topology()).isEqualTo(m.topology());
                List<ModelError> errors = Validator.validate(d.topology()).getError().asJava();
                assertThat(errors).extracting(ModelError::code).contains(m.expected());
                for (ModelError e : errors) {
                  Optional<SourceMap.Resolution> r = d.resolution(e);
                  assertThat(r).as("%s in\n%s", e, text).isPresent();
                  // Canonical documents write every field a topology has, so only a missing
                  // field, or a host's default encapsulations, fall back to the element.
                  boolean written =
                      e.field().isPresent()
                          && e.code() != ModelErrorCode.MISSING_FIELD
                          && e.code() != ModelErrorCode.ENCAPSULATION_UNSUPPORTED;
                  if (written) {
                    assertThat(r.get().exact()).as("%s %s in\n%s", e, e.field(), text).isTrue();
                  }
                }
                DocumentCheck c = d.validate();
                assertThat(c.errors()).hasSize(errors.size());
                assertThat(c.errors()).allSatisfy(err -> assertThat(err.location()).isPresent());
              }
            });
  }
}
