package io.nv.compiler.trace;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The tracer's connection tracking state: committed connections per zone. Immutable: tracing takes
 * a table and returns the updated one, so a test traces a SYN, then its reply with the table the
 * SYN left. Connections never expire and TCP flags play no part (docs/semantics.md).
 *
 * <pre>{@code
 * Trace syn = tracer.trace("app1", synPacket, ConntrackTable.empty());
 * Trace reply = tracer.trace("db1", replyPacket, syn.table());
 * syn.table().connections();   // what the SYN committed
 * }</pre>
 */
public final class ConntrackTable {
  private static final ConntrackTable EMPTY = new ConntrackTable(io.vavr.collection.HashMap.empty(), 0);

  /** What a tuple finds in a zone: the connection and whether the tuple is its reply direction. */
  record Hit(Connection connection, boolean reply) {}

  private record Key(int zone, FiveTuple tuple) {}

  private final io.vavr.collection.HashMap<Key, Hit> index;
  private final int size;

  private ConntrackTable(io.vavr.collection.HashMap<Key, Hit> index, int size) {
    this.index = index;
    this.size = size;
  }

  /** No connections. */
  public static ConntrackTable empty() {
    return EMPTY;
  }

  /** The connection {@code tuple} belongs to in {@code zone}, if any. */
  Optional<Hit> lookup(int zone, FiveTuple tuple) {
    return index.get(new Key(zone, tuple)).toJavaOptional();
  }

  /** This table with {@code c} committed (no change when its tuples are already known). */
  ConntrackTable commit(Connection c) {
    Key fwd = new Key(c.zone(), c.original());
    Key rev = new Key(c.zone(), c.reply());
    if (index.containsKey(fwd) || index.containsKey(rev)) {
      return this;
    }
    // A tuple that is its own reverse (a packet between one address and port and itself) is a
    // forward packet, as docs/semantics.md says: the forward entry is put last so it wins.
    io.vavr.collection.HashMap<Key, Hit> next =
        index.put(rev, new Hit(c, true)).put(fwd, new Hit(c, false));
    // A packet already translated (its tuple is the NATed forward one, as after the lb stage's
    // DNAT at the same port's egress) is a forward packet too, as the kernel keeps a packet's
    // conntrack entry through one pass (docs/semantics.md, Conntrack).
    Key translated = new Key(c.zone(), c.translated());
    if (!translated.equals(fwd) && !next.containsKey(translated)) {
      next = next.put(translated, new Hit(c, false));
    }
    return new ConntrackTable(next, size + 1);
  }

  /** The number of connections. */
  public int size() {
    return size;
  }

  /** Every connection, by zone, then original tuple text. */
  public ImmutableList<Connection> connections() {
    List<Connection> out = new ArrayList<>(size);
    for (io.vavr.Tuple2<Key, Hit> e : index) {
      if (!e._2.reply() && e._1.tuple().equals(e._2.connection().original())) {
        out.add(e._2.connection());
      }
    }
    out.sort(Comparator.comparingInt(Connection::zone).thenComparing(c -> c.original().toString()));
    return ImmutableList.copyOf(out);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConntrackTable t && t.index.equals(index);
  }

  @Override
  public int hashCode() {
    return index.hashCode();
  }

  @Override
  public String toString() {
    return "ConntrackTable" + connections();
  }
}
