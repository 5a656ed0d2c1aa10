package io.nv.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableMap;
import io.nv.encap.keys.KeyAssignment;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.encap.plan.EncapPlan;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ValidatedTopology;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code nv plan FILE [--host H] [--format text|json] [--keys FILE] [--keys-out FILE]}: prints the
 * encapsulation plan of one host (or every host): its VTEP, tunnel peers, replication lists, MTU
 * budget and keys.
 *
 * <pre>{@code
 * $ nv plan examples/topologies/vl2-flat.yaml --host hv1
 * host hv1
 *   vtep 192.168.0.1 geneve udp/6081
 *   peers: hv2 192.168.0.2, hv3 192.168.0.3 …
 * }</pre>
 */
final class PlanCommand extends Command {
  PlanCommand() {
    super(
        "plan",
        List.of("Print the encapsulation plan of a host: VTEP, peers, replication lists, MTU budget, keys."),
        "0:success",
        "1:the topology or the keys file has problems",
        "2:bad usage, or a file that cannot be read or parsed at all");
  }

  private final Cli.Value<Path> file = cli.topologyFile();

  private final Cli.Value<String> host =
      cli.option("--host", "H", String.class, "Host id (default: every host, by id).");

  private final Cli.Value<OutputFormat> format =
      cli.withDefault("--format", "FORMAT", OutputFormat.class, OutputFormat.text, "text (default) or json.");

  private final Cli.Value<Path> keysIn =
      cli.option(
          "--keys", "FILE", Path.class, "A previous key assignment (JSON): surviving elements keep their keys.");

  private final Cli.Value<Path> keysOut =
      cli.option("--keys-out", "FILE", Path.class, "Write the key assignment used (JSON).");

  private final Cli.Value<String> vxlanMode =
      cli.withDefault(
          "--vxlan-mode", "MODE", String.class, "ovn-split",
          "For VXLAN topologies: ovn-split (default) or vni-per-switch.");

  enum OutputFormat {
    text,
    json
  }

  /** The JSON writer of plans and key files, made on first use (not at every command's start). */
  static ObjectMapper json() {
    return Json.MAPPER;
  }

  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path f = file.get();
    VxlanMode mode = switch (vxlanMode.get()) {
      case "ovn-split" -> VxlanMode.OVN_SPLIT;
      case "vni-per-switch" -> VxlanMode.VNI_PER_SWITCH;
      default -> throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--vxlan-mode must be ovn-split or vni-per-switch, not '" + vxlanMode.get() + "'");
    };
    Inputs.Loaded<ValidatedTopology> loaded = Inputs.validated(f, out, Stages.checks(mode));
    if (loaded.value().isEmpty()) {
      return loaded.exitCode();
    }
    Optional<ValidatedTopology> valid = loaded.value();
    Optional<KeyAssignment> previous = Optional.empty();
    Path keysFrom = keysIn.orNull();
    if (keysFrom != null) {
      Inputs.Loaded<KeyAssignment> read = Inputs.keys(keysFrom, out);
      if (read.value().isEmpty()) {
        return read.exitCode();
      }
      previous = read.value();
    }
    Validation<Seq<ModelError>, KeyAssignment> keys = Keys.allocate(valid.get(), mode, previous);
    if (keys.isInvalid()) {
      keys.getError().forEach(e -> out.println(f + ": " + e));
      return ExitCodes.PROBLEMS;
    }
    Path keysTo = keysOut.orNull();
    if (keysTo != null) {
      Files.writeString(keysTo, json().writeValueAsString(keys.get().toMap()) + "\n");
    }
    List<String> hosts = new ArrayList<>();
    String only = host.orNull();
    if (only != null) {
      if (valid.get().topology().hostById(only).isEmpty()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "no host '" + only + "' in " + f + ": hosts are "
                + valid.get().topology().hosts().stream().map(h -> h.id()).sorted().toList());
      }
      hosts.add(only);
    } else {
      valid.get().topology().hosts().stream().map(h -> h.id()).sorted().forEach(hosts::add);
    }
    List<EncapPlan> plans = hosts.stream().map(h -> EncapPlan.of(valid.get(), keys.get(), h)).toList();
    if (format.get() == OutputFormat.json) {
      Object doc = plans.size() == 1 && only != null ? json(plans.get(0)) : plans.stream().map(PlanCommand::json).toList();
      out.println(json().writeValueAsString(doc));
    } else {
      for (int i = 0; i < plans.size(); i++) {
        if (i > 0) {
          out.println();
        }
        out.print(plans.get(i).toText());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  static Map<String, Object> json(EncapPlan p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", p.host());
    m.put("vtep", ImmutableMap.of(
        "address", p.vtep().address().toString(),
        "encapsulation", p.vtep().encapsulation().name().toLowerCase(java.util.Locale.ROOT),
        "udpPort", p.vtep().udpPort()));
    m.put("peers", p.peers().stream().map(x -> ImmutableMap.of("host", x.host(), "tunnelIp", x.tunnelIp().toString())).toList());
    m.put("replication", p.replication().stream().map(r -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("switch", r.switchId());
      x.put("key", r.key());
      x.put("floodVni", r.floodVni());
      x.put("remotes", r.remotes());
      return x;
    }).toList());
    Map<String, Object> mtu = new LinkedHashMap<>();
    mtu.put("underlayMtu", p.budget().underlayMtu());
    mtu.put("overhead", p.budget().overhead());
    mtu.put("innerMtu", p.budget().innerMtu());
    mtu.put("arithmetic", p.budget().arithmetic());
    m.put("mtu", mtu);
    m.put("switchMtus", p.switchMtus());
    m.put("datapaths", p.datapaths().stream().map(d -> ImmutableMap.of("datapath", d.datapath().toString(), "key", d.key())).toList());
    m.put("localPorts", p.localPorts().stream().map(l -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("port", l.port());
      x.put("switch", l.switchId());
      x.put("key", l.key());
      x.put("zone", l.zone());
      return x;
    }).toList());
    return m;
  }
}
