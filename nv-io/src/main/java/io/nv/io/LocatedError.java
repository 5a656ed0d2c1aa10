package io.nv.io;

import io.nv.model.validate.ErrorCode;
import io.nv.model.validate.ModelError;
import java.util.Optional;

/**
 * A {@link ModelError} and where in the document it is: every problem that {@link
 * TopologyDocuments} reports, whether the document itself is wrong (a {@link DocumentErrorCode}) or
 * the topology it describes is (a validation error located through the document's source map).
 *
 * <pre>{@code
 * LocatedError e = doc.errors().get(0);
 * e.format("three-tier.yaml");
 *     // "three-tier.yaml:18:9: UNKNOWN_FIELD port web1: unknown field 'macc' (did you mean 'mac'?)"
 * }</pre>
 *
 * @param error the problem: code, model path, message (with the fix) and field
 * @param location where it is; empty only for validation errors the source map cannot place
 */
public record LocatedError(ModelError error, Optional<Location> location) {

  /** The error at {@code location}. */
  public static LocatedError of(ModelError error, Location location) {
    return new LocatedError(error, Optional.of(location));
  }

  /** The error's code. */
  public ErrorCode code() {
    return error.code();
  }

  /**
   * One line for people: {@code source:line:column: CODE path: message}, or {@code source: CODE
   * path: message} without a location.
   */
  public String format(String source) {
    return location.map(l -> source + ":" + l + ": ").orElse(source + ": ") + error;
  }

  /** {@code line:column: CODE path: message}. */
  @Override
  public String toString() {
    return location.map(l -> l + ": ").orElse("") + error;
  }
}
