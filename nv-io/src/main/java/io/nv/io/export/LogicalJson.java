package io.nv.io.export;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.common.base.Throwables;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stage;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.model.ModelPath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
 * <p>Datapaths are rendered on the common fork-join pool while earlier ones are written, and
 * written in order: the bytes do not depend on the number of threads. Strings are escaped by
 * Jackson's {@link JsonStringEncoder}; the fixed shape of each line is assembled directly, and
 * the texts that many flows share (stage, action list, provenance, field test) are escaped once.
 */
public final class LogicalJson {
  /** Datapaths rendered ahead of the one being written: keeps every core busy, bounds memory. */
  private static final int AHEAD = 4 * Runtime.getRuntime().availableProcessors();

  private LogicalJson() {}

  /** The JSON document of {@code pipelines}. */
  public static String write(LogicalPipelines pipelines) {
    StringBuilder sb = new StringBuilder();
    try {
      write(pipelines, (Sink) sb::append);
    } catch (IOException e) {
      throw new IllegalStateException("a StringBuilder does not fail", e);
    }
    return sb.toString();
  }

  /**
   * Streams the JSON document of {@code pipelines} to {@code out} (the same characters as {@link
   * #write(LogicalPipelines)}, without holding the whole document in memory); {@code out} is
   * flushed, not closed.
   *
   * @throws IOException when {@code out} fails
   */
  public static void write(LogicalPipelines pipelines, Writer out) throws IOException {
    write(pipelines, (Sink) out::write);
    out.flush();
  }

  /**
   * Streams the JSON document of {@code pipelines} to {@code out} as UTF-8, the same bytes as
   * {@link #write(LogicalPipelines)} encoded; {@code out} is flushed, not closed. The fastest way
   * to a file or standard output: no {@link Writer} and no character encoder in the way (the
   * text is ASCII but for what ids and names hold, so encoding it is mostly a copy).
   *
   * @throws IOException when {@code out} fails
   */
  public static void write(LogicalPipelines pipelines, OutputStream out) throws IOException {
    write(pipelines, (Sink) text -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    out.flush();
  }

  /** Where the document's pieces go, in order. */
  @FunctionalInterface
  private interface Sink {
    void accept(String text) throws IOException;
  }

  private static void write(LogicalPipelines pipelines, Sink out) throws IOException {
    List<LogicalDatapath> dps = new ArrayList<>(pipelines.datapaths());
    dps.sort(Comparator.comparing(d -> d.datapath().toString()));
    out.accept("{\"flowCount\":" + pipelines.flowCount() + ",\"datapaths\":[");
    Deque<FutureTask<String>> ahead = new ArrayDeque<>();
    int next = 0;
    for (int i = 0; i < dps.size(); i++) {
      while (next < dps.size() && next < i + AHEAD) {
        LogicalDatapath d = dps.get(next++);
        FutureTask<String> task = new FutureTask<>(() -> render(d));
        ahead.add(task);
        ForkJoinPool.commonPool().execute(task);
      }
      out.accept(i == 0 ? "\n" : ",\n");
      out.accept(first(ahead));
    }
    out.accept("\n]}");
  }

  /**
   * The text of the first of {@code ahead}, which is taken off. The writer renders too instead of
   * waiting: while a worker renders the first, this thread renders the next ones no worker has
   * started (a {@link FutureTask} runs once, whoever runs it first).
   */
  private static String first(Deque<FutureTask<String>> ahead) throws IOException {
    FutureTask<String> head = ahead.remove();
    head.run();
    for (FutureTask<String> later : ahead) {
      if (head.isDone()) {
        break;
      }
      later.run();
    }
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the logical JSON");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      Throwables.throwIfUnchecked(cause);
      throw new IllegalStateException("rendering a datapath failed", cause);
    }
  }

