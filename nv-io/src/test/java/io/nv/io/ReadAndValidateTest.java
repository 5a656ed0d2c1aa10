package io.nv.io;

import static io.nv.io.DocumentErrorsTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.nv.encap.EncapErrorCode;
import io.nv.encap.check.EncapChecks;
import io.nv.model.ModelPath;
import io.nv.model.validate.ErrorCode;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.ModelErrorCode;
import io.nv.model.validate.Validator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Validation errors located through the source map, merged with the document's own errors. */
class ReadAndValidateTest {

  /**
   * A document that gives the validator every kind of path and field it reports: each element kind,
   * named by id and by position ({@code switch #4}, {@code router r1 / port #6}, {@code binding
   * #1}), each field, list items, fields of rules and router ports through their owner's list,
   * positional switch ports inside positional switches, and errors inside match expressions (plain,
   * single-quoted, double-quoted with escapes, literal block, past the end).
   */
  static final String BROKEN =
      """
      apiVersion: nv/v1
      kind: Topology
      tenants:
        - id: acme
        - id: other
        - id: acme
        - id: -bad
      peerings:
        - {id: self, tenant1: acme, tenant2: acme}
        - {id: ghost, tenant1: nobody, tenant2: nowhere}
        - {id: self, tenant1: other, tenant2: other}
      hosts:
        - {id: hv1, tunnelIp: 192.168.0.1, underlayMtu: 1000}
        - {id: hv2, tunnelIp: 192.168.0.1}
        - {id: hv1, tunnelIp: 192.168.0.3, underlayMtu: 99}
        - {id: hv3, tunnelIp: 192.168.0.4, encapsulations: [vxlan]}
        - {id: hv4, tunnelIp: 192.168.0.5}
      switches:
        - id: web
          tenant: acme
          subnets: [10.0.1.0/24]
          mtu: 100
          ports:
            - {id: web-r1, kind: router, routerPort: r1-web, mac: "0a:00:00:01:00:99", ips: [10.0.1.50], portSecurity: true, unknown: true, network: n1, vlan: 5}
            - {id: web1, mac: "0a:00:00:01:00:11", ips: [10.0.1.11, 10.9.0.11, 10.0.1.0]}
            - {id: web2, mac: "0a:00:00:01:00:11", ips: [10.0.1.11, 10.0.1.12, 10.0.1.12], vlan: 7, routerPort: r1-app, network: n2}
            - {id: web3, ips: [10.0.1.13]}
            - {id: uplink, kind: localnet, network: phys, vlan: 4095, mac: "0a:00:00:00:00:77", ips: [10.0.1.77], routerPort: r1-db, portSecurity: true}
            - {id: uplink2, kind: localnet}
            - {id: mc, mac: "01:00:5e:00:00:01"}
            - {id: nowhere, kind: router, routerPort: r9}
            - {id: nolink, kind: router}
            - {id: web1, mac: "01:00:00:00:00:02"}
            - {id: -p, mac: "0a:00:00:01:00:42"}
          acls:
            - {id: a1, priority: 40000, tier: 9, match: "", action: allow}
            - {id: a1, priority: -5, match: ip4, action: drop}
            - {id: syntax, priority: 1, match: "tcp.dst == 70000", action: drop}
            - {id: refs, priority: 1, match: 'ip4.src == $nosuch && outport == @nogroup && inport == "ghost"', action: drop}
            - {id: cross, priority: 1, match: "ip4.src == $red_set || outport == \\"red1\\"", action: drop}
            - {id: -x, priority: 1, match: ip, action: drop}
        - id: app
          tenant: acme
          subnets: [10.0.2.0/24]
          ports:
            - {id: app-r1, kind: router, routerPort: r1-app}
            - {id: app-r2, kind: router, routerPort: r2-app}
            - {id: app-r1b, kind: router, routerPort: r1-app}
        - id: db
          tenant: acme
          subnets: [10.0.3.0/24]
          ports:
            - {id: db-r1, kind: router, routerPort: r1-db}
        - id: red
          tenant: other
          ports:
            - {id: red-r1, kind: router, routerPort: r1-red}
            - {id: red1, mac: "0a:00:00:05:00:11"}
        - id: web
          tenant: acme
          mtu: 10000
          ports:
            - {id: web2, mac: "0a:00:00:0b:00:01"}
          acls:
            - {id: a1, priority: 70000, match: ip, action: drop}
        - id: ghost
          tenant: nobody
      routers:
        - id: r1
          tenant: acme
          gateway: hv9
          ports:
            - {id: r1-web, mac: "0a:00:00:01:00:01", addresses: [10.0.1.1/24]}
            - {id: r1-app, mac: "0a:00:00:02:00:01", addresses: [10.0.2.1/24]}
            - {id: r1-db, mac: "0a:00:00:03:00:01", addresses: [10.0.3.1/25]}
            - {id: r1-red, mac: "0a:00:00:05:00:01"}
            - {id: r1-dup, mac: "0a:00:00:09:00:01", addresses: [10.0.1.2/25, 10.0.8.0/24]}
            - {id: r1-none, mac: "03:00:00:00:00:01", addresses: [10.0.7.1/24]}
            - {id: r1-web, mac: "01:00:00:0a:00:01", addresses: [10.0.10.1/24]}
          routes:
            - {id: default, prefix: 0.0.0.0/0, nextHop: 192.0.2.1}
            - {id: empty, prefix: 10.5.0.0/16}
            - {id: via, prefix: 10.6.0.0/16, port: r1-nope}
            - {id: v6, prefix: "2001:db8::/32", nextHop: 10.0.1.9}
            - {id: onport, prefix: 10.7.0.0/16, nextHop: 10.0.2.9, port: r1-web}
            - {id: default, prefix: 10.8.0.0/16, nextHop: 10.0.1.19}
          policies:
            - {id: p1, priority: -1, match: ip4, action: reroute}
            - {id: p2, priority: 1, match: ip4, action: drop, nextHops: [10.0.1.5]}
            - id: p3
              priority: 1
              action: reroute
              nextHops: [10.0.1.6, 192.0.2.9]
              match: |
                ip4 &&
                ip4.dst == $noset
            - {id: p3, priority: 1, match: "ip4.dst ==", action: drop}
          nats:
            - {id: n1, type: dnat, externalIp: 198.51.100.1, logical: 10.0.1.0/24, logicalPort: gone, externalMac: "0a:00:00:00:00:01"}
            - {id: fip, type: floating-ip, externalIp: 10.0.1.200, logical: "2001:db8::5", logicalPort: gone2, externalMac: "01:00:00:00:00:01"}
            - {id: fip2, type: floating-ip, externalIp: 10.0.1.201, logical: 10.0.1.78, logicalPort: red1}
            - {id: n1, type: snat, externalIp: 10.0.1.202, logical: 10.0.0.0/16}
          neighbours:
            - {id: up, ip: 203.0.113.1, mac: "02:00:00:00:00:01"}
            - {id: zero, ip: 10.0.1.254, mac: "00:00:00:00:00:00"}
            - {id: up, ip: 10.0.1.253, mac: "02:00:00:00:00:03"}
        - id: r2
          tenant: acme
          ports:
            - {id: r2-app, mac: "0a:00:00:02:00:01", addresses: [10.0.2.1/24]}
        - {id: rr, tenant: other}
        - {id: r3, tenant: nobody}
        - id: r2
          tenant: acme
          ports:
            - {id: r2b, mac: "01:00:00:0c:00:01"}
          routes:
            - {id: x, prefix: 10.9.0.0/16, port: nope}
      addressSets:
        - {id: web_ip4, tenant: acme, addresses: [10.0.1.0/24]}
        - {id: red_set, tenant: other}
        - {id: orphan, tenant: nobody}
        - {id: red_set, tenant: other}
      portGroups:
        - id: web
          tenant: acme
          ports: [web1, missing, web1, red1]
          acls:
            - {id: g1, priority: -1, match: "outport == @lonely", action: drop}
        - {id: lonely, tenant: nobody}
        - {id: web, tenant: acme}
      loadBalancers:
        - id: lb
          tenant: acme
          affinityTimeout: 0
          switches: [nosuch, red, web, web]
          routers: [nosuchr, rr, r1, r1]
          vips:
            - {id: v1, address: 10.0.1.11, protocol: icmp, port: 0, backends: []}
            - {id: v2, address: 10.0.1.100, protocol: tcp, port: 80, backends: ["[2001:db8::1]:80", "10.0.1.20:80", "10.0.1.20:80"]}
            - {id: v1, address: 10.0.1.101, protocol: udp, port: 53, backends: ["10.0.1.22:53"]}
        - id: lb2
          tenant: acme
          switches: [app]
          vips:
            - {id: a, address: 10.0.2.100, protocol: tcp, port: 80, backends: ["10.0.2.21:80"]}
            - {id: b, address: 10.0.2.100, protocol: tcp, port: 80, backends: ["10.0.2.22:80"]}
        - {id: lb3, tenant: nobody}
        - {id: lb2, tenant: acme, affinityTimeout: 70000}
      bindings:
        - {port: web1, host: hv1}
        - {port: web1, host: hv2}
        - {port: web-r1, host: hv1}
        - {port: zzz, host: hv8}
        - {port: "-q", host: hv4}
      """;

