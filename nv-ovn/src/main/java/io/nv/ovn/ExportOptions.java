package io.nv.ovn;

import com.google.common.collect.ImmutableSet;
import java.util.Arrays;

/**
 * How to export: which {@link Approximation}s the caller accepts. The default accepts none, so
 * every element OVN cannot express exactly is an error.
 *
 * <pre>{@code
 * ExportOptions strict = ExportOptions.DEFAULT;
 * ExportOptions flat = ExportOptions.allowing(Approximation.FLATTEN_TIERS);
 * flat.allows(Approximation.FLATTEN_TIERS);   // true
 * }</pre>
 *
 * @param approximations the approximations accepted
 */
public record ExportOptions(ImmutableSet<Approximation> approximations) {
  /** No approximation: every element OVN cannot express exactly is an error. */
  public static final ExportOptions DEFAULT = new ExportOptions(ImmutableSet.of());

  /** Options accepting {@code approximations}. */
  public static ExportOptions allowing(Approximation... approximations) {
    return new ExportOptions(ImmutableSet.copyOf(Arrays.asList(approximations)));
  }

  /** True when {@code a} is accepted. */
  public boolean allows(Approximation a) {
    return approximations.contains(a);
  }
}
