package io.nv.io;

import static io.nv.io.DocumentErrorsTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.validate.ErrorCode;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ModelErrorCode;
import io.nv.model.validate.TopologyCheck;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validation errors located through the source map, merged with the document's own errors. */
class ReadAndValidateTest {

  /** A document that breaks most of the validator's rules, each once. */
  static final String BROKEN =
      """
      apiVersion: nv/v1
      kind: Topology
      tenants:
        - id: acme
      peerings:
        - {id: self, tenant1: acme, tenant2: acme}
      hosts:
        - {id: hv1, tunnelIp: 192.168.0.1, underlayMtu: 1000}
        - {id: hv2, tunnelIp: 192.168.0.1}
        - {id: hv1, tunnelIp: 192.168.0.3}
        - {id: hv3, tunnelIp: 192.168.0.4, encapsulations: [vxlan]}
      switches:
        - id: web
          tenant: acme
          subnets: [10.0.1.0/24]
          mtu: 100
          ports:
            - {id: web-r1, kind: router, routerPort: r1-web, mac: "0a:00:00:01:00:99"}
            - {id: web1, mac: "0a:00:00:01:00:11", ips: [10.0.1.11, 10.9.0.11]}
            - {id: web2, mac: "0a:00:00:01:00:11", ips: [10.0.1.11], vlan: 7}
            - {id: web3, ips: [10.0.1.13]}
            - {id: uplink, kind: localnet, network: phys, vlan: 4095}
            - {id: mc, mac: "01:00:5e:00:00:01"}
            - {id: nowhere, kind: router, routerPort: r9}
          acls:
            - {id: a1, priority: 40000, tier: 9, match: "", action: allow}
            - {id: a1, priority: 1, match: ip4, action: drop}
        - id: ghost
          tenant: nobody
      routers:
        - id: r1
          tenant: acme
          gateway: hv9
          ports:
            - {id: r1-web, mac: "0a:00:00:01:00:01", addresses: [10.0.1.1/24]}
            - {id: r1-dup, mac: "0a:00:00:02:00:01", addresses: [10.0.1.2/25]}
            - {id: r1-none, mac: "03:00:00:00:00:01"}
          routes:
            - {id: default, prefix: 0.0.0.0/0, nextHop: 192.0.2.1}
            - {id: empty, prefix: 10.5.0.0/16}
            - {id: via, prefix: 10.6.0.0/16, port: r1-nope}
          policies:
            - {id: p1, priority: -1, match: ip4, action: reroute}
            - {id: p2, priority: 1, match: ip4, action: drop, nextHops: [10.0.1.5]}
          nats:
            - {id: n1, type: dnat, externalIp: 198.51.100.1, logical: 10.0.1.0/24, logicalPort: gone}
          neighbours:
            - {id: up, ip: 203.0.113.1, mac: "02:00:00:00:00:01"}
      addressSets:
        - {id: web_ip4, tenant: acme, addresses: [10.0.1.0/24]}
      portGroups:
        - id: web
          tenant: acme
          ports: [web1, missing, web1]
      loadBalancers:
        - id: lb
          tenant: acme
          affinityTimeout: 0
          switches: [web, nosuch]
          routers: [nosuchr]
          vips:
            - {id: v1, address: 10.0.1.11, protocol: icmp, port: 0, backends: []}
            - {id: v2, address: 10.0.1.100, protocol: tcp, port: 80, backends: ["[2001:db8::1]:80"]}
      bindings:
        - {port: web1, host: hv1}
        - {port: web1, host: hv2}
        - {port: web-r1, host: hv1}
        - {port: zzz, host: hv8}
      """;

  /** One expected error: code, path, field, and the text (and its occurrence) it points at. */
  record Expected(ErrorCode code, String path, String field, String needle, int occurrence) {}

  static Expected e(ErrorCode code, String path, String field, String needle, int occurrence) {
    return new Expected(code, path, field, needle, occurrence);
  }

  static Expected e(ErrorCode code, String path, String field, String needle) {
    return e(code, path, field, needle, 0);
  }

