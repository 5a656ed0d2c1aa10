/** nv's encapsulation stage: key allocation, encapsulation plans and checks, header codecs, pcap. */
module io.nv.encap {
  requires transitive io.nv.model;
  requires transitive com.google.common;
  requires transitive io.vavr;
  requires transitive org.jspecify;

  exports io.nv.encap;
  exports io.nv.encap.keys;
  exports io.nv.encap.plan;
  exports io.nv.encap.check;
  exports io.nv.encap.codec;
  exports io.nv.encap.pcap;
}
