/** The nv command. */
module io.nv.cli {
  requires io.nv.model;
  requires io.nv.encap;
  requires io.nv.compiler;
  requires io.nv.io;
  requires io.nv.ovn;
  requires com.fasterxml.jackson.databind;
  requires java.management;
  requires info.picocli;

  opens io.nv.cli to info.picocli;
}
