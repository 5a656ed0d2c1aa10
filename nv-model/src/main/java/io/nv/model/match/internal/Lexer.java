package io.nv.model.match.internal;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.match.Value;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Splits match text into tokens; reports bad tokens as a {@link ParseFailure}. */
final class Lexer {
  enum Kind {
    IDENT,
    CONSTANT,
    STRING,
    ADDRESS_SET,
    PORT_GROUP,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    AND,
    OR,
    NOT,
    LPAREN,
    RPAREN,
    LBRACE,
    RBRACE,
    COMMA,
    END
  }

  /**
   * One token: {@code text} is the source text (the name, without {@code $}/{@code @}, for
   * references; the unescaped contents for strings); {@code value} is set for constants.
   */
  record Token(Kind kind, int column, String text, @Nullable Value value) {
    boolean isRelation() {
      return kind == Kind.EQ
          || kind == Kind.NE
          || kind == Kind.LT
          || kind == Kind.LE
          || kind == Kind.GT
          || kind == Kind.GE;
    }
  }

  private final String s;
  private int pos;

  Lexer(String s) {
    this.s = s;
  }

  Token next() {
    while (pos < s.length() && isSpace(s.charAt(pos))) {
      pos++;
    }
    int col = pos + 1;
    if (pos >= s.length()) {
      return new Token(Kind.END, col, "", null);
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '(' -> single(Kind.LPAREN, col);
      case ')' -> single(Kind.RPAREN, col);
      case '{' -> single(Kind.LBRACE, col);
      case '}' -> single(Kind.RBRACE, col);
      case ',' -> single(Kind.COMMA, col);
      case '!' -> peek(1) == '=' ? pair(Kind.NE, col) : single(Kind.NOT, col);
      case '<' -> peek(1) == '=' ? pair(Kind.LE, col) : single(Kind.LT, col);
      case '>' -> peek(1) == '=' ? pair(Kind.GE, col) : single(Kind.GT, col);
      case '=' -> doubled(Kind.EQ, col, "== to test equality");
      case '&' -> doubled(Kind.AND, col, "&& for \"and\"");
      case '|' -> doubled(Kind.OR, col, "|| for \"or\"");
      case '"' -> string(col);
      case '$' -> reference(Kind.ADDRESS_SET, col, "an address set name, like $web_ip4");
      case '@' -> reference(Kind.PORT_GROUP, col, "a port group name, like @web");
      default -> {
        if (!isWordChar(c)) {
          throw new ParseFailure(
              col,
              "unexpected character " + show(c),
              "a field, a value, an operator or a parenthesis");
        }
        yield word(col);
      }
    };
  }

