/** nv's compiler: the portable flow IR, logical pipelines per datapath, and the tracer. */
module io.nv.compiler {
  requires transitive io.nv.model;
  requires transitive com.google.common;
  requires transitive org.jspecify;

  exports io.nv.compiler.flow;
  exports io.nv.compiler.logical;
  exports io.nv.compiler.trace;
}
