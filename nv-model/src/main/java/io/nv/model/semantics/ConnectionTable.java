package io.nv.model.semantics;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.MultimapBuilder;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The conntrack state of a topology: the connections committed in each zone. Immutable;
 * evaluating a packet takes a table and returns the updated one, so a test sends a SYN and then
 * its reply with the table the SYN left.
 *
 * <pre>{@code
 * Evaluation syn = semantics.evaluate("app1", toDb, ConnectionTable.EMPTY);
 * Evaluation ack = semantics.evaluate("db1", reply, syn.table());
 * syn.table().inZone("db1");   // [zone db1: 10.0.2.21:40000 > 10.0.3.31:5432 tcp]
 * }</pre>
 *
 * <p>A packet <em>belongs</em> to a connection of its zone as a forward packet when its tuple is the
 * connection's original or translated tuple, and as a reply when it is the reverse of the
 * translated tuple (see {@link FiveTuple#reverse()}).
 */
public final class ConnectionTable {
  /** No connections. */
  public static final ConnectionTable EMPTY = new ConnectionTable(ImmutableListMultimap.of());

  private final ImmutableListMultimap<String, Connection> byZone;

  private ConnectionTable(ImmutableListMultimap<String, Connection> byZone) {
    this.byZone = byZone;
  }

  /**
   * How a packet belongs to a connection.
   *
   * <pre>{@code
   * table.find("app1", FiveTuple.of(reply).orElseThrow())
   *     .filter(ConnectionTable.Hit::reply);   // present: a reply to app1's connection
   * }</pre>
   *
   * @param connection the connection
   * @param reply true for the reply direction, false for the original one
   */
  public record Hit(Connection connection, boolean reply) {}

  /** Every connection, zone by zone in the order zones were first used, oldest first. */
  public ImmutableList<Connection> connections() {
    return ImmutableList.copyOf(byZone.values());
  }

  /** The connections of {@code zone}, oldest first. */
  public ImmutableList<Connection> inZone(String zone) {
    return byZone.get(zone);
  }

  /** The number of connections. */
  public int size() {
    return byZone.size();
  }

  /** True without connections. */
  public boolean isEmpty() {
    return byZone.isEmpty();
  }

  /** The connection of {@code zone} that a packet with {@code tuple} belongs to, if any. */
  public Optional<Hit> find(String zone, FiveTuple tuple) {
    return Optional.ofNullable(find(byZone.get(zone), tuple));
  }

  /**
   * This table with {@code connection} added; it replaces a connection of the same zone with the
   * same original tuple (so recording NAT on a committed connection keeps one entry).
   */
  public ConnectionTable with(Connection connection) {
    Editor e = edit();
    e.put(connection);
    return e.freeze();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConnectionTable t && t.byZone.equals(byZone);
  }

  @Override
  public int hashCode() {
    return byZone.hashCode();
  }

  @Override
  public String toString() {
    return "ConnectionTable" + connections();
  }

  static @Nullable Hit find(List<Connection> zone, FiveTuple tuple) {
    for (Connection c : zone) {
      if (tuple.equals(c.original()) || tuple.equals(c.translated())) {
        return new Hit(c, false);
      }
    }
    for (Connection c : zone) {
      if (tuple.equals(c.translated().reverse())) {
        return new Hit(c, true);
      }
    }
    return null;
  }

  /** A mutable copy, so one evaluation commits in O(1) however many copies a flood makes. */
  Editor edit() {
    return new Editor(byZone);
  }

  /** The working table of one evaluation. */
  static final class Editor {
    private final ListMultimap<String, Connection> zones =
        MultimapBuilder.linkedHashKeys().arrayListValues().build();

    private Editor(ImmutableListMultimap<String, Connection> from) {
      zones.putAll(from);
    }

    @Nullable Hit find(String zone, FiveTuple tuple) {
      return ConnectionTable.find(zones.get(zone), tuple);
    }

    void put(Connection connection) {
      List<Connection> zone = zones.get(connection.zone());
      for (int i = 0; i < zone.size(); i++) {
        if (zone.get(i).original().equals(connection.original())) {
          zone.set(i, connection);
          return;
        }
      }
      zone.add(connection);
    }

    ConnectionTable freeze() {
      return new ConnectionTable(ImmutableListMultimap.copyOf(zones));
    }
  }
}
