package io.nv.encap;

import static org.assertj.core.api.Assertions.fail;

import io.nv.model.Tenant;
import io.nv.model.Topology;
import io.nv.model.addr.InterfaceAddress;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.l3.LogicalRouter;
import io.nv.model.l3.RouterPort;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Host;
import io.nv.model.validate.ModelError;
import io.nv.model.validate.TopologyCheck;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.vavr.collection.Seq;
import io.vavr.control.Validation;
import java.util.List;

/** Small named topologies and builders for nv-encap's tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A Geneve host with underlay MTU 1500. */
  public static Host host(String id, String tunnelIp) {
    return new Host.Builder().id(id).tunnelIp(IpAddress.parse(tunnelIp)).build();
  }

  /** A VIF whose MAC is derived from {@code n} (unique per n). */
  public static SwitchPort vif(String id, long n) {
    return new SwitchPort.Builder().id(id).mac(MacAddress.of(0x0a0000000000L + n)).build();
  }

  /** A switch of tenant {@code t} with no subnets. */
  public static LogicalSwitch.Builder switchOf(String id) {
    return new LogicalSwitch.Builder().id(id).tenant("t");
  }

  /** A ROUTER switch port linked to {@code routerPort}. */
  public static SwitchPort routerLink(String id, String routerPort) {
    return new SwitchPort.Builder().id(id).kind(PortKind.ROUTER).routerPort(routerPort).build();
  }

  /** A router port with address 10.{n/256}.{n%256}.1/24 and a MAC derived from n. */
  public static RouterPort routerPort(String id, int n) {
    return new RouterPort.Builder()
        .id(id)
        .mac(MacAddress.of(0x0e0000000000L + n))
        .addAddress(InterfaceAddress.parse("10." + (n / 256) + "." + (n % 256) + ".1/24"))
        .build();
  }

  /** A router of tenant {@code t}. */
  public static LogicalRouter.Builder routerOf(String id) {
    return new LogicalRouter.Builder().id(id).tenant("t");
  }

  /** A topology builder with tenant {@code t}. */
  public static Topology.Builder topology() {
    return new Topology.Builder().addTenant(Tenant.of("t"));
  }

  /**
   * VL2's flat network (examples/topologies/vl2-flat.yaml): switch {@code flat} with vm1 on hv1,
   * vm2 on hv2, vm3 on hv3; hosts hvN tunnel from 192.168.0.N over Geneve, underlay 1500.
   */
  public static Topology vl2Flat() {
    LogicalSwitch flat =
        new LogicalSwitch.Builder()
            .id("flat")
            .tenant("vl2")
            .addSubnet(IpPrefix.parse("10.1.0.0/16"))
            .addPort(vm("vm1", "0a:01:00:00:00:01", "10.1.0.1"))
            .addPort(vm("vm2", "0a:01:00:00:00:02", "10.1.0.2"))
            .addPort(vm("vm3", "0a:01:00:00:00:03", "10.1.0.3"))
            .build();
    return new Topology.Builder()
        .addTenant(Tenant.of("vl2"))
        .addHost(hostMtu("hv1", "192.168.0.1", 1500))
        .addHost(hostMtu("hv2", "192.168.0.2", 1500))
        .addHost(hostMtu("hv3", "192.168.0.3", 1500))
        .addSwitch(flat)
        .addBinding(new Binding("vm1", "hv1"))
        .addBinding(new Binding("vm2", "hv2"))
        .addBinding(new Binding("vm3", "hv3"))
        .build();
  }

  private static Host hostMtu(String id, String ip, int mtu) {
    return new Host.Builder().id(id).tunnelIp(IpAddress.parse(ip)).underlayMtu(mtu).build();
  }

  private static SwitchPort vm(String id, String mac, String ip) {
    return new SwitchPort.Builder()
        .id(id)
        .mac(MacAddress.parse(mac))
        .addIp(IpAddress.parse(ip))
        .portSecurity(true)
        .build();
  }

  /** The topology, structurally validated; fails the test with the errors otherwise. */
  public static ValidatedTopology valid(Topology t) {
    Validation<Seq<ModelError>, ValidatedTopology> v = Validator.validate(t);
    if (v.isInvalid()) {
      fail("fixture is not structurally valid: " + v.getError().mkString("\n"));
    }
    return v.get();
  }

  /** The errors {@code check} finds in {@code t} (which must be structurally valid). */
  public static List<ModelError> errors(TopologyCheck check, Topology t) {
    return check.check(valid(t)).asJava();
  }
}
