package io.nv.io.internal;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.io.Location;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * A value of a document as read, with where it starts: the small tree between the syntax (YAML,
 * JSON) and the topology, so that every error can name its line and column.
 *
 * <pre>{@code
 * Node root = TreeReader.read("id: web1", Format.YAML).get().root();
 * ((Node.Mapping) root).fields().get("id").value().location();   // 1:5
 * }</pre>
 */
public sealed interface Node permits Node.Mapping, Node.Sequence, Node.Scalar, Node.Bad {

  /** Where the value starts. */
  Location location();

  /** What the value is, for error messages: "a mapping", "the text 'x'" … */
  String describe();

  /**
   * A mapping, keys in document order; {@code serial} numbers mappings in the order they open, so
   * problems found while reading can be attached to the element a mapping turns out to be.
   */
  record Mapping(int serial, ImmutableMap<String, Field> fields, Location location)
      implements Node {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping and its value. */
  record Field(String name, Location keyLocation, Node value) {}

  /** A sequence. */
  record Sequence(ImmutableList<Node> items, Location location) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar: its text exactly as the parser produced it (whatever type YAML resolved it to), its
   * type, and for integers the value when it is small enough to matter.
   */
  record Scalar(
      ScalarKind kind,
      String text,
      @Nullable BigInteger integer,
      ScalarStyle style,
      Location location)
      implements Node {
    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "the text '" + abbreviate(text) + "'";
        case INTEGER, DECIMAL -> "the number " + abbreviate(text);
        case TRUE, FALSE -> "the boolean " + text;
        case NULL -> "nothing";
      };
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }

  /** A value already reported as a problem (a YAML alias): read as absent. */
  record Bad(Location location) implements Node {
    @Override
    public String describe() {
      return "a value that cannot be read";
    }
  }

  /** The type of a scalar. */
  enum ScalarKind {
    STRING,
    INTEGER,
    DECIMAL,
    TRUE,
    FALSE,
    NULL
  }

  /** How a scalar was written, so columns inside its text can be mapped back to the line. */
  enum ScalarStyle {
    PLAIN,
    SINGLE_QUOTED,
    DOUBLE_QUOTED,
    BLOCK
  }
}
