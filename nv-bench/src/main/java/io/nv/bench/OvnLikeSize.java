package io.nv.bench;

import com.google.common.base.Splitter;
import io.nv.model.Topology;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.model.workload.OvnLike;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.List;

/**
 * An ovn-like workload size as JMH parameters spell it, {@code SWITCHES x PORTS x HOSTS}, and
 * its validated topology.
 *
 * <pre>{@code
 * ValidatedTopology t = OvnLikeSize.parse("100x50x100").validated();
 * }</pre>
 *
 * @param switches logical switches
 * @param ports VIFs per switch
 * @param hosts hypervisors
 */
public record OvnLikeSize(int switches, int ports, int hosts) {
  /** {@code "100x50x100"} as a size. */
  public static OvnLikeSize parse(String text) {
    List<String> p = Splitter.on('x').splitToList(text);
    if (p.size() != 3) {
      throw new IllegalArgumentException("size '" + text + "': write SWITCHES x PORTS x HOSTS, e.g. 100x50x100");
    }
    return new OvnLikeSize(Integer.parseInt(p.get(0)), Integer.parseInt(p.get(1)), Integer.parseInt(p.get(2)));
  }

  /** The generated topology. */
  public Topology topology() {
    return OvnLike.topology(switches, ports, hosts);
  }

  /** The generated topology, validated (it is valid by construction). */
  public ValidatedTopology validated() {
    Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(topology());
    if (v.isInvalid()) {
      throw new IllegalStateException("ovn-like " + this + " is invalid: " + v.getError().head());
    }
    return v.get();
  }
}
