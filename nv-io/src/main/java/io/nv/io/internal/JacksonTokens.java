package io.nv.io.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.nv.io.Location;
import java.io.IOException;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * A JSON document's {@link Tokens}, from Jackson's streaming parser. Columns count code points,
 * as YAML's do (Jackson's own count UTF-16 units).
 *
 * <pre>{@code
 * Tokens t = new JacksonTokens(jsonFactory.createParser("{\"a\": 1}"), LineIndex.of(text, false));
 * t.next();   // START_OBJECT at 1:1
 * }</pre>
 */
class JacksonTokens implements Tokens {
  private final JsonParser parser;
  private final LineIndex lines;

  JacksonTokens(JsonParser parser, LineIndex lines) {
    this.parser = parser;
    this.lines = lines;
  }

  /** The parser read. */
  final JsonParser parser() {
    return parser;
  }

  @Override
  public final @Nullable JsonToken next() throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      throw unreadable(e);
    }
  }

  @Override
  public final String text() throws IOException {
    try {
      // A key's name is the token's text too.
      String t = parser.getText();
      return t == null ? "" : t;
    } catch (JsonProcessingException e) {
      throw unreadable(e);
    }
  }

  @Override
  public boolean isAlias() {
    return false;
  }

  @Override
  public final BigInteger integer() throws IOException {
    return parser.getBigIntegerValue();
  }

  @Override
  public Location location() {
    return at(parser.currentTokenLocation());
  }

  /** What {@code e}, the parser's complaint, says and where. */
  Unreadable unreadable(JsonProcessingException e) {
    return new Unreadable(firstLine(String.valueOf(e.getOriginalMessage())), at(e.getLocation()));
  }

  /** {@code l} as a location in the text: its character offset counted in code points. */
  Location at(@Nullable JsonLocation l) {
    if (l == null) {
      return new Location(1, 1);
    }
    if (l.getCharOffset() >= 0) {
      return lines.at(l.getCharOffset());
    }
    return new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
