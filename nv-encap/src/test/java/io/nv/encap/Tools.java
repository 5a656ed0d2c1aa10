package io.nv.encap;

import static org.assertj.core.api.Assertions.fail;

import com.google.common.base.Splitter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds external tools that real-peer tests need. When a tool is missing, the test fails in CI
 * ({@code CI=true}: the CI script installs every tool, so absence is a broken environment) and is
 * skipped elsewhere, with a message saying how to install it.
 *
 * <pre>{@code
 * Path tshark = Tools.require("tshark", "tshark");
 * }</pre>
 */
public final class Tools {
  private Tools() {}

  /**
   * The path of executable {@code name}, searched on {@code PATH} and in {@code /usr/bin} and
   * {@code /usr/sbin}; fails when {@code CI=true} and it is missing, else skips the test.
   *
   * @param name the executable
   * @param debianPackage the Debian package that provides it, named in the message
   */
  public static Path require(String name, String debianPackage) {
    Path found = find(name);
    if (found != null) {
      return found;
    }
    String message = name + " is not installed: install it with"
        + " `apt-get install -y " + debianPackage + "` to run this test";
    if ("true".equals(System.getenv("CI"))) {
      return fail("CI=true and " + message);
    }
    return Assumptions.abort(message);
  }

  private static @Nullable Path find(String name) {
    String path = System.getenv("PATH");
    String dirs = (path == null ? "" : path) + File.pathSeparator + "/usr/bin" + File.pathSeparator
        + "/usr/sbin";
    for (String dir : Splitter.on(File.pathSeparatorChar).split(dirs)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
