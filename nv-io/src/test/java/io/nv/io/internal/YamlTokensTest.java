package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import io.nv.io.DocumentErrorCode;
import io.nv.io.Format;
import io.nv.io.LocatedError;
import io.nv.io.Location;
import io.nv.io.internal.TreeReader.Tree;
import io.vavr.control.Either;
import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The event reader's tokens, and where it reads YAML differently from Jackson on purpose. */
class YamlTokensTest {

  private static Either<LocatedError, Tree> read(String text) {
    return TreeReader.read(new YamlTokens(text), Format.YAML, LineIndex.of(text, true));
  }

  @Test
  void tokensAreJacksonsWithTheEventsLocations() throws IOException {
    Tokens t = new YamlTokens("a: 0x1F\nb: [yes, ~, 1.5, *x]\n");
    assertThat(t.next()).isEqualTo(JsonToken.START_OBJECT);
    assertThat(t.next()).isEqualTo(JsonToken.FIELD_NAME);
    assertThat(t.text()).isEqualTo("a");
    assertThat(t.location()).isEqualTo(new Location(1, 1));
    assertThat(t.next()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
    assertThat(t.text()).isEqualTo("0x1F");
    assertThat(t.integer()).isEqualTo(BigInteger.valueOf(31));
    assertThat(t.location()).isEqualTo(new Location(1, 4));
    assertThat(t.next()).isEqualTo(JsonToken.FIELD_NAME);
    assertThat(t.next()).isEqualTo(JsonToken.START_ARRAY);
    assertThat(t.location()).isEqualTo(new Location(2, 4));
    assertThat(t.next()).isEqualTo(JsonToken.VALUE_TRUE);
    assertThat(t.next()).isEqualTo(JsonToken.VALUE_NULL);
    assertThat(t.next()).isEqualTo(JsonToken.VALUE_NUMBER_FLOAT);
    assertThat(t.next()).isEqualTo(JsonToken.VALUE_STRING);
    assertThat(t.isAlias()).isTrue();
    assertThat(t.text()).isEqualTo("x");
    assertThat(t.next()).isEqualTo(JsonToken.END_ARRAY);
    assertThat(t.isAlias()).isFalse();
    assertThat(t.next()).isEqualTo(JsonToken.END_OBJECT);
    assertThat(t.next()).isNull();
    assertThat(t.next()).isNull();
  }

  @Test
  void aKeyThatIsACollectionOrAnAliasIsASyntaxErrorAtTheKey() {
    // Jackson said "Expected a field name (Scalar value in YAML), got this instead:" and printed
    // SnakeYAML's event, at the event's end.
    String[][] cases = {
      {"a: 1\n? [x, y]\n: 2\n", "a list", "2:3"},
      {"a: 1\n? {x: 1}\n: 2\n", "a mapping", "2:3"},
      {"a: &k 1\n*k : 2\n", "an alias", "2:1"},
    };
    for (String[] c : cases) {
      Either<LocatedError, Tree> r = read(c[0]);
      assertThat(r.isLeft()).as(c[0]).isTrue();
      assertThat(r.getLeft().code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
      assertThat(r.getLeft().error().message())
          .isEqualTo("not valid YAML: a key here is " + c[1] + ": nv's keys are plain names");
      assertThat(r.getLeft().location()).map(Location::toString).contains(c[2]);
      // Jackson rejected them too.
      assertThat(JacksonYamlTokens.read(c[0]).isLeft()).isTrue();
    }
  }

  @Test
  void anIntTagOnTextThatIsNoIntegerLeavesText() {
    // Jackson stopped reading at "!!int 0b2" (a syntax error naming Integer.parseInt's complaint)
    // and lost "!!int +" (no token at all); nv reads them as text, which validation then reports
    // at the field that wanted a number.
    for (String v : new String[] {"0b2", "+", "09", "0x", "1_2_"}) {
      Either<LocatedError, Tree> r = read("a: !!int " + v + "\n");
      assertThat(r.isRight()).as(v).isTrue();
      Node.Mapping root = (Node.Mapping) java.util.Objects.requireNonNull(r.get().root());
      Node.Scalar s = (Node.Scalar) java.util.Objects.requireNonNull(root.fields().get("a")).value();
      assertThat(s.kind()).as(v).isEqualTo(v.equals("1_2_") ? Node.ScalarKind.INTEGER : Node.ScalarKind.STRING);
      assertThat(s.text()).isEqualTo(v);
    }
  }

  @Test
  void aKeyRepeatedInTheDocumentIsOneString() {
    Tree t = read("- id: a\n- id: b\n- {id: c}\n").get();
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Node item : ((Node.Sequence) java.util.Objects.requireNonNull(t.root())).items()) {
      names.add(((Node.Mapping) item).fields().keySet().iterator().next());
    }
    assertThat(names).containsExactly("id", "id", "id");
    assertThat(names.get(1)).isSameAs(names.get(0));
    assertThat(names.get(2)).isSameAs(names.get(0));
  }

  @Test
  void aSyntaxErrorSaysWhatSnakeYamlSaysAndWhere() {
    Either<LocatedError, Tree> r = read("a: 1\n b: 2\n");
    assertThat(r.getLeft().error().message()).isEqualTo("not valid YAML: mapping values are not allowed here");
    assertThat(r.getLeft().location()).map(Location::toString).contains("2:3");
    Either<LocatedError, Tree> bad = read("a: !!binary '!!!'\n");
    assertThat(bad.getLeft().code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
    assertThat(bad.getLeft().error().message()).startsWith("not valid YAML: ");
  }
}
