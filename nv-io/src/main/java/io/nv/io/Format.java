package io.nv.io;

import java.util.Locale;
import java.util.Optional;

/**
 * The two syntaxes of topology documents. Both carry the same fields; JSON is read strictly (no
 * comments, no trailing content).
 *
 * <pre>{@code
 * Format.ofFileName("three-tier.yaml");   // Optional[YAML]
 * Format.detect("t", "{\"apiVersion\": \"nv/v1\"}");   // JSON
 * }</pre>
 */
public enum Format {
  /** YAML 1.1 as SnakeYAML reads it; what people write. */
  YAML,
  /** JSON (RFC 8259); what programs write. */
  JSON;

  /** The format a file name's extension names: {@code .yaml}/{@code .yml} or {@code .json}. */
  public static Optional<Format> ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    if (n.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }

  /**
   * The format of a document called {@code name} (a file name or any label): by extension, else
   * JSON when the content starts with <code>{</code> or {@code [}, else YAML.
   */
  public static Format detect(String name, String content) {
    return ofFileName(name)
        .orElseGet(
            () -> {
              String t = content.stripLeading();
              if (t.startsWith("\uFEFF")) {
                t = t.substring(1).stripLeading();
              }
              return t.startsWith("{") || t.startsWith("[") ? JSON : YAML;
            });
  }
}