  /** One datapath's object: its head, then one line per flow and per group. */
  private static String render(LogicalDatapath d) {
    StringBuilder sb = new StringBuilder(256 * (d.flows().size() + d.groups().size() + 1));
    Texts texts = new Texts();
    sb.append("{\"datapath\":").append(quoted(d.datapath().toString())).append(",\"flows\":[");
    for (int i = 0; i < d.flows().size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n");
      flow(sb, d.flows().get(i), texts);
    }
    sb.append(d.flows().isEmpty() ? "]" : "\n]").append(",\"groups\":[");
    for (int i = 0; i < d.groups().size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n");
      group(sb, d.groups().get(i));
    }
    return sb.append(d.groups().isEmpty() ? "]}" : "\n]}").toString();
  }

  private static void flow(StringBuilder sb, Flow f, Texts texts) {
    sb.append("{\"stage\":").append(texts.stages.computeIfAbsent(f.stage(), s -> quoted(s.toString())));
    sb.append(",\"priority\":").append(f.priority());
    sb.append(",\"match\":");
    texts.match(sb, f.match());
    sb.append(",\"actions\":").append(texts.actions.computeIfAbsent(f.actions(), LogicalJson::actionArray));
    sb.append(",\"cookie\":\"");
    cookie(sb, f.cookie());
    sb.append("\",\"provenance\":")
        .append(texts.provenance.computeIfAbsent(f.provenance(), p -> quoted(p.toString())))
        .append('}');
  }

  private static void group(StringBuilder sb, Group x) {
    sb.append("{\"name\":").append(quoted(x.name()));
    sb.append(",\"type\":").append(quoted(x.type().toString().toLowerCase(Locale.ROOT)));
    sb.append(",\"selectionFields\":[");
    for (int i = 0; i < x.selectionFields().size(); i++) {
      sb.append(i == 0 ? "" : ",").append(quoted(x.selectionFields().get(i).toString()));
    }
    sb.append("],\"buckets\":[");
    for (int i = 0; i < x.buckets().size(); i++) {
      Group.Bucket b = x.buckets().get(i);
      sb.append(i == 0 ? "" : ",").append("{\"weight\":").append(b.weight());
      sb.append(",\"actions\":").append(actionArray(b.actions())).append('}');
    }
    sb.append("],\"provenance\":").append(quoted(x.provenance().toString())).append('}');
  }

  /**
   * The JSON text of values that flows of a datapath share (the compiler hands the same stage,
   * action list, provenance and field test to many flows), escaped once per object.
   */
  private static final class Texts {
    final Map<Stage, String> stages = new IdentityHashMap<>();
    final Map<List<Action>, String> actions = new IdentityHashMap<>();
    final Map<ModelPath, String> provenance = new IdentityHashMap<>();
    final Map<FieldMatch, String> fields = new IdentityHashMap<>();

    /** Appends the match as a JSON string: its field tests as {@link FlowMatch#toString} joins them. */
    void match(StringBuilder sb, FlowMatch m) {
      if (m.size() == 0) {
        sb.append(quoted(m.toString()));
        return;
      }
      sb.append('"');
      for (int i = 0; i < m.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(fields.computeIfAbsent(m.field(i), f -> escaped(f.toString())));
      }
      sb.append('"');
    }
  }

  /** {@code s} escaped for a JSON string, without the quotes. */
  private static String escaped(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
      }
    }
    return s;
  }

  /** {@code s} as a JSON string. */
  private static String quoted(String s) {
    return '"' + escaped(s) + '"';
  }

  /** The JSON array of the actions' texts, written compactly. */
  private static String actionArray(List<Action> actions) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < actions.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(quoted(actions.get(i).toString()));
    }
    return sb.append(']').toString();
  }

  /** Appends {@code 0x} and 16 lower-case hex digits, as {@code String.format("0x%016x", cookie)}. */
  private static void cookie(StringBuilder sb, long cookie) {
    sb.append("0x");
    for (int shift = 60; shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((int) (cookie >>> shift) & 0xf, 16));
    }
  }
}
