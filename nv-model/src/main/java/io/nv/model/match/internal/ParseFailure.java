package io.nv.model.match.internal;

import io.nv.model.match.MatchSyntaxError;

/**
 * Unwinds the parser to {@link Parser#parse}, which returns it as a {@link MatchSyntaxError}; never
 * leaves this package.
 */
final class ParseFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient MatchSyntaxError error;

  ParseFailure(int column, String message, String hint) {
    super(message, null, false, false);
    this.error = new MatchSyntaxError(column, message, hint);
  }

  MatchSyntaxError error() {
    return error;
  }
}
