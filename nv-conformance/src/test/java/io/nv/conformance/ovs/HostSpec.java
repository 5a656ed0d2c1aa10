package io.nv.conformance.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Joiner;
import com.google.common.collect.ImmutableList;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One simulated host of an export, as its {@code ports.json} describes it: the host's name and
 * tunnel endpoint, its encapsulation, the tunnel port and the ports the exported flows use (by
 * interface name and OpenFlow port number), and the peers it tunnels to. Keys the harness does
 * not know are ignored, so an exporter may add its own.
 *
 * <pre>{@code
 * {
 *   "host": "hv1", "tunnelIp": "192.168.0.1", "encapsulation": "geneve",
 *   "tunnel": {"interface": "nvtun", "ofport": 65000},
 *   "ports": [
 *     {"logical": "web1", "kind": "vif", "interface": "vif1", "ofport": 1, "mac": "0a:00:00:01:00:11"},
 *     {"logical": "uplink", "kind": "localnet", "interface": "ln1", "ofport": 64001}
 *   ],
 *   "peers": [{"host": "hv2", "tunnelIp": "192.168.0.2"}]
 * }
 * }</pre>
 *
 * <pre>{@code
 * HostSpec hv1 = HostSpec.read(exportDir.resolve("hv1/ports.json"));
 * hv1.port("web1").ofport();   // 1, by logical name or interface name
 * }</pre>
 *
 * @param host the host's name, unique in a harness
 * @param tunnelIp the host's tunnel endpoint (IPv4)
 * @param encapsulation Geneve or VXLAN
 * @param tunnel the tunnel port
 * @param ports every other port the flows use
 * @param peers the hosts this one tunnels to
 */
