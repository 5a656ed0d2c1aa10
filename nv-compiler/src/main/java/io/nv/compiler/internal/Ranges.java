package io.nv.compiler.internal;

import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FieldValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Unsigned interval arithmetic over field values of up to 128 bits, and the conversions between
 * intervals and prefix-shaped masked matches (the minimal prefix cover of a range, as OVS needs for
 * port ranges).
 *
 * <pre>{@code
 * Ranges.prefixes(Field.L4_DST, 1000, 2000).size();   // 7
 * }</pre>
 */
public final class Ranges {
  private Ranges() {}

  /**
   * An inclusive interval {@code [lo, hi]} of unsigned 128-bit values, each as two longs.
   *
   * <pre>{@code
   * new Ranges.Interval(0, 1000, 0, 2000);   // [1000, 2000]
   * }</pre>
   *
   * @param loHigh bits 64..127 of the low end
   * @param loLow bits 0..63 of the low end
   * @param hiHigh bits 64..127 of the high end
   * @param hiLow bits 0..63 of the high end
   */
  public record Interval(long loHigh, long loLow, long hiHigh, long hiLow) {}

  static int compare(long ah, long al, long bh, long bl) {
    int c = Long.compareUnsigned(ah, bh);
    return c != 0 ? c : Long.compareUnsigned(al, bl);
  }

  /** The minimal prefix cover of {@code [lo, hi]} (unsigned, at most 64-bit fields). */
  public static List<FieldMatch> prefixes(Field field, long lo, long hi) {
    List<FieldMatch> out = new ArrayList<>();
    if (Long.compareUnsigned(lo, hi) <= 0) {
      decompose(field, new Interval(0, lo, 0, hi), out);
    }
    return out;
  }

  /** True when every alternative's mask is prefix-shaped (leading ones). */
  public static boolean allPrefixes(List<FieldMatch> alternatives) {
    for (FieldMatch m : alternatives) {
      if (m.prefixLength() < 0) {
        return false;
      }
    }
    return true;
  }

  /** The sorted, merged intervals covered by prefix-shaped {@code alternatives}. */
  public static List<Interval> intervals(List<FieldMatch> alternatives) {
    List<Interval> raw = new ArrayList<>(alternatives.size());
    for (FieldMatch m : alternatives) {
      FieldValue host = m.mask().not().and(FieldValue.ones(m.field().width()));
      FieldValue v = m.value();
      raw.add(new Interval(v.high(), v.low(), v.high() | host.high(), v.low() | host.low()));
    }
    raw.sort((a, b) -> compare(a.loHigh, a.loLow, b.loHigh, b.loLow));
    List<Interval> merged = new ArrayList<>(raw.size());
    for (Interval i : raw) {
      if (merged.isEmpty()) {
        merged.add(i);
        continue;
      }
      Interval last = merged.get(merged.size() - 1);
      // Adjacent or overlapping: last.hi + 1 >= i.lo.
      boolean touches;
      if (last.hiHigh == -1L && last.hiLow == -1L) {
        touches = true;
      } else {
        long nl = last.hiLow + 1;
        long nh = nl == 0 ? last.hiHigh + 1 : last.hiHigh;
        touches = compare(nh, nl, i.loHigh, i.loLow) >= 0;
      }
      if (touches) {
        if (compare(i.hiHigh, i.hiLow, last.hiHigh, last.hiLow) > 0) {
          merged.set(merged.size() - 1, new Interval(last.loHigh, last.loLow, i.hiHigh, i.hiLow));
        }
      } else {
        merged.add(i);
      }
    }
    return merged;
  }

