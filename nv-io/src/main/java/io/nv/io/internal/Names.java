package io.nv.io.internal;

import com.google.common.base.Ascii;
import com.google.common.base.CaseFormat;
import com.google.common.collect.ImmutableMap;
import java.util.Collection;
import java.util.Optional;

/**
 * How documents spell enum values ({@code allow-related}) and how typos get a suggestion.
 *
 * <pre>{@code
 * Names.of(AclAction.ALLOW_RELATED);                    // "allow-related"
 * Names.suggest("prot", List.of("port", "protocol"));   // Optional[port]
 * }</pre>
 */
public final class Names {
  private Names() {}

  /**
   * The document spelling of {@code value}: lower-case kebab, {@code ALLOW_RELATED →
   * allow-related}.
   */
  public static String of(Enum<?> value) {
    return CaseFormat.UPPER_UNDERSCORE.to(CaseFormat.LOWER_HYPHEN, value.name());
  }

  /** The values of an enum by their document spelling. */
  public static <E extends Enum<E>> ImmutableMap<String, E> byName(E[] values) {
    // A loop, not a stream: nine of these are made at every start, before anything is compiled.
    ImmutableMap.Builder<String, E> b = ImmutableMap.builderWithExpectedSize(values.length);
    for (E v : values) {
      b.put(of(v), v);
    }
    return b.buildOrThrow();
  }

  /** {@code a, b, c}. */
  public static String list(Collection<String> names) {
    return String.join(", ", names);
  }

  /**
   * The candidate closest to {@code typo} (same letters ignoring case, or at most 2 edits away).
   */
  public static Optional<String> suggest(String typo, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d =
          Ascii.equalsIgnoreCase(c, typo)
              ? 0
              : distance(Ascii.toLowerCase(c), Ascii.toLowerCase(typo));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= 2 ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance, stopping early on long strings (typos are short). */
  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