public record HostSpec(
    String host,
    Ipv4Address tunnelIp,
    Encapsulation encapsulation,
    Tunnel tunnel,
    ImmutableList<Port> ports,
    ImmutableList<Peer> peers) {

  /** Longest interface name OVS accepts (IFNAMSIZ - 1). */
  public static final int MAX_INTERFACE_NAME = 15;
  /** Largest OpenFlow port number a port may request (OFPP_MAX). */
  public static final int MAX_OFPORT = 0xFEFF;

  /** Tunnel encapsulations OVS runs here: {@code GENEVE.ovsType()} is {@code "geneve"}. */
  public enum Encapsulation {
    /** Geneve (RFC 8926), UDP port 6081, with options ({@code tun_metadata0}). */
    GENEVE,
    /** VXLAN (RFC 7348), UDP port 4789, no options. */
    VXLAN;

    /** The OVS interface type: {@code geneve} or {@code vxlan}. */
    public String ovsType() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The host's tunnel port: {@code hv1.tunnel().ofport()} is 65000 in the example above.
   *
   * @param interfaceName its OVS interface name
   * @param ofport its OpenFlow port number
   */
  public record Tunnel(String interfaceName, int ofport) {}

  /**
   * A port the exported flows use: a dummy interface on the integration bridge. {@code
   * hv1.port("web1")} is {@code Port[logical=web1, kind=vif, interfaceName=vif1, ofport=1,
   * mac=Optional[0a:00:00:01:00:11]]} in the example above.
   *
   * @param logical the logical port's name
   * @param kind {@code vif}, {@code localnet} or whatever the exporter calls it
   * @param interfaceName its OVS interface name
   * @param ofport its OpenFlow port number
   * @param mac the port's MAC address, when the export gives one
   */
  public record Port(
      String logical, String kind, String interfaceName, int ofport, Optional<MacAddress> mac) {}

  /**
   * A host this one tunnels to: {@code hv1.peer("hv2").tunnelIp()} is 192.168.0.2 above.
   *
   * @param host its name
   * @param tunnelIp its tunnel endpoint
   */
  public record Peer(String host, Ipv4Address tunnelIp) {}

  /**
   * Reads and checks a {@code ports.json}; every problem found is listed in one {@link
   * IllegalArgumentException} that names the file.
   */
  public static HostSpec read(Path portsJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(portsJson));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + portsJson + ": " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    Reader r = new Reader(problems);
    String host = r.text(root, "host");
    Ipv4Address tunnelIp = r.ip(root, "tunnelIp");
    Encapsulation encapsulation = Encapsulation.GENEVE;
    String encap = r.text(root, "encapsulation");
    try {
      encapsulation = Encapsulation.valueOf(encap.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add("encapsulation is \"" + encap + "\": use \"geneve\" or \"vxlan\"");
    }
    JsonNode t = root.path("tunnel");
    Tunnel tunnel = new Tunnel(r.text(t, "tunnel.interface", "interface"),
        r.number(t, "tunnel.ofport", "ofport"));
    List<Port> ports = new ArrayList<>();
    JsonNode ps = root.path("ports");
    if (!ps.isArray()) {
      problems.add("ports is missing: give an array of ports (it may be empty)");
    }
    for (int i = 0; i < ps.size(); i++) {
      JsonNode p = ps.get(i);
      String at = "ports[" + i + "].";
      Optional<MacAddress> mac = Optional.empty();
      if (p.hasNonNull("mac")) {
        mac = MacAddress.tryParse(p.get("mac").asText());
        if (mac.isEmpty()) {
          problems.add(at + "mac \"" + p.get("mac").asText() + "\" is not a MAC address");
        }
      }
      ports.add(new Port(r.text(p, at + "logical", "logical"), r.text(p, at + "kind", "kind"),
          r.text(p, at + "interface", "interface"), r.number(p, at + "ofport", "ofport"), mac));
    }
    List<Peer> peers = new ArrayList<>();
    JsonNode qs = root.path("peers");
    for (int i = 0; i < qs.size(); i++) {
      JsonNode q = qs.get(i);
      peers.add(new Peer(r.text(q, "peers[" + i + "].host", "host"),
          r.ip(q, "peers[" + i + "].tunnelIp", "tunnelIp")));
    }
    HostSpec spec = new HostSpec(host, tunnelIp, encapsulation, tunnel,
        ImmutableList.copyOf(ports), ImmutableList.copyOf(peers));
    problems.addAll(spec.problems());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(portsJson + " does not match the export contract:\n  "
          + Joiner.on("\n  ").join(problems));
    }
    return spec;
  }

  /**
   * What keeps OVS from realizing this host as given: interface names longer than {@value
   * #MAX_INTERFACE_NAME} characters, repeated or reserved by the harness ({@link
   * OvsHarness#INTEGRATION_BRIDGE}, {@link OvsHarness#UNDERLAY_BRIDGE}, {@link
   * OvsHarness#UNDERLAY_PORT}), OpenFlow port numbers outside 1..{@value #MAX_OFPORT} or
   * repeated, a peer with the host's own address. Empty when the spec is usable.
   */
  public ImmutableList<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>(Set.of(OvsHarness.INTEGRATION_BRIDGE,
        OvsHarness.UNDERLAY_BRIDGE, OvsHarness.UNDERLAY_PORT));
    Set<Integer> ofports = new HashSet<>();
    List<String> interfaces = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    interfaces.add(tunnel.interfaceName());
    numbers.add(tunnel.ofport());
    for (Port p : ports) {
      interfaces.add(p.interfaceName());
      numbers.add(p.ofport());
    }
    for (String name : interfaces) {
      if (name.isEmpty() || name.length() > MAX_INTERFACE_NAME) {
        problems.add("interface \"" + name + "\" must have 1 to " + MAX_INTERFACE_NAME
            + " characters (Linux IFNAMSIZ): shorten it in the exporter");
      }
      if (!names.add(name)) {
        problems.add("interface \"" + name + "\" is used twice or is reserved by the harness ("
            + OvsHarness.INTEGRATION_BRIDGE + ", " + OvsHarness.UNDERLAY_BRIDGE + ", "
            + OvsHarness.UNDERLAY_PORT + "): rename it");
      }
    }
    for (int n : numbers) {
      if (n < 1 || n > MAX_OFPORT) {
        problems.add("ofport " + n + " is outside 1.." + MAX_OFPORT + " (OFPP_MAX)");
      }
      if (!ofports.add(n)) {
        problems.add("ofport " + n + " is used twice: give every port its own number");
      }
    }
    for (Peer peer : peers) {
      if (peer.tunnelIp().equals(tunnelIp)) {
        problems.add("peer " + peer.host() + " has this host's own tunnel IP " + tunnelIp);
      }
    }
    return ImmutableList.copyOf(problems);
  }

  /** The port whose logical or interface name is {@code name}. */
  public Port port(String name) {
    for (Port p : ports) {
      if (p.logical().equals(name) || p.interfaceName().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("host " + host + " has no port \"" + name + "\"; its ports: "
        + Joiner.on(", ").join(ports.stream().map(Port::logical).iterator()));
  }

  /** The peer named {@code name}. */
  public Peer peer(String name) {
    return peers.stream().filter(p -> p.host().equals(name)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("host " + host + " has no peer \"" + name
            + "\": add it to \"peers\" in its ports.json"));
  }

  /** The OpenFlow port number of the interface {@code name}, the tunnel's included. */
  public int ofport(String interfaceName) {
    if (tunnel.interfaceName().equals(interfaceName)) {
      return tunnel.ofport();
    }
    return port(interfaceName).ofport();
  }

  /** Reads fields, noting what is missing or malformed. */
  private static final class Reader {
    private final List<String> problems;

    Reader(List<String> problems) {
      this.problems = problems;
    }

    String text(JsonNode node, String name) {
      return text(node, name, name);
    }

    String text(JsonNode node, String path, String name) {
      @Nullable JsonNode v = node.get(name);
      if (v == null || !v.isTextual() || v.asText().isEmpty()) {
        problems.add(path + " is missing or not a string");
        return "";
      }
      return v.asText();
    }

    int number(JsonNode node, String path, String name) {
      @Nullable JsonNode v = node.get(name);
      if (v == null || !v.canConvertToInt()) {
        problems.add(path + " is missing or not an integer");
        return 0;
      }
      return v.asInt();
    }

    Ipv4Address ip(JsonNode node, String name) {
      return ip(node, name, name);
    }

    Ipv4Address ip(JsonNode node, String path, String name) {
      String text = text(node, path, name);
      Optional<Ipv4Address> ip = Ipv4Address.tryParse(text);
      if (ip.isEmpty() && !text.isEmpty()) {
        problems.add(path + " \"" + text + "\" is not an IPv4 address"
            + " (the harness runs IPv4 underlays only)");
      }
      return ip.orElse(Ipv4Address.ANY);
    }
  }
}
