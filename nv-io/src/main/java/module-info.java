/** nv's topology documents: YAML and JSON in and out, with line-numbered errors. */
module io.nv.io {
  requires transitive io.nv.model;
  requires transitive io.nv.compiler;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml;

  exports io.nv.io;
  exports io.nv.io.export;
}
