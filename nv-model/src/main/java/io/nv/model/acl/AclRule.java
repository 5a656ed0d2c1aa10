package io.nv.model.acl;

import io.nv.model.ModelPath;
import org.immutables.value.Value;

/**
 * One firewall rule of a switch or port group. Rules are evaluated tier by tier (lowest tier
 * first); inside a tier the highest priority that matches decides; {@link AclAction#PASS} moves on
 * to the next tier. The match is text in nv's match language ({@code docs/match-language.md}),
 * checked by validation.
 *
 * <pre>{@code
 * AclRule allowHttp = new AclRule.Builder()
 *     .id("allow-http")
 *     .direction(Direction.TO_PORT)
 *     .priority(1000)
 *     .match("tcp.dst == 80")
 *     .action(AclAction.ALLOW_RELATED)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class AclRule {
  /** Package-private: use {@link Builder}. */
  AclRule() {}

  /** The rule id, unique within its switch or port group. */
  public abstract String id();

  /** The tier, 0..3; lower tiers are evaluated first. 0 by default. */
  @Value.Default
  public int tier() {
    return 0;
  }

  /** The priority within the tier, 0..32767; higher wins. */
  public abstract int priority();

  /** {@link Direction#TO_PORT} by default. */
  @Value.Default
  public Direction direction() {
    return Direction.TO_PORT;
  }

  /** The match expression, in nv's match language. */
  public abstract String match();

  /** What happens to matching packets. */
  public abstract AclAction action();

  /** Also punt matching packets to the controller for logging (reason {@code log}). */
  @Value.Default
  public boolean log() {
    return false;
  }

  /** {@code <owner> / acl <id>}. */
  public ModelPath path(ModelPath owner) {
    return owner.child("acl", id());
  }

  /** Builds {@link AclRule}s. */
  public static class Builder extends ImmutableAclRule.Builder {}
}
