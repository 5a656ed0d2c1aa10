/** nv's logical model: addresses, packets, matches, the topology value, validation, semantics. */
module io.nv.model {
  requires transitive com.google.common;
  requires transitive io.vavr;
  requires transitive org.jspecify;
  requires static org.immutables.value.annotations;
  requires static com.google.errorprone.annotations;
  requires static java.compiler;
  requires org.slf4j;

  exports io.nv.model;
  exports io.nv.model.addr;
  exports io.nv.model.packet;
  exports io.nv.model.match;
  exports io.nv.model.l2;
  exports io.nv.model.l3;
  exports io.nv.model.acl;
  exports io.nv.model.lb;
  exports io.nv.model.placement;
  exports io.nv.model.validate;
  exports io.nv.model.graph;
  exports io.nv.model.diff;
  exports io.nv.model.semantics;
  exports io.nv.model.workload;
}
