package io.nv.model.match.internal;

import com.google.common.collect.ImmutableList;
import io.nv.model.match.Field;
import io.nv.model.match.Match;
import io.nv.model.match.MatchSyntaxError;
import io.nv.model.match.Reference;
import io.nv.model.match.Relation;
import io.nv.model.match.Value;
import io.nv.model.match.internal.Lexer.Kind;
import io.nv.model.match.internal.Lexer.Token;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A recursive-descent parser of match text. Nesting of parentheses and {@code !} is bounded by
 * {@link Match#MAX_DEPTH}, so no input can exhaust the stack; every error is returned as a {@link
 * MatchSyntaxError}.
 *
 * <pre>{@code
 * Either<MatchSyntaxError, Match> m = Parser.parse("ip4 && tcp.dst == {80, 443}");
 * }</pre>
 */
public final class Parser {
  private final Lexer lexer;
  private final List<Reference> references = new ArrayList<>();
  private Token tok;
  private int nesting;
  private int negations;

  private Parser(String text) {
    this.lexer = new Lexer(text);
    this.tok = lexer.next();
  }

  /** The match {@code text} denotes, or its first error. */
  public static Either<MatchSyntaxError, Match> parse(String text) {
    try {
      return Either.right(new Parser(text).match());
    } catch (ParseFailure f) {
      return Either.left(f.error());
    }
  }

  /** The references in {@code text}, with their columns, or the text's first error. */
  public static Either<MatchSyntaxError, ImmutableList<Reference>> references(String text) {
    try {
      Parser p = new Parser(text);
      p.match();
      return Either.right(ImmutableList.copyOf(p.references));
    } catch (ParseFailure f) {
      return Either.left(f.error());
    }
  }

  /**
   * A parsed subexpression, its tree depth, where it starts and whether it is a bare comparison.
   */
  private record Parsed(Match match, int depth, int column, boolean bareComparison) {}

  private void advance() {
    tok = lexer.next();
  }

  private Match match() {
    if (tok.kind() == Kind.END) {
      throw new ParseFailure(
          tok.column(),
          "the match is empty",
          "an expression such as ip4 or tcp.dst == 80, or 1 for every packet");
    }
    Parsed e = expression();
    if (tok.kind() != Kind.END) {
      throw trailing();
    }
    return e.match();
  }

  private ParseFailure trailing() {
    return switch (tok.kind()) {
      case RPAREN ->
          new ParseFailure(
              tok.column(), "')' has no matching '('", "&&, || or the end of the match");
      case IDENT, CONSTANT, STRING, NOT, LPAREN ->
          new ParseFailure(
              tok.column(), "missing && or || before '" + tok.text() + "'", "&& or ||");
      default ->
          new ParseFailure(
              tok.column(),
              "unexpected '" + tok.text() + "' after a complete expression",
              "&&, || or the end of the match");
    };
  }

  private Parsed expression() {
    Parsed first = unary();
    Kind op = tok.kind();
    if (op != Kind.AND && op != Kind.OR) {
      return first;
    }
    List<Match> operands = new ArrayList<>();
    operands.add(first.match());
    int depth = first.depth();
    while (tok.kind() == op) {
      advance();
      Parsed next = unary();
      operands.add(next.match());
      depth = Math.max(depth, next.depth());
    }
    if (tok.kind() == Kind.AND || tok.kind() == Kind.OR) {
      throw new ParseFailure(
          tok.column(),
          "&& and || need parentheses when mixed, as in OVN",
          "(a && b) || c or a && (b || c)");
    }
    checkDepth(depth + 1, first.column());
    ImmutableList<Match> list = ImmutableList.copyOf(operands);
    return new Parsed(
        op == Kind.AND ? new Match.And(list) : new Match.Or(list),
        depth + 1,
        first.column(),
        false);
  }

  private Parsed unary() {
    if (tok.kind() != Kind.NOT) {
      return primary();
    }
    int col = tok.column();
    advance();
    // "!(" is one level, like the Not node it makes; a bare "!x" is one level too.
    boolean counted = tok.kind() != Kind.LPAREN;
    if (counted) {
      enter(col);
    }
    if (tok.kind() == Kind.NOT) {
      throw new ParseFailure(tok.column(), "'!' cannot follow '!' directly", "!(!x), or just x");
    }
    negations++;
    Parsed operand = primary();
    negations--;
    if (counted) {
      leave();
    }
    if (operand.bareComparison()) {
      throw new ParseFailure(
          col,
          "'!' needs parentheses around a comparison, as in OVN",
          "!(" + operand.match() + ")");
    }
    checkDepth(operand.depth() + 1, col);
    return new Parsed(new Match.Not(operand.match()), operand.depth() + 1, col, false);
  }

