package io.nv.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Ids#isValid} is the documented rule, checked against the rule as a regular expression. */
class IdsTest {
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  @Test
  void theHandWrittenCheckIsTheRegularExpression() {
    String alphabet = "aZ09_.:-/ \"é";
    Random r = new Random(7);
    int valid = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(i % 10 == 0 ? 70 : 6);
      for (int k = 0; k < n; k++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String id = sb.toString();
      boolean expected = RULE.matcher(id).matches();
      assertThat(Ids.isValid(id)).as("'%s'", id).isEqualTo(expected);
      valid += expected ? 1 : 0;
    }
    assertThat(valid).as("the sample holds valid ids too").isGreaterThan(1000);
  }

  @Test
  void lengthsAroundTheLimit() {
    assertThat(Ids.isValid("a".repeat(64))).isTrue();
    assertThat(Ids.isValid("a".repeat(65))).isFalse();
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid("-a")).isFalse();
  }
}
