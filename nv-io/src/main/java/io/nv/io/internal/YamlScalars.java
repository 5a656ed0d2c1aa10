package io.nv.io.internal;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * What a YAML scalar is: text, integer, decimal, boolean or null, as YAML 1.1 says (SnakeYAML's
 * {@link Resolver}) and as Jackson's YAML parser reads it, so that a document means what it meant
 * when nv read YAML through Jackson (docs/topology-format.md, "How YAML values are typed").
 *
 * <p>Most of a topology's plain scalars are names, addresses, numbers and booleans, which the
 * resolver would try against its patterns one by one (an address starts with a digit: integer,
 * decimal and timestamp). {@link #resolve} answers those without it, from a few characters, and
 * asks it about the rest; {@code YamlScalarsProperties} checks that the answers are the
 * resolver's.
 *
 * <pre>{@code
 * YamlScalars.plain("10.0.0.1");   // VALUE_STRING
 * YamlScalars.plain("0x1F");       // VALUE_NUMBER_INT; YamlScalars.integer("0x1F") is 31
 * YamlScalars.plain("yes");        // VALUE_TRUE
 * YamlScalars.plain("~");          // VALUE_NULL
 * }</pre>
 */
final class YamlScalars {
  private YamlScalars() {}

  /** The resolver, made on first use: its class compiles a dozen patterns. */
  private static final class Holder {
    static final Resolver RESOLVER = new Resolver();
  }

  /** The token of a plain scalar without a tag (or with the non-specific tag {@code !}). */
  static JsonToken plain(String text) {
    Tag tag = resolve(text);
    if (tag == Tag.STR) {
      return JsonToken.VALUE_STRING;
    }
    if (tag == Tag.INT) {
      // Base 60 ("1:30") is an integer to YAML 1.1, but text to Jackson: more often a time.
      return text.indexOf(':') < 0 ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_STRING;
    }
    if (tag == Tag.FLOAT) {
      return JsonToken.VALUE_NUMBER_FLOAT;
    }
    if (tag == Tag.BOOL) {
      return boolToken(text);
    }
    // Timestamps, merge keys (<<) and the rest are text to nv.
    return tag == Tag.NULL ? JsonToken.VALUE_NULL : JsonToken.VALUE_STRING;
  }

  /**
   * The token of a scalar with an explicit tag: {@code !!int 7} has the tag {@code
   * tag:yaml.org,2002:int}. Null for {@code !!binary}, which the caller decodes.
   */
  static @Nullable JsonToken tagged(String tag, String text) {
    String t = tag;
    if (t.startsWith("tag:yaml.org,2002:")) {
      t = t.substring("tag:yaml.org,2002:".length());
      int comma = t.indexOf(',');
      if (comma >= 0) {
        t = t.substring(0, comma);
      }
    }
    if (t.equals("binary")) {
      return null;
    }
    if (t.equals("bool")) {
      return boolToken(text);
    }
    if (text.isEmpty()) {
      return JsonToken.VALUE_STRING;
    }
    return switch (t) {
      // An !!int that is no integer is text, which validation reports where it is.
      case "int" -> isInteger(text) ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_STRING;
      case "float" -> JsonToken.VALUE_NUMBER_FLOAT;
      case "null" -> JsonToken.VALUE_NULL;
      default -> JsonToken.VALUE_STRING;
    };
  }

  /**
   * YAML 1.1's type of a plain scalar: what SnakeYAML's {@link Resolver} says, without asking it
   * where the answer is sure. The resolver tries a pattern only on text that starts with one of
   * the pattern's characters: booleans and nulls start with a letter of {@code yYnNtTfFoO} and
   * are a few words, answered here from the words; merge keys start with {@code <}, the {@code
   * !&*} values, {@code ~} and a lone space (a null) with those, and go to the resolver. Integers, decimals and
   * timestamps start with a digit, a sign or a dot: {@link #numberShaped} text is none of them,
   * {@link #surelyDecimal} text an integer, and the rest goes to the resolver. Any other text is
   * text.
   */
  static Tag resolve(String text) {
    if (text.isEmpty()) {
      return Tag.NULL;
    }
    char c = text.charAt(0);
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
      if (!numberShaped(text)) {
        return Tag.STR;
      }
      return surelyDecimal(text) ? Tag.INT : Holder.RESOLVER.resolve(NodeId.scalar, text, true);
    }
    return switch (c) {
      case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O' -> word(text);
      // Merge keys, the !&* values, ~ and " " (a null too, to the resolver).
      case '<', '~', '!', '&', '*', ' ' -> Holder.RESOLVER.resolve(NodeId.scalar, text, true);
      default -> Tag.STR;
    };
  }

  /** The type of text starting with a letter that may start a boolean or a null. */
  private static Tag word(String text) {
    return switch (text) {
      case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
          "on", "On", "ON", "off", "Off", "OFF" -> Tag.BOOL;
      case "null", "Null", "NULL" -> Tag.NULL;
      default -> Tag.STR;
    };
  }

  /**
   * Whether text starting with a digit, a sign or a dot may be an integer, a decimal or a
   * timestamp: not when it has a {@code /} or another character outside their alphabet, two dots,
   * or a colon and a letter together (base 60 numbers have colons but no letters, hexadecimal
   * letters but no colons, and a timestamp's only letters are T, t and Z).
   */
  static boolean numberShaped(String text) {
    int dots = 0;
    boolean colon = false;
    boolean letter = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        continue;
      }
      switch (c) {
        case '.' -> dots++;
        case ':' -> colon = true;
        case 'a', 'b', 'c', 'd', 'e', 'f', 'A', 'B', 'C', 'D', 'E', 'F', 'x' -> letter = true;
        // The rest of the alphabet: signs, underscores, timestamps' separators and zones, and
        // the letters of .inf and .nan.
        case '-', '+', '_', ' ', '\t', 'T', 't', 'Z', 'i', 'n', 'I', 'N' -> { }
        default -> {
          return false;
        }
      }
    }
    return dots < 2 && !(colon && letter);
  }

  /**
   * Whether {@code text} is a decimal integer for sure: {@code 0}, or up to 18 digits without a
   * leading zero (no sign, no underscore), which the resolver's integer pattern matches before any
   * other.
   */
  static boolean surelyDecimal(String text) {
    int n = text.length();
    if (n == 0 || n > 18) {
      return false;
    }
    char first = text.charAt(0);
    if (first == '0') {
      return n == 1;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** How an integer is written: its sign, its base, and where its digits start. */
  private record Form(boolean negative, int radix, int digits) {}

  /**
   * The form of {@code text} read as an integer: an optional sign, then {@code 0}, binary {@code
   * 0b…}, hexadecimal {@code 0x…}, octal {@code 0…} or decimal digits.
   */
  private static Form form(String text) {
    int i = 0;
    boolean negative = false;
    if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    if (i + 1 < text.length() && text.charAt(i) == '0') {
      char p = text.charAt(i + 1);
      if (p == 'b' || p == 'B') {
        return new Form(negative, 2, i + 2);
      }
      if (p == 'x' || p == 'X') {
        return new Form(negative, 16, i + 2);
      }
      return new Form(negative, 8, i + 1);
    }
    return new Form(negative, 10, i);
  }

  /**
   * Whether Jackson reads {@code text} as an integer: its {@link #form} followed by at least one
   * digit of its base, and underscores anywhere after the prefix.
   */
  static boolean isInteger(String text) {
    Form f = form(text);
    boolean digit = false;
    for (int i = f.digits(); i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        continue;
      }
      if (c > 'z' || Character.digit(c, f.radix()) < 0) {
        return false;
      }
      digit = true;
    }
    return digit;
  }

  /** The value of {@code text}, which {@link #isInteger} accepts. */
  static BigInteger integer(String text) {
    Form f = form(text);
    StringBuilder digits = new StringBuilder(text.length() - f.digits());
    for (int i = f.digits(); i < text.length(); i++) {
      char d = text.charAt(i);
      if (d != '_') {
        digits.append(d);
      }
    }
    BigInteger v = new BigInteger(digits.toString(), f.radix());
    return f.negative() ? v.negate() : v;
  }

  /** A boolean's token, or text's for a word that is none. */
  private static JsonToken boolToken(String text) {
    Boolean b = bool(text);
    return b == null ? JsonToken.VALUE_STRING : b ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE;
  }

  /** Jackson's YAML booleans: y, yes, true, on and their opposites, in any case; null otherwise. */
  static @Nullable Boolean bool(String text) {
    switch (text.length()) {
      case 1 -> {
        char c = text.charAt(0);
        if (c == 'y' || c == 'Y') {
          return Boolean.TRUE;
        }
        if (c == 'n' || c == 'N') {
          return Boolean.FALSE;
        }
      }
      case 2 -> {
        if (text.equalsIgnoreCase("no")) {
          return Boolean.FALSE;
        }
        if (text.equalsIgnoreCase("on")) {
          return Boolean.TRUE;
        }
      }
      case 3 -> {
        if (text.equalsIgnoreCase("yes")) {
          return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("off")) {
          return Boolean.FALSE;
        }
      }
      case 4 -> {
        if (text.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
      }
      case 5 -> {
        if (text.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
      }
      default -> {}
    }
    return null;
  }
}
