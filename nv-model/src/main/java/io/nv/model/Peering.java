package io.nv.model;

/**
 * Explicit consent for two tenants to be linked: a router port of one may then sit on a switch of
 * the other, and exactly the traffic routed through that link crosses.
 *
 * <pre>{@code
 * Peering p = new Peering("red-blue", "red", "blue");
 * }</pre>
 *
 * @param id the peering id
 * @param tenant1 one tenant
 * @param tenant2 the other tenant
 */
public record Peering(String id, String tenant1, String tenant2) {
  /** True when this peering links {@code a} and {@code b} (in either order). */
  public boolean links(String a, String b) {
    return (tenant1.equals(a) && tenant2.equals(b)) || (tenant1.equals(b) && tenant2.equals(a));
  }

  /** {@code peering <id>}. */
  public ModelPath path() {
    return ModelPath.of("peering", id);
  }
}
