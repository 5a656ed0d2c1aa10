package io.nv.compiler.flow;

import io.nv.model.addr.IpAddress;
import java.util.Optional;

/**
 * What a flow (or a group bucket) does with a packet. Actions run in order; the last one usually
 * decides where the packet goes ({@link Output}, {@link NextStage}, {@link ApplyGroup}, a {@link
 * Conntrack} that recirculates, {@link OutputInport}, {@link Drop}). A list that ends otherwise
 * drops the packet, as in OpenFlow: it is then <em>punted</em> if a {@link Controller} action
 * other than {@code log} ran, else dropped. Build actions with {@link Actions}.
 *
 * <p>{@link Output} means "to the egress pipeline with this outport" in an ingress pipeline and
 * "leave the datapath through this port" in an egress pipeline (to a VIF, or through a patch into
 * the peer datapath), like OVN's {@code output}.
 *
 * <pre>{@code
 * List<Action> reply = List.of(
 *     Actions.move(Field.ETH_SRC, Field.ETH_DST), Actions.set(Field.ETH_SRC, FieldValue.of(mac)),
 *     Actions.outputInport());
 * }</pre>
 */
public sealed interface Action
    permits Action.Output,
        Action.OutputInport,
        Action.Drop,
        Action.SetField,
        Action.MoveField,
        Action.DecTtl,
        Action.PushVlan,
        Action.PopVlan,
        Action.NextStage,
        Action.Conntrack,
        Action.ApplyGroup,
        Action.Conjunction,
        Action.Controller,
        Action.OutputPort,
        Action.OutputInPort,
        Action.Enter,
        Action.Tunnel,
        Action.Decap {

  /** True when no action may follow this one in a list. */
  default boolean isTerminal() {
    return false;
  }

  /**
   * Appends {@link #toString()}'s text to {@code sb}; the actions that flows hold by the thousand
   * write it without making it as a string first, for writers that reuse one builder.
   *
   * <pre>{@code
   * Actions.output("web1").appendTo(new StringBuilder());   // output("web1")
   * }</pre>
   */
  default StringBuilder appendTo(StringBuilder sb) {
    return sb.append(this);
  }

  /**
   * Sends the packet to logical port {@code port} (see {@link Action}).
   *
   * <pre>{@code
   * Actions.output("web1");   // output("web1")
   * }</pre>
   *
   * @param port the logical port
   */
  record Output(String port) implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return appendTo(new StringBuilder(port.length() + 10)).toString();
    }

    @Override
    public StringBuilder appendTo(StringBuilder sb) {
      return sb.append("output(\"").append(port).append("\")");
    }
  }

  /**
   * Sends the packet back out of the port it came in on: an answer built by the pipeline (ARP
   * reply, ICMP echo reply). OpenFlow's {@code output:in_port}.
   *
   * <pre>{@code
   * Actions.outputInport();   // output(inport)
   * }</pre>
   */
  record OutputInport() implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "output(inport)";
    }
  }

  /**
   * Drops the packet; the flow's provenance says why.
   *
   * <pre>{@code
   * Actions.drop();
   * }</pre>
   */
  record Drop() implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "drop";
    }
  }

  /**
   * Writes {@code value} into {@code field}.
   *
   * <pre>{@code
   * Actions.set(Field.ARP_OP, FieldValue.of(2));   // arp.op = 2
   * }</pre>
   *
   * @param field the field written
   * @param value the value, fitting the field
   */
  record SetField(Field field, FieldValue value) implements Action {
    /** Checks that the value fits. */
    public SetField {
      if (field.isName() != value.isName()
          || (!value.isName() && value.hasBitsOutside(FieldValue.ones(field.width())))) {
        throw new IllegalArgumentException("value " + value + " does not fit " + field);
      }
    }

    @Override
    public String toString() {
      return appendTo(new StringBuilder(40)).toString();
    }

    @Override
    public StringBuilder appendTo(StringBuilder sb) {
      return value.appendTo(sb.append(field.symbol()).append(" = "), field);
    }
  }

  /**
   * Copies {@code source} into {@code destination} (fields of one width).
   *
   * <pre>{@code
   * Actions.move(Field.ETH_SRC, Field.ETH_DST);   // eth.dst = eth.src
   * }</pre>
   *
   * @param source the field read
   * @param destination the field written
   */
  record MoveField(Field source, Field destination) implements Action {
    /** Checks the widths. */
    public MoveField {
      if (source.width() != destination.width() || source.isName() != destination.isName()) {
        throw new IllegalArgumentException(
            "cannot move " + source + " (" + source.width() + " bits) into " + destination + " ("
                + destination.width() + " bits): use fields of one width");
      }
    }

    @Override
    public String toString() {
      return appendTo(new StringBuilder(24)).toString();
    }

    @Override
    public StringBuilder appendTo(StringBuilder sb) {
      return sb.append(destination.symbol()).append(" = ").append(source.symbol());
    }
  }

  /**
   * Decrements the IPv4 TTL or IPv6 hop limit.
   *
   * <pre>{@code
   * Actions.decTtl();   // ip.ttl--
   * }</pre>
   */
  record DecTtl() implements Action {
    @Override
    public String toString() {
      return "ip.ttl--";
    }
  }

  /**
   * Adds an 802.1Q tag with VLAN id {@code vid} and priority 0.
   *
   * <pre>{@code
   * Actions.pushVlan(100);
   * }</pre>
   *
   * @param vid the VLAN id, 1..4094
   */
  record PushVlan(int vid) implements Action {
    /** Checks the range. */
    public PushVlan {
      if (vid < 0 || vid > 4095) {
        throw new IllegalArgumentException("VLAN id " + vid + " not in 0..4095");
      }
    }

    @Override
    public String toString() {
      return "push_vlan(" + vid + ")";
    }
  }

  /**
   * Removes the 802.1Q tag.
   *
   * <pre>{@code
   * Actions.popVlan();
   * }</pre>
   */
  record PopVlan() implements Action {
    @Override
    public String toString() {
      return "pop_vlan";
    }
  }

  /**
   * Continues in {@code stage} (OpenFlow {@code goto_table} / {@code resubmit}); the stage must
   * belong to the same pipeline and come later.
   *
   * <pre>{@code
   * Actions.next(Stages.SWITCH_IN_L2_LOOKUP);   // next(l2-lookup)
   * }</pre>
   *
   * @param stage where to continue
   */
  record NextStage(Stage stage) implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "next(" + stage.name() + ")";
    }
  }

  /**
   * Sends the packet through connection tracking in {@code zone} (OpenFlow {@code ct}): looks it
   * up, optionally commits it and applies NAT, and, with {@code recirculate}, continues in that
   * stage with the {@link Field#CT_STATE ct.state} the lookup found. Without {@code recirculate}
   * the pipeline goes on with the next action and sees no new state; NAT therefore needs {@code
   * recirculate}.
   *
   * <pre>{@code
   * Actions.ct(Zone.register(Field.REG_ZONE), Nat.APPLY, Stages.SWITCH_IN_ACL_TIER0);
   * // ct(zone=reg.zone, nat, table=acl-tier0)
   * }</pre>
   *
   * @param commit whether to commit the connection
   * @param zone the zone
   * @param nat the NAT to set up or apply
   * @param recirculate the stage to continue in, if any
   */
  record Conntrack(boolean commit, Zone zone, Nat nat, Optional<Stage> recirculate)
      implements Action {
    /** Checks that NAT recirculates. */
    public Conntrack {
      if (!(nat instanceof Nat.None) && recirculate.isEmpty()) {
        throw new IllegalArgumentException(
            "ct with " + nat + " must recirculate to a stage, so later stages see translated headers");
      }
      if ((nat instanceof Nat.Dnat || nat instanceof Nat.Snat) && !commit) {
        throw new IllegalArgumentException("ct setting up " + nat + " must also commit");
      }
    }

    @Override
    public boolean isTerminal() {
      return recirculate.isPresent();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("ct(");
      if (commit) {
        sb.append("commit, ");
      }
      sb.append("zone=").append(zone);
      if (!(nat instanceof Nat.None)) {
        sb.append(", ").append(nat);
      }
      recirculate.ifPresent(s -> sb.append(", table=").append(s.name()));
      return sb.append(')').toString();
    }
  }

  /**
   * A conntrack zone: a constant, or the value of a register.
   *
   * <pre>{@code
   * Zone.of(7);                      // 7
   * Zone.register(Field.REG_ZONE);   // reg.zone
   * }</pre>
   */
  sealed interface Zone permits Zone.Constant, Zone.Register {
    /** Zone {@code zone} (0..65535). */
    static Zone of(int zone) {
      return new Constant(zone);
    }

    /** The zone held in {@code field}. */
    static Zone register(Field field) {
      return new Register(field);
    }

    /**
     * A fixed zone.
     *
     * <pre>{@code
     * new Zone.Constant(7);
     * }</pre>
     *
     * @param zone 0..65535
     */
    record Constant(int zone) implements Zone {
      /** Checks the range. */
      public Constant {
        if (zone < 0 || zone > 0xffff) {
          throw new IllegalArgumentException("zone " + zone + " not in 0..65535");
        }
      }

      @Override
      public String toString() {
        return Integer.toString(zone);
      }
    }

    /**
     * The zone in a 16-bit register.
     *
     * <pre>{@code
     * new Zone.Register(Field.REG_ZONE);
     * }</pre>
     *
     * @param field a 16-bit integer field
     */
    record Register(Field field) implements Zone {
      /** Checks the width. */
      public Register {
        if (field.width() != 16 || field.isName()) {
          throw new IllegalArgumentException(field + " cannot hold a zone: use a 16-bit register");
        }
      }

      @Override
      public String toString() {
        return field.symbol();
      }
    }
  }

  /**
   * The NAT part of a {@link Conntrack} action.
   *
   * <pre>{@code
   * Nat.dnat(IpAddress.parse("10.0.1.11"), 80);   // nat(dst=10.0.1.11:80)
   * Nat.APPLY;                                     // nat: translate as the connection says
   * }</pre>
   */
  sealed interface Nat permits Nat.None, Nat.Apply, Nat.Dnat, Nat.Snat {
    /** No NAT. */
    Nat NONE = new None();
    /** Apply the connection's existing NAT: forward packets are translated, replies un-NATed. */
    Nat APPLY = new Apply();

    /** Destination NAT to {@code address}:{@code port} (port 0 keeps the port). */
    static Nat dnat(IpAddress address, int port) {
      return new Dnat(address, port);
    }

    /** Source NAT to {@code address}, keeping the source port. */
    static Nat snat(IpAddress address) {
      return new Snat(address);
    }

    /**
     * No NAT.
     *
     * <pre>{@code
     * Nat.NONE;
     * }</pre>
     */
    record None() implements Nat {
      @Override
      public String toString() {
        return "";
      }
    }

    /**
     * Apply the connection's NAT, if it has one.
     *
     * <pre>{@code
     * Nat.APPLY;
     * }</pre>
     */
    record Apply() implements Nat {
      @Override
      public String toString() {
        return "nat";
      }
    }

    /**
     * Destination NAT.
     *
     * <pre>{@code
     * new Nat.Dnat(IpAddress.parse("10.0.1.11"), 80);
     * }</pre>
     *
     * @param address the new destination address
     * @param port the new transport destination, or 0 to keep it
     */
    record Dnat(IpAddress address, int port) implements Nat {
      /** Checks the port. */
      public Dnat {
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("port " + port + " not in 0..65535");
        }
      }

      @Override
      public String toString() {
        String a = address.version() == 6 ? "[" + address + "]" : address.toString();
        return "nat(dst=" + a + (port == 0 ? "" : ":" + port) + ")";
      }
    }

    /**
     * Source NAT.
     *
     * <pre>{@code
     * new Nat.Snat(IpAddress.parse("10.0.1.100"));
     * }</pre>
     *
     * @param address the new source address
     */
    record Snat(IpAddress address) implements Nat {
      @Override
      public String toString() {
        return "nat(src=" + address + ")";
      }
    }
  }

  /**
   * Sends the packet to the group named {@code group} of the same datapath: a select group picks
   * one bucket, an all group copies the packet into every bucket.
   *
   * <pre>{@code
   * Actions.group("switch web / l2-lookup");
   * }</pre>
   *
   * @param group the group's name
   */
  record ApplyGroup(String group) implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "group(\"" + group + "\")";
    }
  }

  /**
   * Marks clause {@code clause} of {@code clauses} of conjunctive match {@code id} as matched
   * (OpenFlow {@code conjunction(id, k/n)}); when every clause of a conjunction has a matching
   * flow at the same priority, the flow matching {@code conj_id == id} runs. A flow's list holds
   * only such actions or none of them.
   *
   * <pre>{@code
   * Actions.conjunction(3, 1, 2);   // conjunction(3, 1/2)
   * }</pre>
   *
   * @param id the conjunction id, unique within a datapath
   * @param clause this flow's clause, 1..clauses
   * @param clauses the number of clauses, 2..64
   */
  record Conjunction(int id, int clause, int clauses) implements Action {
    /** Checks the ranges. */
    public Conjunction {
      if (clauses < 2 || clauses > 64 || clause < 1 || clause > clauses) {
        throw new IllegalArgumentException(
            "conjunction clause " + clause + "/" + clauses + " is out of range: use 1..n with n in 2..64");
      }
    }

    @Override
    public String toString() {
      return "conjunction(" + Integer.toUnsignedString(id) + ", " + clause + "/" + clauses + ")";
    }
  }

  /**
   * Hands a copy of the packet to the controller with a reason; the pipeline goes on with the next
   * action (so a punt that ends the list is the packet's fate).
   *
   * <pre>{@code
   * Actions.controller(PuntReason.REJECT);   // controller(reject)
   * }</pre>
   *
   * @param reason why
   */
  record Controller(PuntReason reason) implements Action {
    @Override
    public String toString() {
      return "controller(" + reason + ")";
    }
  }

  // ---- physical actions: only in a host's tables (io.nv.compiler.physical) ----

  /**
   * Sends the packet out of the host's interface {@code iface} (physical realization).
   *
   * <pre>{@code
   * new Action.OutputPort("web1");   // output:web1
   * }</pre>
   *
   * @param iface the interface name, which the host's port map numbers
   */
  record OutputPort(String iface) implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "output:" + iface;
    }
  }

  /**
   * Sends the packet back out of the interface it arrived on (an ARP or echo reply built in the
   * pipeline), OpenFlow's {@code in_port} action.
   *
   * <pre>{@code
   * new Action.OutputInPort();   // output:in_port
   * }</pre>
   */
  record OutputInPort() implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "output:in_port";
    }
  }

  /**
   * Enters {@code datapath} at logical port {@code inport} (empty for a tunnel arrival, whose
   * {@link Decap} sets the ports): every register and flag cleared, conntrack state cleared, no
   * outport — a logical patch, or the classification of an arrival.
   *
   * <pre>{@code
   * new Action.Enter(Datapath.ofRouter("r1"), "r1-web");   // enter(router r1, "r1-web")
   * }</pre>
   *
   * @param datapath the datapath entered
   * @param inport the logical inport, or empty
   */
  record Enter(Datapath datapath, String inport) implements Action {
    @Override
    public String toString() {
      return "enter(" + datapath + (inport.isEmpty() ? "" : ", \"" + inport + "\"") + ")";
    }
  }

  /**
   * Encapsulates the packet to host {@code host}'s VTEP {@code remote} and sends it out of the
   * tunnel: the VNI {@code vni}; with Geneve the OVN option carries the inport's key (ingress) and
   * {@code egress} (a port key, or a multicast group key for a flooded copy); under OVN-split VXLAN
   * the egress is in the VNI already.
   *
   * <pre>{@code
   * new Action.Tunnel("hv2", Ipv4Address.parse("192.168.0.2"), 1, 3);   // tunnel(hv2 …, vni 1, egress 3)
   * }</pre>
   *
   * @param host the destination host
   * @param remote its tunnel endpoint
   * @param vni the tunnel key
   * @param egress the logical egress key
   */
  record Tunnel(String host, IpAddress remote, long vni, int egress) implements Action {
    @Override
    public boolean isTerminal() {
      return true;
    }

    @Override
    public String toString() {
      return "tunnel(" + host + " " + remote + ", vni=" + vni + ", egress=" + egress + ")";
    }
  }

  /**
   * Reads the logical inport and outport a tunnel arrival carries (the Geneve option, or the
   * OVN-split VXLAN VNI, which carries no inport) into {@code inport} and {@code outport}.
   *
   * <pre>{@code
   * new Action.Decap();   // decap
   * }</pre>
   */
  record Decap() implements Action {
    @Override
    public String toString() {
      return "decap";
    }
  }
}
