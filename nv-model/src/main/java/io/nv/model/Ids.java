package io.nv.model;

/**
 * The rule for element ids: a letter or digit, then letters, digits, {@code _ . : -}; at most 64
 * characters. Ids print inside {@link ModelPath}s and match-language strings, so they never hold
 * spaces, {@code /} or quotes.
 *
 * <pre>{@code
 * Ids.isValid("web1");      // true
 * Ids.isValid("web 1");     // false
 * }</pre>
 */
public final class Ids {
  private Ids() {}

  /** True when {@code id} follows the id rule. */
  public static boolean isValid(String id) {
    // [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}, by hand: every element's id is checked, twice.
    if (id.isEmpty() || id.length() > 64 || !alnum(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!alnum(c) && c != '_' && c != '.' && c != ':' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** A one-line description of the rule, for error messages. */
  public static String rule() {
    return "a letter or digit followed by letters, digits, '_', '.', ':' or '-', at most 64 characters";
  }
}
