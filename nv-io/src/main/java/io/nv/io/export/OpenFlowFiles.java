package io.nv.io.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nv.compiler.export.openflow.OpenFlowExport;
import io.nv.compiler.physical.HostTables;
import io.nv.compiler.physical.PortMap;
import io.nv.model.placement.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one host's OpenFlow export as a directory: {@code flows.txt}, {@code groups.txt}, {@code
 * tlv-map.txt}, {@code ports.json} (logical ports and the tunnel → interface names and OpenFlow
 * ports, with their keys and zones, and the peers' tunnel addresses) and an executable {@code
 * load.sh BRIDGE}. The files are written whole or not at all: into a temporary directory beside
 * the target, then moved.
 *
 * <pre>{@code
 * OpenFlowFiles.write(compilation.host("hv1"), Path.of("out/hv1"));
 * // out/hv1/load.sh br-int
 * }</pre>
 */
public final class OpenFlowFiles {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OpenFlowFiles() {}

  /** The names of the files written, in order. */
  public static final List<String> FILES =
      List.of("flows.txt", "groups.txt", "tlv-map.txt", "ports.json", "load.sh");

  /**
   * Writes {@code host}'s export into {@code dir} (created, or replaced as a whole).
   *
   * @throws IOException when the files cannot be written; nothing is left half-written
   */
  public static OpenFlowExport write(HostTables host, Path dir) throws IOException {
    OpenFlowExport e = OpenFlowExport.of(host);
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
    try {
      Files.writeString(tmp.resolve("flows.txt"), e.flows(), StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve("groups.txt"), e.groups(), StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve("tlv-map.txt"), e.tlvMap(), StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve("ports.json"), portsJson(host), StandardCharsets.UTF_8);
      Path load = tmp.resolve("load.sh");
      Files.writeString(load, e.loadScript(), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(
            load,
            EnumSet.of(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_EXECUTE));
      } catch (UnsupportedOperationException notPosix) {
        load.toFile().setExecutable(true);
      }
      if (Files.exists(dir)) {
        deleteTree(dir);
      }
      Files.move(tmp, dir);
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
    return e;
  }

  /** {@code ports.json} of {@code host}. */
  public static String portsJson(HostTables host) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Host h = host.spec();
    doc.put("host", h.id());
    doc.put("tunnelIp", h.tunnelIp().toString());
    doc.put(
        "encapsulation",
        host.compilation().topology().topology().encapsulation().name().toLowerCase(Locale.ROOT));
    Map<String, Object> tunnel = new LinkedHashMap<>();
    tunnel.put("interface", host.ports().tunnel().iface());
    tunnel.put("ofport", host.ports().tunnel().ofport());
    doc.put("tunnel", tunnel);
    List<Object> ports = new ArrayList<>();
    for (PortMap.Port p : host.ports().ports()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("logical", p.logical());
      m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
      m.put("interface", p.iface());
      m.put("ofport", p.ofport());
      m.put("datapath", p.datapath().toString());
      m.put("datapathKey", host.compilation().datapathKey(p.datapath()));
      m.put("portKey", p.key());
      m.put("zone", p.zone());
      host.compilation().topology().topology().portById(p.logical())
          .flatMap(sp -> sp.mac())
          .ifPresent(mac -> m.put("mac", mac.toString()));
      ports.add(m);
    }
    doc.put("ports", ports);
    List<Object> peers = new ArrayList<>();
    for (Host peer : host.peers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("host", peer.id());
      m.put("tunnelIp", peer.tunnelIp().toString());
      peers.add(m);
    }
    doc.put("peers", peers);
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("maps of strings and numbers always serialize", ex);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (var s = Files.list(p)) {
        for (Path c : s.toList()) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
