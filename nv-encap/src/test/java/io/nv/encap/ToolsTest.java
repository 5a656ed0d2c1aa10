package io.nv.encap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class ToolsTest {
  @Test
  void findsAToolThatIsThere() {
    assertThat(Tools.require("sh", "dash")).isExecutable();
  }

  @Test
  void aMissingToolFailsInCiAndSkipsElsewhere() {
    boolean ci = "true".equals(System.getenv("CI"));
    assertThatThrownBy(() -> Tools.require("nv-no-such-tool", "nv-no-such-package"))
        .isInstanceOf(ci ? AssertionError.class : TestAbortedException.class)
        .hasMessageContaining("apt-get install -y nv-no-such-package");
  }
}