  /**
   * One expected error: code, path, field, column inside the field's text, and where it must point:
   * the {@code occurrence}-th {@code needle} in the document, {@code shift} columns on.
   */
  record Expected(
      ErrorCode code,
      String path,
      String field,
      int column,
      String needle,
      int occurrence,
      int shift) {

    Expected nth(int occurrence) {
      return new Expected(code, path, field, column, needle, occurrence, shift);
    }

    Expected column(int column) {
      return new Expected(code, path, field, column, needle, occurrence, shift);
    }

    Expected shift(int shift) {
      return new Expected(code, path, field, column, needle, occurrence, shift);
    }

    /** Code, path, field and column, as {@link #key(ModelError)} gives them for an error. */
    String key() {
      return code.name() + " " + path + " " + field + (column > 0 ? " @" + column : "");
    }

    Location location(String doc) {
      Location l = at(doc, needle, occurrence);
      return new Location(l.line(), l.column() + shift);
    }
  }

  static String key(ModelError e) {
    return e.code().name()
        + " "
        + e.path()
        + " "
        + e.field().orElse("-")
        + (e.column() > 0 ? " @" + e.column() : "");
  }

  static Expected e(ErrorCode code, String path, String field, String needle) {
    return new Expected(code, path, field, 0, needle, 0, 0);
  }

