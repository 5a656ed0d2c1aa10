package io.nv.compiler.physical;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.encap.keys.Keys;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.model.workload.OvnLike;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table of docs/performance.md, "How flow counts grow", is what the compilers count: every row
 * by the formulas {@link OvnLikeFlowCountTest} checks, and every row up to 25,000 VIFs compiled
 * here (the 100,000-port row only by the formulas: compiling it needs gigabytes).
 */
class FlowCountTableDocTest {
  static final int COMPILED_UP_TO = 25_000;

  record Row(int n, int m, int h, int acls, long vifs, long logical, long host, long physical, long groups) {}

  static List<Row> rows() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "performance.md"), StandardCharsets.UTF_8);
    int at = doc.indexOf("## How flow counts grow");
    assertThat(at).as("docs/performance.md has its flow-count section").isNotNegative();
    String section = doc.substring(at, doc.indexOf("\n## ", at + 1));
    List<Row> rows = new ArrayList<>();
    for (String line : section.lines().toList()) {
      if (!line.matches("\\| [0-9].*")) {
        continue;
      }
      long[] v = java.util.Arrays.stream(line.split("\\|")).map(String::trim).filter(c -> !c.isEmpty())
          .mapToLong(c -> Long.parseLong(c.replace(",", ""))).toArray();
      assertThat(v).as(line).hasSize(9);
      rows.add(new Row((int) v[0], (int) v[1], (int) v[2], (int) v[3], v[4], v[5], v[6], v[7], v[8]));
    }
    return rows;
  }

  @Test
  void everyRowIsWhatTheFormulasGive() throws IOException {
    List<Row> rows = rows();
    assertThat(rows).as("the table's rows").hasSizeGreaterThanOrEqualTo(10);
    for (Row r : rows) {
      long physical = (long) r.n() * (r.m() + 6) + 4 * OvnLikeFlowCountTest.localVifs(r.n(), r.m(), r.h()) + 6;
      long logical = OvnLikeFlowCountTest.logicalFormula(r.n(), r.m(), r.acls());
      assertThat(new long[] {r.vifs(), r.logical(), r.physical(), r.host(), r.groups()}).as(r.toString())
          .containsExactly((long) r.n() * r.m(), logical, physical, logical + physical, 2L * r.n() + 1);
    }
  }

  @Test
  void theRowsUpTo25000VifsAreWhatTheCompilersMake() throws IOException {
    int compiled = 0;
    for (Row r : rows()) {
      if (r.vifs() > COMPILED_UP_TO) {
        continue;
      }
      ValidatedTopology v = Validator.validate(OvnLike.topology(r.n(), r.m(), r.h(), r.acls())).get();
      LogicalPipelines logical = LogicalCompiler.compile(v);
      HostTables hv0 = Compilation.of(v, logical, Keys.allocate(v).get()).host("hv0");
      assertThat(new long[] {logical.flowCount(), hv0.flowCount(), hv0.flows().size(), hv0.groups().size()})
          .as(r.toString()).containsExactly(r.logical(), r.host(), r.physical(), r.groups());
      compiled++;
    }
    assertThat(compiled).isGreaterThanOrEqualTo(10);
  }
}
