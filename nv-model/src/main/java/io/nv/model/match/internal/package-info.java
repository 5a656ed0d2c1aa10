/**
 * The match language's lexer, parser, printer, type checks and evaluator; not exported. Callers use
 * {@link io.nv.model.match.Match} and {@link io.nv.model.match.Matches}.
 *
 * <pre>{@code
 * Either<MatchSyntaxError, Match> m = Parser.parse("tcp.dst == 80");
 * }</pre>
 */
@NullMarked
package io.nv.model.match.internal;

import org.jspecify.annotations.NullMarked;
