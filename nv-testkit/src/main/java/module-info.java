/**
 * nv-testkit: generators, choice-sequence shrinking and a property runner for JUnit Jupiter, plus
 * generators for nv's domain. JUnit's API is transitive because {@code Property.check} takes its
 * {@code ThrowingConsumer}.
 */
module io.nv.testkit {
  requires transitive io.nv.model;
  requires transitive org.junit.jupiter.api;

  exports io.nv.testkit;
  exports io.nv.testkit.gen;
}
