/**
 * Logical pipelines: {@link io.nv.compiler.logical.LogicalCompiler} turns a validated topology into
 * one {@link io.nv.compiler.logical.LogicalDatapath} per switch and router, each compiled on its
 * own.
 */
@NullMarked
package io.nv.compiler.logical;

import org.jspecify.annotations.NullMarked;
