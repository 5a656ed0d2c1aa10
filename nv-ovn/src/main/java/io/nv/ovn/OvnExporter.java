package io.nv.ovn;

import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.nv.ovn.internal.Mapper;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;

/**
 * Exports a validated topology to OVN 23.03's northbound database, so that it runs on OVN
 * unchanged: switches, ports, routers, routes, policies, NAT, neighbours, ACLs, address sets,
 * port groups, default-deny, load balancers and gateway placement become NB rows whose names are
 * the nv ids. What OVN 23.03 cannot express is an error naming the element ({@link OvnErrorCode}),
 * or, when {@link ExportOptions} accept it, a documented {@link Approximation}. The mapping table
 * is in {@code docs/ovn.md}.
 *
 * <pre>{@code
 * Validation<Seq<ModelError>, NorthboundExport> nb = OvnExporter.export(valid);
 * nb.fold(errors -> { errors.forEach(System.err::println); return 1; },
 *         export -> { System.out.print(export.transaction()); return 0; });
 * }</pre>
 *
 * <p>Never throws for a topology it cannot express: every problem is returned, all at once. Time
 * and memory are linear in the size of the topology (plus the sorting of ACL priorities).
 */
public final class OvnExporter {
  private OvnExporter() {}

  /** The export of {@code topology} with no approximation. */
  public static Validation<Seq<ModelError>, NorthboundExport> export(ValidatedTopology topology) {
    return export(topology, ExportOptions.DEFAULT);
  }

  /** The export of {@code topology}, with the approximations {@code options} accept. */
  public static Validation<Seq<ModelError>, NorthboundExport> export(
      ValidatedTopology topology, ExportOptions options) {
    return new Mapper(topology.topology(), options).export();
  }
}
