package io.nv.ovn;

import com.google.common.collect.ImmutableList;
import io.nv.ovn.internal.NbctlWriter;
import io.nv.ovn.internal.TransactionWriter;
import java.util.Optional;

/**
 * A topology exported to OVN's northbound database: the rows to insert, in insertion order, and
 * the notes of any {@link Approximation} made. Write it as the argument of {@code ovsdb-client
 * transact} ({@link #transaction()}) or as an {@code ovn-nbctl} script ({@link #nbctlScript()});
 * both insert the same rows. The same topology always gives byte-identical texts.
 *
 * <pre>{@code
 * NorthboundExport nb = OvnExporter.export(valid).get();
 * Files.writeString(Path.of("three-tier.json"), nb.transaction());
 * // ovsdb-client transact unix:nb.sock "$(cat three-tier.json)"
 * nb.row("Logical_Switch", "web").orElseThrow().column("ports");
 * }</pre>
 *
 * <p>The export inserts no {@code NB_Global} row: the target database is initialised already
 * ({@code ovn-nbctl init}), and holds nothing else the topology names.
 */
public final class NorthboundExport {
  private final ImmutableList<NbRow> rows;
  private final ImmutableList<String> notes;

  /**
   * An export of {@code rows}, with the {@code notes} of the approximations made.
   *
   * @throws IllegalArgumentException when two rows share a uuid-name
   */
  public NorthboundExport(ImmutableList<NbRow> rows, ImmutableList<String> notes) {
    long distinct = rows.stream().map(NbRow::uuidName).distinct().count();
    if (distinct != rows.size()) {
      throw new IllegalArgumentException("uuid-names must be unique within one transaction");
    }
    this.rows = rows;
    this.notes = notes;
  }

  /** Every row, in insertion order (referenced rows first). */
  public ImmutableList<NbRow> rows() {
    return rows;
  }

  /** The rows of {@code table}, in insertion order. */
  public ImmutableList<NbRow> rows(String table) {
    return rows.stream().filter(r -> r.table().equals(table)).collect(ImmutableList.toImmutableList());
  }

  /** The row of {@code table} whose {@code name} column is {@code name}. */
  public Optional<NbRow> row(String table, String name) {
    return rows.stream()
        .filter(r -> r.table().equals(table) && r.name().filter(name::equals).isPresent())
        .findFirst();
  }

  /** The row inserted with uuid-name {@code uuidName}. */
  public Optional<NbRow> rowByUuidName(String uuidName) {
    return rows.stream().filter(r -> r.uuidName().equals(uuidName)).findFirst();
  }

  /**
   * One line for each element exported through an {@link Approximation}, naming its model path;
   * empty for an exact export.
   */
  public ImmutableList<String> notes() {
    return notes;
  }

  /**
   * The transaction as RFC 7047 JSON, exactly the argument of {@code ovsdb-client transact}: {@code
   * ["OVN_Northbound", {"op":"insert",…}, …]}, one operation a line, ending with a newline.
   */
  public String transaction() {
    return TransactionWriter.write(rows);
  }

  /**
   * A POSIX shell script that inserts the same rows with one {@code ovn-nbctl} transaction (run it
   * with {@code OVN_NB_DB} naming the database). Meant for small topologies that people read; for
   * thousands of rows use {@link #transaction()}, which loads much faster.
   */
  public String nbctlScript() {
    return NbctlWriter.write(rows, notes);
  }
}