  private static final ModelErrorCode INVALID_ID = ModelErrorCode.INVALID_ID;
  private static final ModelErrorCode DUPLICATE_ID = ModelErrorCode.DUPLICATE_ID;
  private static final ModelErrorCode DANGLING = ModelErrorCode.DANGLING_REFERENCE;
  private static final ModelErrorCode CROSS_TENANT = ModelErrorCode.CROSS_TENANT_REFERENCE;
  private static final ModelErrorCode RANGE = ModelErrorCode.VALUE_OUT_OF_RANGE;
  private static final ModelErrorCode MISSING = ModelErrorCode.MISSING_FIELD;
  private static final ModelErrorCode NOT_APPLICABLE = ModelErrorCode.FIELD_NOT_APPLICABLE;
  private static final ModelErrorCode BAD_MATCH = ModelErrorCode.BAD_MATCH;

  /** Every error the validator reports for {@link #BROKEN}, in document order. */
  static final List<Expected> BROKEN_ERRORS =
      List.of(
          e(DUPLICATE_ID, "tenant #2", "id", "acme").nth(1),
          e(INVALID_ID, "tenant #3", "id", "-bad"),
          e(RANGE, "peering self", "tenant2", "acme}"),
          e(DANGLING, "peering ghost", "tenant1", "nobody"),
          e(DANGLING, "peering ghost", "tenant2", "nowhere"),
          e(DUPLICATE_ID, "peering #2", "id", "self").nth(1),
          e(RANGE, "peering #2", "tenant2", "other}"),
          e(RANGE, "host hv1", "underlayMtu", "1000"),
          e(ModelErrorCode.DUPLICATE_IP, "host hv2", "tunnelIp", "192.168.0.1").nth(1),
          e(DUPLICATE_ID, "host #2", "id", "hv1").nth(1),
          e(RANGE, "host #2", "underlayMtu", "99}"),
          e(ModelErrorCode.ENCAPSULATION_UNSUPPORTED, "host hv3", "encapsulations", "[vxlan]"),
          e(RANGE, "switch web", "mtu", "100\n"),
          e(NOT_APPLICABLE, "port web-r1", "mac", "\"0a:00:00:01:00:99\""),
          e(NOT_APPLICABLE, "port web-r1", "ips", "[10.0.1.50]"),
          e(NOT_APPLICABLE, "port web-r1", "portSecurity", "true, unknown"),
          e(NOT_APPLICABLE, "port web-r1", "unknown", "true, network"),
          e(NOT_APPLICABLE, "port web-r1", "network", "n1, vlan"),
          e(NOT_APPLICABLE, "port web-r1", "vlan", "vlan: 5}").shift(6),
          e(ModelErrorCode.IP_OUTSIDE_SUBNET, "port web1", "ips[1]", "10.9.0.11"),
          e(RANGE, "port web1", "ips[2]", "10.0.1.0]"),
          e(ModelErrorCode.DUPLICATE_MAC, "port web2", "mac", "\"0a:00:00:01:00:11\"").nth(1),
          e(ModelErrorCode.DUPLICATE_IP, "port web2", "ips[0]", "10.0.1.11, 10.0.1.12"),
          e(ModelErrorCode.DUPLICATE_IP, "port web2", "ips[2]", "10.0.1.12]"),
          e(NOT_APPLICABLE, "port web2", "vlan", "7, routerPort"),
          e(NOT_APPLICABLE, "port web2", "routerPort", "r1-app, network"),
          e(NOT_APPLICABLE, "port web2", "network", "n2}"),
          e(MISSING, "port web3", "mac", "{id: web3"),
          e(RANGE, "port uplink", "vlan", "4095"),
          e(NOT_APPLICABLE, "port uplink", "mac", "\"0a:00:00:00:00:77\""),
          e(NOT_APPLICABLE, "port uplink", "ips", "[10.0.1.77]"),
          e(NOT_APPLICABLE, "port uplink", "routerPort", "r1-db, portSecurity"),
          e(NOT_APPLICABLE, "port uplink", "portSecurity", "true}"),
          e(MISSING, "port uplink2", "network", "{id: uplink2"),
          e(RANGE, "port mc", "mac", "\"01:00:5e:00:00:01\""),
          e(DANGLING, "port nowhere", "routerPort", "r9"),
          e(MISSING, "port nolink", "routerPort", "{id: nolink"),
          e(DUPLICATE_ID, "switch web / port #9", "ports[9].id", "web1, mac: \"01"),
          // A switch port named by position keeps its own fields.
          e(RANGE, "switch web / port #9", "mac", "\"01:00:00:00:00:02\""),
          e(INVALID_ID, "switch web / port #10", "ports[10].id", "-p, mac"),
          e(RANGE, "switch web / acl a1", "acls[0].priority", "40000"),
          e(RANGE, "switch web / acl a1", "acls[0].tier", "9, match"),
          e(BAD_MATCH, "switch web / acl a1", "acls[0].match", "\"\""),
          e(DUPLICATE_ID, "switch web / acl #1", "acls[1].id", "a1, priority: -5"),
          e(RANGE, "switch web / acl #1", "acls[1].priority", "-5"),
          e(BAD_MATCH, "switch web / acl syntax", "acls[2].match", "70000\"").column(12),
          e(DANGLING, "switch web / acl refs", "acls[3].match", "$nosuch").column(12),
          e(DANGLING, "switch web / acl refs", "acls[3].match", "@nogroup").column(34),
          e(DANGLING, "switch web / acl refs", "acls[3].match", "\"ghost\"").column(56),
          e(CROSS_TENANT, "switch web / acl cross", "acls[4].match", "$red_set").column(12),
          // Inside a double-quoted string, the opening quote of "red1" is written \".
          e(CROSS_TENANT, "switch web / acl cross", "acls[4].match", "\\\"red1").column(35),
          e(INVALID_ID, "switch web / acl #5", "acls[5].id", "-x, priority"),
          e(ModelErrorCode.DUPLICATE_MAC, "port app-r2", "routerPort", "r2-app"),
          e(ModelErrorCode.DUPLICATE_IP, "port app-r2", "routerPort", "r2-app"),
          e(ModelErrorCode.PEERING_MISMATCH, "port app-r1b", "routerPort", "r1-app}").nth(1),
          e(ModelErrorCode.PEERING_MISMATCH, "port db-r1", "routerPort", "r1-db}"),
          e(ModelErrorCode.CROSS_TENANT_LINK, "port red-r1", "routerPort", "r1-red}"),
          e(DUPLICATE_ID, "switch #4", "id", "web\n    tenant: acme\n    mtu"),
          e(RANGE, "switch #4", "mtu", "10000"),
          e(DUPLICATE_ID, "switch #4 / port #0", "ports[0].id", "web2, mac: \"0a:00:00:0b"),
          e(RANGE, "switch #4 / acl a1", "acls[0].priority", "70000, match: ip"),
          e(DANGLING, "switch ghost", "tenant", "nobody").nth(1),
          e(ModelErrorCode.UNKNOWN_HOST, "router r1", "gateway", "hv9"),
          e(MISSING, "router r1 / port r1-red", "ports[3].addresses", "{id: r1-red"),
          e(
              ModelErrorCode.OVERLAPPING_SUBNETS,
              "router r1 / port r1-dup",
              "ports[4].addresses[0]",
              "10.0.1.2/25"),
          e(RANGE, "router r1 / port r1-dup", "ports[4].addresses[1]", "10.0.8.0/24"),
          e(RANGE, "router r1 / port r1-none", "ports[5].mac", "\"03:00"),
          e(DUPLICATE_ID, "router r1 / port #6", "ports[6].id", "r1-web, mac: \"01"),
          e(RANGE, "router r1 / port #6", "ports[6].mac", "\"01:00:00:0a:00:01\""),
          e(
              ModelErrorCode.NEXT_HOP_UNREACHABLE,
              "router r1 / route default",
              "routes[0].nextHop",
              "192.0.2.1"),
          e(MISSING, "router r1 / route empty", "routes[1].nextHop", "{id: empty"),
          e(DANGLING, "router r1 / route via", "routes[2].port", "r1-nope"),
          e(RANGE, "router r1 / route v6", "routes[3].nextHop", "10.0.1.9}"),
          e(
              ModelErrorCode.NEXT_HOP_UNREACHABLE,
              "router r1 / route onport",
              "routes[4].nextHop",
              "10.0.2.9"),
          e(DUPLICATE_ID, "router r1 / route #5", "routes[5].id", "default, prefix: 10.8"),
          e(
              RANGE,
              "router r1 / policy p1",
              "policies[0].priority",
              "-1, match: ip4, action: reroute"),
          e(MISSING, "router r1 / policy p1", "policies[0].nextHops", "{id: p1"),
          e(NOT_APPLICABLE, "router r1 / policy p2", "policies[1].nextHops", "[10.0.1.5]"),
          e(
              ModelErrorCode.NEXT_HOP_UNREACHABLE,
              "router r1 / policy p3",
              "policies[2].nextHops[1]",
              "192.0.2.9"),
          // Inside a literal block: on the block's second line.
          e(DANGLING, "router r1 / policy p3", "policies[2].match", "$noset").column(19),
          e(DUPLICATE_ID, "router r1 / policy #3", "policies[3].id", "p3, priority"),
          // A missing end is one past the text: where the closing quote is.
          e(BAD_MATCH, "router r1 / policy #3", "policies[3].match", "ip4.dst ==\"")
              .column(11)
              .shift(10),
          e(
              ModelErrorCode.NAT_ADDRESS_NOT_ON_PORT,
              "router r1 / nat n1",
              "nats[0].externalIp",
              "198.51.100.1"),
          e(RANGE, "router r1 / nat n1", "nats[0].logical", "10.0.1.0/24, logicalPort"),
          e(NOT_APPLICABLE, "router r1 / nat n1", "nats[0].logicalPort", "gone,"),
          e(NOT_APPLICABLE, "router r1 / nat n1", "nats[0].externalMac", "\"0a:00:00:00:00:01\""),
          e(RANGE, "router r1 / nat fip", "nats[1].logical", "\"2001:db8::5\""),
          e(DANGLING, "router r1 / nat fip", "nats[1].logicalPort", "gone2"),
          e(RANGE, "router r1 / nat fip", "nats[1].externalMac", "\"01:00:00:00:00:01\""),
          e(CROSS_TENANT, "router r1 / nat fip2", "nats[2].logicalPort", "red1}"),
          e(DUPLICATE_ID, "router r1 / nat #3", "nats[3].id", "n1, type: snat"),
          e(
              ModelErrorCode.NEXT_HOP_UNREACHABLE,
              "router r1 / neighbour up",
              "neighbours[0].ip",
              "203.0.113.1"),
          e(RANGE, "router r1 / neighbour zero", "neighbours[1].mac", "\"00:00:00:00:00:00\""),
          e(DUPLICATE_ID, "router r1 / neighbour #2", "neighbours[2].id", "up, ip: 10"),
          e(DANGLING, "router r3", "tenant", "nobody}"),
          e(DUPLICATE_ID, "router #4", "id", "r2\n    tenant: acme\n    ports:\n      - {id: r2b"),
          e(RANGE, "router #4 / port r2b", "ports[0].mac", "\"01:00:00:0c:00:01\""),
          e(MISSING, "router #4 / port r2b", "ports[0].addresses", "{id: r2b"),
          e(DANGLING, "router #4 / route x", "routes[0].port", "port: nope}").shift(6),
          e(DUPLICATE_ID, "address-set web_ip4", "id", "web_ip4"),
          e(DANGLING, "address-set orphan", "tenant", "nobody}").nth(1),
          e(DUPLICATE_ID, "address-set #3", "id", "red_set").nth(2),
          e(DANGLING, "port-group web", "ports[1]", "missing"),
          e(DUPLICATE_ID, "port-group web", "ports[2]", "web1, red1"),
          e(CROSS_TENANT, "port-group web", "ports[3]", "red1]"),
          e(RANGE, "port-group web / acl g1", "acls[0].priority", "-1, match: \"outport"),
          e(CROSS_TENANT, "port-group web / acl g1", "acls[0].match", "@lonely").column(12),
          e(DANGLING, "port-group lonely", "tenant", "nobody}").nth(2),
          e(DUPLICATE_ID, "port-group #2", "id", "web, tenant: acme}"),
          e(RANGE, "load-balancer lb", "affinityTimeout", "0\n    switches"),
          e(DANGLING, "load-balancer lb", "switches[0]", "nosuch,"),
          e(CROSS_TENANT, "load-balancer lb", "switches[1]", "red, web"),
          e(DUPLICATE_ID, "load-balancer lb", "switches[3]", "web]"),
          e(DANGLING, "load-balancer lb", "routers[0]", "nosuchr"),
          e(ModelErrorCode.NOT_SUPPORTED, "load-balancer lb", "routers[0]", "nosuchr"),
          e(CROSS_TENANT, "load-balancer lb", "routers[1]", "rr, r1"),
          e(DUPLICATE_ID, "load-balancer lb", "routers[3]", "r1]"),
          e(RANGE, "load-balancer lb / vip v1", "vips[0].protocol", "icmp"),
          e(RANGE, "load-balancer lb / vip v1", "vips[0].port", "0, backends"),
          e(MISSING, "load-balancer lb / vip v1", "vips[0].backends", "[]"),
          e(
                  ModelErrorCode.VIP_CONFLICT,
                  "load-balancer lb / vip v1",
                  "vips[0].address",
                  "10.0.1.11,")
              .nth(2),
          e(RANGE, "load-balancer lb / vip v2", "vips[1].backends[0]", "\"[2001"),
          e(DUPLICATE_ID, "load-balancer lb / vip v2", "vips[1].backends[2]", "\"10.0.1.20:80\"")
              .nth(1),
          e(DUPLICATE_ID, "load-balancer lb / vip #2", "vips[2].id", "v1, address: 10.0.1.101"),
          e(
                  ModelErrorCode.VIP_CONFLICT,
                  "load-balancer lb2 / vip b",
                  "vips[1].address",
                  "10.0.2.100")
              .nth(1),
          e(DANGLING, "load-balancer lb3", "tenant", "nobody}").nth(3),
          e(DUPLICATE_ID, "load-balancer #3", "id", "lb2, tenant"),
          e(RANGE, "load-balancer #3", "affinityTimeout", "70000}"),
          e(ModelErrorCode.PORT_BOUND_TWICE, "binding #1", "port", "web1, host: hv2"),
          e(ModelErrorCode.BINDING_NOT_VIF, "binding web-r1", "port", "web-r1, host"),
          e(DANGLING, "binding zzz", "port", "zzz"),
          e(ModelErrorCode.UNKNOWN_HOST, "binding zzz", "host", "hv8"),
          e(DANGLING, "binding #4", "port", "\"-q\""));

