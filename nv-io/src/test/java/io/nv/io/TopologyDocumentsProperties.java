package io.nv.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import io.nv.model.Peering;
import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.AddressSet;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.acl.Direction;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.IpProtocol;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l2.UnknownUnicast;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.PolicyAction;
import io.nv.model.l3.PolicyRoute;
import io.nv.model.l3.RouterPort;
import io.nv.model.l3.StaticNeighbour;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.nv.model.placement.Host;
import io.vavr.control.Either;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Properties of reading and writing documents: canonical writing round-trips, and no input, however
 * mangled, makes the reader do anything but return a typed result. Runs with a random seed; replay
 * a failure with {@code -Dnv.seed=<seed>}.
 */
class TopologyDocumentsProperties {
  private static final long SEED = Long.getLong("nv.seed", new SplittableRandom().nextLong());

  // ---- round trip ----

  @Test
  void writeThenReadGivesAnEqualTopology() {
    SplittableRandom base = new SplittableRandom(SEED);
    for (int i = 0; i < 300; i++) {
      long seed = base.nextLong();
      Topology t = new RandomTopology(new SplittableRandom(seed)).topology();
      for (Format f : Format.values()) {
        String text = TopologyDocuments.write(t, f);
        try {
          TopologyDocument back = TopologyDocuments.read(text, "generated", f).get();
          assertThat(back.errors()).isEmpty();
          assertThat(back.topology()).isEqualTo(t);
        } catch (Throwable e) {
          fail("case seed " + seed + " (run with -Dnv.seed=" + SEED + "), " + f + ":\n" + text, e);
        }
      }
    }
  }

  /** Random topologies that exercise the writer: odd strings, both IP versions, every option. */
  private static final class RandomTopology {
    private static final String[] ODD = {
      "null",
      "~",
      "true",
      "off",
      "yes",
      "123",
      "0x1F",
      "1e3",
      "1_000",
      "12:34:56",
      "- a",
      "? x",
      "#c",
      "a #b",
      "a: b",
      "'",
      "\"",
      "\\",
      "\t",
      " lead",
      "trail ",
      "x\ny",
      "\n",
      "\r\n",
      "\u0085",
      "\u2028",
      "\uFEFF",
      "\u0000",
      "\u001b",
      "\uD83D\uDE00",
      "é",
      "*a",
      "&a",
      "!t",
      "%x",
      "@x",
      "`x",
      "{a",
      "[a",
      "a,b",
      "---",
      "...",
      "<<",
      "=",
      ""
    };
    private final SplittableRandom r;
    private int serial;

    RandomTopology(SplittableRandom r) {
      this.r = r;
    }

    Topology topology() {
      Topology.Builder b = new Topology.Builder();
      if (r.nextBoolean()) {
        b.encapsulation(pick(Encapsulation.values()));
      }
      b.tenants(list(3, () -> new Tenant.Builder().id(id()).description(text()).build()));
      b.peerings(list(2, () -> new Peering(id(), id(), id())));
      b.hosts(list(3, this::host));
      b.switches(list(3, this::logicalSwitch));
      b.routers(list(2, this::router));
      b.addressSets(
          list(
              2,
              () ->
                  new AddressSet.Builder()
                      .id(id())
                      .tenant(id())
                      .addresses(list(3, this::prefix))
                      .build()));
      b.portGroups(
          list(
              2,
              () ->
                  new PortGroup.Builder()
                      .id(id())
                      .tenant(id())
                      .ports(list(3, this::id))
                      .defaultDeny(pick(DefaultDeny.values()))
                      .acls(list(2, this::acl))
                      .build()));
      b.loadBalancers(list(2, this::loadBalancer));
      b.bindings(list(3, () -> new Binding(id(), id())));
      return b.build();
    }

    private Host host() {
      Host.Builder h = new Host.Builder().id(id()).tunnelIp(ip());
      if (r.nextBoolean()) {
        h.encapsulations(list(2, () -> pick(Encapsulation.values())));
      }
      if (r.nextBoolean()) {
        h.underlayMtu(integer());
      }
      return h.build();
    }

