package io.nv.compiler.flow;

/**
 * A named table of a logical pipeline: {@code switch ingress / acl-tier0}. Stages have no numbers
 * of their own; {@link #ordinal()} is the stage's position within its pipeline, and an exporter
 * assigns table numbers from it. {@link Stages} lists every stage nv uses.
 *
 * <pre>{@code
 * Stage s = Stages.SWITCH_IN_L2_LOOKUP;
 * s.pipeline();   // SWITCH_INGRESS
 * s.toString();   // "switch ingress / l2-lookup"
 * }</pre>
 *
 * @param pipeline the pipeline the stage belongs to
 * @param name the stage's name, unique in its pipeline
 * @param ordinal its position in the pipeline, from 0
 */
public record Stage(Pipeline pipeline, String name, int ordinal) implements Comparable<Stage> {
  /**
   * The four logical pipelines: a datapath's ingress runs when a packet enters it, its egress once
   * ingress chose an output port.
   *
   * <pre>{@code
   * Pipeline.SWITCH_EGRESS.isIngress();   // false
   * }</pre>
   */
  public enum Pipeline {
    /** A switch's ingress: from the inport to an outport choice. */
    SWITCH_INGRESS("switch ingress"),
    /** A switch's egress: from the outport choice to delivery. */
    SWITCH_EGRESS("switch egress"),
    /** A router's ingress: admission, IP input, routing, next-hop resolution. */
    ROUTER_INGRESS("router ingress"),
    /** A router's egress: un-DNAT, SNAT, delivery through the out port. */
    ROUTER_EGRESS("router egress"),
    /**
     * A host's own tables around the logical pipelines: classification of physical and tunnel
     * arrivals, local or remote output, delivery (physical realization, per host).
     */
    PHYSICAL("physical");

    private final String text;

    Pipeline(String text) {
      this.text = text;
    }

    /** True for the ingress pipelines. */
    public boolean isIngress() {
      return this == SWITCH_INGRESS || this == ROUTER_INGRESS;
    }

    /** True for the four logical pipelines, false for a host's physical tables. */
    public boolean isLogical() {
      return this != PHYSICAL;
    }

    /**
     * The kind of datapath running this pipeline.
     *
     * @throws IllegalStateException for {@link #PHYSICAL}, which belongs to no datapath
     */
    public Datapath.Kind datapathKind() {
      return switch (this) {
        case SWITCH_INGRESS, SWITCH_EGRESS -> Datapath.Kind.SWITCH;
        case ROUTER_INGRESS, ROUTER_EGRESS -> Datapath.Kind.ROUTER;
        case PHYSICAL -> throw new IllegalStateException("physical tables belong to a host, not a datapath");
      };
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Checks the name and ordinal. */
  public Stage {
    if (name.isEmpty() || ordinal < 0) {
      throw new IllegalArgumentException("a stage needs a name and an ordinal of 0 or more");
    }
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o == this
        || (o instanceof Stage s
            && s.pipeline == pipeline
            && s.ordinal == ordinal
            && s.name.equals(name));
  }

  @Override
  public int hashCode() {
    return pipeline.name().hashCode() * 31 + ordinal;
  }

  /** By pipeline, then ordinal. */
  @Override
  public int compareTo(Stage o) {
    int c = pipeline.compareTo(o.pipeline);
    return c != 0 ? c : Integer.compare(ordinal, o.ordinal);
  }

  @Override
  public String toString() {
    return pipeline + " / " + name;
  }
}
