package io.nv.ovn;

import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * One row the export inserts into an NB table: the table, the {@code uuid-name} other rows refer
 * to it by, and its columns (only those the export sets; every other column keeps the schema's
 * default).
 *
 * <pre>{@code
 * NbRow ls = export.row("Logical_Switch", "web").orElseThrow();
 * ls.uuidName();            // "ls_web"
 * ls.column("ports");       // Optional[SetOf[[Ref[lsp_web1], …]]]
 * }</pre>
 *
 * @param table the NB table, e.g. {@code Logical_Switch}
 * @param uuidName the row's uuid-name in the transaction, derived from nv ids
 * @param columns the columns set, in writing order
 */
public record NbRow(String table, String uuidName, ImmutableMap<String, NbValue> columns) {
  /** The value of {@code column}, if the export sets it. */
  public Optional<NbValue> column(String column) {
    return Optional.ofNullable(columns.get(column));
  }

  /** The string in column {@code column}, if it is a string atom. */
  public Optional<String> string(String column) {
    return column(column).filter(NbValue.Str.class::isInstance).map(v -> ((NbValue.Str) v).value());
  }

  /** The row's {@code name} column, for the tables that have one. */
  public Optional<String> name() {
    return string("name");
  }
}
