package io.nv.model.placement;

import io.nv.model.ModelPath;

/**
 * Placement of a logical port on a host: the port's traffic enters and leaves the dataplane of
 * that host. A VM migration changes only its binding.
 *
 * <pre>{@code
 * Binding b = new Binding("web1", "hv1");
 * }</pre>
 *
 * @param port the logical (switch) port id
 * @param host the host id
 */
public record Binding(String port, String host) {
  /** {@code binding <port>}. */
  public ModelPath path() {
    return ModelPath.of("binding", port);
  }
}
