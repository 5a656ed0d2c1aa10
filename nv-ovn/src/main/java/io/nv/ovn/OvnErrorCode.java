package io.nv.ovn;

import io.nv.model.validate.ErrorCode;

/**
 * Why a valid nv topology cannot be exported to OVN 23.03 as it is. Each error is a {@code
 * ModelError} with this code, the model path of the element and a message saying how to fix it;
 * {@code docs/ovn.md} ("Export errors") lists every code with an example.
 *
 * <pre>{@code
 * OvnExporter.export(valid).getError().forEach(e -> System.err.println(e));
 * // ACL_PASS switch web / acl a1: OVN 23.03 has no pass action (it came with ACL tiers in 23.06) …
 * }</pre>
 */
public enum OvnErrorCode implements ErrorCode {
  /** ACL rules of different tiers meet in one stage; OVN 23.03 has one tier. */
  ACL_TIERS,
  /** An ACL rule with action PASS; OVN 23.03 has no pass. */
  ACL_PASS,
  /** An ACL rule of priority 0 meets a default-deny row, which OVN also puts at priority 0. */
  ACL_PRIORITY_ZERO,
  /** A port group with ACLs or default-deny whose id is not an OVN name a match can refer to. */
  PORT_GROUP_NAME,
  /** A switch port and a router port share an id; OVN names all logical ports in one space. */
  PORT_NAME_CLASH,
  /** A router has a gateway host but no port linked to a switch with a LOCALNET port. */
  GATEWAY_WITHOUT_UPLINK,
  /** A router has NAT rules but no gateway host: OVN would ignore them without a gateway port. */
  NAT_WITHOUT_GATEWAY,
  /** A NAT rule's external address lies on a router port that is not the gateway port. */
  NAT_OFF_GATEWAY,
  /** A switch floods unknown unicast, which OVN does only to ports with the unknown address. */
  UNKNOWN_UNICAST_FLOOD,
  /** A VIP whose protocol is not TCP, UDP or SCTP. */
  VIP_PROTOCOL
}
