package io.nv.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.SwitchPort;
import io.nv.model.validate.Validator;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyDocumentsTest {

  static TopologyDocument read(String text, Format format) {
    Either<ImmutableList<LocatedError>, TopologyDocument> r =
        TopologyDocuments.read(text, "t", format);
    assertThat(r.isRight()).as("fatal: %s", r.isLeft() ? r.getLeft() : "").isTrue();
    return r.get();
  }

  @Test
  void readsTheThreeTierExampleInYaml() {
    TopologyDocument doc = read(Topologies.resource("three-tier.yaml"), Format.YAML);

    assertThat(doc.errors()).isEmpty();
    assertThat(doc.topology()).isEqualTo(Topologies.threeTier());
    assertThat(Validator.validate(doc.topology()).isValid()).isTrue();
  }

  @Test
  void yamlAndJsonOfTheSameTopologyReadEqual() {
    TopologyDocument yaml = read(Topologies.resource("three-tier.yaml"), Format.YAML);
    TopologyDocument json = read(Topologies.resource("three-tier.json"), Format.JSON);

    assertThat(json.errors()).isEmpty();
    assertThat(json.topology()).isEqualTo(yaml.topology());
  }

  @Test
  void readsUnquotedMacsThatYaml11TakesForSexagesimalNumbers() {
    String doc =
        """
        apiVersion: nv/v1
        kind: Topology
        switches:
          - id: s
            tenant: t
            ports:
              - {id: a, mac: 12:34:56:12:34:56}
              - id: b
                mac: 10:20:30:40:50:59
        routers:
          - id: r
            tenant: t
            ports:
              - {id: rp, mac: 01:02:03:04:05:06, addresses: [10.0.0.1/24]}
            neighbours:
              - {id: n, ip: 10.0.0.9, mac: 59:59:59:59:59:59}
        """;
    Topology t = read(doc, Format.YAML).topology();

    assertThat(t.portById("a").flatMap(SwitchPort::mac))
        .contains(MacAddress.parse("12:34:56:12:34:56"));
    assertThat(t.portById("b").flatMap(SwitchPort::mac))
        .contains(MacAddress.parse("10:20:30:40:50:59"));
    assertThat(t.routerPortById("rp").orElseThrow().mac())
        .isEqualTo(MacAddress.parse("01:02:03:04:05:06"));
    assertThat(t.routers().get(0).neighbours().get(0).mac())
        .isEqualTo(MacAddress.parse("59:59:59:59:59:59"));
  }

  @Test
  void textFieldsTakeScalarsAsWrittenWhateverTypeYamlGivesThem() {
    String doc =
        """
        apiVersion: nv/v1
        kind: Topology
        tenants: [{id: 0x1F}, {id: 1e3}, {id: "off"}, {id: 'on'}]
        switches:
          - id: s
            tenant: t
            defaultDeny: off
            ports: [{id: 123, kind: localnet, network: yes}]
        """;
    TopologyDocument d = read(doc, Format.YAML);

    assertThat(d.errors()).isEmpty();
    assertThat(d.topology().tenants())
        .extracting(Tenant::id)
        .containsExactly("0x1F", "1e3", "off", "on");
    assertThat(d.topology().portById("123").orElseThrow().network()).contains("yes");
  }

  @Test
  void writeThenReadGivesAnEqualTopology() {
    for (Topology t : ImmutableList.of(Topologies.threeTier(), Topologies.everything())) {
      for (Format f : Format.values()) {
        String text = TopologyDocuments.write(t, f);
        TopologyDocument back = read(text, f);
        assertThat(back.errors()).as(text).isEmpty();
        assertThat(back.topology()).as(text).isEqualTo(t);
        assertThat(TopologyDocuments.write(back.topology(), f)).isEqualTo(text);
      }
    }
  }

  @Test
  void multiLineTextWithYamlLineBreaksReadsBackTheSame() {
    // YAML turns NEL, LS and PS inside block scalars into plain line breaks.
    String text = "line one\u0085line two\u2028three\nfour\r\n";
    Topology t =
        new Topology.Builder()
            .addTenant(new Tenant.Builder().id("acme").description(text).build())
            .build();

    String yaml = TopologyDocuments.write(t, Format.YAML);

    assertThat(yaml).contains("description: \"line one\\Nline two\\Lthree\\nfour\\r\\n\"");
    assertThat(read(yaml, Format.YAML).topology()).isEqualTo(t);
  }

  @Test
  void writesCanonicalYamlWithoutDefaults() {
    String yaml = TopologyDocuments.write(Topologies.threeTier(), Format.YAML);

    assertThat(yaml)
        .startsWith("apiVersion: nv/v1\nkind: Topology\ntenants:\n  - id: acme\nhosts:\n")
        .contains("mac: \"0a:00:00:01:00:11\"")
        .contains("kind: router")
        .contains("match: \"ip4.src == $web_ip4 && tcp.dst == 8080\"")
        .contains("backends:\n          - \"10.0.1.11:80\"\n          - \"10.0.1.12:80\"\n")
        .doesNotContain("direction")
        .doesNotContain("underlayMtu")
        .doesNotContain("encapsulation")
        .doesNotContain("kind: vif")
        .endsWith("host: hv2\n");
  }

  @Test
  void writesTheExactCanonicalFormOfASmallTopology() {
    Topology t =
        new Topology.Builder()
            .addTenant(Tenant.of("acme"))
            .addHost(
                new io.nv.model.placement.Host.Builder()
                    .id("hv1")
                    .tunnelIp(Topologies.ip("192.168.0.1"))
                    .underlayMtu(9000)
                    .build())
            .build();

    assertThat(TopologyDocuments.write(t, Format.YAML))
        .isEqualTo(
            """
            apiVersion: nv/v1
            kind: Topology
            tenants:
              - id: acme
            hosts:
              - id: hv1
                tunnelIp: 192.168.0.1
                underlayMtu: 9000
            """);
    assertThat(TopologyDocuments.write(t, Format.JSON))
        .isEqualTo(
            """
            {
              "apiVersion": "nv/v1",
              "kind": "Topology",
              "tenants": [
                {
                  "id": "acme"
                }
              ],
              "hosts": [
                {
                  "id": "hv1",
                  "tunnelIp": "192.168.0.1",
                  "underlayMtu": 9000
                }
              ]
            }
            """);
  }

  @Test
  void writesNonDefaultValuesAndTheMappingFormOfBackends() {
    String yaml = TopologyDocuments.write(Topologies.everything(), Format.YAML);

    assertThat(yaml)
        .contains("encapsulation: vxlan")
        .contains("encapsulations: []")
        .contains("unknownUnicast: flood")
        .contains("defaultDeny: both")
        .contains("defaultDeny: both\n    key: 4000\n")
        .contains("  gateway: gw\n    key: 4001\n")
        .contains("vlan: 42\n        key: 7\n")
        .contains("direction: from-port")
        .contains("type: floating-ip")
        .contains("- ip-src")
        .contains("- address: 203.0.113.5\n")
        .contains("weight: 3")
        .contains("healthy: false")
        .contains("- \"203.0.113.6:53\"")
        .contains("- \"[2001:db8:1::5]:8443\"");
  }

  @Test
  void readsFilesByExtensionAndByContent(@TempDir Path dir) throws IOException {
    Path yaml = dir.resolve("t.yml");
    Path json = dir.resolve("t.json");
    Path noExtension = dir.resolve("topology");
    Files.writeString(yaml, Topologies.resource("three-tier.yaml"));
    Files.writeString(json, Topologies.resource("three-tier.json"));
    Files.writeString(noExtension, Topologies.resource("three-tier.json"));

    assertThat(TopologyDocuments.read(yaml).get().format()).isEqualTo(Format.YAML);
    assertThat(TopologyDocuments.read(json).get().format()).isEqualTo(Format.JSON);
    TopologyDocument detected = TopologyDocuments.read(noExtension).get();
    assertThat(detected.format()).isEqualTo(Format.JSON);
    assertThat(detected.source()).isEqualTo(noExtension.toString());
    assertThat(detected.topology()).isEqualTo(Topologies.threeTier());
  }

  @Test
  void readsUtf8BytesWithAByteOrderMark() {
    byte[] text = Topologies.resource("three-tier.yaml").getBytes(StandardCharsets.UTF_8);
    byte[] bom = new byte[text.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bom, 3, text.length);

    TopologyDocument doc = TopologyDocuments.read(bom, "three-tier.yaml").get();

    assertThat(doc.errors()).isEmpty();
    assertThat(doc.topology()).isEqualTo(Topologies.threeTier());
  }

  @Test
  void readAndValidateAcceptsTheExample(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("three-tier.yaml");
    Files.writeString(file, Topologies.resource("three-tier.yaml"));

    DocumentCheck c = TopologyDocuments.readAndValidate(file);

    assertThat(c.errors()).isEmpty();
    assertThat(c.isValid()).isTrue();
    assertThat(c.isFatal()).isFalse();
    assertThat(c.validated().orElseThrow().topology()).isEqualTo(Topologies.threeTier());
  }

  @Test
  void theAnnotatedExampleOfTheFormatDocumentIsTheThreeTierTopology() throws IOException {
    String md = Files.readString(Path.of("../docs/topology-format.md"));
    int start = md.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = md.substring(start, md.indexOf("```", start));

    DocumentCheck c = TopologyDocuments.readAndValidate(yaml, "topology-format.md", Format.YAML);

    assertThat(c.errors()).isEmpty();
    Topology t = c.document().orElseThrow().topology();
    assertThat(t)
        .isEqualTo(
            new Topology.Builder()
                .from(Topologies.threeTier())
                .tenants(
                    ImmutableList.of(
                        new Tenant.Builder().id("acme").description("Acme Corp").build()))
                .build());
  }

  @Test
  void detectsTheFormat() {
    assertThat(Format.ofFileName("a.YAML")).contains(Format.YAML);
    assertThat(Format.ofFileName("a.json")).contains(Format.JSON);
    assertThat(Format.ofFileName("a.txt")).isEmpty();
    assertThat(Format.detect("-", "  \n{\"a\": 1}")).isEqualTo(Format.JSON);
    assertThat(Format.detect("-", "a: 1")).isEqualTo(Format.YAML);
    assertThat(Format.detect("x.yaml", "{}")).isEqualTo(Format.YAML);
  }
}
