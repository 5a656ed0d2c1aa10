package io.nv.model.validate;

/**
 * The structural error codes of nv-model. Each is documented, with an example and its fix, in
 * {@code docs/errors.md}.
 *
 * <pre>{@code
 * ModelErrorCode.DANGLING_REFERENCE.name();   // "DANGLING_REFERENCE"
 * }</pre>
 */
public enum ModelErrorCode implements ErrorCode {
  /** An id breaks the id rule (letters, digits, {@code _ . : -}). */
  INVALID_ID,
  /** Two elements of the same kind (or two rules in one parent) share an id. */
  DUPLICATE_ID,
  /** A reference names an element that does not exist. */
  DANGLING_REFERENCE,
  /** Two ports of one switch share a MAC. */
  DUPLICATE_MAC,
  /** Two ports of one switch share an IP address. */
  DUPLICATE_IP,
  /** A port address lies outside every subnet of its switch. */
  IP_OUTSIDE_SUBNET,
  /** Two ports of one router have overlapping subnets. */
  OVERLAPPING_SUBNETS,
  /** A switch port and the router port it names do not fit together. */
  PEERING_MISMATCH,
  /** Two VIPs on one datapath share address, protocol and port, or a VIP is a port's address. */
  VIP_CONFLICT,
  /** A router of one tenant is linked to a switch of another without a peering. */
  CROSS_TENANT_LINK,
  /** An element refers to an element of another tenant. */
  CROSS_TENANT_REFERENCE,
  /** A binding names a host that does not exist. */
  UNKNOWN_HOST,
  /** A port has two bindings. */
  PORT_BOUND_TWICE,
  /** A bound port is not a VIF. */
  BINDING_NOT_VIF,
  /** A route's next hop is not on a subnet connected to the router. */
  NEXT_HOP_UNREACHABLE,
  /** A NAT external address is not in a subnet of one of the router's ports. */
  NAT_ADDRESS_NOT_ON_PORT,
  /** A host cannot speak the topology's encapsulation. */
  ENCAPSULATION_UNSUPPORTED,
  /** A match expression does not parse or type-check. */
  BAD_MATCH,
  /** A number is out of range (priority, tier, VLAN, MTU, weight, port). */
  VALUE_OUT_OF_RANGE,
  /** A field that this kind of element needs is missing. */
  MISSING_FIELD,
  /** A field that does not apply to this kind of element is set. */
  FIELD_NOT_APPLICABLE,
  /** The model allows it, but nv does not support it yet. */
  UNSUPPORTED
}
