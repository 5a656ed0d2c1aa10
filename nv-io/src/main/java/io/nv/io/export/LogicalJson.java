package io.nv.io.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.Group;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logical pipelines as JSON: datapaths sorted by name, each with its stages' flows (stage,
 * priority, match, actions, cookie, provenance) and its groups, in a stable order, so the same
 * topology always gives the same bytes.
 *
 * <pre>{@code
 * String json = LogicalJson.write(LogicalCompiler.compile(validated));
 * // {"datapaths":[{"datapath":"switch app","flows":[{"stage":"ingress port-security",…}]}]}
 * }</pre>
 */
public final class LogicalJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LogicalJson() {}

  /** The JSON document of {@code pipelines}. */
  public static String write(LogicalPipelines pipelines) {
    List<Object> dps = new ArrayList<>();
    pipelines.datapaths().stream()
        .sorted(Comparator.comparing(d -> d.datapath().toString()))
        .forEach(d -> dps.add(datapath(d)));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("flowCount", pipelines.flowCount());
    doc.put("datapaths", dps);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }

  private static Map<String, Object> datapath(LogicalDatapath d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("datapath", d.datapath().toString());
    m.put("flows", d.flows().stream().map(LogicalJson::flow).toList());
    m.put("groups", d.groups().stream().map(LogicalJson::group).toList());
    return m;
  }

  private static Map<String, Object> flow(Flow f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", f.stage().toString());
    m.put("priority", f.priority());
    m.put("match", f.match().toString());
    m.put("actions", actions(f.actions()));
    m.put("cookie", String.format("0x%016x", f.cookie()));
    m.put("provenance", f.provenance().toString());
    return m;
  }

  private static Map<String, Object> group(Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", g.name());
    m.put("type", g.type().toString().toLowerCase(java.util.Locale.ROOT));
    m.put("selectionFields", g.selectionFields().stream().map(Object::toString).toList());
    m.put("buckets", g.buckets().stream().map(b -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("weight", b.weight());
      x.put("actions", actions(b.actions()));
      return x;
    }).toList());
    m.put("provenance", g.provenance().toString());
    return m;
  }

  private static List<String> actions(List<Action> actions) {
    return actions.stream().map(Object::toString).toList();
  }
}
