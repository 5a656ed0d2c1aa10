/** nv's export to OVN: the northbound database as an RFC 7047 transaction or an ovn-nbctl script. */
module io.nv.ovn {
  requires transitive io.nv.model;
  requires transitive io.nv.compiler;
  requires transitive com.google.common;
  requires transitive io.vavr;
  requires transitive org.jspecify;
  requires com.fasterxml.jackson.core;

  exports io.nv.ovn;
}