  @Test
  void everyValidationErrorPointsAtTheValueItIsAbout() {
    DocumentCheck c = TopologyDocuments.readAndValidate(BROKEN, "broken.yaml", Format.YAML);

    assertThat(c.isFatal()).isFalse();
    assertThat(c.isValid()).isFalse();
    assertThat(c.document().orElseThrow().errors()).isEmpty();
    List<Expected> expected =
        List.of(
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "peering self", "tenant2", "acme}"),
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "host hv1", "underlayMtu", "1000"),
            e(ModelErrorCode.DUPLICATE_IP, "host hv2", "tunnelIp", "192.168.0.1", 1),
            e(ModelErrorCode.DUPLICATE_ID, "host hv1", "id", "hv1", 1),
            e(ModelErrorCode.ENCAPSULATION_UNSUPPORTED, "host hv3", "encapsulations", "[vxlan]"),
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "switch web", "mtu", "100\n"),
            e(ModelErrorCode.FIELD_NOT_APPLICABLE, "port web-r1", "mac", "\"0a:00:00:01:00:99\""),
            e(ModelErrorCode.IP_OUTSIDE_SUBNET, "port web1", "ips[1]", "10.9.0.11"),
            e(ModelErrorCode.DUPLICATE_MAC, "port web2", "mac", "\"0a:00:00:01:00:11\"", 1),
            e(ModelErrorCode.DUPLICATE_IP, "port web2", "ips[0]", "10.0.1.11]"),
            e(ModelErrorCode.FIELD_NOT_APPLICABLE, "port web2", "vlan", "7}"),
            e(ModelErrorCode.MISSING_FIELD, "port web3", "mac", "{id: web3"),
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "port uplink", "vlan", "4095"),
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "port mc", "mac", "\"01:00:5e:00:00:01\""),
            e(ModelErrorCode.DANGLING_REFERENCE, "port nowhere", "routerPort", "r9"),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "switch web / acl a1",
                "acls[0].priority",
                "40000"),
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "switch web / acl a1", "acls[0].tier", "9,"),
            e(ModelErrorCode.BAD_MATCH, "switch web / acl a1", "acls[0].match", "\"\""),
            e(ModelErrorCode.DUPLICATE_ID, "switch web / acl a1", "acls[1].id", "a1", 1),
            e(ModelErrorCode.DANGLING_REFERENCE, "switch ghost", "tenant", "nobody"),
            e(
                ModelErrorCode.OVERLAPPING_SUBNETS,
                "router r1 / port r1-dup",
                "addresses[0]",
                "10.0.1.2/25"),
            e(ModelErrorCode.VALUE_OUT_OF_RANGE, "router r1 / port r1-none", "mac", "\"03:00"),
            e(
                ModelErrorCode.MISSING_FIELD,
                "router r1 / port r1-none",
                "addresses",
                "{id: r1-none"),
            e(ModelErrorCode.UNKNOWN_HOST, "router r1", "gateway", "hv9"),
            e(
                ModelErrorCode.NEXT_HOP_UNREACHABLE,
                "router r1 / route default",
                "routes[0].nextHop",
                "192.0.2.1"),
            e(
                ModelErrorCode.MISSING_FIELD,
                "router r1 / route empty",
                "routes[1].nextHop",
                "{id: empty"),
            e(
                ModelErrorCode.DANGLING_REFERENCE,
                "router r1 / route via",
                "routes[2].port",
                "r1-nope"),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "router r1 / policy p1",
                "policies[0].priority",
                "-1"),
            e(
                ModelErrorCode.MISSING_FIELD,
                "router r1 / policy p1",
                "policies[0].nextHops",
                "{id: p1"),
            e(
                ModelErrorCode.FIELD_NOT_APPLICABLE,
                "router r1 / policy p2",
                "policies[1].nextHops",
                "[10.0.1.5]"),
            e(
                ModelErrorCode.NAT_ADDRESS_NOT_ON_PORT,
                "router r1 / nat n1",
                "nats[0].externalIp",
                "198.51.100.1"),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "router r1 / nat n1",
                "nats[0].logical",
                "10.0.1.0/24,"),
            e(
                ModelErrorCode.DANGLING_REFERENCE,
                "router r1 / nat n1",
                "nats[0].logicalPort",
                "gone"),
            e(
                ModelErrorCode.NEXT_HOP_UNREACHABLE,
                "router r1 / neighbour up",
                "neighbours[0].ip",
                "203.0.113.1"),
            e(ModelErrorCode.DUPLICATE_ID, "address-set web_ip4", "id", "web_ip4"),
            e(ModelErrorCode.DANGLING_REFERENCE, "port-group web", "ports[1]", "missing"),
            e(ModelErrorCode.DUPLICATE_ID, "port-group web", "ports[2]", "web1]"),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "load-balancer lb",
                "affinityTimeout",
                "0\n    switches"),
            e(ModelErrorCode.DANGLING_REFERENCE, "load-balancer lb", "switches[1]", "nosuch"),
            e(ModelErrorCode.DANGLING_REFERENCE, "load-balancer lb", "routers[0]", "nosuchr"),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "load-balancer lb / vip v1",
                "vips[0].protocol",
                "icmp"),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "load-balancer lb / vip v1",
                "vips[0].port",
                "0, backends"),
            e(ModelErrorCode.MISSING_FIELD, "load-balancer lb / vip v1", "vips[0].backends", "[]"),
            e(
                ModelErrorCode.VIP_CONFLICT,
                "load-balancer lb / vip v1",
                "vips[0].address",
                "10.0.1.11,",
                1),
            e(
                ModelErrorCode.VALUE_OUT_OF_RANGE,
                "load-balancer lb / vip v2",
                "vips[1].backends[0]",
                "\"[2001"),
            e(
                ModelErrorCode.PORT_BOUND_TWICE,
                "binding web1",
                "bindings[1].port",
                "web1, host: hv2"),
            e(ModelErrorCode.BINDING_NOT_VIF, "binding web-r1", "bindings[2].port", "web-r1, host"),
            e(ModelErrorCode.DANGLING_REFERENCE, "binding zzz", "bindings[3].port", "zzz"),
            e(ModelErrorCode.UNKNOWN_HOST, "binding zzz", "bindings[3].host", "hv8"));

    for (Expected x : expected) {
      Optional<LocatedError> found =
          c.errors().stream()
              .filter(
                  err ->
                      err.code().equals(x.code())
                          && err.error().path().equals(ModelPath.parse(x.path()))
                          && err.error().field().equals(Optional.of(x.field())))
              .findFirst();
      assertThat(found).as("%s %s %s in %s", x.code(), x.path(), x.field(), c.errors()).isPresent();
      assertThat(found.get().location())
          .as("%s", found.get())
          .contains(at(BROKEN, x.needle(), x.occurrence()));
    }
    assertThat(c.errors()).allSatisfy(err -> assertThat(err.location()).as("%s", err).isPresent());
    assertThat(c.errors())
        .extracting(err -> err.location().orElseThrow())
        .isSortedAccordingTo(Location::compareTo);
  }

  @Test
  void aValidationErrorAboutAValueWithADocumentErrorIsLeftOut() {
    String doc =
        """
        apiVersion: nv/v1
        kind: Topology
        tenants: [{id: acme}]
        switches:
          - id: -web
            tenant: acme
            ports: [{id: web1, mac: zz}]
        """;

    DocumentCheck c = TopologyDocuments.readAndValidate(doc, "t.yaml", Format.YAML);

    // The validator also finds the bad id and the missing MAC: one error each is enough.
    assertThat(c.errors())
        .extracting(LocatedError::code, LocatedError::location)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ModelErrorCode.INVALID_ID, Optional.of(at(doc, "-web"))),
            org.assertj.core.groups.Tuple.tuple(
                DocumentErrorCode.INVALID_ADDRESS, Optional.of(at(doc, "zz"))));
  }

  @Test
  void documentAndValidationErrorsComeTogetherInDocumentOrder() {
    String doc =
        """
        apiVersion: nv/v1
        kind: Topology
        tenants: [{id: acme}]
        switches:
          - id: web
            tenant: acme
            subnets: [10.0.1.0/24]
            ports:
              - {id: web1, mac: "0a:00:00:01:00:11", ips: [10.0.2.11]}
              - {id: web2, mac: "0a:00:00:01:00:12", color: blue}
        hosts:
          - {id: hv1, tunnelIp: 192.168.0.1}
        bindings:
          - {port: web1, host: hv2}
        """;

    DocumentCheck c = TopologyDocuments.readAndValidate(doc, "t.yaml", Format.YAML);

    assertThat(c.errors())
        .extracting(LocatedError::code)
        .containsExactly(
            ModelErrorCode.IP_OUTSIDE_SUBNET,
            DocumentErrorCode.UNKNOWN_FIELD,
            ModelErrorCode.UNKNOWN_HOST);
    assertThat(c.errors().get(0).format("t.yaml"))
        .startsWith("t.yaml:" + at(doc, "10.0.2.11") + ": IP_OUTSIDE_SUBNET port web1: ");
  }

  @Test
  void extraChecksRunOnAStructurallyValidTopology() {
    TopologyCheck mtu =
        t ->
            io.vavr.collection.List.of(
                ModelError.of(ModelErrorCode.UNSUPPORTED, ModelPath.of("host", "hv2"), "no")
                    .at("underlayMtu"));
    String doc = Topologies.resource("three-tier.yaml");

    DocumentCheck c =
        TopologyDocuments.readAndValidate(
            doc, "three-tier.yaml", Format.YAML, ImmutableList.of(mtu));

    assertThat(c.errors()).hasSize(1);
    assertThat(c.errors().get(0).location()).contains(at(doc, "1500", 1));
  }

  @Test
  void columnsInsideOneLineMatchStringsAreAddedToTheStringsColumn() {
    String yaml =
        """
        apiVersion: nv/v1
        kind: Topology
        switches:
          - id: s
            tenant: t
            acls:
              - {id: plain, priority: 1, match: ip4.src == 10.0.0.1, action: drop}
              - {id: double, priority: 1, match: "ip4.src == 10.0.0.1", action: drop}
              - {id: single, priority: 1, match: 'ip4.src == 10.0.0.1', action: drop}
              - {id: escaped, priority: 1, match: "ip4.src == \\"x\\"", action: drop}
              - id: block
                priority: 1
                match: |
                  ip4.src == 10.0.0.1
                action: drop
        """;
    TopologyDocument d = TopologyDocuments.read(yaml, "t", Format.YAML).get();

    assertThat(d.locate(badMatch("plain", 0, 9))).contains(at(yaml, "== 10.0.0.1, action"));
    assertThat(d.locate(badMatch("double", 1, 9))).contains(at(yaml, "== 10.0.0.1\"", 0));
    assertThat(d.locate(badMatch("single", 2, 9))).contains(at(yaml, "== 10.0.0.1'"));
    assertThat(d.locate(badMatch("single", 2, 20))).contains(at(yaml, "', action"));
    // Escapes and blocks cannot be mapped column for column: the string's start.
    assertThat(d.locate(badMatch("escaped", 3, 9))).contains(at(yaml, "\"ip4.src == \\"));
    assertThat(d.locate(badMatch("block", 4, 9))).contains(at(yaml, "|"));
    // A column past the text is not in it.
    assertThat(d.locate(badMatch("plain", 0, 99)))
        .contains(at(yaml, "ip4.src == 10.0.0.1, action"));

    String json =
        "{\"apiVersion\": \"nv/v1\", \"kind\": \"Topology\", \"switches\": [{\"id\": \"s\","
            + " \"tenant\": \"t\",\n"
            + " \"acls\": [{\"id\": \"a\", \"priority\": 1, \"match\": \"tcp.dst == 80\","
            + " \"action\": \"drop\"}]}]}";
    TopologyDocument j = TopologyDocuments.read(json, "t", Format.JSON).get();
    assertThat(j.locate(badMatch("a", 0, 12))).contains(at(json, "80\""));
  }

  private static ModelError badMatch(String acl, int index, int column) {
    return ModelError.of(
            ModelErrorCode.BAD_MATCH, ModelPath.of("switch", "s").child("acl", acl), "bad")
        .at("acls[" + index + "].match")
        .atColumn(column);
  }

  @Test
  void errorsAboutWholeElementsPointAtTheElement() {
    String doc = Topologies.resource("three-tier.yaml");
    TopologyDocument d = TopologyDocuments.read(doc, "t", Format.YAML).get();

    assertThat(
            d.locate(ModelError.of(ModelErrorCode.UNSUPPORTED, ModelPath.of("switch", "app"), "x")))
        .contains(at(doc, "id: app"));
    // Causes below an element fall back to the element.
    assertThat(
            d.locate(
                ModelError.of(
                    ModelErrorCode.UNSUPPORTED,
                    ModelPath.of("port", "web1").cause("port-security"),
                    "x")))
        .contains(at(doc, "{id: web1"));
    assertThat(
            d.locate(ModelError.of(ModelErrorCode.UNSUPPORTED, ModelPath.of("switch", "zzz"), "x")))
        .contains(new Location(3, 1));
    assertThat(
            d.locate(
                ModelError.of(
                        ModelErrorCode.UNSUPPORTED, ModelPath.of("load-balancer", "web-lb"), "x")
                    .at("vips[0].backends[1]")))
        .contains(at(doc, "\"10.0.1.12:80\""));
    assertThat(
            d.locate(
                ModelError.of(ModelErrorCode.UNSUPPORTED, ModelPath.of("router", "r1"), "x")
                    .at("ports[2].mac")))
        .contains(at(doc, "\"0a:00:00:03:00:01\""));
  }
}
