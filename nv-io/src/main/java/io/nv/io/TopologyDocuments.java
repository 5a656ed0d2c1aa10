package io.nv.io;

import com.google.common.collect.ImmutableList;
import io.nv.io.internal.TopologyReader;
import io.nv.io.internal.TopologyWriter;
import io.nv.io.internal.TreeReader;
import io.nv.model.ModelPath;
import io.nv.model.Topology;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.TopologyCheck;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads and writes topology documents ({@code apiVersion: nv/v1}, {@code kind: Topology}, in YAML
 * or JSON; the format is specified in {@code docs/topology-format.md}).
 *
 * <p>Reading never throws for bad input. It returns either the fatal errors of bytes that are not a
 * YAML/JSON document at all (left), or a {@link TopologyDocument} (right) holding the topology
 * read, the document's own problems and a source map for locating validation errors. {@link
 * #readAndValidate} does both steps and returns every error at once.
 *
 * <pre>{@code
 * Either<ImmutableList<LocatedError>, TopologyDocument> r =
 *     TopologyDocuments.read(Path.of("three-tier.yaml"));
 * DocumentCheck c = TopologyDocuments.readAndValidate(Path.of("three-tier.yaml"));
 * String yaml = TopologyDocuments.write(topology, Format.YAML);
 * TopologyDocuments.read(yaml, "generated", Format.YAML).get().topology().equals(topology); // true
 * }</pre>
 *
 * <p>Reading is linear in the document's size; nesting deeper than 100 levels is cut off with a
 * {@link DocumentErrorCode#TOO_DEEP} error.
 */
public final class TopologyDocuments {
  /** Files beyond this size are not read: no topology comes near it. */
  private static final long MAX_FILE_SIZE = 1L << 30;

  private TopologyDocuments() {}

  /** Reads {@code file}; the format comes from its extension, else from its content. */
  public static Either<ImmutableList<LocatedError>, TopologyDocument> read(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_SIZE) {
        return Either.left(ImmutableList.of(unreadable(source, "larger than 1 GiB")));
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return Either.left(ImmutableList.of(unreadable(source, reason(e))));
    }
    return read(bytes, source);
  }

  /** Reads UTF-8 {@code bytes} named {@code source}; the format from the name, else the content. */
  public static Either<ImmutableList<LocatedError>, TopologyDocument> read(
      byte[] bytes, String source) {
    return TreeReader.decode(bytes)
        .mapLeft(ImmutableList::of)
        .flatMap(text -> read(text, source, Format.detect(source, text)));
  }

  /** Reads UTF-8 {@code bytes} named {@code source} as {@code format}. */
  public static Either<ImmutableList<LocatedError>, TopologyDocument> read(
      byte[] bytes, String source, Format format) {
    return TreeReader.decode(bytes)
        .mapLeft(ImmutableList::of)
        .flatMap(text -> read(text, source, format));
  }

  /** Reads {@code text} named {@code source}; the format from the name, else the content. */
  public static Either<ImmutableList<LocatedError>, TopologyDocument> read(
      String text, String source) {
    return read(text, source, Format.detect(source, text));
  }

  /** Reads {@code text}, named {@code source} in errors, as {@code format}. */
  public static Either<ImmutableList<LocatedError>, TopologyDocument> read(
      String text, String source, Format format) {
    return TreeReader.read(text, format)
        .mapLeft(ImmutableList::of)
        .map(
            tree -> {
              TopologyReader.Result r = TopologyReader.read(tree);
              return new TopologyDocument(source, format, r.topology(), r.errors(), r.sourceMap());
            });
  }

  /** Reads and validates {@code file}: every error, document and topology, at once. */
  public static DocumentCheck readAndValidate(Path file) {
    return readAndValidate(file, ImmutableList.of());
  }

  /**
   * Reads {@code file} and validates its topology with nv-model's checks and then {@code extra}
   * (see {@link io.nv.model.validate.Validator#validate(Topology, Iterable)}).
   */
  public static DocumentCheck readAndValidate(Path file, Iterable<? extends TopologyCheck> extra) {
    return check(read(file), file.toString(), extra);
  }

  /** Reads and validates {@code text}, named {@code source} in errors, as {@code format}. */
  public static DocumentCheck readAndValidate(String text, String source, Format format) {
    return readAndValidate(text, source, format, ImmutableList.of());
  }

  /**
   * Reads {@code text} as {@code format} and validates it with nv-model's checks and {@code extra}.
   */
  public static DocumentCheck readAndValidate(
      String text, String source, Format format, Iterable<? extends TopologyCheck> extra) {
    return check(read(text, source, format), source, extra);
  }

  private static DocumentCheck check(
      Either<ImmutableList<LocatedError>, TopologyDocument> read,
      String source,
      Iterable<? extends TopologyCheck> extra) {
    return read.fold(
        errors -> DocumentCheck.unreadable(source, errors), doc -> doc.validate(extra));
  }

  /**
   * {@code topology} as a canonical document in {@code format}: fields in the documented order,
   * elements in model order, default values and empty lists left out; reading it back gives an
   * equal topology.
   */
  public static String write(Topology topology, Format format) {
    return TopologyWriter.write(topology, format);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return String.valueOf(e.getMessage());
  }

  private static LocatedError unreadable(String source, String why) {
    return new LocatedError(
        ModelError.of(
            DocumentErrorCode.UNREADABLE_FILE,
            ModelPath.ROOT,
            "cannot read " + source + ": " + why + ": check the path and its permissions"),
        Optional.empty());
  }
}
