/**
 * The match language: a subset of OVN's logical flow expressions that ACL rules, policy routes and
 * traces use to select packets. {@link io.nv.model.match.Match} is the tree (parse, print,
 * evaluate, list references), {@link io.nv.model.match.Matches} builds trees that read like
 * sentences, {@link io.nv.model.match.Field} lists the fields with their prerequisites. The grammar
 * and the differences from OVN are in {@code docs/match-language.md}.
 *
 * <pre>{@code
 * Match acl = Match.parse("ip4.src == $web_ip4 && tcp.dst == 8080");
 * boolean hit = acl.matches(packet, context);
 * Either<MatchSyntaxError, Match> bad = Match.tryParse("tcp.dst == 10.0.0.1");   // Left(column 12)
 * }</pre>
 */
@NullMarked
package io.nv.model.match;

import org.jspecify.annotations.NullMarked;
