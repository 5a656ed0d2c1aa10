package io.nv.compiler.flow;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import java.util.List;

/**
 * A group of a datapath, named rather than numbered (exporters number groups).
 *
 * <ul>
 *   <li>{@link Type#SELECT}: one bucket per packet, chosen by a hash of {@code selectionFields}
 *       over the buckets repeated by weight (OpenFlow 1.5 {@code selection_method=hash,fields(…)});
 *       used for load-balancer backends.
 *   <li>{@link Type#ALL}: a copy of the packet into every bucket; with {@code excludeInport}, no
 *       copy goes to the packet's own logical inport (a bucket is skipped when it outputs there),
 *       as flooding requires. A group that made no copy drops the packet by its provenance.
 * </ul>
 *
 * <pre>{@code
 * Group flood = Group.all("switch web / l2-lookup",
 *     List.of(Group.Bucket.of(Actions.output("web1")), Group.Bucket.of(Actions.output("web2"))),
 *     true, ModelPath.parse("switch web / l2-lookup"));
 * }</pre>
 *
 * @param name the group's name, unique in its datapath
 * @param type select or all
 * @param buckets the buckets, in order
 * @param selectionFields the hashed fields, for select groups, in hashing order
 * @param excludeInport for all groups: skip the bucket that outputs to the inport
 * @param provenance the model element the group comes from
 */
public record Group(
    String name,
    Type type,
    ImmutableList<Bucket> buckets,
    ImmutableList<Field> selectionFields,
    boolean excludeInport,
    ModelPath provenance) {

  /**
   * How a group treats its buckets.
   *
   * <pre>{@code
   * Group.Type.SELECT;
   * }</pre>
   */
  public enum Type {
    /** One bucket, chosen by hash. */
    SELECT,
    /** Every bucket. */
    ALL
  }

  /**
   * One bucket: a weight (for select groups) and actions.
   *
   * <pre>{@code
   * Group.Bucket.of(Actions.output("web1"));
   * }</pre>
   *
   * @param weight 1..65535
   * @param actions what the bucket does, terminal action last
   */
  public record Bucket(int weight, ImmutableList<Action> actions) {
    /** Checks the weight. */
    public Bucket {
      if (weight < 1 || weight > 0xffff) {
        throw new IllegalArgumentException("bucket weight " + weight + " not in 1..65535");
      }
    }

    /** A bucket of weight 1. */
    public static Bucket of(Action... actions) {
      return new Bucket(1, ImmutableList.copyOf(actions));
    }

    /** A bucket of weight {@code weight}. */
    public static Bucket of(int weight, List<? extends Action> actions) {
      return new Bucket(weight, ImmutableList.copyOf(actions));
    }
  }

  /** Checks consistency. */
  public Group {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a group needs a name");
    }
    if (type == Type.SELECT && (selectionFields.isEmpty() || buckets.isEmpty())) {
      throw new IllegalArgumentException("select group " + name + " needs buckets and selection fields");
    }
    if (type == Type.ALL && !selectionFields.isEmpty()) {
      throw new IllegalArgumentException("all group " + name + " takes no selection fields");
    }
    if (type == Type.SELECT && excludeInport) {
      throw new IllegalArgumentException("only all groups exclude the inport");
    }
  }

  /** A select group. */
  public static Group select(
      String name, List<Bucket> buckets, List<Field> selectionFields, ModelPath provenance) {
    return new Group(
        name, Type.SELECT, ImmutableList.copyOf(buckets), ImmutableList.copyOf(selectionFields), false,
        provenance);
  }

  /** An all group. */
  public static Group all(
      String name, List<Bucket> buckets, boolean excludeInport, ModelPath provenance) {
    return new Group(
        name, Type.ALL, ImmutableList.copyOf(buckets), ImmutableList.of(), excludeInport, provenance);
  }

  /** The total weight: the length of the bucket list a select group hashes into. */
  public int totalWeight() {
    int w = 0;
    for (Bucket b : buckets) {
      w += b.weight();
    }
    return w;
  }
}
