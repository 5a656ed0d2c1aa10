/**
 * nv's compiler: the portable flow IR, logical pipelines per datapath, the tracer, and the answers
 * a host agent sends for punted packets.
 */
module io.nv.compiler {
  requires transitive io.nv.model;
  requires transitive io.nv.encap;
  requires transitive com.google.common;
  requires transitive org.jspecify;

  exports io.nv.compiler.flow;
  exports io.nv.compiler.logical;
  exports io.nv.compiler.trace;
  exports io.nv.compiler.punt;
  exports io.nv.compiler.physical;
  exports io.nv.compiler.export.openflow;
}
