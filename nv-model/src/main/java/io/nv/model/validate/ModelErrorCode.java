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
  /**
   * Two elements of the same kind (or two rules in one parent) share an id, or a list names the
   * same element twice.
   */
  DUPLICATE_ID,
  /** A reference names an element that does not exist. */
  DANGLING_REFERENCE,
  /** Two ports of one switch (router links included) share a MAC. */
  DUPLICATE_MAC,
  /**
   * Two ports of one switch (router links included) share an IP address, two hosts share a
   * tunnel address, or two DNAT / floating-IP rules of one router share an external address.
   */
  DUPLICATE_IP,
  /** A port address lies outside every subnet of its switch. */
  IP_OUTSIDE_SUBNET,
  /** Two ports of one router have overlapping subnets. */
  OVERLAPPING_SUBNETS,
  /**
   * A switch port and the router port it names do not fit together: the router port is already
   * linked elsewhere, or its subnet is not one of the switch's.
   */
  PEERING_MISMATCH,
  /**
   * Two VIPs on one datapath share address, protocol and port, or a VIP is the address of a port
   * on a datapath the load balancer is attached to.
   */
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
  /**
   * A next hop (of a static route or a reroute policy) or a static neighbour is not on a subnet
   * connected to the router, or not on the subnet of the port the route names.
   */
  NEXT_HOP_UNREACHABLE,
  /** A NAT external address is not in a subnet of one of the router's ports. */
  NAT_ADDRESS_NOT_ON_PORT,
  /** A host cannot speak the topology's encapsulation. */
  ENCAPSULATION_UNSUPPORTED,
  /** A match expression is empty, does not parse or does not type-check. */
  BAD_MATCH,
  /**
   * A value is out of range: a number (priority, tier, VLAN, MTU, port, timeout), a MAC that is
   * multicast or zero, an IPv4 network or broadcast address on an interface, addresses of two IP
   * versions where one is needed, a prefix where one address is needed.
   */
  VALUE_OUT_OF_RANGE,
  /** A field that this kind of element needs is missing. */
  MISSING_FIELD,
  /** A field that does not apply to this kind of element is set. */
  FIELD_NOT_APPLICABLE,
  /** Something the model can say that nv does not evaluate yet (load balancers on routers). */
  NOT_SUPPORTED
}
