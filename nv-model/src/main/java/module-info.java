/** nv's logical model: addresses, packets, matches, the topology value, validation, semantics. */
module io.nv.model {
  requires transitive com.google.common;
  requires transitive io.vavr;
  requires transitive org.jspecify;
  requires static org.immutables.value.annotations;
  requires org.slf4j;

  exports io.nv.model.addr;
  exports io.nv.model.match;
  exports io.nv.model.packet;
}
