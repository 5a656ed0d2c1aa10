package io.nv.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nv.compiler.physical.Compilation;
import io.nv.encap.keys.KeyAssignment;
import io.nv.io.DocumentCheck;
import io.nv.io.LocatedError;
import io.nv.io.TopologyDocument;
import io.nv.io.TopologyDocuments;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.TopologyCheck;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads the inputs every command shares, printing their problems in the CLI's error format. */
final class Inputs {
  private Inputs() {}

  /**
   * A value read from a file, or the exit code to stop with when it could not be read.
   *
   * @param value the value, if the input was good
   * @param exitCode {@link ExitCodes#OK}, or why there is no value
   */
  record Loaded<T>(Optional<T> value, int exitCode) {}

  /** The validated topology of {@code file}, or its errors printed one per line. */
  static Loaded<ValidatedTopology> validated(Path file, PrintWriter out, List<TopologyCheck> checks) {
    Loaded<Valid> v = valid(file, out, checks);
    return new Loaded<>(v.value().map(Valid::topology), v.exitCode());
  }

  /**
   * A valid document with its validated topology.
   *
   * @param document the document read, which locates errors about its elements
   * @param topology its validated topology
   */
  record Valid(TopologyDocument document, ValidatedTopology topology) {}

  /** The valid document of {@code file}, or its errors printed one per line. */
  static Loaded<Valid> valid(Path file, PrintWriter out, List<TopologyCheck> checks) {
    DocumentCheck check = TopologyDocuments.readAndValidate(file, checks);
    if (!check.isValid()) {
      for (LocatedError e : check.errors()) {
        out.println(e.format(file.toString()));
      }
      out.flush();
      return new Loaded<>(Optional.empty(), check.isFatal() ? ExitCodes.USAGE : ExitCodes.PROBLEMS);
    }
    return new Loaded<>(
        Optional.of(new Valid(check.document().orElseThrow(), check.validated().orElseThrow())),
        ExitCodes.OK);
  }

  /** A key assignment written by {@code --keys-out}, or its problems printed. */
  static Loaded<KeyAssignment> keys(Path file, PrintWriter out) {
    Map<String, Object> map;
    try {
      map = new ObjectMapper().readValue(Files.readString(file), Map.class);
    } catch (JacksonException e) {
      out.println(file + ": not a key assignment (JSON): " + e.getOriginalMessage());
      return new Loaded<>(Optional.empty(), ExitCodes.USAGE);
    } catch (IOException e) {
      out.println(file + ": cannot read: " + e.getMessage());
      return new Loaded<>(Optional.empty(), ExitCodes.USAGE);
    }
    Validation<Seq<ModelError>, KeyAssignment> keys = KeyAssignment.fromMap(map);
    if (keys.isInvalid()) {
      keys.getError().forEach(e -> out.println(file + ": " + e));
      return new Loaded<>(Optional.empty(), ExitCodes.PROBLEMS);
    }
    return new Loaded<>(Optional.of(keys.get()), ExitCodes.OK);
  }

  /**
   * The physical compilation of {@code valid} (keys kept from {@code keysIn} when given), or the
   * problems of the keys file or of the compilation printed.
   */
  static Loaded<Compilation> compilation(
      Path file, ValidatedTopology valid, @Nullable Path keysIn, PrintWriter out) {
    Optional<KeyAssignment> previous = Optional.empty();
    if (keysIn != null) {
      Loaded<KeyAssignment> read = keys(keysIn, out);
      if (read.value().isEmpty()) {
        out.flush();
        return new Loaded<>(Optional.empty(), read.exitCode());
      }
      previous = read.value();
    }
    Validation<Seq<ModelError>, Compilation> compiled = Compilation.of(valid, previous);
    if (compiled.isInvalid()) {
      compiled.getError().forEach(e -> out.println(file + ": " + e));
      out.flush();
      return new Loaded<>(Optional.empty(), ExitCodes.PROBLEMS);
    }
    return new Loaded<>(Optional.of(compiled.get()), ExitCodes.OK);
  }
}
