package io.nv.model.l2;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.addr.IpPrefix;
import java.util.Comparator;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A logical switch: one broadcast domain of a tenant, with its subnets, ports, ACLs and policy for
 * unknown unicast. Switch ids are unique across the topology.
 *
 * <pre>{@code
 * LogicalSwitch web = new LogicalSwitch.Builder()
 *     .id("web").tenant("acme")
 *     .addSubnet(IpPrefix.parse("10.0.1.0/24"))
 *     .addPort(web1)
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class LogicalSwitch {
  /** Package-private: use {@link Builder}. */
  LogicalSwitch() {}

  /** The switch id. */
  public abstract String id();

  /** The tenant that owns the switch. */
  public abstract String tenant();

  /** The IP subnets of the switch; VIF addresses must lie in one of them. */
  public abstract ImmutableList<IpPrefix> subnets();

  /** The switch MTU (inner IP MTU); by default the largest the encapsulation allows. */
  public abstract Optional<Integer> mtu();

  /** Where unicast to unknown MACs goes; {@link UnknownUnicast#UNKNOWN_PORTS} by default. */
  @Value.Default
  public UnknownUnicast unknownUnicast() {
    return UnknownUnicast.UNKNOWN_PORTS;
  }

  /** The ports, in document order. */
  public abstract ImmutableList<SwitchPort> ports();

  /**
   * The ports sorted by id, the order of the compiled tables' flows about each port; sorted once
   * for this value, at the first call.
   *
   * <pre>{@code
   * sw.portsById().get(0).id();   // "web1", of web1, web10, web2
   * }</pre>
   */
  @Value.Lazy
  public ImmutableList<SwitchPort> portsById() {
    return ImmutableList.sortedCopyOf(Comparator.comparing(SwitchPort::id), ports());
  }

  /** The switch's ACL rules (they apply to every port of the switch). */
  public abstract ImmutableList<AclRule> acls();

  /** Whether IP traffic no ACL allows is dropped; off by default. */
  @Value.Default
  public DefaultDeny defaultDeny() {
    return DefaultDeny.OFF;
  }

  /** A pinned datapath key (the tunnel VNI), if the document fixes one; else nv-encap allocates it. */
  public abstract Optional<Integer> key();

  /** {@code switch <id>}. */
  public ModelPath path() {
    return ModelPath.of("switch", id());
  }

  /** The port with this id, if the switch has it. */
  public Optional<SwitchPort> port(String portId) {
    return ports().stream().filter(p -> p.id().equals(portId)).findFirst();
  }

  /** Builds {@link LogicalSwitch}es. */
  public static class Builder extends ImmutableLogicalSwitch.Builder {}
}
