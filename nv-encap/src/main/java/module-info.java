/** nv's encapsulation stage: header codecs and a pcap writer (keys and plans come later). */
module io.nv.encap {
  requires transitive io.nv.model;
  requires transitive com.google.common;
  requires transitive io.vavr;
  requires transitive org.jspecify;

  exports io.nv.encap.codec;
  exports io.nv.encap.pcap;
}
