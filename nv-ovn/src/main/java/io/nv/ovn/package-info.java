/**
 * Export of a validated topology to OVN's northbound database (OVN 23.03, NB schema 7.0.0): {@link
 * io.nv.ovn.OvnExporter} maps nv's elements to NB rows, {@link io.nv.ovn.NorthboundExport} writes
 * them as the argument of {@code ovsdb-client transact} or as an {@code ovn-nbctl} script. The
 * mapping, and every place where OVN behaves differently from nv, is in {@code docs/ovn.md}.
 */
@NullMarked
package io.nv.ovn;

import org.jspecify.annotations.NullMarked;
