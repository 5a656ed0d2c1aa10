package io.nv.io.internal;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonToken;
import io.nv.io.Location;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * A YAML document's {@link Tokens}, from SnakeYAML's parser events. It gives the tokens, texts and
 * locations Jackson's YAML parser gives for the same text, without its layer between: each key is
 * a {@link JsonToken#FIELD_NAME}, each scalar typed by {@link YamlScalars}, each location the
 * event's start. Where the text is not YAML, SnakeYAML's own message says why and where.
 *
 * <pre>{@code
 * Tokens t = new YamlTokens("ports: [web1]");
 * t.next();   // START_OBJECT
 * t.next();   // FIELD_NAME "ports" at 1:1
 * t.next();   // START_ARRAY at 1:8
 * }</pre>
 */
final class YamlTokens implements Tokens {
  private static final LoaderOptions OPTIONS = options();

  private static LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    // SnakeYAML's default of 3 MB is too small for topologies of 100k ports.
    o.setCodePointLimit(Integer.MAX_VALUE);
    return o;
  }

  private final ParserImpl parser;
  /** For each open collection, outermost first: whether it is a mapping. */
  private boolean[] mappings = new boolean[32];
  private int depth;
  private @Nullable JsonToken current;
  private @Nullable Event last;
  private String text = "";
  private boolean alias;
  private boolean ended;
  /** The keys read so far, each once. */
  private final HashMap<String, String> names = new HashMap<>();

  YamlTokens(String text) {
    this.parser = new ParserImpl(new StreamReader(text), OPTIONS);
  }

  @Override
  public @Nullable JsonToken next() throws Unreadable {
    alias = false;
    if (ended) {
      return null;
    }
    while (true) {
      Event e = event();
      if (e == null) {
        ended = true;
        return current = null;
      }
      last = e;
      Event.ID id = e.getEventId();
      if (depth > 0 && mappings[depth - 1] && current != JsonToken.FIELD_NAME) {
        if (id == Event.ID.MappingEnd) {
          depth--;
          return current = JsonToken.END_OBJECT;
        }
        if (!(e instanceof ScalarEvent key)) {
          throw new Unreadable(
              "a key here is "
                  + (id == Event.ID.Alias ? "an alias" : id == Event.ID.MappingStart ? "a mapping" : "a list")
                  + ": nv's keys are plain names",
              at(e.getStartMark()));
        }
        // One string per distinct key, as Jackson's JSON parser keeps them: a document repeats a
        // few dozen keys tens of thousands of times, and the tree keeps every one.
        String name = key.getValue();
        String known = names.putIfAbsent(name, name);
        text = known == null ? name : known;
        return current = JsonToken.FIELD_NAME;
      }
      switch (id) {
        case Scalar -> {
          return current = scalar((ScalarEvent) e);
        }
        case MappingStart -> {
          return current = open(true, JsonToken.START_OBJECT);
        }
        case SequenceStart -> {
          return current = open(false, JsonToken.START_ARRAY);
        }
        case SequenceEnd, MappingEnd -> {
          depth--;
          return current = id == Event.ID.SequenceEnd ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
        }
        case Alias -> {
          alias = true;
          text = String.valueOf(((AliasEvent) e).getAnchor());
          return current = JsonToken.VALUE_STRING;
        }
        case StreamEnd -> {
          ended = true;
          return current = null;
        }
        default -> {
          // The stream's and documents' starts and ends: a second document shows as its value.
        }
      }
    }
  }

  private JsonToken open(boolean mapping, JsonToken token) {
    if (depth == mappings.length) {
      mappings = Arrays.copyOf(mappings, depth * 2);
    }
    mappings[depth++] = mapping;
    return token;
  }

  private JsonToken scalar(ScalarEvent e) throws Unreadable {
    String value = e.getValue();
    text = value;
    if (value.isEmpty()) {
      // Whatever its tag: the reader makes a plain one null.
      return JsonToken.VALUE_STRING;
    }
    String tag = e.getTag();
    if (tag == null || tag.equals("!")) {
      return e.getImplicit().canOmitTagInPlainScalar() ? YamlScalars.plain(value) : JsonToken.VALUE_STRING;
    }
    JsonToken t = YamlScalars.tagged(tag, value);
    if (t != null) {
      return t;
    }
    try {
      Base64Variants.MIME.decode(value.trim());
    } catch (IllegalArgumentException bad) {
      throw new Unreadable(String.valueOf(bad.getMessage()), at(e.getEndMark()));
    }
    return JsonToken.VALUE_EMBEDDED_OBJECT;
  }

  private @Nullable Event event() throws Unreadable {
    try {
      return parser.getEvent();
    } catch (MarkedYAMLException m) {
      throw unreadable(m, lastEnd());
    } catch (YAMLException e) {
      throw new Unreadable(JacksonTokens.firstLine(String.valueOf(e.getMessage())), lastEnd());
    } catch (NumberFormatException e) {
      throw new Unreadable("malformed number: " + e.getMessage(), lastEnd());
    }
  }

  /**
   * SnakeYAML's complaint {@code m}: its problem, and where it started ("while parsing a block
   * mapping at 1:1"), at the problem's mark, or at {@code fallback} when it has none.
   */
  static Unreadable unreadable(MarkedYAMLException m, Location fallback) {
    Mark problem = m.getProblemMark();
    if (problem == null) {
      return new Unreadable(JacksonTokens.firstLine(String.valueOf(m.getMessage())), fallback);
    }
    Mark context = m.getContextMark();
    String where =
        m.getContext() != null && context != null
            ? " (" + m.getContext() + " at " + (context.getLine() + 1) + ":" + (context.getColumn() + 1) + ")"
            : "";
    return new Unreadable(m.getProblem() + where, new Location(problem.getLine() + 1, problem.getColumn() + 1));
  }

  private Location lastEnd() {
    return last == null ? new Location(1, 1) : at(last.getEndMark());
  }

  private static Location at(@Nullable Mark m) {
    return m == null ? new Location(1, 1) : new Location(m.getLine() + 1, m.getColumn() + 1);
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public boolean isAlias() {
    return alias;
  }

  @Override
  public BigInteger integer() {
    return YamlScalars.integer(text);
  }

  @Override
  public Location location() {
    return last == null ? new Location(1, 1) : at(last.getStartMark());
  }
}
