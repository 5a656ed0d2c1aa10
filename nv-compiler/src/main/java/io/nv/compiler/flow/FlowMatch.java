package io.nv.compiler.flow;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a flow matches: at most one {@link FieldMatch} per {@link Field}, kept in field order, with
 * every field's prerequisites present (a match on {@code l4.dst} also matches {@code ip.proto}
 * exactly, and that in turn {@code eth.type}). An empty match matches every packet. Build one from
 * small pieces with {@link FlowMatches}.
 *
 * <pre>{@code
 * FlowMatch m = FlowMatch.of(
 *     FlowMatches.datapath(Datapath.ofSwitch("web")), FlowMatches.ip4(), FlowMatches.tcp(),
 *     FlowMatches.l4Dst(80));
 * m.toString();   // datapath="switch web", eth.type=0x0800, ip.proto=6, l4.dst=80
 * FlowMatch.of(FlowMatches.l4Dst(80));   // throws: l4.dst needs ip.proto in {6, 17, 132}
 * }</pre>
 */
public final class FlowMatch implements Comparable<FlowMatch> {
  /** The match of every packet. */
  public static final FlowMatch ANY = new FlowMatch(new FieldMatch[0]);

  private final FieldMatch[] fields;
  private int hash;

  private FlowMatch(FieldMatch[] sortedFields) {
    this.fields = sortedFields;
  }

  /**
   * The match of all of {@code parts}.
   *
   * @throws IllegalArgumentException when a field appears twice or a prerequisite is missing; the
   *     message names the field to add
   */
  public static FlowMatch of(FieldMatch... parts) {
    FieldMatch[] copy = parts.clone();
    sortByField(copy);
    return checked(copy);
  }

  /** The match of {@code a} alone; see {@link #of(FieldMatch...)}. */
  public static FlowMatch of(FieldMatch a) {
    return checked(new FieldMatch[] {a});
  }

  /**
   * The match of {@code a} and {@code b}; see {@link #of(FieldMatch...)}. Two tests are the most
   * common match of a host's tables (a datapath and a port), made without a varargs copy.
   */
  public static FlowMatch of(FieldMatch a, FieldMatch b) {
    FieldMatch[] parts = a.field().compareTo(b.field()) <= 0 ? new FieldMatch[] {a, b} : new FieldMatch[] {b, a};
    return checked(parts);
  }

  /**
   * The match of {@code first} and all of {@code rest}; see {@link #of(FieldMatch...)}. It copies
   * {@code rest} once, in one call, where a caller's own array would be copied twice: compilers
   * add their datapath's test to every match this way.
   *
   * <pre>{@code
   * FlowMatch.of(
   *     FlowMatches.datapath(Datapath.ofSwitch("web")), List.of(FlowMatches.ip4(), FlowMatches.tcp()));
   * }</pre>
   */
  public static FlowMatch of(FieldMatch first, List<FieldMatch> rest) {
    int n = rest.size();
    FieldMatch[] all = rest.toArray(new FieldMatch[n + 1]);
    System.arraycopy(all, 0, all, 1, n);
    all[0] = first;
    sortByField(all);
    return checked(all);
  }

