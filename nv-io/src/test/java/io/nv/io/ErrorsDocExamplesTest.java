package io.nv.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Splitter;
import io.nv.encap.check.EncapChecks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The examples of nv-model's and nv-encap's errors in docs/errors.md print the error lines shown
 * under them, line and column included. nv-model's are fragments of the example topologies with one
 * thing broken: the test completes each with the rest of the topology it names (three-tier.yaml for
 * tenant acme, two-tenants.yaml for red and blue); nv-encap's are whole topologies but for the
 * header and tenant acme. Completions go after the fragment so its lines keep their numbers. The
 * line shown must be among everything nv prints for the completed document.
 */
class ErrorsDocExamplesTest {
  private static final Pattern EXAMPLE =
      Pattern.compile(
          "(?s)### `([A-Z_]+)`\\n(?:(?!\\n### ).)*?```yaml\\n(.*?)```\\n\\n```\\n(.*?)```\\n");
  private static final Pattern TOP_LEVEL_KEY = Pattern.compile("(?m)^([A-Za-z]+):");

  /**
   * {@code fragment} completed by the top-level fields of the example topology {@code base} that it
   * does not write itself.
   */
  private static String complete(String fragment, String base) {
    List<String> own = TOP_LEVEL_KEY.matcher(fragment).results().map(r -> r.group(1)).toList();
    StringBuilder out = new StringBuilder(fragment);
    boolean keep = false;
    for (String line : Splitter.on('\n').split(base)) {
      Matcher key = TOP_LEVEL_KEY.matcher(line);
      if (key.lookingAt()) {
        keep = !own.contains(key.group(1));
      }
      if (keep) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void everyRunnableExamplePrintsTheLineShown() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "errors.md"), StandardCharsets.UTF_8);
    String model =
        doc.substring(
            doc.indexOf("## nv-model structural errors"), doc.indexOf("## nv-io document errors"));
    String encap = doc.substring(doc.indexOf("## nv-encap errors"));
    String threeTier = Files.readString(Path.of("..", "examples", "topologies", "three-tier.yaml"));
    String twoTenants =
        Files.readString(Path.of("..", "examples", "topologies", "two-tenants.yaml"));
    List<String> checked = new ArrayList<>();
    SoftAssertions soft = new SoftAssertions();
    String header = "apiVersion: nv/v1\nkind: Topology\ntenants: [{id: acme}]\n";
    for (String section : List.of(model, encap)) {
      Matcher m = EXAMPLE.matcher(section);
      while (m.find()) {
        String code = m.group(1);
        String fragment = m.group(2);
        if (fragment.contains("…")) {
          continue; // abridged: not a document
        }
        String base =
            section.equals(encap)
                ? header
                : fragment.contains("tenant: red") || fragment.contains("tenant: blue")
                    ? twoTenants
                    : threeTier;
        String text = complete(fragment, base);
        DocumentCheck c =
            TopologyDocuments.readAndValidate(
                text, "topology.yaml", Format.YAML, EncapChecks.all());
        List<String> printed = c.errors().stream().map(e -> e.format("topology.yaml")).toList();
        for (String shown : Splitter.on('\n').omitEmptyStrings().split(m.group(3))) {
          soft.assertThat(printed).as("%s in\n%s", code, text).contains(shown);
        }
        checked.add(code);
      }
    }
    soft.assertAll();
    assertThat(checked).hasSizeGreaterThan(25);
  }
}
