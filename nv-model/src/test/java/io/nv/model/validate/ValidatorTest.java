package io.nv.model.validate;

import static io.nv.model.validate.ModelErrorCode.*;
import static io.nv.model.fixtures.TestTopologies.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.Peering;
import io.nv.model.Topology;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.PortGroup;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l3.NatRule;
import io.nv.model.l3.NatType;
import io.nv.model.l3.StaticRoute;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Encapsulation;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Examples of {@link Validator}: the fixtures are valid, and each error code is reported with its
 * path and field when one thing is broken.
 */
class ValidatorTest {

  /** The errors of {@code t}, which must be invalid. */
  private static Seq<ModelError> errors(Topology t) {
    Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(t);
    assertThat(v.isInvalid()).as("expected errors, but the topology validated").isTrue();
    return v.getError();
  }

  /** Asserts {@code t} has exactly one error, and returns it after checking where it is. */
  private static ModelError onlyError(Topology t, ErrorCode code, String path, String field) {
    Seq<ModelError> errors = errors(t);
    assertThat(errors).as("errors").hasSize(1);
    ModelError e = errors.head();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.path()).hasToString(path);
    assertThat(e.field()).isEqualTo(Optional.of(field));
    assertThat(e.message()).as("message says how to fix it").contains(": ");
    return e;
  }

  private static void assertValid(Topology t) {
    Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(t);
    assertThat(v.isValid()).as("errors: %s", v.isInvalid() ? v.getError() : "none").isTrue();
    assertThat(v.get().topology()).isSameAs(t);
  }

  @Nested
  class Fixtures {
    @Test
    void threeTierIsValid() {
      assertValid(threeTier());
    }

    @Test
    void twoTenantsWithTheSameAddressesAreValid() {
      assertValid(twoTenants());
    }

    @Test
    void twoTenantsLinkedThroughAPeeringAreValid() {
      assertValid(
          edit(blueRouterOnRedSwitch(), b -> b.addPeering(new Peering("red-blue", "blue", "red"))));
    }
  }

  /** Red's new switch red-dmz linked to blue's router (a port of blue-r). */
  private static Topology blueRouterOnRedSwitch() {
    Topology t =
        editRouter(
            twoTenants(),
            "blue-r",
            r -> r.addPort(routerPort("blue-r-dmz", "10.9.0.1/24", "0a:00:00:09:00:01")));
    return edit(
        t,
        b ->
            b.addSwitch(
                new LogicalSwitch.Builder()
                    .id("red-dmz")
                    .tenant("red")
                    .addSubnet(IpPrefix.parse("10.9.0.0/24"))
                    .addPort(routerLink("red-dmz-r", "blue-r-dmz"))
                    .build()));
  }

  /** One test per code: the smallest change to a valid fixture that produces it. */
  @Nested
  class OneErrorPerCode {
    @Test
    void invalidId() {
      Topology t =
          editSwitch(
              threeTier(), "web", s -> s.addPort(vif("web 3", "10.0.1.13", "0a:00:00:01:00:13")));
      ModelError e = onlyError(t, INVALID_ID, "switch web / port #3", "ports[3].id");
      assertThat(e.message()).contains("'web 3'", "letters, digits");
    }

    @Test
    void duplicateId() {
      Topology t =
          edit(
              threeTier(),
              b ->
                  b.addSwitch(
                      new LogicalSwitch.Builder()
                          .id("web")
                          .tenant("acme")
                          .addSubnet(IpPrefix.parse("10.0.9.0/24"))
                          .build()));
      ModelError e = onlyError(t, DUPLICATE_ID, "switch #3", "id");
      assertThat(e.message()).contains("already used by switch web", "rename one");
    }

    @Test
    void danglingReference() {
      Topology t = editPortGroup(threeTier(), "db", g -> g.addPort("db9"));
      ModelError e = onlyError(t, DANGLING_REFERENCE, "port-group db", "ports[1]");
      assertThat(e.message()).contains("'db9' does not exist");
    }

    @Test
    void duplicateMac() {
      Topology t = editPort(threeTier(), "web2", p -> p.mac(MacAddress.parse("0a:00:00:01:00:11")));
      ModelError e = onlyError(t, DUPLICATE_MAC, "port web2", "mac");
      assertThat(e.message()).contains("port web1", "switch web");
    }

    @Test
    void duplicateIp() {
      Topology t =
          editPort(threeTier(), "web2", p -> p.ips(ImmutableList.of(IpAddress.parse("10.0.1.11"))));
      ModelError e = onlyError(t, DUPLICATE_IP, "port web2", "ips[0]");
      assertThat(e.message()).contains("port web1");
    }

    @Test
    void ipOutsideSubnet() {
      Topology t = editPort(threeTier(), "web1", p -> p.addIp(IpAddress.parse("10.0.9.5")));
      ModelError e = onlyError(t, IP_OUTSIDE_SUBNET, "port web1", "ips[1]");
      assertThat(e.message()).contains("10.0.9.5", "10.0.1.0/24", "add a subnet");
    }

    @Test
    void overlappingSubnets() {
      Topology t =
          editRouter(
              threeTier(),
              "r1",
              r -> r.addPort(routerPort("r1-extra", "10.0.2.129/25", "0a:00:00:09:00:01")));
      ModelError e =
          onlyError(t, OVERLAPPING_SUBNETS, "router r1 / port r1-extra", "ports[3].addresses[0]");
      assertThat(e.message()).contains("10.0.2.128/25", "10.0.2.0/24", "r1-app");
    }

    @Test
    void peeringMismatch() {
      Topology t =
          editRouterPort(
              threeTier(),
              "r1-db",
              p -> p.addresses(ImmutableList.of(InterfaceAddress.parse("10.0.3.1/25"))));
      ModelError e = onlyError(t, PEERING_MISMATCH, "port db-r1", "routerPort");
      assertThat(e.message()).contains("10.0.3.0/25", "10.0.3.1/24");
    }

    @Test
    void vipConflict() {
      Topology t =
          editLoadBalancer(
              threeTier(),
              "web-lb",
              l -> l.vips(ImmutableList.of(vip("http", "10.0.1.11", 80, "10.0.1.12"))));
      ModelError e =
          onlyError(t, VIP_CONFLICT, "load-balancer web-lb / vip http", "vips[0].address");
      assertThat(e.message()).contains("port web1", "switch web");
    }

    @Test
    void crossTenantLink() {
      ModelError e =
          onlyError(blueRouterOnRedSwitch(), CROSS_TENANT_LINK, "port red-dmz-r", "routerPort");
      assertThat(e.message()).contains("blue-r", "red-dmz", "add a peering");
    }

    @Test
    void crossTenantReference() {
      Topology t =
          edit(
              twoTenants(),
              b ->
                  b.addPortGroup(
                      new PortGroup.Builder()
                          .id("blue-vms")
                          .tenant("blue")
                          .addPorts("blue-vm1", "red-vm1")
                          .build()));
      ModelError e = onlyError(t, CROSS_TENANT_REFERENCE, "port-group blue-vms", "ports[1]");
      assertThat(e.message()).contains("tenant red");
    }

    @Test
    void unknownHost() {
      Topology t =
          edit(
              threeTier(),
              b ->
                  b.bindings(
                      threeTier().bindings().stream()
                          .map(x -> x.port().equals("db1") ? new Binding("db1", "hv9") : x)
                          .toList()));
      ModelError e = onlyError(t, UNKNOWN_HOST, "binding db1", "host");
      assertThat(e.message()).contains("'hv9'", "add it under hosts");
    }

    @Test
    void portBoundTwice() {
      Topology t = edit(threeTier(), b -> b.addBinding(new Binding("web1", "hv2")));
      ModelError e = onlyError(t, PORT_BOUND_TWICE, "binding #5", "port");
      assertThat(e.message()).contains("host hv1", "binding web1", "keep one binding");
    }

    @Test
    void bindingNotVif() {
      Topology t = edit(threeTier(), b -> b.addBinding(new Binding("web-r1", "hv1")));
      onlyError(t, BINDING_NOT_VIF, "binding web-r1", "port");
    }

    @Test
    void nextHopUnreachable() {
      Topology t =
          editRouter(
              threeTier(),
              "r1",
              r ->
                  r.addRoute(route("to-a", "10.1.0.0/16", "10.0.1.50"))
                      .addRoute(route("to-b", "10.2.0.0/16", "10.0.2.50"))
                      .addRoute(route("default", "0.0.0.0/0", "192.0.2.1")));
      ModelError e =
          onlyError(t, NEXT_HOP_UNREACHABLE, "router r1 / route default", "routes[2].nextHop");
      assertThat(e.message()).contains("192.0.2.1", "use an address of a router port's subnet");
    }

    @Test
    void natAddressNotOnPort() {
      Topology t =
          editRouter(
              threeTier(),
              "r1",
              r ->
                  r.gateway("hv1").addNat(
                      new NatRule.Builder()
                          .id("snat-all")
                          .type(NatType.SNAT)
                          .externalIp(IpAddress.parse("198.51.100.9"))
                          .logical(IpPrefix.parse("10.0.0.0/16"))
                          .build()));
      ModelError e =
          onlyError(t, NAT_ADDRESS_NOT_ON_PORT, "router r1 / nat snat-all", "nats[0].externalIp");
      assertThat(e.message()).contains("198.51.100.9");
    }

    @Test
    void encapsulationUnsupported() {
      Topology t = editHost(threeTier(), "hv2", h -> h.encapsulations(Set.of(Encapsulation.VXLAN)));
      ModelError e = onlyError(t, ENCAPSULATION_UNSUPPORTED, "host hv2", "encapsulations");
      assertThat(e.message()).contains("[vxlan]", "geneve");
    }

    @Test
    void badMatchWhenEmpty() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(acl("allow-app", " "))));
      onlyError(t, BAD_MATCH, "port-group db / acl allow-app", "acls[0].match");
    }

    @Test
    void badMatchPointsAtTheColumnOfTheSyntaxError() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(acl("allow-app", "tcp.dst == (80"))));
      ModelError e = onlyError(t, BAD_MATCH, "port-group db / acl allow-app", "acls[0].match");
      assertThat(e.column()).isBetween(12, 15);
    }

    @Test
    void badMatchOnTypeErrors() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(acl("allow-app", "tcp.dst == 10.0.0.1"))));
      onlyError(t, BAD_MATCH, "port-group db / acl allow-app", "acls[0].match");
    }

    @Test
    void danglingAddressSetInAMatchPointsAtItsColumn() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(acl("allow-app", "ip4.src == $nosuch"))));
      ModelError e = onlyError(t, DANGLING_REFERENCE, "port-group db / acl allow-app", "acls[0].match");
      assertThat(e.column()).isEqualTo(12);
      assertThat(e.message()).contains("$nosuch");
    }

    /** A text is parsed once per validation, but every rule that repeats it gets its own errors. */
    @Test
    void aRepeatedMatchTextIsCheckedForEveryRule() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(
              acl("a", "tcp.dst == (80"), acl("b", "inport == \"nosuch\""), acl("c", "tcp.dst == (80"),
              acl("d", "inport == \"nosuch\""), acl("e", "inport == \"app1\""))));
      int column = errors(t).filter(e -> e.code() == BAD_MATCH).head().column();
      assertThat(column).isBetween(12, 15);
      assertThat(errors(t))
          .extracting(ModelError::code, e -> e.path().toString(), e -> e.field().orElse(""), ModelError::column)
          .containsExactlyInAnyOrder(
              tuple(BAD_MATCH, "port-group db / acl a", "acls[0].match", column),
              tuple(DANGLING_REFERENCE, "port-group db / acl b", "acls[1].match", 11),
              tuple(BAD_MATCH, "port-group db / acl c", "acls[2].match", column),
              tuple(DANGLING_REFERENCE, "port-group db / acl d", "acls[3].match", 11));
    }

    @Test
    void portGroupSetsAndPortsResolve() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(
              acl("a", "ip4.src == $web_ip4 && outport == @db && inport == \"app1\""))));
      assertThat(Validator.validate(t).isValid()).isTrue();
      Topology bad =
          editPortGroup(threeTier(), "db", g -> g.acls(ImmutableList.of(acl("a", "inport == \"nosuch\""))));
      assertThat(onlyError(bad, DANGLING_REFERENCE, "port-group db / acl a", "acls[0].match").column())
          .isEqualTo(11);
    }

    @Test
    void valueOutOfRange() {
      Topology t =
          editPortGroup(
              threeTier(),
              "web",
              g ->
                  g.acls(
                      ImmutableList.of(
                          new AclRule.Builder()
                              .from(acl("allow-http", "tcp.dst == 80"))
                              .priority(40000)
                              .build())));
      ModelError e =
          onlyError(t, VALUE_OUT_OF_RANGE, "port-group web / acl allow-http", "acls[0].priority");
      assertThat(e.message()).contains("40000", "0..32767");
    }

    @Test
    void missingField() {
      Topology t = editPort(threeTier(), "web2", p -> p.mac(Optional.empty()));
      onlyError(t, MISSING_FIELD, "port web2", "mac");
    }

    @Test
    void fieldNotApplicable() {
      Topology t =
          editPort(threeTier(), "web-r1", p -> p.mac(MacAddress.parse("0a:00:00:01:00:99")));
      ModelError e = onlyError(t, FIELD_NOT_APPLICABLE, "port web-r1", "mac");
      assertThat(e.message()).contains("remove it");
    }
  }

  /** Checks beyond one per code: the cases a simpler validator gets wrong. */
  @Nested
  class Details {
    @Test
    void invalidAclIdIsNamedByPosition() {
      Topology t =
          editPortGroup(
              threeTier(),
              "web",
              g -> g.acls(ImmutableList.of(acl("allow http", "tcp.dst == 80"))));
      onlyError(t, INVALID_ID, "port-group web / acl #0", "acls[0].id");
    }

    @Test
    void invalidTopLevelIdIsNamedByPosition() {
      Topology t = editHost(threeTier(), "hv2", h -> h.id("hv/2"));
      Seq<ModelError> errors = errors(t);
      assertThat(errors)
          .extracting(ModelError::code, e -> e.path().toString(), e -> e.field().orElse(""))
          .containsExactlyInAnyOrder(
              tuple(INVALID_ID, "host #1", "id"),
              tuple(UNKNOWN_HOST, "binding web2", "host"),
              tuple(UNKNOWN_HOST, "binding app2", "host"));
    }

    @Test
    void portIdTakenOnAnotherSwitchIsNamedByPosition() {
      Topology t =
          editSwitch(
              threeTier(), "app", s -> s.addPort(vif("web1", "10.0.2.23", "0a:00:00:02:00:23")));
      ModelError e = onlyError(t, DUPLICATE_ID, "switch app / port #3", "ports[3].id");
      assertThat(e.message()).contains("already used by port web1");
    }

    @Test
    void duplicateRuleIdIsNamedByPosition() {
      Topology t =
          editPortGroup(threeTier(), "db", g -> g.addAcl(acl("allow-app", "tcp.dst == 22")));
      onlyError(t, DUPLICATE_ID, "port-group db / acl #1", "acls[1].id");
    }

    @Test
    void vifReusingTheRoutersMacIsReportedWhereverItStands() {
      // web1 takes r1-web's MAC and comes before the router link: still web1 is the one to fix.
      Topology t = editPort(threeTier(), "web1", p -> p.mac(MacAddress.parse("0a:00:00:01:00:01")));
      LogicalSwitch web = t.switchById("web").orElseThrow();
      t = editSwitch(t, "web", s -> s.ports(List.ofAll(web.ports()).reverse()));
      assertThat(t.switchById("web").orElseThrow().ports().get(2).id()).isEqualTo("web-r1");
      ModelError e = onlyError(t, DUPLICATE_MAC, "port web1", "mac");
      assertThat(e.message()).contains("router port r1-web");
    }

    @Test
    void vifReusingTheRoutersAddressIsADuplicateIp() {
      Topology t =
          editPort(threeTier(), "db1", p -> p.ips(ImmutableList.of(IpAddress.parse("10.0.3.1"))));
      ModelError e = onlyError(t, DUPLICATE_IP, "port db1", "ips[0]");
      assertThat(e.message()).contains("router port r1-db");
    }

    @Test
    void routerPortLinkedTwiceIsAPeeringMismatch() {
      Topology t = editSwitch(threeTier(), "db", s -> s.addPort(routerLink("db-r1b", "r1-db")));
      ModelError e = onlyError(t, PEERING_MISMATCH, "port db-r1b", "routerPort");
      assertThat(e.message()).contains("already linked to switch port db-r1");
    }

    @Test
    void danglingRouterPort() {
      Topology t = editPort(threeTier(), "db-r1", p -> p.routerPort("r1-nosuch"));
      onlyError(t, DANGLING_REFERENCE, "port db-r1", "routerPort");
    }

    @Test
    void nextHopMustBeOnTheNamedPortsSubnet() {
      Topology t =
          editRouter(
              threeTier(),
              "r1",
              r ->
                  r.addRoute(
                      new StaticRoute.Builder()
                          .from(route("to-a", "10.1.0.0/16", "10.0.2.50"))
                          .port("r1-web")
                          .build()));
      ModelError e =
          onlyError(t, NEXT_HOP_UNREACHABLE, "router r1 / route to-a", "routes[0].nextHop");
      assertThat(e.message()).contains("port r1-web", "10.0.1.0/24");
    }

    @Test
    void vipOnAnAddressOfAnotherTenantIsFine() {
      // blue-vm3 holds 10.0.0.100, red-lb's VIP, and blue has no load balancer: no conflict,
      // because red-lb is attached to red-net only.
      Topology t =
          editSwitch(
              twoTenants(),
              "blue-net",
              s -> s.addPort(vif("blue-vm3", "10.0.0.100", "0a:00:00:00:00:13")));
      t = edit(t, b -> b.loadBalancers(twoTenants().loadBalancerById("red-lb").stream().toList()));
      assertValid(t);
    }

    @Test
    void vipOnAnAddressOfItsOwnSwitchConflicts() {
      Topology t =
          editSwitch(
              twoTenants(),
              "blue-net",
              s -> s.addPort(vif("blue-vm3", "10.0.0.100", "0a:00:00:00:00:13")));
      onlyError(t, VIP_CONFLICT, "load-balancer blue-lb / vip http", "vips[0].address");
    }

    @Test
    void twoVipsOnOneSwitchConflict() {
      Topology t =
          edit(
              threeTier(),
              b ->
                  b.addLoadBalancer(
                      new LoadBalancer.Builder()
                          .id("web-lb2")
                          .tenant("acme")
                          .addVip(vip("http", "10.0.1.100", 80, "10.0.1.12"))
                          .addSwitch("web")
                          .build()));
      ModelError e =
          onlyError(t, VIP_CONFLICT, "load-balancer web-lb2 / vip http", "vips[0].address");
      assertThat(e.message()).contains("load-balancer web-lb / vip http", "switch web");
    }

    @Test
    void aSwitchListedTwiceIsNotItsOwnVipConflict() {
      Topology t = editLoadBalancer(threeTier(), "web-lb", l -> l.addSwitch("web"));
      onlyError(t, DUPLICATE_ID, "load-balancer web-lb", "switches[2]");
    }

    @Test
    void networkAddressIsNotAHostAddress() {
      Topology t =
          editPort(
              threeTier(), "web1", p -> p.ips(ImmutableList.of(IpAddress.parse("10.0.1.255"))));
      ModelError e = onlyError(t, VALUE_OUT_OF_RANGE, "port web1", "ips[0]");
      assertThat(e.message()).contains("broadcast address", "10.0.1.1 to 10.0.1.254");
    }

    @Test
    void routerPortFieldsCountFromTheRouter() {
      Topology t =
          editRouterPort(threeTier(), "r1-app", p -> p.mac(MacAddress.parse("01:00:5e:00:00:01")));
      onlyError(t, VALUE_OUT_OF_RANGE, "router r1 / port r1-app", "ports[1].mac");
    }

    @Test
    void peeringFieldsNameTheTenant() {
      Topology t = edit(twoTenants(), b -> b.addPeering(new Peering("red-green", "red", "green")));
      onlyError(t, DANGLING_REFERENCE, "peering red-green", "tenant2");
    }

    @Test
    void floatingIpFieldsOnSnatDoNotApply() {
      Topology t =
          editRouter(
              threeTier(),
              "r1",
              r ->
                  r.gateway("hv1").addNat(
                      new NatRule.Builder()
                          .id("snat-web")
                          .type(NatType.SNAT)
                          .externalIp(IpAddress.parse("10.0.1.200"))
                          .logical(IpPrefix.parse("10.0.2.0/24"))
                          .logicalPort("app1")
                          .build()));
      onlyError(t, FIELD_NOT_APPLICABLE, "router r1 / nat snat-web", "nats[0].logicalPort");
    }

    @Test
    void statefulNatNeedsAGateway() {
      Topology t =
          editRouter(
              threeTier(),
              "r1",
              r ->
                  r.addNat(
                      new NatRule.Builder()
                          .id("snat-web")
                          .type(NatType.SNAT)
                          .externalIp(IpAddress.parse("10.0.1.200"))
                          .logical(IpPrefix.parse("10.0.2.0/24"))
                          .build()));
      ModelError e = onlyError(t, MISSING_FIELD, "router r1", "gateway");
      assertThat(e.message()).contains("one host's conntrack");
      // Floating IPs alone need no gateway.
      Topology fip =
          editRouter(
              threeTier(),
              "r1",
              r ->
                  r.addNat(
                      new NatRule.Builder()
                          .id("fip")
                          .type(NatType.FLOATING_IP)
                          .externalIp(IpAddress.parse("10.0.1.200"))
                          .logical(IpPrefix.parse("10.0.2.21/32"))
                          .build()));
      assertThat(Validator.validate(fip).isValid()).isTrue();
    }

    @Test
    void unknownGatewayHost() {
      Topology t = editRouter(threeTier(), "r1", r -> r.gateway("gw9"));
      onlyError(t, UNKNOWN_HOST, "router r1", "gateway");
    }
  }

  @Test
  void reportsEveryIndependentProblemAtOnce() {
    Topology t = threeTier();
    t = editPort(t, "web2", p -> p.mac(MacAddress.parse("0a:00:00:01:00:11")));
    t = editHost(t, "hv2", h -> h.encapsulations(Set.of(Encapsulation.VXLAN)));
    t = editRouter(t, "r1", r -> r.addRoute(route("default", "0.0.0.0/0", "192.0.2.1")));
    t = editPortGroup(t, "db", g -> g.acls(ImmutableList.of(acl("allow-app", ""))));
    t = edit(t, b -> b.addBinding(new Binding("db1", "hv2")));

    assertThat(errors(t))
        .extracting(ModelError::code, e -> e.path().toString(), e -> e.field().orElse(""))
        .containsExactlyInAnyOrder(
            tuple(DUPLICATE_MAC, "port web2", "mac"),
            tuple(ENCAPSULATION_UNSUPPORTED, "host hv2", "encapsulations"),
            tuple(NEXT_HOP_UNREACHABLE, "router r1 / route default", "routes[0].nextHop"),
            tuple(BAD_MATCH, "port-group db / acl allow-app", "acls[0].match"),
            tuple(PORT_BOUND_TWICE, "binding #5", "port"));
  }

  /** An error code of another module, as nv-encap would declare one. */
  private enum OtherCode implements ErrorCode {
    TOO_BIG
  }

  @Nested
  class ExtraChecks {
    @Test
    void runOnAValidTopologyAndReportTheirErrors() {
      ArrayList<Topology> seen = new ArrayList<>();
      ModelError tooBig =
          ModelError.of(OtherCode.TOO_BIG, ModelPath.of("switch", "web"), "too big: shrink it");
      TopologyCheck first =
          v -> {
            seen.add(v.topology());
            return List.of(tooBig);
          };
      TopologyCheck second = v -> List.of(tooBig.at("mtu"));

      Validation<Seq<ModelError>, ValidatedTopology> v =
          Validator.validate(threeTier(), ImmutableList.of(first, second));

      assertThat(seen).containsExactly(threeTier());
      assertThat(v.getError()).containsExactly(tooBig, tooBig.at("mtu"));
    }

    @Test
    void extraChecksErrorsComeInTheChecksOrderThoughTheyRunSideBySide() {
      java.util.List<TopologyCheck> checks = new ArrayList<>();
      java.util.List<ModelError> expected = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ModelError a = ModelError.of(OtherCode.TOO_BIG, ModelPath.of("switch", "s" + i), "a: b");
        ModelError b = a.at("mtu");
        // Some checks find nothing, some one error, some two: the places must still hold.
        java.util.List<ModelError> found =
            i % 3 == 0 ? java.util.List.of() : i % 3 == 1 ? java.util.List.of(a) : java.util.List.of(a, b);
        expected.addAll(found);
        // Work enough that the checks overlap, the first ones the longest: an order by whichever
        // finishes first would show.
        int rounds = (40 - i) * 20;
        checks.add(
            v -> {
              int h = 0;
              for (int r = 0; r < rounds; r++) {
                h += v.topology().toString().length();
              }
              return h >= 0 ? List.ofAll(found) : List.empty();
            });
      }

      Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(threeTier(), checks);

      assertThat(v.getError()).containsExactlyElementsOf(expected);
    }

    @Test
    void passingExtraChecksGiveAValidTopology() {
      TopologyCheck none = v -> List.empty();
      assertThat(Validator.validate(threeTier(), ImmutableList.of(none)).isValid()).isTrue();
    }

    @Test
    void doNotRunWhenTheStructureIsInvalid() {
      ArrayList<Topology> seen = new ArrayList<>();
      TopologyCheck spy =
          v -> {
            seen.add(v.topology());
            return List.of(ModelError.of(OtherCode.TOO_BIG, ModelPath.ROOT, "x: y"));
          };
      Topology broken = editPort(threeTier(), "web2", p -> p.mac(Optional.empty()));

      Validation<Seq<ModelError>, ValidatedTopology> v =
          Validator.validate(broken, ImmutableList.of(spy));

      assertThat(seen).isEmpty();
      assertThat(v.getError()).extracting(ModelError::code).containsExactly(MISSING_FIELD);
    }
  }

  // ---- helpers ----

  private static StaticRoute route(String id, String prefix, String nextHop) {
    return new StaticRoute.Builder()
        .id(id)
        .prefix(IpPrefix.parse(prefix))
        .nextHop(IpAddress.parse(nextHop))
        .build();
  }
}