  private Parsed primary() {
    int col = tok.column();
    return switch (tok.kind()) {
      case LPAREN -> parenthesized(col);
      case CONSTANT -> booleanConstant(col);
      case STRING, ADDRESS_SET, PORT_GROUP, LBRACE -> throw notAnExpression(col);
      case IDENT -> fieldTest();
      case END ->
          throw new ParseFailure(
              col, "the match ends too early", "a field, a predicate, '!' or '('");
      default ->
          throw new ParseFailure(
              col, "unexpected '" + tok.text() + "'", "a field, a predicate, '!' or '('");
    };
  }

  private Parsed parenthesized(int col) {
    advance();
    enter(col);
    Parsed e = expression();
    if (tok.kind() != Kind.RPAREN) {
      if (tok.kind() == Kind.END) {
        throw new ParseFailure(tok.column(), "'(' at column " + col + " is not closed", "')'");
      }
      throw new ParseFailure(
          tok.column(), "unexpected '" + tok.text() + "' inside parentheses", "&&, || or ')'");
    }
    advance();
    leave();
    return new Parsed(e.match(), e.depth(), col, false);
  }

  private Parsed booleanConstant(int col) {
    Value v = tok.value();
    if (v instanceof Value.Int i && i.value() <= 1) {
      advance();
      if (tok.isRelation()) {
        throw constantFirst(col);
      }
      return i.value() == 1
          ? new Parsed(new Match.True(), 1, col, false)
          : new Parsed(new Match.Not(new Match.True()), 2, col, false);
    }
    throw notAnExpression(col);
  }

  private ParseFailure notAnExpression(int col) {
    String what = describeToken();
    advance();
    if (tok.isRelation()) {
      return constantFirst(col);
    }
    return new ParseFailure(
        col, "a match cannot be just " + what, "a field, a predicate, '!' or '('");
  }

  private String describeToken() {
    return switch (tok.kind()) {
      case STRING -> "the string " + new Value.Str(tok.text());
      case ADDRESS_SET -> "the address set $" + tok.text();
      case PORT_GROUP -> "the port group @" + tok.text();
      case LBRACE -> "a set";
      default -> "the constant " + tok.text();
    };
  }

  private static ParseFailure constantFirst(int col) {
    return new ParseFailure(
        col,
        "a comparison starts with the field, not the value",
        "the field first, as in tcp.dst == 80");
  }

  private Parsed fieldTest() {
    int col = tok.column();
    String name = tok.text();
    Field field = Field.bySymbol(name).orElseThrow(() -> unknownField(col, name));
    advance();
    if (field.isPredicate()) {
      if (tok.isRelation()) {
        throw new ParseFailure(
            tok.column(),
            field + " is a predicate: write it alone, without a comparison",
            field.isNominal() ? field.symbol() : field + " or !" + field);
      }
      if (negations > 0 && field.isNominal()) {
        throw new ParseFailure(
            col,
            Checks.negationMessage(field),
            "eth.bcast, eth.mcast, vlan.present or a comparison of an ordinal field");
      }
      return new Parsed(new Match.Predicate(field), 1, col, false);
    }
    if (!tok.isRelation()) {
      throw new ParseFailure(
          tok.column(),
          field + " is a field, not a predicate: compare it with a value",
          "an operator, as in " + example(field));
    }
    int relCol = tok.column();
    Relation relation = relation(tok.kind());
    advance();
    int valueCol = tok.column();
    List<Integer> elementCols = new ArrayList<>();
    Value value = value(field, elementCols);
    Checks.Problem p = Checks.check(field, relation, value);
    if (p != null) {
      int at =
          switch (p.part()) {
            case FIELD -> col;
            case RELATION -> relCol;
            case VALUE -> p.element() < 0 ? valueCol : elementCols.get(p.element());
          };
      throw new ParseFailure(at, p.message(), p.hint());
    }
    if (negations > 0 && field.isNominal()) {
      throw new ParseFailure(
          col,
          Checks.negationMessage(field),
          "a comparison of an ordinal field, or eth.bcast, eth.mcast, vlan.present");
    }
    return new Parsed(new Match.Comparison(field, relation, value), 1, col, true);
  }

