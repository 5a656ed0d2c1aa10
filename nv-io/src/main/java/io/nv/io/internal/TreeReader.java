package io.nv.io.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.io.DocumentErrorCode;
import io.nv.io.Format;
import io.nv.io.LocatedError;
import io.nv.io.Location;
import io.nv.io.internal.Node.ScalarKind;
import io.nv.io.internal.Node.ScalarStyle;
import io.nv.model.ModelPath;
import io.nv.model.validate.ModelError;
import io.vavr.control.Either;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads YAML text (SnakeYAML's events, {@link YamlTokens}) or JSON text (Jackson's parser, {@link
 * JacksonTokens}) into a {@link Node} tree that remembers where every value starts. Duplicate keys
 * and YAML aliases become {@link Problem}s; text that is not YAML/JSON at all, or nests deeper than
 * {@link #MAX_DEPTH}, is fatal.
 *
 * <pre>{@code
 * Either<LocatedError, TreeReader.Tree> tree = TreeReader.read("a: [1, 2]", Format.YAML);
 * tree.get().root();   // a Node.Mapping at 1:1
 * }</pre>
 */
public final class TreeReader {
  /** Mappings and lists nested deeper than this stop reading (a fatal TOO_DEEP error). */
  public static final int MAX_DEPTH = 100;

  /** Integers with longer text are out of every range nv uses; their value is not computed. */
  private static final int MAX_INTEGER_TEXT = 64;

  // Our own depth limit protects the tree; Jackson's limits would make deep JSON fatal.
  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(Integer.MAX_VALUE)
          .maxNumberLength(Integer.MAX_VALUE)
          .build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  /**
   * A problem found while building the tree.
   *
   * @param code what is wrong
   * @param message what and how to fix it
   * @param location where
   * @param key for a duplicate key, the key
   * @param openMappings serials of the mappings enclosing the problem, outermost first
   */
  public record Problem(
      DocumentErrorCode code,
      String message,
      Location location,
      @Nullable String key,
      ImmutableList<Integer> openMappings) {}

  /**
   * The tree of a document.
   *
   * @param root the document's value, or null for an empty document
   * @param problems problems found while reading, in document order
   * @param lines the text's line index
   */
  public record Tree(@Nullable Node root, ImmutableList<Problem> problems, LineIndex lines) {}

  private final Format format;
  private final LineIndex lines;
  private final Tokens tokens;
  /** What to add to the parser's line numbers: the line before the part read, in the whole text. */
  private final int lineShift;
  private final List<Problem> problems = new ArrayList<>();
  private final Deque<Integer> open = new ArrayDeque<>();
  private int serials;
  private Location last = new Location(1, 1);

  private TreeReader(Format format, LineIndex lines, Tokens tokens, int lineShift, int firstSerial) {
    this.format = format;
    this.lines = lines;
    this.tokens = tokens;
    this.lineShift = lineShift;
    this.serials = firstSerial;
  }

  /** Decodes UTF-8 bytes (dropping a byte-order mark), or says where they stop being UTF-8. */
  public static Either<LocatedError, String> decode(byte[] bytes) {
    // The JDK's own decoding is several times faster (nearly every document is ASCII) and puts
    // U+FFFD for bytes that are not UTF-8: text without one decoded cleanly. Text with one (bad
    // bytes, or a U+FFFD written in the document) is decoded again, strictly.
    String fast = new String(bytes, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return Either.right(fast.startsWith("\uFEFF") ? fast.substring(1) : fast);
    }
    return decodeStrictly(bytes);
  }

  /** {@link #decode} with the strict decoder only (what the fast path must agree with). */
  static Either<LocatedError, String> decodeStrictly(byte[] bytes) {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = d.decode(in, out, true);
    if (!r.isError()) {
      r = d.flush(out);
    }
    out.flip();
    String text = out.toString();
    if (r.isError()) {
      int bad = in.position();
      Location at = LineIndex.of(text, false).at(text.length());
      return Either.left(
          fatal(
              DocumentErrorCode.SYNTAX_ERROR,
              "the file is not UTF-8 text (byte 0x"
                  + Integer.toHexString(bytes[bad] & 0xFF)
                  + " at offset "
                  + bad
                  + "): save it as UTF-8",
              at));
    }
    return Either.right(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /**
   * Reads {@code text} as {@code format}. A large YAML document is read in two parts at once when
   * its shape allows ({@link TreeParts}); the tree is the same either way.
   */
  public static Either<LocatedError, Tree> read(String text, Format format) {
    LineIndex lines = LineIndex.of(text, format == Format.YAML);
    if (format == Format.YAML && text.length() >= TreeParts.MIN_CHARS) {
      Tree t = TreeParts.read(lines);
      if (t != null) {
        return Either.right(t);
      }
    }
    return readWhole(text, format, lines);
  }

  /** Reads all of {@code text} on this thread. */
  static Either<LocatedError, Tree> readWhole(String text, Format format, LineIndex lines) {
    if (format == Format.YAML) {
      return read(new YamlTokens(text), format, lines);
    }
    try (JsonParser p = JSON.createParser(text)) {
      return read(new JacksonTokens(p, lines), format, lines);
    } catch (IOException e) {
      return Either.left(fatal(DocumentErrorCode.SYNTAX_ERROR, "not valid JSON: " + e.getMessage(), new Location(1, 1)));
    }
  }

  /** Reads the document {@code tokens} give, of {@code lines}' text, in {@code format}. */
  static Either<LocatedError, Tree> read(Tokens tokens, Format format, LineIndex lines) {
    TreeReader r = new TreeReader(format, lines, tokens, 0, 0);
    try {
      return r.document();
    } catch (TooDeep e) {
      return Either.left(
          fatal(
              DocumentErrorCode.TOO_DEEP,
              "lists and mappings nest deeper than "
                  + MAX_DEPTH
                  + " levels here: no topology needs that, so reading stops",
              e.at));
    } catch (Tokens.Unreadable e) {
      return Either.left(fatal(DocumentErrorCode.SYNTAX_ERROR, "not valid " + format + ": " + e.getMessage(), e.at()));
    } catch (IOException | RuntimeException e) {
      // The parsers signal malformed input with their own exceptions, but SnakeYAML is known to
      // throw plain runtime exceptions on some broken input; all of them mean "not YAML".
      return Either.left(
          fatal(
              DocumentErrorCode.SYNTAX_ERROR,
              "not valid " + format + ": " + JacksonTokens.firstLine(String.valueOf(e.getMessage())),
              r.last));
    }
  }

  /**
   * Reads {@code part}, YAML text cut from {@code whole}'s at line starts (its line n, for the
   * lines cut from the whole text, is line n + {@code lineShift} there), numbering its mappings
   * from {@code firstSerial}; null when the part is not a document on its own or has any problem (the
   * whole text is then read in one go, which finds and reports what the part did).
   */
  static @Nullable Tree readPart(String part, LineIndex whole, int lineShift, int firstSerial) {
    try {
      Either<LocatedError, Tree> t =
          new TreeReader(Format.YAML, whole, new YamlTokens(part), lineShift, firstSerial).document();
      return t.isRight() && t.get().problems().isEmpty() ? t.get() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Stops reading at the first value nested too deep. Reading on past it would cost more than the
   * document is worth: SnakeYAML scans deep flow collections in time quadratic in their depth.
   */
  private static final class TooDeep extends RuntimeException {
    @java.io.Serial private static final long serialVersionUID = 1L;
    private final transient Location at;

    TooDeep(Location at) {
      super(null, null, false, false);
      this.at = at;
    }
  }

  private Either<LocatedError, Tree> document() throws IOException {
    JsonToken t = next();
    if (t == null) {
      return Either.right(new Tree(null, ImmutableList.of(), lines));
    }
    Node root = value(t, 1);
    JsonToken more = next();
    if (more != null) {
      return Either.left(
          fatal(
              DocumentErrorCode.SYNTAX_ERROR,
              format == Format.YAML
                  ? "a second YAML document starts here: a topology file holds exactly one"
                  : "content after the end of the JSON value: a topology file holds exactly one",
              tokenLocation()));
    }
    return Either.right(new Tree(root, ImmutableList.copyOf(problems), lines));
  }

  private @Nullable JsonToken next() throws IOException {
    return tokens.next();
  }

  private Node value(JsonToken t, int depth) throws IOException {
    Location at = tokenLocation();
    last = at;
    switch (t) {
      case START_OBJECT -> {
        if (depth > MAX_DEPTH) {
          throw new TooDeep(at);
        }
        return mapping(at, depth);
      }
      case START_ARRAY -> {
        if (depth > MAX_DEPTH) {
          throw new TooDeep(at);
        }
        return sequence(at, depth);
      }
      case VALUE_STRING -> {
        String text = tokens.text();
        if (tokens.isAlias()) {
          problem(
              DocumentErrorCode.INVALID_VALUE,
              "YAML aliases (*" + text + ") are not supported in nv documents: write the value out",
              at,
              null);
          return new Node.Bad(at);
        }
        ScalarStyle style = style(at);
        // An empty plain YAML scalar (`mac:` with nothing after it) is YAML's null.
        ScalarKind kind =
            text.isEmpty() && style == ScalarStyle.PLAIN ? ScalarKind.NULL : ScalarKind.STRING;
        return new Node.Scalar(kind, text, null, style, at);
      }
      case VALUE_NUMBER_INT -> {
        String text = tokens.text();
        BigInteger v = null;
        if (text.length() <= MAX_INTEGER_TEXT) {
          try {
            v = tokens.integer();
          } catch (IOException | RuntimeException e) {
            // A YAML integer form Jackson cannot convert: read it as out of range.
            v = null;
          }
        }
        return new Node.Scalar(ScalarKind.INTEGER, text, v, ScalarStyle.PLAIN, at);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Node.Scalar(ScalarKind.DECIMAL, tokens.text(), null, ScalarStyle.PLAIN, at);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node.Scalar(
            t == JsonToken.VALUE_TRUE ? ScalarKind.TRUE : ScalarKind.FALSE,
            tokens.text(),
            null,
            ScalarStyle.PLAIN,
            at);
      }
      case VALUE_NULL -> {
        return new Node.Scalar(ScalarKind.NULL, tokens.text(), null, ScalarStyle.PLAIN, at);
      }
      case VALUE_EMBEDDED_OBJECT -> {
        // YAML !!binary: not a value nv documents use.
        return new Node.Scalar(ScalarKind.STRING, "!!binary", null, ScalarStyle.PLAIN, at);
      }
      default -> throw new IllegalStateException("unexpected " + t + " at " + at);
    }
  }

  private Node mapping(Location at, int depth) throws IOException {
    int serial = serials++;
    open.addLast(serial);
    Map<String, Node.Field> fields = new LinkedHashMap<>();
    JsonToken t;
    while ((t = next()) == JsonToken.FIELD_NAME) {
      String name = tokens.text();
      Location keyAt = tokenLocation();
      JsonToken v = next();
      if (v == null) {
        throw new IllegalStateException("the document ends inside a mapping");
      }
      Node value = value(v, depth + 1);
      if (fields.containsKey(name)) {
        Node.Field first = fields.get(name);
        problem(
            DocumentErrorCode.DUPLICATE_KEY,
            "key '"
                + name
                + "' appears twice in this mapping (first at "
                + (first == null ? "?" : first.keyLocation())
                + "): remove one; the first counts",
            keyAt,
            name);
      } else {
        fields.put(name, new Node.Field(name, keyAt, value));
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IllegalStateException("unexpected " + t + " inside a mapping");
    }
    open.removeLast();
    return new Node.Mapping(serial, ImmutableMap.copyOf(fields), at);
  }

  private Node sequence(Location at, int depth) throws IOException {
    ImmutableList.Builder<Node> items = ImmutableList.builder();
    JsonToken t;
    while ((t = next()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new IllegalStateException("the document ends inside a list");
      }
      items.add(value(t, depth + 1));
    }
    return new Node.Sequence(items.build(), at);
  }

  private void problem(DocumentErrorCode code, String message, Location at, @Nullable String key) {
    problems.add(new Problem(code, message, at, key, ImmutableList.copyOf(open)));
  }

  private ScalarStyle style(Location at) {
    if (format == Format.JSON) {
      return ScalarStyle.DOUBLE_QUOTED;
    }
    int off = lines.offset(at);
    if (off < 0 || off >= lines.text().length()) {
      return ScalarStyle.PLAIN;
    }
    return switch (lines.text().charAt(off)) {
      case '"' -> ScalarStyle.DOUBLE_QUOTED;
      case '\'' -> ScalarStyle.SINGLE_QUOTED;
      case '|', '>' -> ScalarStyle.BLOCK;
      default -> ScalarStyle.PLAIN;
    };
  }

  private Location tokenLocation() {
    Location at = tokens.location();
    return lineShift == 0 ? at : new Location(at.line() + lineShift, at.column());
  }

  static LocatedError fatal(DocumentErrorCode code, String message, Location at) {
    return LocatedError.of(ModelError.of(code, ModelPath.ROOT, message), at);
  }
}
