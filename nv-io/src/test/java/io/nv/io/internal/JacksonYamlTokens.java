package io.nv.io.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import io.nv.io.Format;
import io.nv.io.LocatedError;
import io.nv.io.Location;
import io.nv.io.internal.TreeReader.Tree;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML document's tokens from Jackson's YAML parser: how nv read YAML before {@link YamlTokens},
 * kept as the reference the event reader must agree with ({@code YamlTokensProperties}).
 *
 * <pre>{@code
 * Either<LocatedError, Tree> t = JacksonYamlTokens.read("a: [1, 2]");
 * }</pre>
 */
final class JacksonYamlTokens extends JacksonTokens {
  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .loaderOptions(options())
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private static LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(Integer.MAX_VALUE);
    return o;
  }

  private JacksonYamlTokens(YAMLParser parser, LineIndex lines) {
    super(parser, lines);
  }

  /** {@code text} read through Jackson's YAML parser. */
  static Either<LocatedError, Tree> read(String text) {
    LineIndex lines = LineIndex.of(text, true);
    try (YAMLParser p = YAML.createParser(text)) {
      return TreeReader.read(new JacksonYamlTokens(p, lines), Format.YAML, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean isAlias() {
    return ((YAMLParser) parser()).isCurrentAlias();
  }

  @Override
  public Location location() {
    return at(parser().currentTokenLocation());
  }

  @Override
  Unreadable unreadable(JsonProcessingException e) {
    // Jackson wraps SnakeYAML's complaint; the message is SnakeYAML's, said as nv says it.
    if (e instanceof MarkedYAMLException m
        && m.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException source
        && source.getProblemMark() != null) {
      return YamlTokens.unreadable(source, at(e.getLocation()));
    }
    return super.unreadable(e);
  }

  @Override
  Location at(@Nullable JsonLocation l) {
    // YAML's locations are lines and columns (code points) as SnakeYAML counts them.
    return l == null ? new Location(1, 1) : new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }
}
