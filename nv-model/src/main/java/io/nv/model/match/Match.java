package io.nv.model.match;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.nv.model.match.internal.Checks;
import io.nv.model.match.internal.Evaluator;
import io.nv.model.match.internal.Parser;
import io.nv.model.match.internal.Printer;
import io.nv.model.packet.Packet;
import io.vavr.control.Either;

/**
 * A match expression: which packets an ACL rule, a policy route or a trace selects, written in a
 * subset of OVN's logical flow expression language (see {@code docs/match-language.md}).
 *
 * <p>A match is a tree of {@link And}, {@link Or}, {@link Not}, {@link Comparison}, {@link
 * Predicate} and {@link True} nodes. Every tree that can be built is valid: its comparisons are
 * type-correct, nominal fields are never negated, and it is at most {@link #MAX_DEPTH} levels deep,
 * so it prints as text that parses back to an equal tree. {@code toString()} is that canonical
 * text. Build trees with {@link Matches}, or parse text.
 *
 * <p>Evaluation follows OVN: each comparison carries its field's prerequisites, and {@code !}
 * negates the comparison, not the prerequisite; so {@code tcp.dst != 80} and {@code !(tcp.dst ==
 * 80)} both match exactly the TCP packets whose destination port is not 80.
 *
 * <pre>{@code
 * Match m = Match.parse("ip4.src == $web_ip4 && tcp.dst == {80, 443}");
 * m.matches(packet, context);
 * Match.tryParse("tcp.dst == 70000").getLeft().column();   // 12
 * m.references();   // [$web_ip4 at column 12]
 * }</pre>
 */
public sealed interface Match
    permits Match.And, Match.Or, Match.Not, Match.Comparison, Match.Predicate, Match.True {

  /** The deepest tree allowed, and so the deepest nesting of parentheses and {@code !} in text. */
  int MAX_DEPTH = 64;

  /**
   * Parses match text.
   *
   * @throws IllegalArgumentException saying where the text is wrong and what was expected
   */
  static Match parse(String text) {
    return tryParse(text).getOrElseThrow(e -> new IllegalArgumentException(e.describe(text)));
  }

  /** Parses match text, or returns the first syntax or type error in it. Never throws. */
  static Either<MatchSyntaxError, Match> tryParse(String text) {
    return Parser.parse(text);
  }

  /**
   * The references in match text, with columns into {@code text}: address sets, port groups and the
   * port names compared with {@code inport} and {@code outport}. Never throws.
   */
  static Either<MatchSyntaxError, ImmutableList<Reference>> referencesIn(String text) {
    return Parser.references(text);
  }

  /**
   * True when {@code packet} matches, with {@code context} resolving {@code $sets} and
   * {@code @groups}.
   */
  default boolean matches(Packet packet, MatchContext context) {
    return Evaluator.matches(this, packet, context);
  }

  /**
   * True when {@code packet} matches a match without references.
   *
   * @throws IllegalArgumentException when the match refers to an address set or port group
   */
  default boolean matches(Packet packet) {
    return matches(packet, MatchContext.EMPTY);
  }

  /**
   * The references in this match, in order, with columns into {@code toString()}: address sets,
   * port groups and the port names compared with {@code inport} and {@code outport}.
   */
  default ImmutableList<Reference> references() {
    return Printer.references(this);
  }

  /** The fields and predicates this match names (not their prerequisites), in first-use order. */
  default ImmutableSet<Field> fields() {
    return Checks.fields(this);
  }

  /** The height of the tree: 1 for a comparison, predicate or {@code 1}. */
  int depth();

  /**
   * Every operand holds: {@code a && b && c}.
   *
   * <pre>{@code
   * new Match.And(ImmutableList.of(Matches.tcp(), Matches.eq(Field.TCP_DST, 80)));
   * }</pre>
   *
   * @param operands two or more matches
   */
  record And(ImmutableList<Match> operands) implements Match {
    /** Checks the arity and depth. */
    public And {
      Checks.operands("And", operands);
    }

    @Override
    public int depth() {
      return Checks.depth(operands);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * Some operand holds: {@code a || b || c}.
   *
   * <pre>{@code
   * new Match.Or(ImmutableList.of(Matches.tcp(), Matches.udp()));
   * }</pre>
   *
   * @param operands two or more matches
   */
  record Or(ImmutableList<Match> operands) implements Match {
    /** Checks the arity and depth. */
    public Or {
      Checks.operands("Or", operands);
    }

    @Override
    public int depth() {
      return Checks.depth(operands);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * The operand does not hold, OVN style: negation reaches the comparisons and leaves their
   * prerequisites in place. The operand may not test a nominal field or predicate.
   *
   * <pre>{@code
   * new Match.Not(Matches.eq(Field.TCP_DST, 80));   // !(tcp.dst == 80): TCP, port not 80
   * }</pre>
   *
   * @param operand a match without nominal tests
   */
  record Not(Match operand) implements Match {
    /** Checks that no nominal test is negated and the depth. */
    public Not {
      Checks.negatable(operand);
    }

    @Override
    public int depth() {
      return operand.depth() + 1;
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * A field compared with a value: {@code tcp.dst == 80}, {@code ip4.src != 10.0.0.0/8}, {@code
   * inport == @web}. Holds only when the field's prerequisites hold.
   *
   * <pre>{@code
   * new Match.Comparison(Field.TCP_DST, Relation.EQ, Value.oneOf(80, 443));
   * }</pre>
   *
   * @param field a field that is not a predicate
   * @param relation the operator: ordering ones only for ordinal integer fields, {@code !=} not for
   *     nominal ones
   * @param value a value of the field's type that fits its width
   */
  record Comparison(Field field, Relation relation, Value value) implements Match {
    /** Type-checks the comparison. */
    public Comparison {
      Checks.comparison(field, relation, value);
    }

    @Override
    public int depth() {
      return 1;
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * A predicate written alone: {@code tcp}, {@code ip4}, {@code eth.bcast}.
   *
   * <pre>{@code
   * new Match.Predicate(Field.IP4);
   * }</pre>
   *
   * @param field a predicate ({@link Field#isPredicate()})
   */
  record Predicate(Field field) implements Match {
    /** Checks that the field is a predicate. */
    public Predicate {
      Checks.predicate(field);
    }

    @Override
    public int depth() {
      return 1;
    }

    @Override
    public String toString() {
      return field.symbol();
    }
  }

  /**
   * Matches every packet; written {@code 1}. Its negation, {@code !1}, is written {@code 0}.
   *
   * <pre>{@code
   * Matches.TRUE.toString();   // "1"
   * }</pre>
   */
  record True() implements Match {
    @Override
    public int depth() {
      return 1;
    }

    @Override
    public String toString() {
      return "1";
    }
  }
}
