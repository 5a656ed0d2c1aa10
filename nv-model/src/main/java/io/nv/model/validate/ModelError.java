package io.nv.model.validate;

import io.nv.model.ModelPath;
import java.util.Optional;

/**
 * One problem in a topology: what ({@link #code}), where ({@link #path}, and optionally the {@link
 * #field} of that element and a 1-based {@link #column} inside the field's text, e.g. inside a
 * match expression), and how to fix it ({@link #message}). Documents map path and field to a line
 * and column.
 *
 * <pre>{@code
 * ModelError e = ModelError.of(ModelErrorCode.IP_OUTSIDE_SUBNET, ModelPath.of("port", "web1"),
 *         "10.9.0.1 is not in a subnet of switch web (10.0.1.0/24): change the address or add a subnet")
 *     .at("ips[0]");
 * e.toString();   // "IP_OUTSIDE_SUBNET port web1: 10.9.0.1 is not in …"
 * }</pre>
 *
 * @param code what kind of problem
 * @param path the element it is about
 * @param message what is wrong and how to fix it
 * @param field the field holding the bad value, as documents write it, if one does; it counts
 *     from the element named by the path's first segment, so rules and router ports are reached
 *     through their parent's list: {@code port web1} + {@code mac} or {@code ips[1]}, {@code
 *     switch web / acl allow-http} + {@code acls[0].match}, {@code router r1 / route default} +
 *     {@code routes[2].nextHop}, {@code router r1 / port r1-web} + {@code ports[0].mac}, {@code
 *     binding web1} + {@code host}
 * @param column 1-based column inside the field's text value, or 0
 */
public record ModelError(
    ErrorCode code, ModelPath path, String message, Optional<String> field, int column) {

  /** An error about a whole element. */
  public static ModelError of(ErrorCode code, ModelPath path, String message) {
    return new ModelError(code, path, message, Optional.empty(), 0);
  }

  /** This error, pointing at {@code field} of the element. */
  public ModelError at(String field) {
    return new ModelError(code, path, message, Optional.of(field), column);
  }

  /** This error, pointing at 1-based {@code column} inside the field's text. */
  public ModelError atColumn(int column) {
    return new ModelError(code, path, message, field, column);
  }

  /** {@code CODE path: message}. */
  @Override
  public String toString() {
    return code.name() + " " + path + ": " + message;
  }
}
