package io.nv.testkit.gen;

import io.nv.model.Topology;
import io.nv.model.validate.ErrorCode;

/**
 * A valid topology broken on purpose, tagged with the error code validation must report for it.
 *
 * <pre>{@code
 * Property.forAll(Mutations.invalidTopologies()).check(m ->
 *     assertThat(Validator.validate(m.topology()).getError().map(ModelError::code))
 *         .contains(m.expected()));
 * }</pre>
 *
 * @param description what was broken, for failure messages
 * @param expected the code validation must report
 * @param topology the broken topology
 */
public record Mutation(String description, ErrorCode expected, Topology topology) {
  @Override
  public String toString() {
    return description + " → " + expected.name();
  }
}