  /** An operator written as a doubled character: {@code ==}, {@code &&}, {@code ||}. */
  private Token doubled(Kind kind, int col, String hint) {
    char c = s.charAt(pos);
    if (peek(1) != c) {
      throw new ParseFailure(col, "'" + c + "' alone is not an operator", hint);
    }
    return pair(kind, col);
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private Token single(Kind kind, int col) {
    pos++;
    return new Token(kind, col, s.substring(col - 1, col), null);
  }

  private Token pair(Kind kind, int col) {
    pos += 2;
    return new Token(kind, col, s.substring(col - 1, col + 1), null);
  }

  private Token string(int col) {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= s.length()) {
        throw new ParseFailure(col, "string is not closed", "a closing '\"'");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return new Token(Kind.STRING, col, sb.toString(), null);
      }
      if (c < 0x20) {
        throw new ParseFailure(
            pos,
            "control character " + show(c) + " in a string",
            "an escape such as \\n or \\u00" + hex2(c));
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      int escCol = pos;
      if (pos >= s.length()) {
        throw new ParseFailure(col, "string is not closed", "a closing '\"'");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(unicodeEscape(escCol));
        default ->
            throw new ParseFailure(
                escCol,
                "unknown escape \\" + (e < 0x20 ? show(e) : String.valueOf(e)) + " in a string",
                "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
      }
    }
  }

  private char unicodeEscape(int escCol) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = pos < s.length() ? hexDigit(s.charAt(pos)) : -1;
      if (d < 0) {
        throw new ParseFailure(
            escCol, "\\u needs four hexadecimal digits", "an escape such as \\u0041");
      }
      v = v << 4 | d;
      pos++;
    }
    return (char) v;
  }

  private Token reference(Kind kind, int col, String hint) {
    pos++;
    int start = pos;
    while (pos < s.length() && Bits.isNamePart(s.charAt(pos))) {
      pos++;
    }
    String name = s.substring(start, pos);
    if (!Bits.isName(name)) {
      throw new ParseFailure(
          col,
          "'"
              + s.charAt(col - 1)
              + "' must be followed by a name of letters, digits, '_' and '.',"
              + " not starting with a digit",
          hint);
    }
    return new Token(kind, col, name, null);
  }

  private Token word(int col) {
    String w = scanWord();
    if (w.indexOf(':') < 0 && !isDigit(w.charAt(0))) {
      return new Token(Kind.IDENT, col, w, null);
    }
    Value v = constant(w, col);
    if (pos < s.length() && s.charAt(pos) == '/') {
      pos++;
      int maskCol = pos + 1;
      String m = scanWord();
      if (m.isEmpty()) {
        throw new ParseFailure(maskCol, "'/' must be followed by a mask", maskHint(v));
      }
      v = masked(v, w, m, col, maskCol);
      w = w + "/" + m;
    }
    return new Token(Kind.CONSTANT, col, w, v);
  }

  private String scanWord() {
    int start = pos;
    while (pos < s.length() && isWordChar(s.charAt(pos))) {
      pos++;
    }
    return s.substring(start, pos);
  }

  private static Value constant(String w, int col) {
    if (w.indexOf(':') >= 0) {
      Optional<MacAddress> mac = MacAddress.tryParse(w);
      if (mac.isPresent()) {
        return new Value.Mac(mac.get());
      }
      Optional<Ipv6Address> v6 = Ipv6Address.tryParse(w);
      if (v6.isPresent()) {
        return Value.of(v6.get());
      }
      throw new ParseFailure(
          col,
          "'" + w + "' is not a MAC or IPv6 address",
          "a MAC address like 0a:00:00:00:00:01 or an IPv6 address like 2001:db8::1");
    }
    if (w.indexOf('.') >= 0) {
      return Ipv4Address.tryParse(w)
          .map(Value::of)
          .orElseThrow(
              () ->
                  new ParseFailure(
                      col,
                      "'" + w + "' is not an IPv4 address",
                      "four numbers from 0 to 255, like 10.0.0.1"));
    }
    return new Value.Int(integer(w, col));
  }

  /** A decimal or {@code 0x} hexadecimal number. */
  private static long integer(String w, int col) {
    boolean hex =
        w.length() > 1 && w.charAt(0) == '0' && (w.charAt(1) == 'x' || w.charAt(1) == 'X');
    int radix = hex ? 16 : 10;
    String digits = hex ? w.substring(2) : w;
    if (digits.isEmpty()) {
      throw new ParseFailure(col, "'" + w + "' has no digits", "a number such as 0x800");
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = hex ? hexDigit(digits.charAt(i)) : decDigit(digits.charAt(i));
      if (d < 0) {
        throw new ParseFailure(
            col,
            "'" + w + "' is not a number or an address",
            "a decimal number, a 0x hexadecimal number, or an address");
      }
      if (v > (Long.MAX_VALUE - d) / radix) {
        throw new ParseFailure(col, "'" + w + "' is too large", "a number that fits the field");
      }
      v = v * radix + d;
    }
    return v;
  }

  private static Value masked(Value v, String w, String m, int col, int maskCol) {
    if (v instanceof Value.Int i) {
      if (m.indexOf(':') >= 0 || m.indexOf('.') >= 0 || !isDigit(m.charAt(0))) {
        throw new ParseFailure(
            maskCol, "the mask of a number must be a number", "a mask such as 0xff00");
      }
      long mask = integer(m, maskCol);
      if ((i.value() & ~mask) != 0) {
        throw new ParseFailure(
            col,
            w + "/" + m + " has bits outside the mask",
            "0x" + Long.toHexString(i.value() & mask) + "/0x" + Long.toHexString(mask));
      }
      return new Value.MaskedInt(i.value(), mask);
    }
    if (v instanceof Value.Mac mac) {
      MacAddress mask =
          MacAddress.tryParse(m)
              .orElseThrow(
                  () -> new ParseFailure(maskCol, "'" + m + "' is not a MAC mask", maskHint(v)));
      if ((mac.address().bits() & ~mask.bits()) != 0) {
        throw new ParseFailure(
            col,
            w + "/" + m + " has bits outside the mask",
            MacAddress.of(mac.address().bits() & mask.bits()) + "/" + mask);
      }
      return new Value.MaskedMac(mac.address(), mask);
    }
    IpAddress address = ((Value.Ip) v).prefix().network();
    int bits = address.bitLength();
    IpAddress mask;
    if (!m.isEmpty() && m.chars().allMatch(Lexer::isDigit)) {
      if (m.length() > 3 || (m.length() > 1 && m.charAt(0) == '0') || Integer.parseInt(m) > bits) {
        throw new ParseFailure(
            maskCol, "prefix length '" + m + "' is not in 0.." + bits, maskHint(v));
      }
      IpPrefix p = IpPrefix.of(address, Integer.parseInt(m));
      if (!p.network().equals(address)) {
        throw new ParseFailure(col, w + "/" + m + " has bits set after the prefix", p.toString());
      }
      return new Value.Ip(p);
    }
    Optional<IpAddress> parsed = IpAddress.tryParse(m);
    if (parsed.isEmpty() || parsed.get().version() != address.version()) {
      throw new ParseFailure(
          maskCol, "'" + m + "' is not an IPv" + address.version() + " mask", maskHint(v));
    }
    mask = parsed.get();
    IpAddress anded = Bits.and(address, mask);
    if (!anded.equals(address)) {
      throw new ParseFailure(col, w + "/" + m + " has bits outside the mask", anded + "/" + mask);
    }
    int len = Bits.prefixLength(mask);
    return len >= 0 ? new Value.Ip(IpPrefix.of(address, len)) : new Value.MaskedIp(address, mask);
  }

  private static String maskHint(Value v) {
    if (v instanceof Value.Int) {
      return "a number mask such as 0xff00";
    }
    if (v instanceof Value.Mac) {
      return "a MAC mask such as ff:ff:ff:00:00:00";
    }
    return ((Value.Ip) v).prefix().version() == 4
        ? "a prefix length from 0 to 32 or a mask such as 255.255.0.0"
        : "a prefix length from 0 to 128 or a mask such as ffff:ffff::";
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private static boolean isWordChar(char c) {
    return Bits.isNamePart(c) || c == ':';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static int decDigit(char c) {
    return isDigit(c) ? c - '0' : -1;
  }

  private static int hexDigit(char c) {
    if (isDigit(c)) {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static String show(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  private static String hex2(char c) {
    return String.format("%02x", (int) c);
  }
}