    private LogicalSwitch logicalSwitch() {
      LogicalSwitch.Builder s =
          new LogicalSwitch.Builder()
              .id(id())
              .tenant(id())
              .subnets(list(2, this::prefix))
              .unknownUnicast(pick(UnknownUnicast.values()))
              .defaultDeny(pick(DefaultDeny.values()))
              .ports(list(4, this::port))
              .acls(list(3, this::acl));
      if (r.nextBoolean()) {
        s.mtu(integer());
      }
      if (r.nextBoolean()) {
        s.key(integer());
      }
      return s.build();
    }

    private SwitchPort port() {
      SwitchPort.Builder p =
          new SwitchPort.Builder()
              .id(id())
              .kind(pick(PortKind.values()))
              .ips(list(3, this::ip))
              .portSecurity(r.nextBoolean())
              .unknown(r.nextBoolean());
      if (r.nextBoolean()) {
        p.mac(mac());
      }
      if (r.nextBoolean()) {
        p.routerPort(id());
      }
      if (r.nextBoolean()) {
        p.network(text());
      }
      if (r.nextBoolean()) {
        p.vlan(integer());
      }
      if (r.nextBoolean()) {
        p.key(integer());
      }
      return p.build();
    }

    private AclRule acl() {
      return new AclRule.Builder()
          .id(id())
          .tier(integer())
          .priority(integer())
          .direction(pick(Direction.values()))
          .match(text())
          .action(pick(AclAction.values()))
          .log(r.nextBoolean())
          .build();
    }

    private LogicalRouter router() {
      LogicalRouter.Builder b =
          new LogicalRouter.Builder()
              .id(id())
              .tenant(id())
              .ports(
                  list(
                      3,
                      () ->
                          new RouterPort.Builder()
                              .id(id())
                              .mac(mac())
                              .addresses(list(2, this::interfaceAddress))
                              .key(r.nextBoolean() ? Optional.of(integer()) : Optional.empty())
                              .build()))
              .routes(list(3, this::route))
              .policies(
                  list(
                      2,
                      () ->
                          new PolicyRoute.Builder()
                              .id(id())
                              .priority(integer())
                              .match(text())
                              .action(pick(PolicyAction.values()))
                              .nextHops(list(2, this::ip))
                              .build()))
              .nats(list(2, this::nat))
              .neighbours(
                  list(
                      2, () -> new StaticNeighbour.Builder().id(id()).ip(ip()).mac(mac()).build()));
      if (r.nextBoolean()) {
        b.key(integer());
      }
      if (r.nextBoolean()) {
        b.gateway(id());
      }
      return b.build();
    }

    private StaticRoute route() {
      StaticRoute.Builder s = new StaticRoute.Builder().id(id()).prefix(prefix());
      if (r.nextBoolean()) {
        s.nextHop(ip());
      }
      if (r.nextBoolean()) {
        s.port(id());
      }
      return s.build();
    }

    private NatRule nat() {
      NatRule.Builder n =
          new NatRule.Builder()
              .id(id())
              .type(pick(NatType.values()))
              .externalIp(ip())
              .logical(prefix());
      if (r.nextBoolean()) {
        n.logicalPort(id());
      }
      if (r.nextBoolean()) {
        n.externalMac(mac());
      }
      return n.build();
    }

    private LoadBalancer loadBalancer() {
      LoadBalancer.Builder lb =
          new LoadBalancer.Builder()
              .id(id())
              .tenant(id())
              .vips(
                  list(
                      2,
                      () ->
                          new Vip.Builder()
                              .id(id())
                              .address(ip())
                              .protocol(IpProtocol.valueOf(r.nextInt(256)))
                              .port(integer())
                              .backends(
                                  list(
                                      3,
                                      () ->
                                          new Backend(
                                              ip(),
                                              r.nextInt(1, 65536),
                                              r.nextBoolean() ? 1 : r.nextInt(1, 257),
                                              r.nextInt(4) > 0)))
                              .build()))
              .selectionFields(list(3, () -> pick(SelectionField.values())))
              .switches(list(2, this::id))
              .routers(list(2, this::id));
      if (r.nextBoolean()) {
        lb.affinityTimeout(integer());
      }
      if (r.nextBoolean()) {
        lb.hairpinAddress(ip());
      }
      return lb.build();
    }

    private <T> List<T> list(int max, Supplier<T> item) {
      int n = r.nextInt(max + 1);
      List<T> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(item.get());
      }
      return out;
    }

    private <T> T pick(T[] values) {
      return values[r.nextInt(values.length)];
    }

