package io.nv.compiler.physical;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Datapath;
import java.util.Optional;

/**
 * The interfaces of one host's bridge: a VIF bound to the host or a LOCALNET port present there
 * is an interface with an OpenFlow port number; the tunnel is one more. Interface names are the
 * logical port ids when they fit an interface name (at most 15 characters of {@code [A-Za-z0-9_.-]}),
 * else {@code p<ofport>}. VIFs are numbered 1, 2, … by id, LOCALNET ports from {@value
 * #FIRST_LOCALNET_OFPORT}, the tunnel is {@value #TUNNEL_OFPORT}.
 *
 * <pre>{@code
 * PortMap ports = compilation.host("hv1").ports();
 * ports.port("web1").orElseThrow().ofport();   // 1
 * ports.tunnel().iface();                      // "nv-tun"
 * }</pre>
 *
 * @param ports the interfaces of logical ports, VIFs then LOCALNET ports, each by id
 * @param tunnel the tunnel interface
 */
public record PortMap(ImmutableList<Port> ports, TunnelPort tunnel) {
  /** The OpenFlow port of the first LOCALNET interface. */
  public static final int FIRST_LOCALNET_OFPORT = 60001;

  /** The OpenFlow port of the tunnel. */
  public static final int TUNNEL_OFPORT = 65000;

  /** The tunnel interface's name. */
  public static final String TUNNEL_IFACE = "nv-tun";

  /**
   * What a port's interface is for.
   *
   * <pre>{@code
   * PortMap.Kind.VIF;
   * }</pre>
   */
  public enum Kind {
    /** A VIF bound to the host. */
    VIF,
    /** A LOCALNET port: the host's attachment to the physical network. */
    LOCALNET
  }

  /**
   * One logical port's interface.
   *
   * <pre>{@code
   * new PortMap.Port("web1", PortMap.Kind.VIF, "web1", 1, Datapath.ofSwitch("web"), 2, 3);
   * }</pre>
   *
   * @param logical the logical port id
   * @param kind VIF or LOCALNET
   * @param iface the interface name
   * @param ofport its OpenFlow port number
   * @param datapath its switch
   * @param key its logical port key within the switch
   * @param zone its first conntrack zone on this host (hairpin SNAT is zone + 1)
   */
  public record Port(
      String logical, Kind kind, String iface, int ofport, Datapath datapath, int key, int zone) {}

  /**
   * The tunnel interface.
   *
   * <pre>{@code
   * new PortMap.TunnelPort("nv-tun", 65000);
   * }</pre>
   *
   * @param iface its name
   * @param ofport its OpenFlow port number
   */
  public record TunnelPort(String iface, int ofport) {}

  /** The interface of logical port {@code logical}, if the host has one. */
  public Optional<Port> port(String logical) {
    return ports.stream().filter(p -> p.logical().equals(logical)).findFirst();
  }

  /** The port behind interface {@code iface}, if any. */
  public Optional<Port> byInterface(String iface) {
    return ports.stream().filter(p -> p.iface().equals(iface)).findFirst();
  }
}
