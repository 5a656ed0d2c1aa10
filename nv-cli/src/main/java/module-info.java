/** The nv command. */
module io.nv.cli {
  requires io.nv.model;
  requires io.nv.io;
  requires info.picocli;

  opens io.nv.cli to info.picocli;
}