  /**
   * The match of {@code first} and all of {@code rest}; see {@link #of(FieldMatch...)}. The array
   * form of {@link #of(FieldMatch, List)}, for callers that name their tests in place: one copy,
   * and no list (whose calls, from many callers' kinds of list, the JIT cannot inline).
   *
   * <pre>{@code
   * FlowMatch.of(
   *     FlowMatches.datapath(Datapath.ofSwitch("web")), new FieldMatch[] {FlowMatches.ip4(), FlowMatches.tcp()});
   * }</pre>
   */
  public static FlowMatch of(FieldMatch first, FieldMatch[] rest) {
    FieldMatch[] all = new FieldMatch[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    sortByField(all);
    return checked(all);
  }

  /**
   * Sorts a match's few tests by field, keeping the order of tests of one field (an insertion
   * sort: matches have a handful of tests, most already in order, and a general sort's comparator
   * calls cost more than the work).
   */
  private static void sortByField(FieldMatch[] parts) {
    for (int i = 1; i < parts.length; i++) {
      FieldMatch x = parts[i];
      int key = x.field().ordinal();
      int j = i - 1;
      while (j >= 0 && parts[j].field().ordinal() > key) {
        parts[j + 1] = parts[j];
        j--;
      }
      parts[j + 1] = x;
    }
  }

  /** The match of all of {@code parts}; see {@link #of(FieldMatch...)}. */
  public static FlowMatch of(Collection<FieldMatch> parts) {
    return of(parts.toArray(new FieldMatch[0]));
  }

  private static FlowMatch checked(FieldMatch[] sorted) {
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].field() == sorted[i - 1].field()) {
        throw new IllegalArgumentException(
            sorted[i].field() + " appears twice (" + sorted[i - 1] + ", " + sorted[i]
                + "): a match tests each field once; intersect the two tests first");
      }
    }
    FlowMatch m = new FlowMatch(sorted);
    for (FieldMatch fm : sorted) {
      // An array, read by index: most fields have none, and a list would cost interface calls.
      for (Field.Prerequisite p : fm.field().prerequisiteArray()) {
        FieldMatch have = m.find(p.field());
        if (have == null || !have.isExact() || !p.allows(have.value().low())) {
          throw new IllegalArgumentException(
              "a match on " + fm.field() + " needs " + p + " (as OpenFlow): add "
                  + FlowMatches.class.getSimpleName() + " for " + p.field() + " to " + m);
        }
      }
    }
    return m;
  }

  /** This match with {@code part} added (it must test a field not yet tested). */
  public FlowMatch with(FieldMatch part) {
    FieldMatch[] copy = Arrays.copyOf(fields, fields.length + 1);
    copy[fields.length] = part;
    sortByField(copy);
    return checked(copy);
  }

  /** This match and {@code other}: every field of both (no field may appear in both). */
  public FlowMatch and(FlowMatch other) {
    FieldMatch[] copy = Arrays.copyOf(fields, fields.length + other.fields.length);
    System.arraycopy(other.fields, 0, copy, fields.length, other.fields.length);
    sortByField(copy);
    return checked(copy);
  }

  /** This match without any test of {@code field} (prerequisites are checked again). */
  public FlowMatch without(Field field) {
    return checked(Arrays.stream(fields).filter(f -> f.field() != field).toArray(FieldMatch[]::new));
  }

  /** The test of {@code field}, if any. */
  public Optional<FieldMatch> get(Field field) {
    return Optional.ofNullable(find(field));
  }

  /** The test of {@code field}, or null. */
  @SuppressWarnings("EnumOrdinal") // fields are kept in declaration order
  public @Nullable FieldMatch find(Field field) {
    for (FieldMatch f : fields) {
      if (f.field() == field) {
        return f;
      }
      if (f.field().ordinal() > field.ordinal()) {
        return null;
      }
    }
    return null;
  }

  /** The tests, in field order. */
  public ImmutableList<FieldMatch> fields() {
    return ImmutableList.copyOf(fields);
  }

  /** The number of fields tested. */
  public int size() {
    return fields.length;
  }

  /** The {@code i}-th test in field order (for hot loops that avoid the list copy). */
  public FieldMatch field(int i) {
    return fields[i];
  }

  /** Orders matches field by field (the tests' fields, then values), for canonical flow order. */
  @Override
  public int compareTo(FlowMatch o) {
    int n = Math.min(fields.length, o.fields.length);
    for (int i = 0; i < n; i++) {
      int c = compare(fields[i], o.fields[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(fields.length, o.fields.length);
  }

  @SuppressWarnings("ReferenceEquality") // shared pieces compare equal at once
  private static int compare(FieldMatch a, FieldMatch b) {
    if (a == b) {
      return 0;
    }
    int c = a.field().compareTo(b.field());
    if (c != 0) {
      return c;
    }
    String an = a.value().name();
    String bn = b.value().name();
    if (an != null && bn != null) {
      return an.compareTo(bn);
    }
    c = compare(a.value(), b.value());
    return c != 0 ? c : compare(a.mask(), b.mask());
  }

  private static int compare(FieldValue a, FieldValue b) {
    int c = Long.compareUnsigned(a.high(), b.high());
    return c != 0 ? c : Long.compareUnsigned(a.low(), b.low());
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // shared pieces compare equal at once
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof FlowMatch m) || m.fields.length != fields.length) {
      return false;
    }
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] != m.fields[i] && !fields[i].equals(m.fields[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(fields);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  /** The tests joined with {@code ", "}, such as {@code eth.type=0x0800, ip4.src=10.0.0.0/8}; {@code *} when empty. */
  @Override
  public String toString() {
    if (fields.length == 0) {
      return "*";
    }
    StringBuilder sb = new StringBuilder();
    for (FieldMatch f : fields) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(f);
    }
    return sb.toString();
  }
}
