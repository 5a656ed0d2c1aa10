/**
 * The OpenFlow exporter: {@link io.nv.compiler.export.openflow.OpenFlowExport} writes one host's
 * tables in the syntax stock Open vSwitch loads ({@code ovs-ofctl}: OpenFlow 1.3 + Nicira flows,
 * OpenFlow 1.5 groups), with the table numbers of {@link io.nv.compiler.export.openflow.Tables}.
 */
@NullMarked
package io.nv.compiler.export.openflow;

import org.jspecify.annotations.NullMarked;
