package io.nv.model;

import java.util.regex.Pattern;

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
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private Ids() {}

  /** True when {@code id} follows the id rule. */
  public static boolean isValid(String id) {
    return ID.matcher(id).matches();
  }

  /** A one-line description of the rule, for error messages. */
  public static String rule() {
    return "a letter or digit followed by letters, digits, '_', '.', ':' or '-', at most 64 characters";
  }
}
