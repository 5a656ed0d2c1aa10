package io.nv.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.validate.ErrorCode;
import io.nv.model.validate.ModelErrorCode;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One example of every document error, with its path, field, line and column. */
class DocumentErrorsTest {

  private static final String HEADER = "apiVersion: nv/v1\nkind: Topology\n";

  static ImmutableList<LocatedError> errors(String text, Format format) {
    Either<ImmutableList<LocatedError>, TopologyDocument> r =
        TopologyDocuments.read(text, "t", format);
    assertThat(r.isRight()).as("fatal: %s", r.isLeft() ? r.getLeft() : "").isTrue();
    return r.get().errors();
  }

  static ImmutableList<LocatedError> errors(String yaml) {
    return errors(yaml, Format.YAML);
  }

  static LocatedError fatal(String text, Format format) {
    Either<ImmutableList<LocatedError>, TopologyDocument> r =
        TopologyDocuments.read(text, "t", format);
    assertThat(r.isLeft()).as("read: %s", r.isRight() ? r.get().errors() : "").isTrue();
    assertThat(r.getLeft()).hasSize(1);
    return r.getLeft().get(0);
  }

  /** The location of the {@code n}-th (0-based) occurrence of {@code needle} in {@code text}. */
  static Location at(String text, String needle, int n) {
    int off = -1;
    for (int i = 0; i <= n; i++) {
      off = text.indexOf(needle, off + 1);
      assertThat(off).as("'%s' #%d in the document", needle, i).isNotNegative();
    }
    int lineStart = text.lastIndexOf('\n', off - 1) + 1;
    int line = (int) text.substring(0, off).chars().filter(c -> c == '\n').count() + 1;
    return new Location(line, off - lineStart + 1);
  }

  static Location at(String text, String needle) {
    return at(text, needle, 0);
  }

  /** Asserts {@code e} has this code, path, field and location. */
  static void assertError(
      LocatedError e, ErrorCode code, String path, @Nullable String field, Location location) {
    assertThat(e.code()).as("%s", e).isEqualTo(code);
    assertThat(e.error().path()).as("%s", e).isEqualTo(ModelPath.parse(path));
    assertThat(e.error().field()).as("%s", e).isEqualTo(Optional.ofNullable(field));
    assertThat(e.location()).as("%s", e).contains(location);
  }

