package io.nv.io;

import com.google.common.collect.ImmutableList;
import io.nv.io.internal.SourceMap;
import io.nv.io.internal.TopologyReader;
import io.nv.model.Topology;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.TopologyCheck;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A topology document that was read: the {@link Topology} it describes (partial when some elements
 * could not be read), the problems of the document itself, and a source map that places any {@link
 * ModelError} about the topology on the line and column where the element was written.
 *
 * <pre>{@code
 * TopologyDocument doc = TopologyDocuments.read(Path.of("three-tier.yaml")).get();
 * doc.errors();                       // document problems: unknown fields, bad addresses …
 * Validator.validate(doc.topology())
 *     .getError()
 *     .forEach(e -> System.out.println(doc.located(e).format(doc.source())));
 *     // "three-tier.yaml:17:34: IP_OUTSIDE_SUBNET port web1: 10.9.0.11 is not in …"
 * }</pre>
 */
public final class TopologyDocument {
  private final String source;
  private final Format format;
  private final Topology topology;
  private final ImmutableList<LocatedError> errors;
  private final SourceMap sourceMap;

  TopologyDocument(
      String source,
      Format format,
      Topology topology,
      ImmutableList<LocatedError> errors,
      SourceMap sourceMap) {
    this.source = source;
    this.format = format;
    this.topology = topology;
    this.errors = errors;
    this.sourceMap = sourceMap;
  }

  /** The name the document was read under (a file name, or the name given with the text). */
  public String source() {
    return source;
  }

  /** The syntax it was read as. */
  public Format format() {
    return format;
  }

  /**
   * The topology read. When {@link #errors()} is not empty it holds what could be read: elements
   * without a required field, or with an id that cannot name them, are left out.
   */
  public Topology topology() {
    return topology;
  }

  /** The document's own problems, in document order; empty for a well-formed document. */
  public ImmutableList<LocatedError> errors() {
    return errors;
  }

  /** True when the document has problems of its own. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * Where the value {@code error} is about was written: the line and column of its field's value
   * ({@code mac}, {@code ips[1]}, {@code acls[0].match}; at the error's column inside the text of a
   * match), else of its element, else of the nearest enclosing element. Paths and fields are read
   * as the validator writes them: elements by id or by position in the topology's lists ({@code
   * switch #3}), fields counting from the element of the path's first segment ({@code router r1 /
   * port r1-web} + {@code ports[0].mac}). Empty when the document is not a mapping at all.
   */
  public Optional<Location> locate(ModelError error) {
    return sourceMap.resolve(error).map(SourceMap.Resolution::location);
  }

  /** Where {@code error} is, and whether that is its field's value or only its element. */
  Optional<SourceMap.Resolution> resolution(ModelError error) {
    return sourceMap.resolve(error);
  }

  /** {@code error} with its {@link #locate location}. */
  public LocatedError located(ModelError error) {
    return new LocatedError(error, locate(error));
  }

  /** Validates the topology with nv-model's structural checks; see {@link #validate(Iterable)}. */
  public DocumentCheck validate() {
    return validate(ImmutableList.of());
  }

  /**
   * Validates the topology ({@link Validator#validate(Topology, Iterable)}) and returns its errors,
   * located, together with the document's own errors, in document order. A validation error about a
   * value that already has a document error is left out: it says the same thing twice.
   */
  public DocumentCheck validate(Iterable<? extends TopologyCheck> extra) {
    Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(topology, extra);
    if (v.isValid() && errors.isEmpty()) {
      return DocumentCheck.valid(this, v.get());
    }
    Set<Location> documented = new HashSet<>();
    errors.forEach(e -> e.location().ifPresent(documented::add));
    List<LocatedError> all = new ArrayList<>(errors);
    for (ModelError e :
        v.isInvalid() ? v.getError() : io.vavr.collection.List.<ModelError>empty()) {
      Optional<SourceMap.Resolution> r = sourceMap.resolve(e);
      if (r.isPresent() && r.get().exact() && documented.contains(r.get().location())) {
        continue;
      }
      all.add(new LocatedError(e, r.map(SourceMap.Resolution::location)));
    }
    all.sort(TopologyReader.DOCUMENT_ORDER);
    return DocumentCheck.invalid(this, ImmutableList.copyOf(all));
  }

  @Override
  public String toString() {
    return "TopologyDocument[" + source + ", " + format + ", " + errors.size() + " errors]";
  }
}
