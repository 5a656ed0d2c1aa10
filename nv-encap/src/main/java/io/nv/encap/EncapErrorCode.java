package io.nv.encap;

import io.nv.model.validate.ErrorCode;

/**
 * The error codes of nv-encap: problems that need encapsulation arithmetic (key spaces, MTU
 * budgets, what the wire can carry). Each is documented, with an example and its fix, in {@code
 * docs/errors.md}.
 *
 * <pre>{@code
 * ModelError e = ModelError.of(EncapErrorCode.MTU_TOO_LARGE, ModelPath.of("switch", "web"),
 *     "MTU 1500 is larger than 1442, the inner MTU of host hv1: lower it to 1442");
 * }</pre>
 */
public enum EncapErrorCode implements ErrorCode {
  /** More elements need keys than the key space of the encapsulation holds. */
  KEY_SPACE_EXHAUSTED,
  /** A pinned key lies outside the key space of the encapsulation. */
  KEY_OUT_OF_RANGE,
  /** Two elements pin the same key in one key space. */
  KEY_CONFLICT,
  /** A switch MTU is larger than the inner MTU a host that carries the switch allows. */
  MTU_TOO_LARGE,
  /** An egress (to-port) ACL matches {@code inport}, which OVN-split VXLAN does not carry. */
  INGRESS_PORT_UNAVAILABLE,
  /** Two hosts share a datapath but cannot tunnel to each other (IPv4 and IPv6 endpoints). */
  PEER_UNREACHABLE,
  /** A key assignment read back (e.g. from {@code --keys FILE}) is malformed. */
  BAD_KEY_ASSIGNMENT
}
