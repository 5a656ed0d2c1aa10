package io.nv.ovn.internal;

import io.nv.ovn.NbRow;
import io.nv.ovn.NbValue;
import java.util.List;
import java.util.Map;

/**
 * Writes rows as a shell script of one {@code ovn-nbctl} transaction: a {@code --id=@name create
 * TABLE column=value…} command per row, values in the database-command syntax of {@code
 * ovn-nbctl(8)} ("Database Values"), each argument single-quoted for the shell. Creating the rows
 * with the generic command keeps them identical to the JSON transaction's.
 *
 * <pre>{@code
 * String sh = NbctlWriter.write(rows, notes);
 * // #!/bin/sh … ovn-nbctl "$@" \
 * //   -- --id=@ls_web create Logical_Switch 'name="web"' 'ports=[@lsp_web1]' \
 * }</pre>
 */
public final class NbctlWriter {
  private NbctlWriter() {}

  /** The script inserting {@code rows}; {@code notes} become comments at the top. */
  public static String write(List<NbRow> rows, List<String> notes) {
    StringBuilder sb = new StringBuilder();
    sb.append("#!/bin/sh\n")
        .append("# OVN northbound rows of an nv topology, for OVN 23.03 (NB schema 7.0.0).\n")
        .append("# The same rows as nv compile --format ovn-nb, in one ovn-nbctl transaction.\n")
        .append("# Run it with OVN_NB_DB naming an initialised database (ovn-nbctl init), or pass\n")
        .append("# ovn-nbctl's options as arguments: sh this.sh --db=unix:/run/ovn/ovnnb_db.sock\n");
    for (String n : notes) {
      sb.append("# approximation: ").append(n.replace('\n', ' ')).append('\n');
    }
    sb.append("set -e\n").append("ovn-nbctl \"$@\"");
    for (NbRow r : rows) {
      sb.append(" \\\n  -- --id=@").append(r.uuidName()).append(" create ").append(r.table());
      for (Map.Entry<String, NbValue> c : r.columns().entrySet()) {
        sb.append(' ').append(shell(c.getKey() + "=" + value(c.getValue())));
      }
    }
    return sb.append(" >/dev/null\n").toString();
  }

  /** {@code value} in ovn-nbctl's database syntax. */
  static String value(NbValue v) {
    if (v instanceof NbValue.Str s) {
      return quote(s.value());
    } else if (v instanceof NbValue.Int i) {
      return Long.toString(i.value());
    } else if (v instanceof NbValue.Bool b) {
      return Boolean.toString(b.value());
    } else if (v instanceof NbValue.Ref ref) {
      return "@" + ref.uuidName();
    } else if (v instanceof NbValue.SetOf set) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < set.members().size(); i++) {
        sb.append(i == 0 ? "" : ",").append(value(set.members().get(i)));
      }
      return sb.append(']').toString();
    }
    NbValue.MapOf map = (NbValue.MapOf) v;
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : map.entries().entrySet()) {
      sb.append(first ? "" : ",").append(quote(e.getKey())).append('=').append(quote(e.getValue()));
      first = false;
    }
    return sb.append('}').toString();
  }

  /** An OVSDB string literal: double quotes, with backslash, quote and control characters escaped. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** {@code s} single-quoted for a POSIX shell. */
  static String shell(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
