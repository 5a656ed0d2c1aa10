package io.nv.io.internal;

import com.fasterxml.jackson.core.JsonToken;
import io.nv.io.Location;
import java.io.IOException;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * The tokens a {@link TreeReader} builds its tree from, in Jackson's vocabulary: JSON's come from
 * Jackson's parser ({@link JacksonTokens}), YAML's from SnakeYAML's events ({@link YamlTokens}).
 * A YAML mapping's key is a {@link JsonToken#FIELD_NAME}, an alias a {@link
 * JsonToken#VALUE_STRING} whose {@link #isAlias} is true.
 *
 * <pre>{@code
 * Tokens t = new YamlTokens("a: 1");
 * t.next();   // START_OBJECT
 * t.next();   // FIELD_NAME; t.text() is "a", t.location() 1:1
 * t.next();   // VALUE_NUMBER_INT; t.integer() is 1
 * }</pre>
 */
interface Tokens {
  /** The next token, or null at the end of the text; {@link Unreadable} when the text stops being the format. */
  @Nullable JsonToken next() throws IOException;

  /** The current token's text: a key's name, a scalar's text as written, an alias's anchor. */
  String text() throws IOException;

  /** Whether the current token is a YAML alias ({@code *name}). */
  boolean isAlias();

  /**
   * The value of the current {@link JsonToken#VALUE_NUMBER_INT}; an exception when it cannot be
   * converted (the reader then treats it as out of range).
   */
  BigInteger integer() throws IOException;

  /** Where the current token starts in the text read: line and column from 1. */
  Location location();

  /**
   * Text that is not the format it claims to be: {@code message} says what is wrong (the reader
   * prefixes "not valid YAML: "), {@code at} where, in the text read.
   */
  final class Unreadable extends IOException {
    @java.io.Serial private static final long serialVersionUID = 1L;
    private final transient Location at;

    Unreadable(String message, Location at) {
      super(message, null);
      this.at = at;
    }

    /** Where the text stops being the format. */
    Location at() {
      return at;
    }
  }
}
