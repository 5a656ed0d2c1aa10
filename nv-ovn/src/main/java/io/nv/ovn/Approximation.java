package io.nv.ovn;

/**
 * A documented approximation the exporter may make, when asked, where OVN 23.03 cannot express an
 * nv element exactly. Without it the element is an export error ({@link OvnErrorCode}); with it the
 * export records a note for each element approximated ({@link NorthboundExport#notes()}), so it is
 * never silent. {@code docs/ovn.md} describes each one.
 *
 * <pre>{@code
 * OvnExporter.export(valid, ExportOptions.allowing(Approximation.FLATTEN_TIERS));
 * }</pre>
 */
public enum Approximation {
  /**
   * ACL rules of several tiers meet in one stage: renumber every ACL priority, in the order (tier
   * ascending, priority descending), from 32767 down. Verdicts stay exact (a tier without PASS is
   * just a higher priority band); the OVN priorities differ from nv's.
   */
  FLATTEN_TIERS,

  /**
   * A switch that floods unknown unicast ({@code unknownUnicast: flood}): give every VIF of it the
   * {@code unknown} address, OVN's only way to send unknown unicast to a port. OVN then stops
   * answering ARP for those VIFs' addresses (a port with {@code unknown} may own other MACs), so
   * ARP requests for them are flooded instead of answered by the switch.
   */
  FLOOD_THROUGH_UNKNOWN
}
