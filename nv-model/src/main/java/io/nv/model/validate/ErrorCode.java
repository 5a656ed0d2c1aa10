package io.nv.model.validate;

/**
 * The code of a {@link ModelError}: an open type, so each module declares its own codes (an enum
 * implementing this interface) without any module knowing another's. Codes are UPPER_SNAKE and
 * documented in {@code docs/errors.md}.
 *
 * <pre>{@code
 * enum EncapErrorCode implements ErrorCode { KEY_SPACE_EXHAUSTED, MTU_TOO_LARGE }
 * ModelError e = ModelError.of(EncapErrorCode.MTU_TOO_LARGE, path, "lower the switch MTU to 1442");
 * }</pre>
 */
public interface ErrorCode {
  /** The code as printed, e.g. {@code DANGLING_REFERENCE}. */
  String name();
}