    /** Valid ids, some of which YAML would read as numbers, booleans or dates. */
    private String id() {
      return switch (r.nextInt(6)) {
        case 0 ->
            pick(new String[] {"123", "0x1F", "1e3", "true", "off", "null", "2001-01-01", "1_0"});
        case 1 -> Integer.toString(r.nextInt(100));
        default -> "e" + serial++ + pick(new String[] {"", "-a", "_b", ".c", ":d"});
      };
    }

    private String text() {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        sb.append(
            r.nextBoolean()
                ? pick(ODD)
                : r.nextBoolean()
                    ? "tcp.dst == " + r.nextInt(65536)
                    : Character.toString(randomCodePoint()));
      }
      return sb.toString();
    }

    private int randomCodePoint() {
      while (true) {
        int cp = r.nextInt(r.nextBoolean() ? 0x80 : 0x110000);
        if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
          return cp;
        }
      }
    }

    private int integer() {
      return switch (r.nextInt(4)) {
        case 0 -> pick(new Integer[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE});
        case 1 -> r.nextInt();
        default -> r.nextInt(70000);
      };
    }

    private IpAddress ip() {
      return r.nextBoolean()
          ? Ipv4Address.of(r.nextInt())
          : Ipv6Address.of(r.nextBoolean() ? 0 : r.nextLong(), r.nextLong());
    }

    private IpPrefix prefix() {
      IpAddress a = ip();
      return IpPrefix.of(a, r.nextInt(a.bitLength() + 1));
    }

    private InterfaceAddress interfaceAddress() {
      IpAddress a = ip();
      return InterfaceAddress.of(a, r.nextInt(a.bitLength() + 1));
    }

    private MacAddress mac() {
      return MacAddress.of(r.nextLong() & 0xFFFF_FFFF_FFFFL);
    }
  }

  // ---- fuzz ----

  private record Seed(String name, Format format, String text) {}

  private static final List<Seed> SEEDS =
      List.of(
          new Seed("three-tier.yaml", Format.YAML, Topologies.resource("three-tier.yaml")),
          new Seed("three-tier.json", Format.JSON, Topologies.resource("three-tier.json")),
          new Seed(
              "everything.yaml",
              Format.YAML,
              TopologyDocuments.write(Topologies.everything(), Format.YAML)),
          new Seed(
              "everything.json",
              Format.JSON,
              TopologyDocuments.write(Topologies.everything(), Format.JSON)),
          new Seed("broken.yaml", Format.YAML, ReadAndValidateTest.BROKEN));

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void mutatedDocumentsGiveOnlyTypedResults() {
    SplittableRandom base = new SplittableRandom(SEED);
    int fatal = 0;
    int withErrors = 0;
    int cases = 12_000;
    for (int i = 0; i < cases; i++) {
      long seed = base.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      Seed s = SEEDS.get(r.nextInt(SEEDS.size()));
      byte[] doc = new Mutator(r, s.format()).mutate(s.text());
      try {
        Either<ImmutableList<LocatedError>, TopologyDocument> read =
            TopologyDocuments.read(doc, s.name());
        if (read.isLeft()) {
          fatal++;
          assertThat(read.getLeft()).isNotEmpty();
          assertThat(read.getLeft())
              .allSatisfy(e -> assertThat(((DocumentErrorCode) e.code()).isFatal()).isTrue());
          continue;
        }
        TopologyDocument d = read.get();
        if (d.hasErrors()) {
          withErrors++;
        }
        int lines = lineBreaks(new String(doc, StandardCharsets.UTF_8)) + 2;
        assertThat(d.errors())
            .allSatisfy(
                e -> {
                  assertThat(e.location()).as("%s", e).isPresent();
                  assertThat(e.location().get().line()).as("%s", e).isBetween(1, lines);
                  assertThat(e.code()).isNotIn((Object[]) fatalCodes());
                });
        DocumentCheck c = d.validate();
        assertThat(c.isFatal()).isFalse();
        assertThat(c.isValid()).isEqualTo(c.errors().isEmpty());
        assertThat(c.errors()).containsAll(d.errors());
        // Whatever was read can be written, and reads back the same (every 4th case: it is the
        // slowest step, and the round trip has a property of its own).
        if (i % 4 == 0) {
          Format f = i % 8 == 0 ? Format.YAML : Format.JSON;
          String written = TopologyDocuments.write(d.topology(), f);
          TopologyDocument again = TopologyDocuments.read(written, "again", f).get();
          assertThat(again.topology()).isEqualTo(d.topology());
        }
      } catch (Throwable e) {
        fail(
            "case seed "
                + seed
                + " (run with -Dnv.seed="
                + SEED
                + "), mutated from "
                + s.name()
                + ":\n"
                + show(doc),
            e);
      }
    }
    // The mutations must reach every outcome, or the fuzzing proves little.
    assertThat(fatal).isBetween(cases / 20, cases - cases / 20);
    assertThat(withErrors).isGreaterThan(cases / 20);
  }

  private static DocumentErrorCode[] fatalCodes() {
    return java.util.Arrays.stream(DocumentErrorCode.values())
        .filter(DocumentErrorCode::isFatal)
        .toArray(DocumentErrorCode[]::new);
  }

  private static String show(byte[] doc) {
    String s = new String(doc, StandardCharsets.UTF_8);
    return s.length() <= 4000
        ? s
        : s.substring(0, 4000) + "\n… (" + s.length() + " characters in all)";
  }

  /** Mangles a document: 1 to 3 of byte flips, truncation, wrong types, and the like. */
  private static final class Mutator {
    private static final String[] YAML_VALUES = {
      "[]",
      "{}",
      "[1, 2]",
      "{a: 1}",
      "null",
      "~",
      "true",
      "-7",
      "1.5",
      "\"x\"",
      "''",
      "99999999999999999999",
      "-2147483649",
      "2147483648",
      ".inf",
      "0x7FFFFFFF",
      "&a 1",
      "*a",
      "!!int 5",
      "|\n  x\n",
      "[[[[",
      "{{{",
      "12:34:56:12:34:56",
      "10.0.1.1/99",
      "\"\\uD800\""
    };
    private static final String[] JSON_VALUES = {
      "[]",
      "{}",
      "[1, 2]",
      "{\"a\": 1}",
      "null",
      "true",
      "-7",
      "1.5e300",
      "\"x\"",
      "\"\"",
      "99999999999999999999",
      "-2147483649",
      "2147483648",
      "\"\\uD800\"",
      "[[[[",
      "\"\\u0000\""
    };
    private static final String[] JUNK = {
      "\"", "'", ":", ": ", "#", "&a ", "*a", "!!int ", "? ", "- ", "\t", "\u0085", "%YAML 1.1\n",
      "---\n", "...\n", "{", "}", "[", "]", ",", "\\", "\u0000", "\uFEFF", "\n", "  ", "<<: *a\n"
    };

    private final SplittableRandom r;
    private final Format format;

    Mutator(SplittableRandom r, Format format) {
      this.r = r;
      this.format = format;
    }

    byte[] mutate(String text) {
      String s = text;
      int n = 1 + r.nextInt(3);
      byte[] bytes = null;
      for (int i = 0; i < n; i++) {
        switch (r.nextInt(10)) {
          case 0 -> bytes = flip((bytes != null ? bytes : s.getBytes(StandardCharsets.UTF_8)));
          case 1 -> s = s.substring(0, r.nextInt(s.length() + 1));
          case 2 -> s = wrongType(s);
          case 3 -> s = hugeNumber(s);
          case 4 -> s = deep(s);
          case 5 -> s = duplicateKey(s);
          case 6 -> s = unknownField(s);
          case 7 -> s = shuffleLines(s);
          case 8 -> s = insert(s, JUNK[r.nextInt(JUNK.length)]);
          default -> s = deleteRange(s);
        }
        if (bytes != null && i < n - 1) {
          // Later text mutations apply to what the flips left, decoded leniently.
          s = new String(bytes, StandardCharsets.UTF_8);
          bytes = null;
        }
      }
      return bytes != null ? bytes : s.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] flip(byte[] b) {
      byte[] out = b.clone();
      int flips = 1 + r.nextInt(8);
      for (int i = 0; i < flips && out.length > 0; i++) {
        out[r.nextInt(out.length)] = (byte) r.nextInt(256);
      }
      return out;
    }

    private int valueStart(String s) {
      String marker = format == Format.YAML ? ": " : "\": ";
      List<Integer> at = new ArrayList<>();
      for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + 1)) {
        at.add(i + marker.length());
      }
      return at.isEmpty() ? r.nextInt(s.length() + 1) : at.get(r.nextInt(at.size()));
    }

    private String wrongType(String s) {
      int start = valueStart(s);
      int end = start;
      while (end < s.length() && ",}]\n".indexOf(s.charAt(end)) < 0) {
        end++;
      }
      String[] values = format == Format.YAML ? YAML_VALUES : JSON_VALUES;
      return s.substring(0, start) + values[r.nextInt(values.length)] + s.substring(end);
    }

    private String hugeNumber(String s) {
      int start = valueStart(s);
      String digits = "9".repeat(1 + r.nextInt(r.nextBoolean() ? 30 : 5000));
      String number =
          r.nextBoolean() ? digits : "-" + digits + (r.nextBoolean() ? ".5e999999" : "");
      int end = start;
      while (end < s.length() && ",}]\n".indexOf(s.charAt(end)) < 0) {
        end++;
      }
      return s.substring(0, start) + number + s.substring(end);
    }

    private String deep(String s) {
      int depth = 1 + r.nextInt(r.nextBoolean() ? 150 : 5000);
      String open = !r.nextBoolean() ? "[" : format == Format.YAML ? "{a: " : "{\"a\": ";
      String close = open.startsWith("{") ? "}" : "]";
      String nest = open.repeat(depth) + "1" + (r.nextInt(4) > 0 ? close.repeat(depth) : "");
      int start = valueStart(s);
      int end = start;
      while (end < s.length() && ",}]\n".indexOf(s.charAt(end)) < 0) {
        end++;
      }
      return s.substring(0, start) + nest + s.substring(end);
    }

    private String duplicateKey(String s) {
      if (format == Format.JSON) {
        return insertAfter(s, "{", "\"id\": \"dup\", ");
      }
      String[] lines = s.split("\n", -1);
      int i = r.nextInt(lines.length);
      List<String> out = new ArrayList<>(List.of(lines));
      String line = lines[i];
      // A "- key: v" line repeats as "  key: v" so the key lands in the same mapping.
      String again = line.replaceFirst("^(\\s*)- ", "$1  ");
      out.add(i + 1, again);
      return String.join("\n", out);
    }

    private String unknownField(String s) {
      if (format == Format.JSON || r.nextBoolean()) {
        return insertAfter(s, "{", format == Format.JSON ? "\"bogus\": 1, " : "bogus: 1, ");
      }
      String[] lines = s.split("\n", -1);
      int i = r.nextInt(lines.length);
      String indent =
          lines[i].replaceFirst("^(\\s*)(- )?.*$", "$1")
              + (lines[i].trim().startsWith("- ") ? "  " : "");
      List<String> out = new ArrayList<>(List.of(lines));
      out.add(i + 1, indent + "bogus" + r.nextInt(3) + ": 1");
      return String.join("\n", out);
    }

    private String insertAfter(String s, String marker, String text) {
      List<Integer> at = new ArrayList<>();
      for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + 1)) {
        at.add(i + marker.length());
      }
      if (at.isEmpty()) {
        return insert(s, text);
      }
      int p = at.get(r.nextInt(at.size()));
      return s.substring(0, p) + text + s.substring(p);
    }

    private String shuffleLines(String s) {
      List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
      int a = r.nextInt(lines.size());
      int b = r.nextInt(lines.size());
      if (r.nextBoolean()) {
        lines.remove(a);
      } else {
        String t = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, t);
      }
      return String.join("\n", lines);
    }

    private String insert(String s, String text) {
      int p = r.nextInt(s.length() + 1);
      return s.substring(0, p) + text + s.substring(p);
    }

    private String deleteRange(String s) {
      if (s.isEmpty()) {
        return s;
      }
      int a = r.nextInt(s.length());
      int b = Math.min(s.length(), a + 1 + r.nextInt(40));
      return s.substring(0, a) + s.substring(b);
    }
  }

  /**
   * The line breaks of {@code text} as YAML 1.1 counts them (and so SnakeYAML's positions): CR LF,
   * CR, LF, NEL, LS and PS. A mutation that writes NEL puts a value on a later line than a count of
   * LFs alone would allow.
   */
  private static int lineBreaks(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        n++;
      }
    }
    return n;
  }
}
