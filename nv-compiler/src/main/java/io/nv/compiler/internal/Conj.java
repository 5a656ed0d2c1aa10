package io.nv.compiler.internal;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One conjunction of a match in disjunctive form: per field, the alternatives the field may take
 * (a disjunction on one field, kept together so it can become a dimension of a conjunctive
 * match). A field without an entry is unconstrained.
 *
 * <pre>{@code
 * Conj c = Conj.TRUE.with(Field.L4_DST, List.of(FieldMatch.exact(Field.L4_DST, 80)));
 * }</pre>
 */
@SuppressWarnings("EnumOrdinal") // one slot per field, indexed by ordinal
public final class Conj {
  /** No constraint. */
  public static final Conj TRUE = new Conj(new ImmutableList<?>[Field.values().length]);

  private static final Field[] FIELDS = Field.values();

  @SuppressWarnings("unchecked")
  private final @Nullable ImmutableList<FieldMatch>[] alts;

  private int hash;

  private Conj(@Nullable ImmutableList<?>[] alts) {
    @SuppressWarnings("unchecked")
    @Nullable ImmutableList<FieldMatch>[] a = (@Nullable ImmutableList<FieldMatch>[]) alts;
    this.alts = a;
  }

  /** The alternatives of {@code f}, or null when unconstrained. */
  public @Nullable ImmutableList<FieldMatch> get(Field f) {
    return alts[f.ordinal()];
  }

  /** The constrained fields, in field order. */
  public List<Field> fields() {
    List<Field> out = new ArrayList<>();
    for (int i = 0; i < alts.length; i++) {
      if (alts[i] != null) {
        out.add(FIELDS[i]);
      }
    }
    return out;
  }

  /** This conjunction with {@code f} constrained to exactly {@code values} (null: unconstrained). */
  public Conj with(Field f, @Nullable List<FieldMatch> values) {
    ImmutableList<?>[] copy = Arrays.copyOf(alts, alts.length);
    copy[f.ordinal()] = values == null ? null : ImmutableList.copyOf(values);
    return new Conj(copy);
  }

  /** This conjunction without any constraint on {@code f}. */
  public Conj without(Field f) {
    return alts[f.ordinal()] == null ? this : with(f, null);
  }

  /** Both conjunctions, fields intersected; null when some field has no value left. */
  public @Nullable Conj and(Conj o) {
    ImmutableList<?>[] copy = Arrays.copyOf(alts, alts.length);
    for (int i = 0; i < alts.length; i++) {
      ImmutableList<FieldMatch> b = o.alts[i];
      if (b == null) {
        continue;
      }
      ImmutableList<FieldMatch> a = alts[i];
      if (a == null) {
        copy[i] = b;
      } else {
        List<FieldMatch> r = Constraints.intersect(a, b);
        if (r.isEmpty()) {
          return null;
        }
        copy[i] = ImmutableList.copyOf(r);
      }
    }
    return new Conj(copy);
  }

  /** Unions on one field: the alternatives of both (null, unconstrained, absorbs). */
  static @Nullable List<FieldMatch> union(@Nullable List<FieldMatch> a, @Nullable List<FieldMatch> b) {
    if (a == null || b == null) {
      return null;
    }
    Set<FieldMatch> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return new ArrayList<>(s);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Conj c && c.hashCode() == hashCode() && Arrays.equals(alts, c.alts);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(alts);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < alts.length; i++) {
      if (alts[i] != null) {
        sb.append(sb.length() > 1 ? ", " : "").append(FIELDS[i]).append(": ").append(alts[i]);
      }
    }
    return sb.append('}').toString();
  }
}
