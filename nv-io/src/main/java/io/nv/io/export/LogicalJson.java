package io.nv.io.export;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
 * <p>Datapaths are rendered on the common fork-join pool, and by the writing thread when it would
 * otherwise wait, while earlier ones are written; they are written in order, so the bytes do not
 * depend on the number of threads. Each datapath is rendered into UTF-8 bytes at once. Strings are
 * escaped as Jackson's {@link JsonStringEncoder} escapes them (printable ASCII directly, anything
 * else by the encoder itself); the fixed shape of each line is assembled directly, and the texts
 * that many flows share (stage, action list, provenance, field test) are written into one reused
 * builder, then escaped and encoded once.
 */
public final class LogicalJson {
  /** Datapaths rendered ahead of the one being written: keeps every core busy, bounds memory. */
  private static final int AHEAD = 4 * Runtime.getRuntime().availableProcessors();

  /** Room made for each line at first: most flows' lines are shorter. */
  private static final int BYTES_PER_LINE = 320;

  /** The fixed pieces of the document, as UTF-8. */
  private static final byte[] NEWLINE = utf8("\n");
  private static final byte[] COMMA_NEWLINE = utf8(",\n");
  private static final byte[] TAIL = utf8("\n]}");
  private static final byte[] FLOWS = utf8(",\"flows\":[");
  private static final byte[] GROUPS = utf8(",\"groups\":[");
  private static final byte[] STAGE = utf8("{\"stage\":");
  private static final byte[] PRIORITY = utf8(",\"priority\":");
  private static final byte[] MATCH = utf8(",\"match\":");
  private static final byte[] ACTIONS = utf8(",\"actions\":");
  private static final byte[] COOKIE = utf8(",\"cookie\":\"0x");
  private static final byte[] PROVENANCE = utf8("\",\"provenance\":");
  private static final byte[] FIELD_SEPARATOR = utf8(", ");
  private static final byte[] HEX = utf8("0123456789abcdef");
  private static final byte[] DATAPATH = utf8("{\"datapath\":");
  private static final byte[] NO_FLOWS_END = utf8("]");
  private static final byte[] FLOWS_END = utf8("\n]");
  private static final byte[] NO_GROUPS_END = utf8("]}");
  private static final byte[] GROUPS_END = utf8("\n]}");
  private static final byte[] GROUP_NAME = utf8("{\"name\":");
  private static final byte[] GROUP_TYPE = utf8(",\"type\":");
  private static final byte[] SELECTION_FIELDS = utf8(",\"selectionFields\":[");
  private static final byte[] BUCKETS = utf8("],\"buckets\":[");
  private static final byte[] WEIGHT = utf8("{\"weight\":");
  private static final byte[] GROUP_PROVENANCE = utf8("],\"provenance\":");

  private LogicalJson() {}

