package io.nv.conformance.ovs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.GeneveOption;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.util.Optional;

/**
 * One action of a {@code Datapath actions:} line of {@code ofproto/trace}, parsed. Actions nv's
 * exports do not produce stay readable as {@link Other}; every action keeps its {@link #text()}.
 *
 * <pre>{@code
 * for (DatapathAction a : trace.lastPass().actions()) {
 *   if (a instanceof DatapathAction.TunnelPush push) {
 *     push.vni();                 // 7
 *     push.remoteIp();            // 192.168.0.2
 *   } else if (a instanceof DatapathAction.Output out) {
 *     out.interfaceName();        // "vif2"
 *   }
 * }
 * }</pre>
 */
public sealed interface DatapathAction {
  /** The action as OVS printed it. */
  String text();

  /**
   * {@code drop}: the pass sends nothing anywhere.
   *
   * @param text {@code drop}
   */
  record Drop(String text) implements DatapathAction {}

  /**
   * Output to a datapath port, mapped back to its bridge, interface and OpenFlow port with {@code
   * dpif/show}. A tunnel push is followed by the output to the underlay port it leaves through.
   *
   * @param text the datapath port number as printed
   * @param datapathPort the datapath port number
   * @param bridge the bridge of the port
   * @param interfaceName the interface; {@code dp<N>} for a port {@code dpif/show} does not list
   * @param ofport its OpenFlow port number; -1 for a port {@code dpif/show} does not list
   */
  record Output(String text, int datapathPort, String bridge, String interfaceName, int ofport)
      implements DatapathAction {}

  /**
   * {@code tnl_push(...)}: the packet is encapsulated and sent into the underlay bridge.
   *
   * @param text the action as printed
   * @param encapsulation {@code geneve}, {@code vxlan} or another header name
   * @param vni the VNI ({@code tun_id})
   * @param options the Geneve options (empty for VXLAN)
   * @param localIp the outer source address
   * @param remoteIp the outer destination address ({@code tun_dst})
   * @param outerEthSrc the outer Ethernet source
   * @param outerEthDst the outer Ethernet destination (from {@code tnl/arp/set})
   * @param udpDst the outer UDP destination port
   * @param tunnelPort the datapath port of the tunnel ({@code tnl_port(N)})
   * @param outPort the datapath port of the underlay bridge's internal port ({@code
   *     out_port(N)})
   */
  record TunnelPush(
      String text,
      String encapsulation,
      long vni,
      ImmutableList<GeneveOption> options,
      Ipv4Address localIp,
      Ipv4Address remoteIp,
      MacAddress outerEthSrc,
      MacAddress outerEthDst,
      int udpDst,
      int tunnelPort,
      int outPort)
      implements DatapathAction {
    /** The option of this class and type, if the push carries it. */
    public Optional<GeneveOption> option(int optionClass, int type) {
      return options.stream()
          .filter(o -> o.optionClass() == optionClass && o.type() == type)
          .findFirst();
    }
  }

  /**
   * {@code userspace(...controller(...))}: the packet goes to the OpenFlow controller. The
   * datapath action does not show the {@code userdata}; the parser takes it from the matching
   * {@code controller(...)} OpenFlow action of the same pass.
   *
   * @param text the action as printed
   * @param reason the packet-in reason number (1 = action)
   * @param userdata the {@code userdata} bytes of the OpenFlow action, empty if it had none
   * @param openflowAction the OpenFlow action as the trace printed it, empty if not found
   */
  record Controller(String text, int reason, ByteString userdata, String openflowAction)
      implements DatapathAction {}

  /**
   * {@code userspace(...)} other than to the controller (slow path, sFlow, IPFIX).
   *
   * @param text the action as printed
   */
  record Userspace(String text) implements DatapathAction {}

  /**
   * {@code ct(...)}: conntrack; the pass usually goes on with a {@link Recirculate}.
   *
   * @param text the action as printed
   * @param zone the zone (0 when not given)
   * @param commit whether it commits the connection
   * @param nat the {@code nat(...)} argument, if any
   */
  record Conntrack(String text, int zone, boolean commit, Optional<String> nat)
      implements DatapathAction {}

  /**
   * {@code recirc(N)}: the packet re-enters the datapath; the trace goes on in a new pass.
   *
   * @param text the action as printed
   * @param id the recirculation id
   */
  record Recirculate(String text, long id) implements DatapathAction {}

  /**
   * {@code clone(...)}: the nested actions run on a copy (OVS uses it for tunnel pushes when
   * more actions follow).
   *
   * @param text the action as printed
   * @param actions the nested actions
   */
  record Clone(String text, ImmutableList<DatapathAction> actions) implements DatapathAction {}

  /**
   * {@code set(header(field=value,...))} or {@code masked_set(...)}: header rewrites.
   *
   * @param text the action as printed
   * @param header {@code eth}, {@code ipv4}, {@code tcp}, {@code tunnel}...
   * @param fields the fields set, as printed ({@code src} → {@code 0a:00:00:00:00:99})
   */
  record SetHeader(String text, String header, ImmutableMap<String, String> fields)
      implements DatapathAction {}

  /**
   * {@code push_vlan(vid=V,pcp=P)}.
   *
   * @param text the action as printed
   * @param vid the VLAN id pushed
   * @param pcp the priority pushed
   */
  record PushVlan(String text, int vid, int pcp) implements DatapathAction {}

  /**
   * {@code pop_vlan}.
   *
   * @param text {@code pop_vlan}
   */
  record PopVlan(String text) implements DatapathAction {}

  /**
   * Any other action ({@code ct_clear}, {@code hash}, {@code meter}, {@code sample}...).
   *
   * @param text the action as printed
   * @param name the action's name
   */
  record Other(String text, String name) implements DatapathAction {}
}
