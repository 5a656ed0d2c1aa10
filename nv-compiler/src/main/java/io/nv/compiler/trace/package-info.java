/**
 * The tracer: {@link io.nv.compiler.trace.Tracer} runs a packet through logical pipelines with a
 * conntrack model and explains every step; {@link io.nv.compiler.trace.TraceText} renders it like
 * {@code ovn-trace}.
 */
@NullMarked
package io.nv.compiler.trace;

import org.jspecify.annotations.NullMarked;
