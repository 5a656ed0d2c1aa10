package io.nv.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Datapath;
import io.nv.compiler.flow.Flow;
import io.nv.compiler.flow.FlowMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Group;
import io.nv.compiler.flow.Stages;
import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalDatapath;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.io.DocumentCheck;
import io.nv.io.TopologyDocuments;
import io.nv.model.ModelPath;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.model.workload.OvnLike;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The logical JSON, read back by Jackson's own parser, says what the pipelines hold, field by
 * field; and its three forms (string, characters, UTF-8 bytes) are the same document.
 */
class LogicalJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("..", "examples", "topologies"))
        .filter(p -> p.toString().endsWith(".yaml"))
        .sorted();
  }

  private static LogicalPipelines compile(Path example) {
    DocumentCheck c = TopologyDocuments.readAndValidate(example);
    assertThat(c.errors()).isEmpty();
    return LogicalCompiler.compile(c.validated().orElseThrow());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void jacksonReadsBackEveryFlowAndGroupAsThePipelinesHoldThem(Path example) throws IOException {
    LogicalPipelines p = compile(example);
    JsonNode doc = MAPPER.readTree(LogicalJson.write(p));
    assertThat(doc.get("flowCount").asInt()).isEqualTo(p.flowCount());
    List<LogicalDatapath> dps = new ArrayList<>(p.datapaths());
    dps.sort(Comparator.comparing(d -> d.datapath().toString()));
    assertThat(doc.get("datapaths")).hasSize(dps.size());
    for (int i = 0; i < dps.size(); i++) {
      LogicalDatapath d = dps.get(i);
      JsonNode dp = doc.get("datapaths").get(i);
      assertThat(dp.get("datapath").asText()).isEqualTo(d.datapath().toString());
      assertThat(dp.get("flows")).hasSize(d.flows().size());
      for (int j = 0; j < d.flows().size(); j++) {
        Flow f = d.flows().get(j);
        JsonNode n = dp.get("flows").get(j);
        assertThat(n.get("stage").asText()).isEqualTo(f.stage().toString());
        assertThat(n.get("priority").asInt()).isEqualTo(f.priority());
        assertThat(n.get("match").asText()).isEqualTo(f.match().toString());
        assertThat(texts(n.get("actions"))).isEqualTo(f.actions().stream().map(Action::toString).toList());
        assertThat(n.get("cookie").asText()).isEqualTo(String.format("0x%016x", f.cookie()));
        assertThat(n.get("provenance").asText()).isEqualTo(f.provenance().toString());
      }
      assertThat(dp.get("groups")).hasSize(d.groups().size());
      for (int j = 0; j < d.groups().size(); j++) {
        Group g = d.groups().get(j);
        JsonNode n = dp.get("groups").get(j);
        assertThat(n.get("name").asText()).isEqualTo(g.name());
        assertThat(n.get("type").asText()).isEqualTo(g.type().toString().toLowerCase(Locale.ROOT));
        assertThat(texts(n.get("selectionFields")))
            .isEqualTo(g.selectionFields().stream().map(Object::toString).toList());
        assertThat(n.get("buckets")).hasSize(g.buckets().size());
        for (int k = 0; k < g.buckets().size(); k++) {
          assertThat(n.get("buckets").get(k).get("weight").asInt()).isEqualTo(g.buckets().get(k).weight());
          assertThat(texts(n.get("buckets").get(k).get("actions")))
              .isEqualTo(g.buckets().get(k).actions().stream().map(Action::toString).toList());
        }
        assertThat(n.get("provenance").asText()).isEqualTo(g.provenance().toString());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theStringTheCharactersAndTheBytesAreOneDocumentWithALinePerFlowAndGroup(Path example)
      throws IOException {
    LogicalPipelines p = compile(example);
    String text = LogicalJson.write(p);
    StringWriter chars = new StringWriter();
    LogicalJson.write(p, chars);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogicalJson.write(p, bytes);
    assertThat(chars.toString()).isEqualTo(text);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    int groups = p.datapaths().stream().mapToInt(d -> d.groups().size()).sum();
    // The head line, a line per datapath head, flow and group, the closing line of each
    // datapath's two arrays (when not empty) and the document's closing line.
    long closing = p.datapaths().stream()
        .mapToLong(d -> (d.flows().isEmpty() ? 0 : 1) + (d.groups().isEmpty() ? 0 : 1))
        .sum();
    assertThat(text.lines().count())
        .isEqualTo(1 + p.datapaths().size() + p.flowCount() + groups + closing + 1);
  }

  /**
   * A topology of more datapaths than the writer renders ahead, so later datapaths render into
   * arrays written earlier ones came in: every flow still reads back as compiled, and the three
   * forms agree.
   */
  @Test
  void datapathsRenderedIntoReusedArraysReadBackAsCompiled() throws IOException {
    Validation<Seq<ModelError>, ValidatedTopology> v =
        Validator.validate(OvnLike.topology(40, 7, 5));
    assertThat(v.isValid()).isTrue();
    LogicalPipelines p = LogicalCompiler.compileParallel(v.get());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogicalJson.write(p, bytes);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(LogicalJson.write(p));
    JsonNode doc = MAPPER.readTree(text);
    List<LogicalDatapath> dps = new ArrayList<>(p.datapaths());
    dps.sort(Comparator.comparing(d -> d.datapath().toString()));
    assertThat(dps).hasSizeGreaterThan(4 * Runtime.getRuntime().availableProcessors() + 1);
    assertThat(doc.get("datapaths")).hasSize(dps.size());
    for (int i = 0; i < dps.size(); i++) {
      JsonNode flows = doc.get("datapaths").get(i).get("flows");
      assertThat(doc.get("datapaths").get(i).get("datapath").asText())
          .isEqualTo(dps.get(i).datapath().toString());
      assertThat(flows).hasSize(dps.get(i).flows().size());
      for (int j = 0; j < flows.size(); j++) {
        Flow f = dps.get(i).flows().get(j);
        assertThat(flows.get(j).get("match").asText()).isEqualTo(f.match().toString());
        assertThat(texts(flows.get(j).get("actions")))
            .isEqualTo(f.actions().stream().map(Action::toString).toList());
        assertThat(flows.get(j).get("provenance").asText()).isEqualTo(f.provenance().toString());
      }
    }
  }

  /**
   * Names with quotes, backslashes, control characters, accents and a character outside the
   * basic plane: each text reads back as the flow's, and the three forms agree (texts of plain
   * ASCII are copied as they are; the others are escaped and encoded).
   */
  @Test
  void textsThatNeedEscapingOrEncodingReadBackAsTheFlowsHoldThem() throws IOException {
    // Also: texts longer than a line's first room, escaped all along (the room grows mid-text),
    // and a quote escaped before a character that sends the whole text the encoder's way.
    List<String> names = List.of("plain", "qu\"ote", "back\\slash", "tab\there", "bell\u0007", "caf\u00e9",
        "smile\ud83d\ude00", "\u4e2d\u6587", "\"".repeat(400), "long-" + "x\\".repeat(300),
        "qu\"ote-then-caf\u00e9");
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      flows.add(Flow.of(Stages.SWITCH_IN_L2_LOOKUP, 1000 - i, FlowMatch.of(FlowMatches.outport(n)),
          List.of(new Action.Output(n)), ModelPath.of("port", n)));
    }
    LogicalDatapath d = LogicalDatapath.of(Datapath.ofSwitch("sw \"\u00e9\""), List.of(), flows, List.of());
    LogicalPipelines p = LogicalPipelines.of(List.of(d));
    String text = LogicalJson.write(p);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogicalJson.write(p, bytes);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    JsonNode dp = MAPPER.readTree(bytes.toByteArray()).get("datapaths").get(0);
    assertThat(dp.get("datapath").asText()).isEqualTo(d.datapath().toString());
    for (int i = 0; i < flows.size(); i++) {
      JsonNode f = dp.get("flows").get(i);
      assertThat(f.get("match").asText()).isEqualTo(flows.get(i).match().toString());
      assertThat(texts(f.get("actions"))).containsExactly(flows.get(i).actions().get(0).toString());
      assertThat(f.get("provenance").asText()).isEqualTo("port " + names.get(i));
    }
    // Characters beyond ASCII go out as UTF-8, not as \\u escapes; control characters are escaped.
    assertThat(text).contains("caf\u00e9", "smile\ud83d\ude00").doesNotContain("\u0007");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
