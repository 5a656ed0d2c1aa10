package io.nv.io;

import com.google.common.collect.ImmutableList;
import io.nv.model.validate.ValidatedTopology;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of reading and validating a topology document: either the bytes could not be read at
 * all ({@link #isFatal()}), or the document was read and has errors (its own and its topology's,
 * located, in document order), or it is valid and yields a {@link ValidatedTopology}.
 *
 * <pre>{@code
 * DocumentCheck c = TopologyDocuments.readAndValidate(Path.of("three-tier.yaml"));
 * c.errors().forEach(e -> System.err.println(e.format(c.source())));
 * int exit = c.isFatal() ? 2 : c.isValid() ? 0 : 1;
 * c.validated().ifPresent(compiler::compile);
 * }</pre>
 */
public final class DocumentCheck {
  private final String source;
  private final @Nullable TopologyDocument document;
  private final ImmutableList<LocatedError> errors;
  private final @Nullable ValidatedTopology validated;

  private DocumentCheck(
      String source,
      @Nullable TopologyDocument document,
      ImmutableList<LocatedError> errors,
      @Nullable ValidatedTopology validated) {
    this.source = source;
    this.document = document;
    this.errors = errors;
    this.validated = validated;
  }

  static DocumentCheck unreadable(String source, ImmutableList<LocatedError> errors) {
    return new DocumentCheck(source, null, errors, null);
  }

  static DocumentCheck invalid(TopologyDocument document, ImmutableList<LocatedError> errors) {
    return new DocumentCheck(document.source(), document, errors, null);
  }

  static DocumentCheck valid(TopologyDocument document, ValidatedTopology topology) {
    return new DocumentCheck(document.source(), document, ImmutableList.of(), topology);
  }

  /** The name the document was read under. */
  public String source() {
    return source;
  }

  /** The document read; empty when it could not be read ({@link #isFatal()}). */
  public Optional<TopologyDocument> document() {
    return Optional.ofNullable(document);
  }

  /** Every error, in document order; empty exactly when the document is valid. */
  public ImmutableList<LocatedError> errors() {
    return errors;
  }

  /** True when the bytes are not a YAML/JSON document at all (or could not be read). */
  public boolean isFatal() {
    return document == null;
  }

  /** True when the document and its topology have no errors. */
  public boolean isValid() {
    return validated != null;
  }

  /** The validated topology, when the document is valid. */
  public Optional<ValidatedTopology> validated() {
    return Optional.ofNullable(validated);
  }

  @Override
  public String toString() {
    return "DocumentCheck["
        + source
        + (isFatal() ? ", unreadable" : isValid() ? ", valid" : "")
        + ", "
        + errors.size()
        + " errors]";
  }
}