  /** The JSON document of {@code pipelines}. */
  public static String write(LogicalPipelines pipelines) {
    StringBuilder sb = new StringBuilder();
    try {
      write(pipelines, (bytes, length) -> sb.append(new String(bytes, 0, length, UTF_8)));
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
    write(pipelines, (bytes, length) -> out.write(new String(bytes, 0, length, UTF_8)));
    out.flush();
  }

  /**
   * Streams the JSON document of {@code pipelines} to {@code out} as UTF-8, the same bytes as
   * {@link #write(LogicalPipelines)} encoded; {@code out} is flushed, not closed. The fastest way
   * to a file or standard output: each datapath is rendered straight into bytes, which go to
   * {@code out} as they are, with no characters, {@link Writer} or encoder in the way.
   *
   * @throws IOException when {@code out} fails
   */
  public static void write(LogicalPipelines pipelines, OutputStream out) throws IOException {
    write(pipelines, (bytes, length) -> out.write(bytes, 0, length));
    out.flush();
  }

  /** Where the document's pieces go, in order: the first {@code length} of {@code bytes}. */
  @FunctionalInterface
  private interface Sink {
    void accept(byte[] bytes, int length) throws IOException;
  }

  private static void write(LogicalPipelines pipelines, Sink out) throws IOException {
    List<LogicalDatapath> dps = new ArrayList<>(pipelines.datapaths());
    dps.sort(Comparator.comparing(d -> d.datapath().toString()));
    byte[] head = utf8("{\"flowCount\":" + pipelines.flowCount() + ",\"datapaths\":[");
    out.accept(head, head.length);
    Deque<FutureTask<Bytes>> ahead = new ArrayDeque<>();
    Spares spares = new Spares();
    int next = 0;
    for (int i = 0; i < dps.size(); i++) {
      while (next < dps.size() && next < i + AHEAD) {
        LogicalDatapath d = dps.get(next++);
        FutureTask<Bytes> task = new FutureTask<>(() -> render(d, spares));
        ahead.add(task);
        ForkJoinPool.commonPool().execute(task);
      }
      byte[] between = i == 0 ? NEWLINE : COMMA_NEWLINE;
      out.accept(between, between.length);
      Bytes b = first(ahead);
      out.accept(b.bytes, b.length);
      spares.give(b.bytes);
    }
    out.accept(TAIL, TAIL.length);
  }

  /**
   * The bytes of the first of {@code ahead}, which is taken off. The writer renders too instead of
   * waiting: while a worker renders the first, this thread renders the next ones no worker has
   * started (a {@link FutureTask} runs once, whoever runs it first).
   */
  private static Bytes first(Deque<FutureTask<Bytes>> ahead) throws IOException {
    FutureTask<Bytes> head = ahead.remove();
    head.run();
    for (FutureTask<Bytes> later : ahead) {
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
  private static Bytes render(LogicalDatapath d, Spares spares) {
    Bytes out = new Bytes(spares.take(BYTES_PER_LINE * (d.flows().size() + d.groups().size() + 1)));
    Texts texts = new Texts(d.flows().size());
    texts.addQuoted(out.add(DATAPATH), d.datapath().toString()).add(FLOWS);
    for (int i = 0; i < d.flows().size(); i++) {
      out.add(i == 0 ? NEWLINE : COMMA_NEWLINE);
      flow(out, d.flows().get(i), texts);
    }
    out.add(d.flows().isEmpty() ? NO_FLOWS_END : FLOWS_END).add(GROUPS);
    for (int i = 0; i < d.groups().size(); i++) {
      out.add(i == 0 ? NEWLINE : COMMA_NEWLINE);
      group(out, d.groups().get(i), texts);
    }
    return out.add(d.groups().isEmpty() ? NO_GROUPS_END : GROUPS_END);
  }

  private static void flow(Bytes out, Flow f, Texts texts) {
    out.add(STAGE).add(texts.stages.text(f.stage()));
    out.add(PRIORITY).addDecimal(f.priority());
    out.add(MATCH);
    texts.match(out, f.match());
    out.add(ACTIONS).add(texts.actions.text(f.actions()));
    out.add(COOKIE).addHex(f.cookie());
    out.add(PROVENANCE).add(texts.provenance.text(f.provenance())).add('}');
  }

  private static void group(Bytes out, Group x, Texts texts) {
    texts.addQuoted(out.add(GROUP_NAME), x.name());
    texts.addQuoted(out.add(GROUP_TYPE), x.type().toString().toLowerCase(Locale.ROOT));
    out.add(SELECTION_FIELDS);
    for (int i = 0; i < x.selectionFields().size(); i++) {
      if (i > 0) {
        out.add(',');
      }
      texts.addQuoted(out, x.selectionFields().get(i).toString());
    }
    out.add(BUCKETS);
    for (int i = 0; i < x.buckets().size(); i++) {
      Group.Bucket b = x.buckets().get(i);
      if (i > 0) {
        out.add(',');
      }
      out.add(WEIGHT).addDecimal(b.weight()).add(ACTIONS);
      addActionArray(out, texts.chars, b.actions()).add('}');
    }
    texts.addQuoted(out.add(GROUP_PROVENANCE), x.provenance().toString()).add('}');
  }

  /**
   * A datapath's rendering: the first {@code length} of {@code bytes}, UTF-8. Handed to the writer
   * as it is, so the document is never copied on its way out.
   */
  private static final class Bytes {
    byte[] bytes;
    int length;
    /** Where a text's characters are read from while it is escaped. */
    private char[] chars = new char[0];

    Bytes(byte[] room) {
      bytes = room;
    }

    Bytes add(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
      return this;
    }

    Bytes add(char ascii) {
      room(1);
      bytes[length++] = (byte) ascii;
      return this;
    }

    /** {@code v} in decimal, as {@link StringBuilder#append(int)} writes it. */
    Bytes addDecimal(int v) {
      if (v < 0) {
        return add(utf8(Integer.toString(v)));
      }
      int digits = 1;
      for (int rest = v / 10; rest > 0; rest /= 10) {
        digits++;
      }
      room(digits);
      for (int i = length + digits - 1, rest = v; i >= length; i--, rest /= 10) {
        bytes[i] = (byte) ('0' + rest % 10);
      }
      length += digits;
      return this;
    }

    /** 16 lower-case hex digits, as {@code String.format("%016x", v)}. */
    Bytes addHex(long v) {
      room(16);
      for (int shift = 60; shift >= 0; shift -= 4) {
        bytes[length++] = HEX[(int) (v >>> shift) & 0xf];
      }
      return this;
    }

    /**
     * The builder's text escaped for a JSON string (without the quotes), in UTF-8: printable ASCII
     * is copied as it is, with a backslash before each quote and backslash (as Jackson escapes
     * them); a text with anything else takes the way every other string of the document takes
     * ({@link #escaped}, then {@link #utf8}).
     */
    Bytes addEscaped(StringBuilder s) {
      s.getChars(0, s.length(), chars(s.length()), 0);
      return addEscaped(s.length());
    }

    /** Room for {@code n} characters to be escaped. */
    private char[] chars(int n) {
      if (chars.length < n) {
        chars = new char[Math.max(n, 2 * chars.length)];
      }
      return chars;
    }

    /**
     * Adds the first {@code n} of {@link #chars}, escaped. They are read from an array, not through
     * {@link CharSequence#charAt}: code the quick compiler made calls an interface method per
     * character, and a large document escapes millions of them.
     */
    private Bytes addEscaped(int n) {
      char[] c = chars;
      room(n);
      int at = length;
      for (int i = 0; i < n; i++) {
        char ch = c[i];
        if (ch < 0x20 || ch >= 0x80) {
          return add(utf8(escaped(new String(c, 0, n))));
        }
        if (ch == '"' || ch == '\\') {
          room(at - length + n - i + 1);
          bytes[at++] = '\\';
        }
        bytes[at++] = (byte) ch;
      }
      length = at;
      return this;
    }

    /** Empties it, keeping its room. */
    Bytes clear() {
      length = 0;
      return this;
    }

    /** A copy of exactly the bytes added. */
    byte[] copy() {
      return Arrays.copyOf(bytes, length);
    }

    private void room(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
      }
    }
  }

  /**
   * Arrays the writer is done with, for the next datapaths to render into: a document of 30 MB is
   * rendered into a few arrays, not into 30 MB of fresh memory that the JVM zeroes and a cold
   * process's kernel maps page by page.
   */
  private static final class Spares {
    private final Deque<byte[]> spare = new ArrayDeque<>();

    /** An array of at least {@code size} bytes, not necessarily zeroed (renders overwrite). */
    synchronized byte[] take(int size) {
      byte[] b = spare.pollLast();
      return b != null && b.length >= size ? b : new byte[size];
    }

    /** Takes {@code b} back, once written; keeps no more than the writer renders ahead. */
    synchronized void give(byte[] b) {
      if (spare.size() < AHEAD) {
        spare.addLast(b);
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  /**
   * The JSON text of values that flows of a datapath share (the compiler hands the same stage,
   * action list, provenance and field test to many flows), escaped once per object. Flows come in
   * stage order, a port's flows together, so a flow mostly shares them with the flow before it: the
   * last object of each kind (and the last field test at each place of a match) is compared first,
   * which saves the identity hash of a map lookup (a call into the JVM from code the quick compiler
   * made).
   */
  private static final class Texts {
    /**
     * Where a text is assembled before its memo keeps a copy of exactly its length: one array per
     * text, with no string, builder or escaped copy on the way.
     */
    private final Bytes scratch = new Bytes(new byte[BYTES_PER_LINE]);
    /** Where a field test's or provenance's text is written before it is escaped and encoded. */
    private final StringBuilder chars = new StringBuilder(BYTES_PER_LINE);
    final Memo<Stage> stages = new Memo<>(s -> quotedText(chars().append(s.toString())), 32);
    final Memo<List<Action>> actions;
    final Memo<ModelPath> provenance;
    final Memo<FieldMatch> fields;
    /** The field test last seen at each of a match's first places, and its text. */
    final FieldMatch[] lastFields = new FieldMatch[PLACES];
    final byte[][] lastFieldTexts = new byte[PLACES][];

    /**
     * Room for the texts of a datapath of {@code flows} flows (a third as many of each kind). Field
     * tests are looked up by identity too: ovn-like(100, 50, 100) has 106,000 of them and 53,500
     * values, but looking them up by value made a warm write slower, not faster.
     */
    Texts(int flows) {
      actions = new Memo<>(this::actionText, flows / 3);
      provenance = new Memo<>(p -> quotedText(p.appendTo(chars())), flows / 3);
      fields = new Memo<>(f -> scratch.clear().addEscaped(f.appendTo(chars())).copy(), flows);
    }

    /** The emptied builder. */
    private StringBuilder chars() {
      chars.setLength(0);
      return chars;
    }

    /** Adds {@code s} to {@code out} as a JSON string, for the texts no memo keeps. */
    Bytes addQuoted(Bytes out, String s) {
      return out.add('"').addEscaped(chars().append(s)).add('"');
    }

    /** The builder's text as a JSON string, in UTF-8. */
    private byte[] quotedText(StringBuilder s) {
      return scratch.clear().add('"').addEscaped(s).add('"').copy();
    }

    /** The JSON array of the actions' texts, in UTF-8. */
    private byte[] actionText(List<Action> actions) {
      return addActionArray(scratch.clear(), chars, actions).copy();
    }

    /** Adds the match as a JSON string: its field tests as {@link FlowMatch#toString} joins them. */
    void match(Bytes out, FlowMatch m) {
      if (m.size() == 0) {
        addQuoted(out, m.toString());
        return;
      }
      out.add('"');
      for (int i = 0; i < m.size(); i++) {
        if (i > 0) {
          out.add(FIELD_SEPARATOR);
        }
        FieldMatch f = m.field(i);
        if (i >= PLACES) {
          out.add(fields.text(f));
        } else {
          if (f != lastFields[i]) {
            lastFields[i] = f;
            lastFieldTexts[i] = fields.text(f);
          }
          out.add(lastFieldTexts[i]);
        }
      }
      out.add('"');
    }
  }

  /** A match's places whose last field test {@link Texts} keeps. */
  private static final int PLACES = 8;

  /** Texts by object identity, the last one looked up kept in front. */
  private static final class Memo<K> {
    private final Map<K, byte[]> byObject;
    private final Function<K, byte[]> make;
    private @Nullable K last;
    private byte[] lastText = new byte[0];

    Memo(Function<K, byte[]> make, int expected) {
      this.byObject = new IdentityHashMap<>(expected);
      this.make = make;
    }

    byte[] text(K key) {
      if (key != last) {
        lastText = byObject.computeIfAbsent(key, make);
        last = key;
      }
      return lastText;
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


  /**
   * Adds the JSON array of the actions' texts, written compactly, to {@code b}; each text is written
   * into {@code chars} first, and escaped and encoded from there.
   */
  private static Bytes addActionArray(Bytes b, StringBuilder chars, List<Action> actions) {
    b.add('[');
    for (int i = 0; i < actions.size(); i++) {
      if (i > 0) {
        b.add(',');
      }
      chars.setLength(0);
      b.add('"').addEscaped(actions.get(i).appendTo(chars)).add('"');
    }
    return b.add(']');
  }
}
