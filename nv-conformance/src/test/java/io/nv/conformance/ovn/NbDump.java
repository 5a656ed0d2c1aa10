package io.nv.conformance.ovn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The NB database's contents in a form that does not depend on UUIDs: every row of the tables an
 * export writes, printed with its columns sorted and each reference replaced by the referenced
 * row's own form, the rows sorted. Two loads of the same rows, by any client, print the same.
 *
 * <pre>{@code
 * List<String> rows = NbDump.of(sandbox);
 * // [ACL{action=allow-related, direction=to-lport, …}, Logical_Switch{acls=[…], name=web, …}, …]
 * }</pre>
 */
final class NbDump {
  static final List<String> TABLES =
      List.of(
          "Logical_Switch", "Logical_Switch_Port", "ACL", "Port_Group", "Address_Set", "Load_Balancer",
          "Logical_Router", "Logical_Router_Port", "Logical_Router_Static_Route",
          "Logical_Router_Policy", "NAT", "Gateway_Chassis", "Static_MAC_Binding");

  /** Columns ovn-northd writes back into NB: not part of what a client loads. */
  private static final Set<String> NORTHD_COLUMNS = Set.of("_uuid", "_version", "up", "tag", "dynamic_addresses");

  private NbDump() {}

  static List<String> of(OvnSandbox ovn) {
    StringBuilder tx = new StringBuilder("[\"OVN_Northbound\"");
    for (String t : TABLES) {
      tx.append(",{\"op\":\"select\",\"table\":\"").append(t).append("\",\"where\":[]}");
    }
    String reply = ovn.transact(tx.append(']').toString());
    JsonNode results;
    try {
      results = new ObjectMapper().readTree(reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, JsonNode> byUuid = new HashMap<>();
    Map<String, String> tableOf = new HashMap<>();
    for (int i = 0; i < TABLES.size(); i++) {
      for (JsonNode row : results.get(i).get("rows")) {
        String uuid = row.get("_uuid").get(1).asText();
        byUuid.put(uuid, row);
        tableOf.put(uuid, TABLES.get(i));
      }
    }
    List<String> out = new ArrayList<>();
    Map<String, String> memo = new HashMap<>();
    for (String uuid : byUuid.keySet()) {
      out.add(row(uuid, byUuid, tableOf, memo));
    }
    out.sort(null);
    return out;
  }

  private static String row(
      String uuid, Map<String, JsonNode> rows, Map<String, String> tables, Map<String, String> memo) {
    String done = memo.get(uuid);
    if (done != null) {
      return done;
    }
    JsonNode row = rows.get(uuid);
    if (row == null) {
      return "<uuid outside the dumped tables>";
    }
    TreeMap<String, String> columns = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = row.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> c = it.next();
      if (!NORTHD_COLUMNS.contains(c.getKey())) {
        String v = value(c.getValue(), rows, tables, memo);
        if (!v.equals("[]") && !v.equals("{}")) {
          columns.put(c.getKey(), v);
        }
      }
    }
    String s = tables.get(uuid) + columns;
    memo.put(uuid, s);
    return s;
  }

  private static String value(
      JsonNode v, Map<String, JsonNode> rows, Map<String, String> tables, Map<String, String> memo) {
    if (v.isArray() && v.size() == 2 && v.get(0).isTextual()) {
      String tag = v.get(0).asText();
      if (tag.equals("uuid")) {
        return "(" + row(v.get(1).asText(), rows, tables, memo) + ")";
      }
      if (tag.equals("set")) {
        List<String> members = new ArrayList<>();
        v.get(1).forEach(m -> members.add(value(m, rows, tables, memo)));
        members.sort(null);
        return members.toString();
      }
      if (tag.equals("map")) {
        TreeMap<String, String> m = new TreeMap<>();
        v.get(1).forEach(p -> m.put(value(p.get(0), rows, tables, memo), value(p.get(1), rows, tables, memo)));
        return m.toString();
      }
    }
    return v.isTextual() ? v.asText() : v.toString();
  }
}
