package io.nv.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples of {@link ModelPath}: printing, parsing, causes and structure. */
class ModelPathTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "topology",
        "switch web",
        "port web1",
        "switch web / acl allow-http",
        "router r1 / port r1-web",
        "router r1 / route default",
        "load-balancer web-lb / vip http",
        "load-balancer web-lb / vip http / backend 10.0.1.11:80",
        "binding web1",
        "port web1 / port-security",
        "port-group db / default-deny",
        "switch #3",
        "switch web / port #0"
      })
  void printsWhatItParses(String text) {
    ModelPath p = ModelPath.parse(text);
    assertThat(p).hasToString(text);
    assertThat(ModelPath.parse(p.toString())).isEqualTo(p);
    assertThat(ModelPath.tryParse(text)).contains(p);
  }

  @Test
  void portSecurityIsACauseOfThePort() {
    ModelPath p = ModelPath.of("port", "web1").cause("port-security");
    assertThat(p).hasToString("port web1 / port-security");
    assertThat(ModelPath.parse("port web1 / port-security")).isEqualTo(p);
    assertThat(p.segments().get(1)).isEqualTo(new ModelPath.Segment("port-security", null));
    assertThat(p.parent()).isEqualTo(ModelPath.of("port", "web1"));
  }

  @Test
  void pathsAppendTheTextTheyPrint() {
    ModelPath p = ModelPath.of("port", "web1").cause("port-security");
    assertThat(p.appendTo(new StringBuilder("at ")).toString()).isEqualTo("at port web1 / port-security");
    assertThat(ModelPath.ROOT.appendTo(new StringBuilder("at ")).toString()).isEqualTo("at topology");
    assertThat(ModelPath.ROOT).hasToString("topology");
  }

  @Test
  void defaultDenyIsACauseOfThePortGroup() {
    ModelPath p = ModelPath.of("port-group", "db").cause("default-deny");
    assertThat(p).hasToString("port-group db / default-deny");
    assertThat(ModelPath.parse("port-group db / default-deny")).isEqualTo(p);
    assertThat(p.segments().get(1).id()).isNull();
  }

  @Test
  void childrenExtendTheirParent() {
    ModelPath web = ModelPath.of("switch", "web");
    ModelPath acl = web.child("acl", "allow-http");
    assertThat(acl).hasToString("switch web / acl allow-http");
    assertThat(acl.parent()).isEqualTo(web);
    assertThat(web.contains(acl)).isTrue();
    assertThat(acl.contains(web)).isFalse();
    assertThat(ModelPath.ROOT.contains(acl)).isTrue();
    assertThat(ModelPath.ROOT.parent()).isEqualTo(ModelPath.ROOT);
    assertThat(ModelPath.of("switch", "web2").contains(acl)).isFalse();
  }

  @Test
  void equalPathsHaveEqualHashesAndCompareEqual() {
    ModelPath a = ModelPath.of("router", "r1").child("route", "default");
    ModelPath b = ModelPath.parse("router r1 / route default");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isNotEqualTo(ModelPath.parse("router r1 / route dflt"));
    assertThat(a).isNotEqualTo("router r1 / route default");
  }

  /** FNV-1a over the text's UTF-16 code units, low byte then the high one when not zero. */
  private static int fnv1a(String text) {
    int h = 0x811c9dc5;
    for (char c : text.toCharArray()) {
      h = (h ^ (c & 0xff)) * 0x01000193;
      if (c > 0xff) {
        h = (h ^ (c >>> 8)) * 0x01000193;
      }
    }
    return h;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"topology", "switch web", "switch web / acl allow-http", "port café / port-security",
        "switch ウェブ / port #0", "switch žena", "a"})
  void theTextHashIsFnv1aOfTheText(String text) {
    ModelPath p = ModelPath.parse(text);
    assertThat(p.textHash()).isEqualTo(fnv1a(text));
    // Asked again, and of an equal path built another way: the same.
    assertThat(p.textHash()).isEqualTo(fnv1a(text));
    assertThat(ModelPath.parse(p.toString()).textHash()).isEqualTo(p.textHash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"topology", "switch web", "switch web / acl allow-http", "port ウェブ"})
  void aChildsTextHashIsThatOfItsText(String parent) {
    for (boolean parentHashed : new boolean[] {false, true}) {
      ModelPath p = ModelPath.parse(parent);
      if (parentHashed) {
        p.textHash();
      }
      for (ModelPath c :
          List.of(
              p.child(new ModelPath.Segment("port-security", null)),
              p.child("acl", "é-1"),
              p.cause("vlan").child("port", "web1"))) {
        assertThat(c.textHash()).as("%s", c).isEqualTo(fnv1a(c.toString()));
      }
    }
  }

  @Test
  void theTextHashIsTheStandardFnv1a() {
    // The published FNV-1a 32-bit test vectors: "" and "a".
    assertThat(fnv1a("")).isEqualTo(0x811c9dc5);
    assertThat(ModelPath.parse("a").textHash()).isEqualTo(0xe40c292c);
    assertThat(ModelPath.ROOT.textHash()).isEqualTo(fnv1a("topology"));
    assertThat(ModelPath.parse("switch web / acl a").textHash())
        .isNotEqualTo(ModelPath.parse("switch web / acl b").textHash());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Switch web",
        "switch  web",
        "switch web extra",
        "switch web/acl x",
        "switch web / ",
        " / switch web"
      })
  void rejectsWhatItWouldNotPrint(String text) {
    assertThat(ModelPath.tryParse(text)).isEmpty();
    assertThatThrownBy(() -> ModelPath.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write e.g. 'switch web / acl allow-http'");
  }

  @Test
  void segmentsRefuseWhatCannotBeParsedBack() {
    assertThatThrownBy(() -> ModelPath.of("switch", "web 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without spaces or '/'");
    assertThatThrownBy(() -> ModelPath.of("Switch", "web"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-acl", "1acl", "Acl", "a_b", "a.b", "a b", "acl\u00e9", "aclZ"})
  void kindsAreLowerCaseWordsWithDashes(String kind) {
    assertThatThrownBy(() -> new ModelPath.Segment(kind, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case letters, digits and dashes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "acl", "port-group", "load-balancer", "a1-", "z9-x"})
  void kindsOfLettersDigitsAndDashesAreAccepted(String kind) {
    assertThat(new ModelPath.Segment(kind, null).toString()).isEqualTo(kind);
  }
}
