/**
 * nv's portable flow IR: {@link io.nv.compiler.flow.Field}s, {@link
 * io.nv.compiler.flow.FlowMatch}es built from {@link io.nv.compiler.flow.FlowMatches}, {@link
 * io.nv.compiler.flow.Action}s from {@link io.nv.compiler.flow.Actions}, {@link
 * io.nv.compiler.flow.Flow}s in named {@link io.nv.compiler.flow.Stage}s, and {@link
 * io.nv.compiler.flow.Group}s. Designed so an OpenFlow 1.3 + Nicira exporter is a printer; see
 * {@code docs/flow-ir.md}.
 */
@NullMarked
package io.nv.compiler.flow;

import org.jspecify.annotations.NullMarked;
