package io.nv.ovn.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.nv.ovn.NbRow;
import io.nv.ovn.NbValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes rows as one RFC 7047 transaction on {@code OVN_Northbound}: an {@code insert} per row,
 * one a line, values in OVSDB's JSON notation ({@code ["set",[…]]}, {@code ["map",[[k,v],…]]},
 * {@code ["named-uuid",name]}).
 *
 * <pre>{@code
 * String json = TransactionWriter.write(rows);   // ["OVN_Northbound",\n{"op":"insert",…},\n…]\n
 * }</pre>
 */
public final class TransactionWriter {
  /** The database every operation targets. */
  public static final String DATABASE = "OVN_Northbound";

  private static final JsonFactory JSON = new JsonFactory();

  private TransactionWriter() {}

  /** The transaction inserting {@code rows}, in order. */
  public static String write(List<NbRow> rows) {
    StringBuilder sb = new StringBuilder("[\"").append(DATABASE).append('"');
    for (NbRow r : rows) {
      sb.append(",\n").append(op(r));
    }
    return sb.append("\n]\n").toString();
  }

  private static String op(NbRow r) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("op", "insert");
      g.writeStringField("table", r.table());
      g.writeStringField("uuid-name", r.uuidName());
      g.writeObjectFieldStart("row");
      for (Map.Entry<String, NbValue> c : r.columns().entrySet()) {
        g.writeFieldName(c.getKey());
        value(g, c.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return w.toString();
  }

  private static void value(JsonGenerator g, NbValue v) throws IOException {
    if (v instanceof NbValue.Str s) {
      g.writeString(s.value());
    } else if (v instanceof NbValue.Int i) {
      g.writeNumber(i.value());
    } else if (v instanceof NbValue.Bool b) {
      g.writeBoolean(b.value());
    } else if (v instanceof NbValue.Ref ref) {
      g.writeStartArray();
      g.writeString("named-uuid");
      g.writeString(ref.uuidName());
      g.writeEndArray();
    } else if (v instanceof NbValue.SetOf set) {
      g.writeStartArray();
      g.writeString("set");
      g.writeStartArray();
      for (NbValue m : set.members()) {
        value(g, m);
      }
      g.writeEndArray();
      g.writeEndArray();
    } else if (v instanceof NbValue.MapOf map) {
      g.writeStartArray();
      g.writeString("map");
      g.writeStartArray();
      for (Map.Entry<String, String> e : map.entries().entrySet()) {
        g.writeStartArray();
        g.writeString(e.getKey());
        g.writeString(e.getValue());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndArray();
    }
  }
}
