package io.nv.io.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import com.google.common.collect.ImmutableSet;
import io.nv.io.Format;
import io.nv.model.Peering;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import java.io.IOException;
import java.io.Serial;
import java.io.Writer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Writes a {@link Topology} as a canonical document: fields in the order of {@code
 * docs/topology-format.md}, elements in model order, defaults and empty lists left out.
 *
 * <pre>{@code
 * String yaml = TopologyWriter.write(topology, Format.YAML);
 * }</pre>
 */
public final class TopologyWriter {
  private TopologyWriter() {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Quotes every string but ids, IPv4 addresses and prefixes and enum values, so that no YAML 1.1
   * reader takes a MAC for a sexagesimal number or {@code off} for a boolean.
   */
  private static final class Quoting extends StringQuotingChecker.Default {
    @Serial private static final long serialVersionUID = 1L;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./-]*");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !PLAIN.matcher(value).matches();
    }
  }

  /**
   * Writes multi-line strings double-quoted: Jackson would write them as literal blocks, where YAML
   * turns NEL, LS and PS into plain line breaks and the text would not read back the same.
   */
  private static final class Generator extends YAMLGenerator {
    Generator(Factory f, IOContext ctxt, Writer out) throws IOException {
      super(
          ctxt,
          f.getGeneratorFeatures(),
          f.getFormatGeneratorFeatures(),
          f.quoting(),
          f.getCodec(),
          out,
          f.yamlVersion());
    }

    @Override
    public void writeString(@Nullable String text) throws IOException {
      if (text != null && text.indexOf('\n') >= 0) {
        _verifyValueWrite("write String value");
        _writeScalar(text, "string", DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        return;
      }
      super.writeString(text);
    }
  }

  private static final class Factory extends YAMLFactory {
    @Serial private static final long serialVersionUID = 1L;

    Factory(YAMLFactoryBuilder b) {
      super(b);
    }

    StringQuotingChecker quoting() {
      return _quotingChecker;
    }

    DumperOptions.@Nullable Version yamlVersion() {
      return _version;
    }

    @Override
    protected YAMLGenerator _createGenerator(Writer out, IOContext ctxt) throws IOException {
      return new Generator(this, ctxt, out);
    }
  }

  private static final ObjectWriter YAML =
      new ObjectMapper(
              new Factory(
                  YAMLFactory.builder()
                      .stringQuotingChecker(new Quoting())
                      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                      .disable(YAMLGenerator.Feature.USE_PLATFORM_LINE_BREAKS)))
          .writer();

  // Fixed "\n" and two spaces: the output must not depend on the platform.
  private static final ObjectWriter JSON =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  /** {@code topology} as a document in {@code format}, ending with a newline. */
  public static String write(Topology topology, Format format) {
    ObjectNode root = document(topology);
    try {
      if (format == Format.YAML) {
        return YAML.writeValueAsString(root);
      }
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      // Writing a tree of strings, numbers and booleans to a string cannot fail.
      throw new IllegalStateException("writing a topology document failed: " + e.getMessage(), e);
    }
  }

  private static ObjectNode document(Topology t) {
    ObjectNode o = NODES.objectNode();
    o.put("apiVersion", TopologyReader.API_VERSION);
    o.put("kind", TopologyReader.KIND);
    if (t.encapsulation() != Encapsulation.GENEVE) {
      o.put("encapsulation", Names.of(t.encapsulation()));
    }
    objects(o, "tenants", t.tenants(), TopologyWriter::tenant);
    objects(o, "peerings", t.peerings(), TopologyWriter::peering);
    objects(o, "hosts", t.hosts(), TopologyWriter::host);
    objects(o, "switches", t.switches(), TopologyWriter::logicalSwitch);
    objects(o, "routers", t.routers(), TopologyWriter::router);
    objects(o, "addressSets", t.addressSets(), TopologyWriter::addressSet);
    objects(o, "portGroups", t.portGroups(), TopologyWriter::portGroup);
    objects(o, "loadBalancers", t.loadBalancers(), TopologyWriter::loadBalancer);
    objects(o, "bindings", t.bindings(), TopologyWriter::binding);
    return o;
  }

  private static void tenant(ObjectNode o, Tenant t) {
    o.put("id", t.id());
    if (!t.description().isEmpty()) {
      o.put("description", t.description());
    }
  }

  private static void peering(ObjectNode o, Peering p) {
    o.put("id", p.id());
    o.put("tenant1", p.tenant1());
    o.put("tenant2", p.tenant2());
  }

  private static void host(ObjectNode o, Host h) {
    o.put("id", h.id());
    o.put("tunnelIp", h.tunnelIp().toString());
    if (!h.encapsulations().equals(ImmutableSet.of(Encapsulation.GENEVE))) {
      ArrayNode a = o.putArray("encapsulations");
      h.encapsulations().forEach(e -> a.add(Names.of(e)));
    }
    if (h.underlayMtu() != 1500) {
      o.put("underlayMtu", h.underlayMtu());
    }
  }

  private static void binding(ObjectNode o, Binding b) {
    o.put("port", b.port());
    o.put("host", b.host());
  }

  private static void logicalSwitch(ObjectNode o, LogicalSwitch s) {
    o.put("id", s.id());
    o.put("tenant", s.tenant());
    strings(o, "subnets", s.subnets());
    s.mtu().ifPresent(m -> o.put("mtu", m));
    if (s.unknownUnicast() != UnknownUnicast.UNKNOWN_PORTS) {
      o.put("unknownUnicast", Names.of(s.unknownUnicast()));
    }
    if (s.defaultDeny() != DefaultDeny.OFF) {
      o.put("defaultDeny", Names.of(s.defaultDeny()));
    }
    s.key().ifPresent(k -> o.put("key", k));
    objects(o, "ports", s.ports(), TopologyWriter::switchPort);
    objects(o, "acls", s.acls(), TopologyWriter::acl);
  }

  private static void switchPort(ObjectNode o, SwitchPort p) {
    o.put("id", p.id());
    if (p.kind() != PortKind.VIF) {
      o.put("kind", Names.of(p.kind()));
    }
    text(o, "mac", p.mac());
    strings(o, "ips", p.ips());
    if (p.portSecurity()) {
      o.put("portSecurity", true);
    }
    if (p.unknown()) {
      o.put("unknown", true);
    }
    text(o, "routerPort", p.routerPort());
    text(o, "network", p.network());
    p.vlan().ifPresent(v -> o.put("vlan", v));
    p.key().ifPresent(k -> o.put("key", k));
  }

  private static void acl(ObjectNode o, AclRule a) {
    o.put("id", a.id());
    if (a.tier() != 0) {
      o.put("tier", a.tier());
    }
    o.put("priority", a.priority());
    if (a.direction() != Direction.TO_PORT) {
      o.put("direction", Names.of(a.direction()));
    }
    o.put("match", a.match());
    o.put("action", Names.of(a.action()));
    if (a.log()) {
      o.put("log", true);
    }
  }

  private static void router(ObjectNode o, LogicalRouter r) {
    o.put("id", r.id());
    o.put("tenant", r.tenant());
    text(o, "gateway", r.gateway());
    r.key().ifPresent(k -> o.put("key", k));
    objects(o, "ports", r.ports(), TopologyWriter::routerPort);
    objects(o, "routes", r.routes(), TopologyWriter::route);
    objects(o, "policies", r.policies(), TopologyWriter::policy);
    objects(o, "nats", r.nats(), TopologyWriter::nat);
    objects(o, "neighbours", r.neighbours(), TopologyWriter::neighbour);
  }

  private static void routerPort(ObjectNode o, RouterPort p) {
    o.put("id", p.id());
    o.put("mac", p.mac().toString());
    strings(o, "addresses", p.addresses());
    p.key().ifPresent(k -> o.put("key", k));
  }

  private static void route(ObjectNode o, StaticRoute r) {
    o.put("id", r.id());
    o.put("prefix", r.prefix().toString());
    text(o, "nextHop", r.nextHop());
    text(o, "port", r.port());
  }

  private static void policy(ObjectNode o, PolicyRoute p) {
    o.put("id", p.id());
    o.put("priority", p.priority());
    o.put("match", p.match());
    o.put("action", Names.of(p.action()));
    strings(o, "nextHops", p.nextHops());
  }

  private static void nat(ObjectNode o, NatRule n) {
    o.put("id", n.id());
    o.put("type", Names.of(n.type()));
    o.put("externalIp", n.externalIp().toString());
    o.put("logical", n.logical().toString());
    text(o, "logicalPort", n.logicalPort());
    text(o, "externalMac", n.externalMac());
  }

  private static void neighbour(ObjectNode o, StaticNeighbour n) {
    o.put("id", n.id());
    o.put("ip", n.ip().toString());
    o.put("mac", n.mac().toString());
  }

  private static void addressSet(ObjectNode o, AddressSet a) {
    o.put("id", a.id());
    o.put("tenant", a.tenant());
    strings(o, "addresses", a.addresses());
  }

  private static void portGroup(ObjectNode o, PortGroup g) {
    o.put("id", g.id());
    o.put("tenant", g.tenant());
    strings(o, "ports", g.ports());
    if (g.defaultDeny() != DefaultDeny.OFF) {
      o.put("defaultDeny", Names.of(g.defaultDeny()));
    }
    objects(o, "acls", g.acls(), TopologyWriter::acl);
  }

  private static void loadBalancer(ObjectNode o, LoadBalancer lb) {
    o.put("id", lb.id());
    o.put("tenant", lb.tenant());
    objects(o, "vips", lb.vips(), TopologyWriter::vip);
    if (!lb.selectionFields().isEmpty()) {
      ArrayNode a = o.putArray("selectionFields");
      lb.selectionFields().forEach(f -> a.add(Names.of(f)));
    }
    lb.affinityTimeout().ifPresent(v -> o.put("affinityTimeout", v));
    text(o, "hairpinAddress", lb.hairpinAddress());
    strings(o, "switches", lb.switches());
    strings(o, "routers", lb.routers());
  }

  private static void vip(ObjectNode o, Vip v) {
    o.put("id", v.id());
    o.put("address", v.address().toString());
    o.put("protocol", v.protocol().name());
    o.put("port", v.port());
    if (!v.backends().isEmpty()) {
      ArrayNode a = o.putArray("backends");
      for (Backend b : v.backends()) {
        if (b.weight() == 1 && b.healthy()) {
          a.add(b.id());
        } else {
          ObjectNode bo = a.addObject();
          bo.put("address", b.address().toString());
          bo.put("port", b.port());
          if (b.weight() != 1) {
            bo.put("weight", b.weight());
          }
          if (!b.healthy()) {
            bo.put("healthy", false);
          }
        }
      }
    }
  }

  private static <T> void objects(
      ObjectNode o, String key, List<T> items, BiConsumer<ObjectNode, T> write) {
    if (!items.isEmpty()) {
      ArrayNode a = o.putArray(key);
      items.forEach(item -> write.accept(a.addObject(), item));
    }
  }

  private static void strings(ObjectNode o, String key, Collection<?> items) {
    if (!items.isEmpty()) {
      ArrayNode a = o.putArray(key);
      items.forEach(item -> a.add(item.toString()));
    }
  }

  private static void text(ObjectNode o, String key, Optional<?> value) {
    value.ifPresent(v -> o.put(key, v.toString()));
  }
}
