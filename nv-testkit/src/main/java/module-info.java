/** nv-testkit: generators, shrinking and a property runner. */
module io.nv.testkit {
  requires transitive io.nv.model;

  exports io.nv.testkit;
}