  @Test
  void everyValidationErrorPointsAtTheValueItIsAbout() {
    TopologyDocument d = TopologyDocuments.read(BROKEN, "broken.yaml", Format.YAML).get();
    List<ModelError> errors = Validator.validate(d.topology()).getError().asJava();

    assertThat(errors.stream().map(ReadAndValidateTest::key))
        .containsExactlyInAnyOrderElementsOf(BROKEN_ERRORS.stream().map(Expected::key).toList());
    for (Expected x : BROKEN_ERRORS) {
      ModelError err =
          errors.stream().filter(e -> key(e).equals(x.key())).findFirst().orElseThrow();
      assertThat(d.locate(err)).as("%s", err).contains(x.location(BROKEN));
    }
  }

  @Test
  void theBrokenDocumentChecksEveryKindOfElementAndField() {
    // Every element kind of the format, named by id and by position.
    String paths =
        BROKEN_ERRORS.stream().map(Expected::path).collect(Collectors.joining("\n", "\n", "\n"));
    List<String> kinds =
        List.of(
            "peering", "host", "switch", "router", "address-set", "port-group", "load-balancer");
    for (String kind : kinds) {
      assertThat(paths).as(kind).contains("\n" + kind + " #").containsPattern("\n" + kind + " \\w");
    }
    // Tenants have nothing to check but their ids.
    assertThat(paths).contains("\ntenant #");
    for (String nested :
        List.of(
            "switch web / port #",
            "switch #4 / port #",
            "switch web / acl #",
            "switch #4 / acl ",
            "router r1 / port #",
            "router #4 / port ",
            "router r1 / route #",
            "router #4 / route ",
            "router r1 / policy #",
            "router r1 / nat #",
            "router r1 / neighbour #",
            "port-group web / acl ",
            "load-balancer lb / vip #",
            "binding #",
            "binding z",
            "\nport ")) {
      assertThat(paths).as(nested).contains(nested);
    }
    // Every code of nv-model.
    assertThat(BROKEN_ERRORS.stream().map(Expected::code).distinct().toList())
        .containsExactlyInAnyOrder(ModelErrorCode.values());
  }

