package io.nv.compiler.internal;

import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Set algebra on the alternatives of one field (a list of masked values meaning their union):
 * intersection and complement. Prefix-shaped alternatives go through intervals, so ranges and
 * prefixes come out as minimal prefix covers; other masks are intersected pairwise.
 *
 * <pre>{@code
 * Constraints.intersect(Ranges.prefixes(L4_DST, 1000, 65535), Ranges.prefixes(L4_DST, 0, 2000));
 * // the 7 prefixes of [1000, 2000]
 * }</pre>
 */
public final class Constraints {
  private Constraints() {}

  /** The values in both {@code a} and {@code b} (lists of one field). */
  public static List<FieldMatch> intersect(List<FieldMatch> a, List<FieldMatch> b) {
    if (a.equals(b)) {
      return a;
    }
    Field f = a.get(0).field();
    if (f.isName()) {
      Set<FieldMatch> in = new HashSet<>(b);
      List<FieldMatch> out = new ArrayList<>();
      for (FieldMatch m : a) {
        if (in.contains(m)) {
          out.add(m);
        }
      }
      return out;
    }
    if (Ranges.allPrefixes(a) && Ranges.allPrefixes(b)) {
      return Ranges.toPrefixes(f, Ranges.intersect(Ranges.intervals(a), Ranges.intervals(b)));
    }
    Set<FieldMatch> out = new LinkedHashSet<>();
    for (FieldMatch x : a) {
      for (FieldMatch y : b) {
        FieldMatch z = Ranges.intersect(x, y);
        if (z != null) {
          out.add(z);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The values of {@code field} not in {@code a}; null when that is every value (a is empty).
   *
   * @throws IllegalArgumentException for name fields, which cannot be negated
   */
  public static @Nullable List<FieldMatch> complement(Field field, List<FieldMatch> a) {
    if (field.isName()) {
      throw new IllegalArgumentException(field + " names ports and cannot be negated");
    }
    if (a.isEmpty()) {
      return null;
    }
    if (Ranges.allPrefixes(a)) {
      return Ranges.toPrefixes(field, Ranges.complement(Ranges.intervals(a), field.width()));
    }
    List<FieldMatch> result = Ranges.complement(a.get(0));
    for (int i = 1; i < a.size() && !result.isEmpty(); i++) {
      result = intersect(result, Ranges.complement(a.get(i)));
    }
    return result;
  }
}
