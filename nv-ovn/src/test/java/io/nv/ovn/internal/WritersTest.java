package io.nv.ovn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.ovn.NbValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WritersTest {
  @Test
  void uuidNamesAreIdentifiersAndNeverCollide() {
    List<String[]> ids =
        List.of(
            new String[] {"web-r1"}, new String[] {"web_2dr1"}, new String[] {"web", "r1"},
            new String[] {"web__r1"}, new String[] {"a.b:c"}, new String[] {"a", "b", "c"});
    Set<String> names = new HashSet<>();
    for (String[] id : ids) {
      String n = UuidNames.of("x", id);
      assertThat(n).matches("[_a-zA-Z][_a-zA-Z0-9]*");
      assertThat(names.add(n)).as(n).isTrue();
    }
    assertThat(UuidNames.of("lsp", "web-r1")).isEqualTo("lsp_web_2dr1");
    assertThat(UuidNames.of("acl_pg", "web", "allow")).isEqualTo("acl_pg_web__allow");
  }

  @Test
  void scriptValuesUseOvsdbSyntaxInsideShellQuotes() {
    assertThat(NbctlWriter.value(NbValue.of("a \"b\" \\ c"))).isEqualTo("\"a \\\"b\\\" \\\\ c\"");
    assertThat(NbctlWriter.value(NbValue.set(NbValue.ref("x"), NbValue.ref("y")))).isEqualTo("[@x,@y]");
    assertThat(NbctlWriter.value(NbValue.map(Map.of("k", "v")))).isEqualTo("{\"k\"=\"v\"}");
    assertThat(NbctlWriter.value(NbValue.of(7))).isEqualTo("7");
    assertThat(NbctlWriter.value(NbValue.of(true))).isEqualTo("true");
    assertThat(NbctlWriter.shell("it's")).isEqualTo("'it'\\''s'");
    assertThat(NbctlWriter.quote("tab\there\nnl\u0001")).isEqualTo("\"tab\\there\\nnl\\u0001\"");
  }
}
