package io.nv.model.match.internal;

import com.google.common.collect.ImmutableList;
import io.nv.model.match.Field;
import io.nv.model.match.Match;
import io.nv.model.match.Reference;
import io.nv.model.match.Value;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Prints a match as canonical text: single spaces around operators, parentheses only where the tree
 * needs them, integers in decimal ({@code eth.type} and {@code tcp.flags} in hexadecimal). The
 * parser reads the text back to an equal tree.
 *
 * <pre>{@code
 * Printer.print(Match.parse("(ip4)&&tcp.dst=={80,443}"));   // "ip4 && tcp.dst == {80, 443}"
 * }</pre>
 */
public final class Printer {
  private Printer() {}

  /** The canonical text of {@code m}. */
  public static String print(Match m) {
    StringBuilder sb = new StringBuilder(64);
    print(m, sb, null);
    return sb.toString();
  }

  /** The references of {@code m}, with columns into {@link #print(Match)}. */
  public static ImmutableList<Reference> references(Match m) {
    List<Reference> refs = new ArrayList<>();
    print(m, new StringBuilder(64), refs);
    return ImmutableList.copyOf(refs);
  }

  private static void print(Match m, StringBuilder sb, @Nullable List<Reference> refs) {
    if (m instanceof Match.True) {
      sb.append('1');
    } else if (m instanceof Match.Not n) {
      if (n.operand() instanceof Match.True) {
        sb.append('0');
        return;
      }
      sb.append('!');
      if (isAtom(n.operand())) {
        print(n.operand(), sb, refs);
      } else {
        sb.append('(');
        print(n.operand(), sb, refs);
        sb.append(')');
      }
    } else if (m instanceof Match.Predicate p) {
      sb.append(p.field().symbol());
    } else if (m instanceof Match.Comparison c) {
      sb.append(c.field().symbol()).append(' ').append(c.relation().symbol()).append(' ');
      value(c.field(), c.value(), sb, refs);
    } else if (m instanceof Match.And a) {
      operands(a.operands(), " && ", sb, refs);
    } else if (m instanceof Match.Or o) {
      operands(o.operands(), " || ", sb, refs);
    }
  }

  /** Predicates, 1 and 0 need no parentheses after '!'. */
  private static boolean isAtom(Match m) {
    return m instanceof Match.Predicate
        || m instanceof Match.True
        || (m instanceof Match.Not n && n.operand() instanceof Match.True);
  }

  private static void operands(
      List<Match> operands, String op, StringBuilder sb, @Nullable List<Reference> refs) {
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        sb.append(op);
      }
      Match o = operands.get(i);
      boolean group = o instanceof Match.And || o instanceof Match.Or;
      if (group) {
        sb.append('(');
      }
      print(o, sb, refs);
      if (group) {
        sb.append(')');
      }
    }
  }

  private static void value(
      Field field, Value v, StringBuilder sb, @Nullable List<Reference> refs) {
    if (v instanceof Value.OneOf set) {
      sb.append('{');
      for (int i = 0; i < set.values().size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        value(field, set.values().get(i), sb, refs);
      }
      sb.append('}');
      return;
    }
    if (refs != null) {
      Reference.Kind kind =
          v instanceof Value.AddressSet
              ? Reference.Kind.ADDRESS_SET
              : v instanceof Value.PortGroup
                  ? Reference.Kind.PORT_GROUP
                  : v instanceof Value.Str ? Reference.Kind.PORT : null;
      if (kind != null) {
        refs.add(new Reference(kind, name(v), sb.length() + 1));
      }
    }
    if (v instanceof Value.Int i && (field == Field.ETH_TYPE || field == Field.TCP_FLAGS)) {
      sb.append("0x").append(Long.toHexString(i.value()));
    } else {
      sb.append(v);
    }
  }

  private static String name(Value v) {
    if (v instanceof Value.AddressSet s) {
      return s.name();
    }
    if (v instanceof Value.PortGroup g) {
      return g.name();
    }
    return ((Value.Str) v).value();
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