  static LocatedError only(ImmutableList<LocatedError> errors) {
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  // ---- fatal ----

  @Test
  void syntaxErrorInYamlIsFatalWithItsLocation() {
    String doc = HEADER + "tenants:\n  - id: a\n - id: b\n";

    LocatedError e = fatal(doc, Format.YAML);

    assertThat(e.code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
    assertThat(((DocumentErrorCode) e.code()).isFatal()).isTrue();
    assertThat(e.error().path()).isEqualTo(ModelPath.ROOT);
    assertThat(e.location()).contains(new Location(5, 2));
    assertThat(e.error().message()).startsWith("not valid YAML: ");
  }

  @Test
  void syntaxErrorInJsonIsFatalWithItsLocation() {
    String doc = "{\"apiVersion\": \"nv/v1\",\n  \"kind\": }";

    LocatedError e = fatal(doc, Format.JSON);

    assertThat(e.code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
    assertThat(e.location()).contains(new Location(2, 11));
    assertThat(e.error().message()).startsWith("not valid JSON: ");
  }

  @Test
  void bytesThatAreNotUtf8AreFatal() {
    byte[] doc = (HEADER + "tenants:\n  - id: \u00e9").getBytes(StandardCharsets.ISO_8859_1);

    Either<ImmutableList<LocatedError>, TopologyDocument> r = TopologyDocuments.read(doc, "t.yaml");

    LocatedError e = r.getLeft().get(0);
    assertThat(e.code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
    assertThat(e.location()).contains(new Location(4, 9));
    assertThat(e.error().message()).contains("not UTF-8").contains("0xe9");
  }

  @Test
  void aSecondYamlDocumentIsFatal() {
    String doc = HEADER + "---\n" + HEADER;

    LocatedError e = fatal(doc, Format.YAML);

    assertThat(e.code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
    assertThat(e.location()).contains(new Location(4, 1));
  }

  @Test
  void trailingJsonIsFatal() {
    LocatedError e = fatal("{\"apiVersion\": \"nv/v1\", \"kind\": \"Topology\"}\n{}", Format.JSON);

    assertThat(e.code()).isEqualTo(DocumentErrorCode.SYNTAX_ERROR);
    assertThat(e.location()).contains(new Location(2, 1));
  }

  @Test
  void aMissingFileIsUnreadable(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    Either<ImmutableList<LocatedError>, TopologyDocument> r = TopologyDocuments.read(missing);

    LocatedError e = r.getLeft().get(0);
    assertThat(e.code()).isEqualTo(DocumentErrorCode.UNREADABLE_FILE);
    assertThat(e.error().message()).contains(missing.toString()).contains("no such file");
    assertThat(e.location()).isEmpty();
    DocumentCheck c = TopologyDocuments.readAndValidate(missing);
    assertThat(c.isFatal()).isTrue();
    assertThat(c.errors()).containsExactly(e);
  }

  // ---- the header ----

  @Test
  void unsupportedApiVersion() {
    String doc = "apiVersion: nv/v2\nkind: Topology\n";

    assertError(
        only(errors(doc)),
        DocumentErrorCode.UNSUPPORTED_API_VERSION,
        "topology",
        "apiVersion",
        new Location(1, 13));
  }

  @Test
  void wrongKind() {
    String doc = "apiVersion: nv/v1\nkind: Network\n";

    assertError(
        only(errors(doc)), DocumentErrorCode.WRONG_KIND, "topology", "kind", new Location(2, 7));
  }

  @Test
  void missingHeaderFields() {
    ImmutableList<LocatedError> errors = errors("tenants: []\n");

    assertThat(errors).hasSize(2);
    assertError(
        errors.get(0), ModelErrorCode.MISSING_FIELD, "topology", "apiVersion", new Location(1, 1));
    assertError(
        errors.get(1), ModelErrorCode.MISSING_FIELD, "topology", "kind", new Location(1, 1));
    assertThat(errors.get(0).error().message()).contains("add apiVersion: nv/v1");
  }

  @Test
  void anEmptyDocumentOrAListIsTheWrongType() {
    assertError(
        only(errors("", Format.YAML)),
        DocumentErrorCode.WRONG_TYPE,
        "topology",
        null,
        new Location(1, 1));
    assertError(
        only(errors("\n\n  [1, 2]\n", Format.YAML)),
        DocumentErrorCode.WRONG_TYPE,
        "topology",
        null,
        new Location(3, 3));
  }

  // ---- fields ----

  @Test
  void unknownFieldSuggestsTheNearestName() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                tenant: acme
                ports:
                  - {id: web1, macc: "0a:00:00:01:00:11"}
            """;

    LocatedError e = only(errors(doc));

    assertError(e, DocumentErrorCode.UNKNOWN_FIELD, "port web1", "macc", at(doc, "macc"));
    assertThat(e.error().message()).contains("did you mean 'mac'?");
  }

  @Test
  void unknownTopLevelFieldListsTheFields() {
    String doc = HEADER + "network: {}\n";

    LocatedError e = only(errors(doc));

    assertError(e, DocumentErrorCode.UNKNOWN_FIELD, "topology", "network", new Location(3, 1));
    assertThat(e.error().message()).contains("tenants, peerings, hosts");
  }

  @Test
  void wrongTypes() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                tenant: acme
                ports:
                  - {id: web1, ips: 10.0.1.11, portSecurity: "yes"}
                acls:
                  - {id: allow-http, priority: high, match: "tcp.dst == 80", action: allow}
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors).hasSize(3);
    assertError(
        errors.get(0), DocumentErrorCode.WRONG_TYPE, "port web1", "ips", at(doc, "10.0.1.11"));
    assertError(
        errors.get(1),
        DocumentErrorCode.WRONG_TYPE,
        "port web1",
        "portSecurity",
        at(doc, "\"yes\""));
    assertError(
        errors.get(2),
        DocumentErrorCode.WRONG_TYPE,
        "switch web / acl allow-http",
        "acls[0].priority",
        at(doc, "high"));
    assertThat(errors.get(2).error().message()).contains("a whole number").contains("'high'");
  }

  @Test
  void invalidAddresses() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                tenant: acme
                subnets: [10.0.1.5/24]
                ports:
                  - id: web1
                    mac: 0a:00:00:01:00
                    ips: [10.0.1.11, 10.0.1.300]
            routers:
              - id: r1
                tenant: acme
                ports:
                  - {id: r1-web, mac: "0a:00:00:01:00:01", addresses: [10.0.1.1]}
            hosts:
              - {id: hv1, tunnelIp: hv1.example.com}
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors)
        .extracting(LocatedError::code)
        .containsOnly(DocumentErrorCode.INVALID_ADDRESS);
    assertThat(errors).hasSize(5);
    assertError(
        errors.get(0),
        DocumentErrorCode.INVALID_ADDRESS,
        "switch web",
        "subnets[0]",
        at(doc, "10.0.1.5/24"));
    assertThat(errors.get(0).error().message()).contains("host bits").contains("10.0.1.0/24");
    assertError(
        errors.get(1),
        DocumentErrorCode.INVALID_ADDRESS,
        "port web1",
        "mac",
        at(doc, "0a:00:00:01:00\n"));
    assertError(
        errors.get(2),
        DocumentErrorCode.INVALID_ADDRESS,
        "port web1",
        "ips[1]",
        at(doc, "10.0.1.300"));
    assertError(
        errors.get(3),
        DocumentErrorCode.INVALID_ADDRESS,
        "router r1 / port r1-web",
        "ports[0].addresses[0]",
        at(doc, "10.0.1.1]"));
    assertError(
        errors.get(4),
        DocumentErrorCode.INVALID_ADDRESS,
        "host hv1",
        "tunnelIp",
        at(doc, "hv1.example.com"));
  }

  @Test
  void invalidValues() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                tenant: acme
                ports: [{id: web1, kind: vm}]
                acls:
                  - {id: a, priority: 1, match: ip4, action: allowed}
            loadBalancers:
              - id: web-lb
                tenant: acme
                vips:
                  - {id: http, address: 10.0.1.100, protocol: sctp6, port: 80, backends: ["10.0.1.11", "10.0.1.x:80"]}
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors).hasSize(5);
    assertError(errors.get(0), DocumentErrorCode.INVALID_VALUE, "port web1", "kind", at(doc, "vm"));
    assertThat(errors.get(0).error().message()).contains("use one of vif, router, localnet");
    assertError(
        errors.get(1),
        DocumentErrorCode.INVALID_VALUE,
        "switch web / acl a",
        "acls[0].action",
        at(doc, "allowed"));
    assertThat(errors.get(1).error().message()).contains("did you mean 'allow'?");
    String vip = "load-balancer web-lb / vip http";
    assertError(
        errors.get(2), DocumentErrorCode.INVALID_VALUE, vip, "vips[0].protocol", at(doc, "sctp6"));
    assertError(
        errors.get(3),
        DocumentErrorCode.INVALID_VALUE,
        vip,
        "vips[0].backends[0]",
        at(doc, "\"10.0.1.11\""));
    assertError(
        errors.get(4),
        DocumentErrorCode.INVALID_ADDRESS,
        vip,
        "vips[0].backends[1]",
        at(doc, "\"10.0.1.x:80\""));
  }

  @Test
  void yamlAliasesAreNotSupported() {
    String doc = HEADER + "tenants:\n  - &t {id: a}\n  - *t\n";

    assertError(
        only(errors(doc)), DocumentErrorCode.INVALID_VALUE, "topology", null, at(doc, "*t"));
  }

  @Test
  void duplicateKeysKeepTheFirst() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                tenant: acme
                ports:
                  - id: web1
                    mac: "0a:00:00:01:00:11"
                    mac: "0a:00:00:01:00:12"
            """;

    TopologyDocument d = TopologyDocuments.read(doc, "t", Format.YAML).get();

    assertError(
        only(d.errors()), DocumentErrorCode.DUPLICATE_KEY, "port web1", "mac", at(doc, "mac", 1));
    assertThat(d.topology().portById("web1").orElseThrow().mac().orElseThrow())
        .hasToString("0a:00:00:01:00:11");
  }

  @Test
  void duplicateKeysInJson() {
    String doc = "{\"apiVersion\": \"nv/v1\", \"kind\": \"Topology\", \"kind\": \"Topology\"}";

    assertError(
        only(errors(doc, Format.JSON)),
        DocumentErrorCode.DUPLICATE_KEY,
        "topology",
        "kind",
        new Location(1, 45));
  }

  @Test
  void nestingDeeperThanTheLimitIsFatal() {
    String deep = "[".repeat(150) + "]".repeat(150);
    String doc = HEADER + "tenants:\n  - id: acme\n    description: " + deep + "\n";

    LocatedError e = fatal(doc, Format.YAML);

    // The root mapping, tenants and the tenant are 3 levels; the 98th '[' is level 101.
    assertThat(e.code()).isEqualTo(DocumentErrorCode.TOO_DEEP);
    assertThat(e.location()).contains(new Location(5, at(doc, "[[[").column() + 97));
    LocatedError j = fatal("{\"a\": " + "[".repeat(120) + "]".repeat(120) + "}", Format.JSON);
    assertThat(j.code()).isEqualTo(DocumentErrorCode.TOO_DEEP);
    assertThat(j.location()).contains(new Location(1, 7 + 99));
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void nestingBombsAreRejectedWithoutReadingThemThrough() {
    String bomb = "[".repeat(2_000_000);

    assertThat(fatal("a: " + bomb, Format.YAML).code()).isEqualTo(DocumentErrorCode.TOO_DEEP);
    assertThat(fatal("{\"a\": " + bomb, Format.JSON).code()).isEqualTo(DocumentErrorCode.TOO_DEEP);
    assertThat(fatal("a: " + "{a: ".repeat(1_000_000), Format.YAML).code())
        .isEqualTo(DocumentErrorCode.TOO_DEEP);
  }

  @Test
  void missingFieldsPointAtTheElementOrTheEmptyValue() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                ports: [{id: web1}]
              - id:
                tenant: acme
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors).hasSize(2);
    assertError(
        errors.get(0), ModelErrorCode.MISSING_FIELD, "switch web", "tenant", at(doc, "id: web"));
    assertThat(errors.get(0).error().message())
        .isEqualTo("a switch needs tenant: add tenant: <tenant id>");
    assertError(errors.get(1), ModelErrorCode.MISSING_FIELD, "switch #1", "id", new Location(6, 8));
  }

  @Test
  void numbersOutOfRange() {
    String doc =
        HEADER
            + """
            switches:
              - id: s
                tenant: acme
                ports: [{id: p, kind: localnet, network: n, vlan: 99999999999}]
            loadBalancers:
              - id: lb
                tenant: acme
                vips:
                  - id: http
                    address: 10.0.1.100
                    protocol: tcp
                    port: 80
                    backends:
                      - {address: 10.0.1.11, port: 70000}
                      - {address: 10.0.1.12, port: 80, weight: 0}
                      - 10.0.1.13:65536
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors).hasSize(4);
    assertError(
        errors.get(0), ModelErrorCode.VALUE_OUT_OF_RANGE, "port p", "vlan", at(doc, "99999999999"));
    String vip = "load-balancer lb / vip http";
    assertError(
        errors.get(1),
        ModelErrorCode.VALUE_OUT_OF_RANGE,
        vip,
        "vips[0].backends[0].port",
        at(doc, "70000"));
    assertError(
        errors.get(2),
        ModelErrorCode.VALUE_OUT_OF_RANGE,
        vip,
        "vips[0].backends[1].weight",
        at(doc, "0}", 1));
    assertError(
        errors.get(3),
        ModelErrorCode.VALUE_OUT_OF_RANGE,
        vip,
        "vips[0].backends[2]",
        at(doc, "10.0.1.13:65536"));
  }

  @Test
  void idsThatCannotNameAnElementAreInvalid() {
    String doc =
        HEADER + "switches:\n  - {id: web 1, tenant: acme}\n  - {id: -web, tenant: acme}\n";

    TopologyDocument d = TopologyDocuments.read(doc, "t", Format.YAML).get();

    assertThat(d.errors()).hasSize(2);
    assertError(d.errors().get(0), ModelErrorCode.INVALID_ID, "switch #0", "id", at(doc, "web 1"));
    // Like the validator, the reader names an element with an invalid id by its position.
    assertError(d.errors().get(1), ModelErrorCode.INVALID_ID, "switch #1", "id", at(doc, "-web"));
    // "web 1" cannot be a path, so the switch is left out; "-web" can, so the validator sees it.
    assertThat(d.topology().switches()).hasSize(1);
  }

  @Test
  void errorsCarryThePathOfTheElementTheyAreIn() {
    String doc =
        HEADER
            + """
            tenants: [{id: acme, x: 1}]
            peerings: [{id: p, tenant1: a, tenant2: b, x: 1}]
            hosts: [{id: hv1, tunnelIp: 192.168.0.1, x: 1}]
            switches:
              - id: web
                tenant: acme
                x: 1
                ports: [{id: web1, x: 1}]
                acls: [{id: allow-http, priority: 1, match: ip, action: allow, x: 1}]
            routers:
              - id: r1
                tenant: acme
                x: 1
                ports: [{id: r1-web, mac: "0a:00:00:00:00:01", x: 1}]
                routes: [{id: default, prefix: 0.0.0.0/0, x: 1}]
                policies: [{id: p1, priority: 1, match: ip, action: drop, x: 1}]
                nats: [{id: n1, type: snat, externalIp: 1.2.3.4, logical: 10.0.0.0/8, x: 1}]
                neighbours: [{id: up, ip: 1.2.3.5, mac: "02:00:00:00:00:01", x: 1}]
            addressSets: [{id: as, tenant: acme, x: 1}]
            portGroups:
              - id: pg
                tenant: acme
                x: 1
                acls: [{id: a1, priority: 1, match: ip, action: drop, x: 1}]
            loadBalancers:
              - id: web-lb
                tenant: acme
                x: 1
                vips:
                  - {id: http, address: 10.0.1.100, protocol: tcp, port: 80, x: 1, backends: [{address: 10.0.1.1, port: 80, x: 1}]}
            bindings: [{port: web1, host: hv1, x: 1}]
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors).extracting(LocatedError::code).containsOnly(DocumentErrorCode.UNKNOWN_FIELD);
    assertThat(errors)
        .extracting(e -> e.error().path().toString(), e -> e.error().field().orElse(""))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tenant acme", "x"),
            org.assertj.core.groups.Tuple.tuple("peering p", "x"),
            org.assertj.core.groups.Tuple.tuple("host hv1", "x"),
            org.assertj.core.groups.Tuple.tuple("switch web", "x"),
            org.assertj.core.groups.Tuple.tuple("port web1", "x"),
            org.assertj.core.groups.Tuple.tuple("switch web / acl allow-http", "acls[0].x"),
            org.assertj.core.groups.Tuple.tuple("router r1", "x"),
            org.assertj.core.groups.Tuple.tuple("router r1 / port r1-web", "ports[0].x"),
            org.assertj.core.groups.Tuple.tuple("router r1 / route default", "routes[0].x"),
            org.assertj.core.groups.Tuple.tuple("router r1 / policy p1", "policies[0].x"),
            org.assertj.core.groups.Tuple.tuple("router r1 / nat n1", "nats[0].x"),
            org.assertj.core.groups.Tuple.tuple("router r1 / neighbour up", "neighbours[0].x"),
            org.assertj.core.groups.Tuple.tuple("address-set as", "x"),
            org.assertj.core.groups.Tuple.tuple("port-group pg", "x"),
            org.assertj.core.groups.Tuple.tuple("port-group pg / acl a1", "acls[0].x"),
            org.assertj.core.groups.Tuple.tuple("load-balancer web-lb", "x"),
            org.assertj.core.groups.Tuple.tuple("load-balancer web-lb / vip http", "vips[0].x"),
            org.assertj.core.groups.Tuple.tuple(
                "load-balancer web-lb / vip http", "vips[0].backends[0].x"),
            org.assertj.core.groups.Tuple.tuple("binding web1", "x"));
    assertThat(errors).allSatisfy(e -> assertThat(e.location()).isPresent());
  }

  @Test
  void anElementThatRepeatsAnIdIsNamedByPositionAsTheValidatorNamesIt() {
    String doc =
        HEADER
            + """
            switches:
              - id: web
                tenant: acme
                ports: [{id: web1}, {id: web1, x: 1}]
                acls: [{id: a, priority: 1, match: ip, action: drop}, {id: a, x: 1}]
              - {id: web, tenant: acme, x: 1}
            routers:
              - id: r
                tenant: acme
                ports: [{id: rp, mac: "0a:00:00:00:00:01"}, {id: rp, x: 1}]
            bindings: [{port: web1, host: hv1}, {port: web1, host: hv2, x: 1}]
            """;

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors)
        .filteredOn(e -> e.code() == DocumentErrorCode.UNKNOWN_FIELD)
        .extracting(e -> e.error().path().toString(), e -> e.error().field().orElse(""))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("switch web / port #1", "x"),
            org.assertj.core.groups.Tuple.tuple("switch web / acl #1", "acls[1].x"),
            org.assertj.core.groups.Tuple.tuple("switch #1", "x"),
            org.assertj.core.groups.Tuple.tuple("router r / port #1", "ports[1].x"),
            org.assertj.core.groups.Tuple.tuple("binding #1", "x"));
  }

  @Test
  void jsonErrorsHaveLinesAndColumnsToo() {
    String doc =
        """
        {
          "apiVersion": "nv/v1",
          "kind": "Topology",
          "hosts": [
            {"id": "hv1", "tunnelIp": "192.168.0.300", "underlayMtu": "1500"}
          ]
        }
        """;

    ImmutableList<LocatedError> errors = errors(doc, Format.JSON);

    assertThat(errors).hasSize(2);
    assertError(
        errors.get(0),
        DocumentErrorCode.INVALID_ADDRESS,
        "host hv1",
        "tunnelIp",
        at(doc, "\"192.168.0.300\""));
    assertError(
        errors.get(1),
        DocumentErrorCode.WRONG_TYPE,
        "host hv1",
        "underlayMtu",
        at(doc, "\"1500\""));
  }

  @Test
  void errorsAreInDocumentOrderAndFormatWithTheSource() {
    String doc = HEADER + "hosts:\n  - {id: hv1, tunnelIp: x}\n  - {id: hv2, tunnelIp: y, a: 1}\n";

    ImmutableList<LocatedError> errors = errors(doc);

    assertThat(errors)
        .extracting(LocatedError::location)
        .isSortedAccordingTo(java.util.Comparator.comparing(l -> l.orElseThrow()));
    assertThat(errors.get(0).format("t.yaml"))
        .isEqualTo(
            "t.yaml:4:25: INVALID_ADDRESS host hv1: 'x' is not an IP address: write e.g. 10.0.1.11"
                + " or 2001:db8::11");
  }
}
