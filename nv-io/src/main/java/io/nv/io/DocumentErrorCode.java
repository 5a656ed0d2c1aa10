package io.nv.io;

import io.nv.model.validate.ErrorCode;

/**
 * What can be wrong with a topology document itself, before its topology is validated. Fatal codes
 * mean the bytes could not be read as YAML or JSON at all ({@code nv} exits 2); the others are
 * problems in a document that was read ({@code nv} exits 1). Missing fields and numbers out of
 * range use nv-model's {@link io.nv.model.validate.ModelErrorCode#MISSING_FIELD} and {@link
 * io.nv.model.validate.ModelErrorCode#VALUE_OUT_OF_RANGE}; ids that cannot name an element use
 * {@link io.nv.model.validate.ModelErrorCode#INVALID_ID}. Each code is described, with an example,
 * the line {@code nv} prints and the fix, in the "nv-io document errors" section of {@code
 * docs/errors.md}.
 *
 * <pre>{@code
 * if (error.code() instanceof DocumentErrorCode c && c.isFatal()) { exit(2); }
 * }</pre>
 */
public enum DocumentErrorCode implements ErrorCode {
  /** The text is not YAML or JSON (or not UTF-8); nothing could be read. Fatal. */
  SYNTAX_ERROR(true),
  /** The file could not be read (missing, a directory, no permission). Fatal. */
  UNREADABLE_FILE(true),
  /** {@code apiVersion} is not {@code nv/v1}. */
  UNSUPPORTED_API_VERSION(false),
  /** {@code kind} is not {@code Topology}. */
  WRONG_KIND(false),
  /** A field the format does not define (often a typo). */
  UNKNOWN_FIELD(false),
  /** A value of the wrong type: a list where a string belongs, text where a number belongs … */
  WRONG_TYPE(false),
  /** Text that is not the MAC, IP address or prefix the field needs. */
  INVALID_ADDRESS(false),
  /** A value the field does not allow: an unknown enum value, a bad backend, a YAML alias. */
  INVALID_VALUE(false),
  /** A mapping repeats a key; the first one counts. */
  DUPLICATE_KEY(false),
  /** Lists and mappings nested deeper than any topology needs (100 levels). Fatal. */
  TOO_DEEP(true);

  private final boolean fatal;

  DocumentErrorCode(boolean fatal) {
    this.fatal = fatal;
  }

  /** True when nothing of the document could be read. */
  public boolean isFatal() {
    return fatal;
  }
}