  private Value value(Field field, List<Integer> elementCols) {
    if (tok.kind() != Kind.LBRACE) {
      return single(field);
    }
    int col = tok.column();
    advance();
    List<Value> values = new ArrayList<>();
    while (tok.kind() != Kind.RBRACE) {
      if (tok.kind() == Kind.END) {
        throw new ParseFailure(tok.column(), "'{' at column " + col + " is not closed", "'}'");
      }
      if (tok.kind() == Kind.LBRACE) {
        throw new ParseFailure(tok.column(), "sets do not nest", "a constant, $set or @group");
      }
      elementCols.add(tok.column());
      values.add(single(field));
      if (tok.kind() == Kind.COMMA) {
        advance();
      }
    }
    if (values.isEmpty()) {
      throw new ParseFailure(col, "the set is empty", "one or more values, as in {80, 443}");
    }
    advance();
    return new Value.OneOf(ImmutableList.copyOf(values));
  }

  private Value single(Field field) {
    Token t = tok;
    Value v =
        switch (t.kind()) {
          case CONSTANT -> Objects.requireNonNull(t.value());
          case STRING -> reference(new Value.Str(t.text()), Reference.Kind.PORT, t);
          case ADDRESS_SET ->
              reference(new Value.AddressSet(t.text()), Reference.Kind.ADDRESS_SET, t);
          case PORT_GROUP -> reference(new Value.PortGroup(t.text()), Reference.Kind.PORT_GROUP, t);
          case END ->
              throw new ParseFailure(
                  t.column(), "the match ends where a value was expected", Checks.hint(field));
          default ->
              throw new ParseFailure(
                  t.column(), "expected a value, found '" + t.text() + "'", Checks.hint(field));
        };
    advance();
    return v;
  }

  private Value reference(Value v, Reference.Kind kind, Token t) {
    references.add(new Reference(kind, t.text(), t.column()));
    return v;
  }

  private static Relation relation(Kind kind) {
    return switch (kind) {
      case EQ -> Relation.EQ;
      case NE -> Relation.NE;
      case LT -> Relation.LT;
      case LE -> Relation.LE;
      case GT -> Relation.GT;
      case GE -> Relation.GE;
      default -> throw new IllegalStateException("not a relation: " + kind);
    };
  }

  private static String example(Field field) {
    return switch (field.type()) {
      case STRING -> field + " == \"web1\"";
      case INTEGER -> field + " == " + (field.width() >= 16 ? "80" : "1");
      case MAC -> field + " == 0a:00:00:00:00:01";
      case IPV4 -> field + " == 10.0.0.0/8";
      case IPV6 -> field + " == 2001:db8::/32";
      case BOOLEAN -> field.symbol();
    };
  }

  private void enter(int col) {
    if (++nesting > Match.MAX_DEPTH) {
      throw new ParseFailure(
          col,
          "the match nests parentheses and '!' more than " + Match.MAX_DEPTH + " levels deep",
          "a flatter expression");
    }
  }

  private void leave() {
    nesting--;
  }

  private static void checkDepth(int depth, int col) {
    if (depth > Match.MAX_DEPTH) {
      throw new ParseFailure(
          col,
          "the match is more than " + Match.MAX_DEPTH + " levels deep",
          "a flatter expression");
    }
  }

  private static ParseFailure unknownField(int col, String name) {
    String word = name.toLowerCase(Locale.ROOT);
    String instead =
        switch (word) {
          case "and" -> "&&";
          case "or" -> "||";
          case "not" -> "!";
          case "true" -> "1, which matches every packet";
          case "false" -> "0, which matches no packet";
          default -> "";
        };
    if (!instead.isEmpty()) {
      return new ParseFailure(col, "'" + name + "' is not part of the language", instead);
    }
    String dot = name.indexOf('.') > 0 ? name.substring(0, name.indexOf('.')) : name;
    List<String> close =
        Arrays.stream(Field.values())
            .map(Field::symbol)
            .filter(s -> s.equals(dot) || s.startsWith(dot + ".") || distance(s, name) <= 2)
            .limit(6)
            .collect(Collectors.toList());
    String hint =
        close.isEmpty()
            ? "a field such as inport, eth.src, ip4.src, tcp.dst (see docs/match-language.md)"
            : "one of " + String.join(", ", close);
    return new ParseFailure(col, "unknown field '" + name + "'", hint);
  }

  /** Levenshtein distance, for suggestions; both strings are short. */
  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2 || b.length() > 40) {
      return 3;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