  /** The intersection of two sorted, merged interval lists. */
  public static List<Interval> intersect(List<Interval> a, List<Interval> b) {
    List<Interval> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      Interval x = a.get(i);
      Interval y = b.get(j);
      boolean xlo = compare(x.loHigh, x.loLow, y.loHigh, y.loLow) >= 0;
      long lh = xlo ? x.loHigh : y.loHigh;
      long ll = xlo ? x.loLow : y.loLow;
      boolean xhi = compare(x.hiHigh, x.hiLow, y.hiHigh, y.hiLow) <= 0;
      long hh = xhi ? x.hiHigh : y.hiHigh;
      long hl = xhi ? x.hiLow : y.hiLow;
      if (compare(lh, ll, hh, hl) <= 0) {
        out.add(new Interval(lh, ll, hh, hl));
      }
      if (xhi) {
        i++;
      } else {
        j++;
      }
    }
    return out;
  }

  /** The complement, within a {@code width}-bit field, of sorted, merged {@code intervals}. */
  public static List<Interval> complement(List<Interval> intervals, int width) {
    FieldValue max = FieldValue.ones(width);
    List<Interval> out = new ArrayList<>();
    long nextH = 0;
    long nextL = 0;
    boolean done = false;
    for (Interval i : intervals) {
      if (compare(nextH, nextL, i.loHigh, i.loLow) < 0) {
        long pl = i.loLow - 1;
        long ph = i.loLow == 0 ? i.loHigh - 1 : i.loHigh;
        out.add(new Interval(nextH, nextL, ph, pl));
      }
      if (i.hiHigh == max.high() && i.hiLow == max.low()) {
        done = true;
        break;
      }
      nextL = i.hiLow + 1;
      nextH = nextL == 0 ? i.hiHigh + 1 : i.hiHigh;
    }
    if (!done) {
      out.add(new Interval(nextH, nextL, max.high(), max.low()));
    }
    return out;
  }

  /** True when the intervals cover the whole {@code width}-bit space. */
  public static boolean isAll(List<Interval> intervals, int width) {
    FieldValue max = FieldValue.ones(width);
    return intervals.size() == 1
        && intervals.get(0).loHigh == 0
        && intervals.get(0).loLow == 0
        && intervals.get(0).hiHigh == max.high()
        && intervals.get(0).hiLow == max.low();
  }

  /** The minimal prefix cover of each interval, appended to {@code out}. */
  public static List<FieldMatch> toPrefixes(Field field, List<Interval> intervals) {
    List<FieldMatch> out = new ArrayList<>();
    for (Interval i : intervals) {
      decompose(field, i, out);
    }
    return out;
  }

  private static void decompose(Field field, Interval iv, List<FieldMatch> out) {
    int width = field.width();
    long ah = iv.loHigh;
    long al = iv.loLow;
    while (true) {
      int k = al != 0 ? Long.numberOfTrailingZeros(al) : ah != 0 ? 64 + Long.numberOfTrailingZeros(ah) : 128;
      k = Math.min(k, width);
      long eh;
      long el;
      while (true) {
        FieldValue ones = FieldValue.ones(k);
        eh = ah | ones.high();
        el = al | ones.low();
        if (compare(eh, el, iv.hiHigh, iv.hiLow) <= 0) {
          break;
        }
        k--;
      }
      out.add(
          FieldMatch.masked(field, FieldValue.of(ah, al), FieldValue.prefixMask(width, width - k)));
      if (compare(eh, el, iv.hiHigh, iv.hiLow) >= 0) {
        return;
      }
      al = el + 1;
      ah = al == 0 ? eh + 1 : eh;
    }
  }

  /**
   * The complement of one masked value {@code v/m} within its field: one masked value per bit of
   * {@code m} (the first bit where a packet differs), disjoint.
   */
  public static List<FieldMatch> complement(FieldMatch m) {
    Field f = m.field();
    List<FieldMatch> out = new ArrayList<>(m.mask().bitCount());
    long seenH = 0;
    long seenL = 0;
    for (int bit = f.width() - 1; bit >= 0; bit--) {
      long bh = bit >= 64 ? 1L << (bit - 64) : 0;
      long bl = bit < 64 ? 1L << bit : 0;
      if ((m.mask().high() & bh) == 0 && (m.mask().low() & bl) == 0) {
        continue;
      }
      long vh = (m.value().high() & seenH) | (~m.value().high() & bh);
      long vl = (m.value().low() & seenL) | (~m.value().low() & bl);
      out.add(
          FieldMatch.masked(f, FieldValue.of(vh, vl), FieldValue.of(seenH | bh, seenL | bl)));
      seenH |= bh;
      seenL |= bl;
    }
    return out;
  }

  /** The intersection of two masked values of one field, or null when they are disjoint. */
  public static @org.jspecify.annotations.Nullable FieldMatch intersect(FieldMatch a, FieldMatch b) {
    FieldValue common = a.mask().and(b.mask());
    FieldValue diff = new FieldValue(a.value().high() ^ b.value().high(), a.value().low() ^ b.value().low(), null);
    if (!diff.and(common).isZero()) {
      return null;
    }
    return new FieldMatch(a.field(), a.value().or(b.value()), a.mask().or(b.mask()));
  }
}
