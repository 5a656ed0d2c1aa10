package io.nv.compiler.export.openflow;

import io.nv.compiler.flow.Stage;

/**
 * OpenFlow table numbers of nv's stages: a host's physical stages at 0–4 (classify 0, from-tunnel
 * 1, flood-check 2, output 3, deliver 4), switch ingress from 10, switch egress from 30, router
 * ingress from 50, router egress from 60, each stage at its base plus its ordinal.
 *
 * <pre>{@code
 * Tables.of(Stages.SWITCH_IN_L2_LOOKUP);   // 22
 * Tables.of(Stages.PHY_CLASSIFY);          // 0
 * }</pre>
 */
public final class Tables {
  private Tables() {}

  /** The table of {@code stage}. */
  public static int of(Stage stage) {
    return base(stage.pipeline()) + stage.ordinal();
  }

  /** The first table of {@code pipeline}. */
  public static int base(Stage.Pipeline pipeline) {
    return switch (pipeline) {
      case PHYSICAL -> 0;
      case SWITCH_INGRESS -> 10;
      case SWITCH_EGRESS -> 30;
      case ROUTER_INGRESS -> 50;
      case ROUTER_EGRESS -> 60;
    };
  }
}