  @Test
  void theMergedErrorsAreEveryErrorOnceInDocumentOrder() {
    DocumentCheck c = TopologyDocuments.readAndValidate(BROKEN, "broken.yaml", Format.YAML);
    TopologyDocument d = c.document().orElseThrow();

    // The reader reports the ids that break the id rule; the validator's same errors are left out.
    assertThat(d.errors())
        .extracting(e -> e.code(), e -> e.error().path().toString())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(INVALID_ID, "tenant #3"),
            org.assertj.core.groups.Tuple.tuple(INVALID_ID, "switch web / port #10"),
            org.assertj.core.groups.Tuple.tuple(INVALID_ID, "switch web / acl #5"));
    assertThat(c.errors()).hasSize(BROKEN_ERRORS.size());
    assertThat(c.errors()).allSatisfy(err -> assertThat(err.location()).as("%s", err).isPresent());
    assertThat(c.errors())
        .extracting(err -> err.location().orElseThrow())
        .isSortedAccordingTo(Location::compareTo)
        .containsExactlyInAnyOrderElementsOf(
            BROKEN_ERRORS.stream().map(x -> x.location(BROKEN)).toList());
  }

  @Test
  void theSameErrorsPointIntoTheSameTopologyWrittenAsJson() {
    TopologyDocument yaml = TopologyDocuments.read(BROKEN, "broken.yaml", Format.YAML).get();
    String json = TopologyDocuments.write(yaml.topology(), Format.JSON);
    TopologyDocument d = TopologyDocuments.read(json, "broken.json", Format.JSON).get();

    List<ModelError> errors = Validator.validate(d.topology()).getError().asJava();
    assertThat(errors.stream().map(ReadAndValidateTest::key))
        .containsExactlyInAnyOrderElementsOf(BROKEN_ERRORS.stream().map(Expected::key).toList());
    for (ModelError e : errors) {
      Optional<io.nv.io.internal.SourceMap.Resolution> r = d.resolution(e);
      assertThat(r).as("%s", e).isPresent();
      // Canonical JSON writes every field the topology has, so only missing ones fall back.
      assertThat(r.get().exact()).as("%s", e).isEqualTo(e.code() != MISSING);
    }
    // Matches in JSON escape their quotes: "red1" inside the match is written \"red1\".
    ModelError red1 = errors.stream().filter(e -> e.column() == 35).findFirst().orElseThrow();
    assertThat(d.locate(red1)).contains(at(json, "\\\"red1\\\""));
    ModelError noset = errors.stream().filter(e -> e.column() == 19).findFirst().orElseThrow();
    assertThat(d.locate(noset)).contains(at(json, "$noset"));
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
            org.assertj.core.groups.Tuple.tuple(INVALID_ID, Optional.of(at(doc, "-web"))),
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
  void positionsInValidationErrorsCountTheElementsRead() {
    // The first switch lacks its tenant and is left out: the validator's switch #1 is the third.
    String doc =
        """
        apiVersion: nv/v1
        kind: Topology
        tenants: [{id: acme}]
        switches:
          - {id: web}
          - {id: web, tenant: acme}
          - {id: web, tenant: acme, mtu: 1}
        """;

    DocumentCheck c = TopologyDocuments.readAndValidate(doc, "t.yaml", Format.YAML);

    assertThat(c.errors())
        .extracting(e -> key(e.error()), e -> e.location().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "MISSING_FIELD switch web tenant", at(doc, "{id: web}")),
            org.assertj.core.groups.Tuple.tuple("DUPLICATE_ID switch #1 id", at(doc, "web", 2)),
            org.assertj.core.groups.Tuple.tuple("VALUE_OUT_OF_RANGE switch #1 mtu", at(doc, "1}")));
  }

  /** A document whose structure is valid and that breaks every check of nv-encap's but keys'. */
  static final String ENCAP =
      """
      apiVersion: nv/v1
      kind: Topology
      encapsulation: vxlan
      tenants: [{id: acme}]
      hosts:
        - {id: hv1, tunnelIp: 192.168.0.1, encapsulations: [vxlan]}
        - {id: hv2, tunnelIp: "2001:db8::2", encapsulations: [vxlan]}
      switches:
        - id: app
          tenant: acme
          key: 9
        - id: web
          tenant: acme
          mtu: 1500
          key: 5000
          ports:
            - {id: web1, mac: "0a:00:00:01:00:11", key: 3000}
            - {id: web2, mac: "0a:00:00:01:00:12", key: 7}
            - {id: web3, mac: "0a:00:00:01:00:13", key: 7}
            - {id: web-r1, kind: router, routerPort: r1-web}
          acls:
            - {id: ssh, direction: from-port, priority: 100, match: "tcp.dst == 22", action: drop}
            - {id: from-web1, priority: 100, match: 'inport == "web1" && tcp.dst == 22', action: drop}
      routers:
        - id: r1
          tenant: acme
          key: 9
          ports:
            - {id: r1-web, mac: "0a:00:00:01:00:01", addresses: [10.0.1.1/24], key: 0}
      portGroups:
        - id: g
          tenant: acme
          ports: [web1]
          acls:
            - {id: x, priority: 1, match: "ip4 && inport == \\"web2\\"", action: drop}
      bindings:
        - {port: web1, host: hv1}
        - {port: web2, host: hv2}
      """;

  @Test
  void nvEncapErrorsPointAtTheirValuesToo() {
    List<Expected> expected =
        List.of(
            e(EncapErrorCode.PEER_UNREACHABLE, "host hv2", "tunnelIp", "\"2001:db8::2\""),
            e(EncapErrorCode.MTU_TOO_LARGE, "switch web", "mtu", "1500"),
            e(EncapErrorCode.KEY_OUT_OF_RANGE, "switch web", "key", "5000"),
            e(EncapErrorCode.KEY_OUT_OF_RANGE, "port web1", "key", "3000"),
            e(EncapErrorCode.KEY_CONFLICT, "port web3", "key", "7}").nth(1),
            e(
                    EncapErrorCode.INGRESS_PORT_UNAVAILABLE,
                    "switch web / acl from-web1",
                    "acls[1].match",
                    "inport == \"web1\"")
                .column(1),
            e(EncapErrorCode.KEY_CONFLICT, "router r1", "key", "key: 9").nth(1).shift(5),
            e(EncapErrorCode.KEY_OUT_OF_RANGE, "router r1 / port r1-web", "ports[0].key", "key: 0}")
                .shift(5),
            e(
                    EncapErrorCode.INGRESS_PORT_UNAVAILABLE,
                    "port-group g / acl x",
                    "acls[0].match",
                    "inport == \\\"web2")
                .column(8));

    DocumentCheck c =
        TopologyDocuments.readAndValidate(ENCAP, "encap.yaml", Format.YAML, EncapChecks.all());

    assertThat(c.errors())
        .extracting(err -> key(err.error()), err -> err.location().orElseThrow())
        .containsExactlyElementsOf(
            expected.stream()
                .map(x -> org.assertj.core.groups.Tuple.tuple(x.key(), x.location(ENCAP)))
                .toList());
  }

  @Test
  void keySpaceExhaustionPointsAtTheTopologyOrTheDatapathsPorts() {
    StringBuilder many = new StringBuilder("apiVersion: nv/v1\nkind: Topology\n");
    many.append("encapsulation: vxlan\ntenants: [{id: acme}]\nswitches:\n");
    for (int i = 0; i < 4096; i++) {
      many.append("  - {id: s").append(i).append(", tenant: acme}\n");
    }
    DocumentCheck c =
        TopologyDocuments.readAndValidate(
            many.toString(), "many.yaml", Format.YAML, EncapChecks.all());
    assertThat(c.errors())
        .extracting(err -> key(err.error()), err -> err.location().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "KEY_SPACE_EXHAUSTED topology -", new Location(1, 1)));

    StringBuilder wide = new StringBuilder("apiVersion: nv/v1\nkind: Topology\n");
    wide.append("encapsulation: vxlan\ntenants: [{id: acme}]\nswitches:\n");
    wide.append("  - id: s\n    tenant: acme\n    ports:\n");
    for (int i = 0; i < 2048; i++) {
      wide.append(
          String.format(
              "      - {id: p%d, mac: \"0a:00:00:00:%02x:%02x\"}\n", i, i / 256, i % 256));
    }
    String text = wide.toString();
    c = TopologyDocuments.readAndValidate(text, "wide.yaml", Format.YAML, EncapChecks.all());
    assertThat(c.errors())
        .extracting(err -> key(err.error()), err -> err.location().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "KEY_SPACE_EXHAUSTED switch s ports", at(text, "- {id: p0,")));
  }

  @Test
  void columnsInsideMatchTextPointAtTheToken() {
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
              - {id: escaped, priority: 1, match: "ip4.src == \\"x\\" && \\u0074cp", action: drop}
              - id: block
                priority: 1
                match: |
                  ip4.src == 10.0.0.1
                action: drop
              - id: folded
                priority: 1
                match: ip4.src ==
                  10.0.0.1 && tcp
                action: drop
        """;
    TopologyDocument d = TopologyDocuments.read(yaml, "t", Format.YAML).get();

    assertThat(d.locate(badMatch("plain", 0, 9))).contains(at(yaml, "== 10.0.0.1, action"));
    assertThat(d.locate(badMatch("double", 1, 9))).contains(at(yaml, "== 10.0.0.1\"", 0));
    assertThat(d.locate(badMatch("single", 2, 9))).contains(at(yaml, "== 10.0.0.1'"));
    assertThat(d.locate(badMatch("single", 2, 20))).contains(at(yaml, "', action"));
    // Escapes: ip4.src == "x" && tcp, its quotes and t written as escapes.
    assertThat(d.locate(badMatch("escaped", 3, 12))).contains(at(yaml, "\\\"x\\\""));
    assertThat(d.locate(badMatch("escaped", 3, 13))).contains(at(yaml, "x\\\" &&"));
    assertThat(d.locate(badMatch("escaped", 3, 19))).contains(at(yaml, "\\u0074cp"));
    assertThat(d.locate(badMatch("escaped", 3, 20))).contains(at(yaml, "cp\""));
    assertThat(d.locate(badMatch("block", 4, 9))).contains(at(yaml, "== 10.0.0.1\n"));
    // A plain scalar folded over two lines: "ip4.src == 10.0.0.1 && tcp".
    assertThat(d.locate(badMatch("folded", 5, 12))).contains(at(yaml, "10.0.0.1 && tcp"));
    assertThat(d.locate(badMatch("folded", 5, 24))).contains(at(yaml, "tcp\n"));
    // A column past the text is not in it: the value's start.
    assertThat(d.locate(badMatch("plain", 0, 99)))
        .contains(at(yaml, "ip4.src == 10.0.0.1, action"));

    String json =
        "{\"apiVersion\": \"nv/v1\", \"kind\": \"Topology\", \"switches\": [{\"id\": \"s\","
            + " \"tenant\": \"t\",\n"
            + " \"acls\": [{\"id\": \"a\", \"priority\": 1,"
            + " \"match\": \"outport == \\\"w\\u00e9b\\\" && tcp.dst == 70000\","
            + " \"action\": \"drop\"}]}]}";
    DocumentCheck j = TopologyDocuments.readAndValidate(json, "t.json", Format.JSON);
    // outport == "wéb" && tcp.dst == 70000: é is one character written as six.
    assertThat(j.errors())
        .extracting(err -> key(err.error()), err -> err.location().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "DANGLING_REFERENCE switch s tenant", at(json, "\"t\"")),
            org.assertj.core.groups.Tuple.tuple(
                "BAD_MATCH switch s / acl a acls[0].match @32", at(json, "70000")));
  }

  private static ModelError badMatch(String acl, int index, int column) {
    return ModelError.of(BAD_MATCH, ModelPath.of("switch", "s").child("acl", acl), "bad")
        .at("acls[" + index + "].match")
        .atColumn(column);
  }

  @Test
  void errorsAboutWholeElementsPointAtTheElement() {
    String doc = Topologies.resource("three-tier.yaml");
    TopologyDocument d = TopologyDocuments.read(doc, "t", Format.YAML).get();

    assertThat(d.locate(ModelError.of(DANGLING, ModelPath.of("switch", "app"), "x")))
        .contains(at(doc, "id: app"));
    // Causes below an element fall back to the element.
    assertThat(
            d.locate(
                ModelError.of(DANGLING, ModelPath.of("port", "web1").cause("port-security"), "x")))
        .contains(at(doc, "{id: web1"));
    // Nothing of that name: the document.
    assertThat(d.locate(ModelError.of(DANGLING, ModelPath.of("switch", "zzz"), "x")))
        .contains(new Location(3, 1));
    assertThat(d.locate(ModelError.of(DANGLING, ModelPath.of("switch", "#9"), "x")))
        .contains(new Location(3, 1));
    assertThat(
            d.locate(
                ModelError.of(DANGLING, ModelPath.of("load-balancer", "web-lb"), "x")
                    .at("vips[0].backends[1]")))
        .contains(at(doc, "\"10.0.1.12:80\""));
    assertThat(
            d.locate(ModelError.of(DANGLING, ModelPath.of("router", "r1"), "x").at("ports[2].mac")))
        .contains(at(doc, "\"0a:00:00:03:00:01\""));
    // A field that was not written: its element.
    assertThat(
            d.locate(
                ModelError.of(DANGLING, ModelPath.of("router", "r1").child("port", "r1-db"), "x")
                    .at("ports[2].key")))
        .contains(at(doc, "{id: r1-db"));
  }
}
