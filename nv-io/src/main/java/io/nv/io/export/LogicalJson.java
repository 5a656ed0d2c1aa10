package io.nv.io.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The logical pipelines as JSON: datapaths sorted by name, each with its stages' flows (stage,
 * priority, match, actions, cookie, provenance) and its groups, in a stable order, so the same
 * topology always gives the same bytes. The document is compact with one line per datapath head,
 * flow and group, so {@code grep} finds a flow and {@code jq} reads the whole.
 *
 * <pre>{@code
 * String json = LogicalJson.write(LogicalCompiler.compile(validated));
 * // {"flowCount":436,"datapaths":[
 * // {"datapath":"router r1","flows":[
 * // {"stage":"router ingress / admission","priority":100,"match":"…","actions":["next(…)"],…},
 * }</pre>
 *
 * <p>Datapaths are rendered on the common fork-join pool, a batch at a time, and written in order:
 * the bytes do not depend on the number of threads.
 */
public final class LogicalJson {
  private static final JsonFactory JSON = new JsonFactory();
  /** Datapaths rendered at once: enough to keep every core busy, few enough to bound memory. */
  private static final int BATCH = 64;

  private LogicalJson() {}

  /** The JSON document of {@code pipelines}. */
  public static String write(LogicalPipelines pipelines) {
    StringWriter w = new StringWriter();
    try {
      write(pipelines, w);
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    return w.toString();
  }

  /**
   * Streams the JSON document of {@code pipelines} to {@code out} (the same characters as {@link
   * #write(LogicalPipelines)}, without holding the whole document in memory); {@code out} is
   * flushed, not closed.
   *
   * @throws IOException when {@code out} fails
   */
  public static void write(LogicalPipelines pipelines, Writer out) throws IOException {
    List<LogicalDatapath> dps = new ArrayList<>(pipelines.datapaths());
    dps.sort(Comparator.comparing(d -> d.datapath().toString()));
    out.write("{\"flowCount\":" + pipelines.flowCount() + ",\"datapaths\":[");
    for (int from = 0; from < dps.size(); from += BATCH) {
      List<String> rendered =
          dps.subList(from, Math.min(dps.size(), from + BATCH)).parallelStream()
              .map(LogicalJson::render)
              .toList();
      for (int i = 0; i < rendered.size(); i++) {
        out.write(from + i == 0 ? "\n" : ",\n");
        out.write(rendered.get(i));
      }
    }
    out.write("\n]}");
    out.flush();
  }

  /** One datapath's object: its head, then one line per flow and per group. */
  private static String render(LogicalDatapath d) {
    StringWriter w = new StringWriter(256 * (d.flows().size() + 1));
    Map<Stage, String> stages = new IdentityHashMap<>();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.setPrettyPrinter(new LinePerElement());
      g.writeStartObject();
      g.writeStringField("datapath", d.datapath().toString());
      g.writeArrayFieldStart("flows");
      for (Flow f : d.flows()) {
        flow(g, f, stages);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("groups");
      for (Group x : d.groups()) {
        group(g, x);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    return w.toString();
  }

  private static void flow(JsonGenerator g, Flow f, Map<Stage, String> stages) throws IOException {
    g.writeStartObject();
    g.writeStringField("stage", stages.computeIfAbsent(f.stage(), Stage::toString));
    g.writeNumberField("priority", f.priority());
    g.writeStringField("match", f.match().toString());
    actions(g, f.actions());
    g.writeStringField("cookie", cookie(f.cookie()));
    g.writeStringField("provenance", f.provenance().toString());
    g.writeEndObject();
  }

  private static void group(JsonGenerator g, Group x) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", x.name());
    g.writeStringField("type", x.type().toString().toLowerCase(Locale.ROOT));
    g.writeArrayFieldStart("selectionFields");
    for (Object f : x.selectionFields()) {
      g.writeString(f.toString());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("buckets");
    for (Group.Bucket b : x.buckets()) {
      g.writeStartObject();
      g.writeNumberField("weight", b.weight());
      actions(g, b.actions());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("provenance", x.provenance().toString());
    g.writeEndObject();
  }

  private static void actions(JsonGenerator g, List<Action> actions) throws IOException {
    g.writeArrayFieldStart("actions");
    for (Action a : actions) {
      g.writeString(a.toString());
    }
    g.writeEndArray();
  }

  /** {@code 0x} and 16 lower-case hex digits, as {@code String.format("0x%016x", cookie)}. */
  static String cookie(long cookie) {
    String hex = Long.toHexString(cookie);
    return "0x" + "0".repeat(16 - hex.length()) + hex;
  }

  /**
   * Compact, except that the elements of a datapath's {@code flows} and {@code groups} arrays
   * each start a line.
   */
  private static final class LinePerElement extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    /** Whether the array being written is one of the datapath object's (depth 1 from the root). */
    private static boolean datapathArray(JsonGenerator g) {
      JsonStreamContext array = g.getOutputContext();
      JsonStreamContext owner = array.getParent();
      return owner != null && owner.getParent() != null && owner.getParent().inRoot();
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (datapathArray(g)) {
        g.writeRaw('\n');
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(datapathArray(g) ? ",\n" : ",");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (datapathArray(g) && nrOfValues > 0) {
        g.writeRaw('\n');
      }
      g.writeRaw(']');
    }
  }
}
