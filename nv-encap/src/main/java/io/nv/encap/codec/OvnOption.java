package io.nv.encap.codec;

import java.util.Optional;

/**
 * OVN's Geneve option: class 0x0102, type 0x80 (critical), 4 bytes of data holding 1 reserved
 * bit, a 15-bit logical ingress port key and a 16-bit logical egress port key (an egress key of
 * 32768 or more names a multicast group). The static {@code int} methods work on the 32-bit value
 * without allocating, for flyweight code.
 *
 * <pre>{@code
 * OvnOption o = new OvnOption(3, 5);
 * GeneveOption g = o.toGeneveOption();        // class 0x0102, type 0x80, data 00030005
 * OvnOption.from(g);                           // Optional[OvnOption[ingressPort=3, egressPort=5]]
 * OvnOption.egressPort(0x0003_0005);          // 5
 * }</pre>
 *
 * @param ingressPort the logical ingress port key, 0..32767
 * @param egressPort the logical egress port key or multicast group, 0..65535
 */
public record OvnOption(int ingressPort, int egressPort) {
  /** OVN's option class ("Open Virtual Networking (OVN)" in Wireshark). */
  public static final int OPTION_CLASS = 0x0102;
  /** OVN's option type: 0x80, critical. */
  public static final int OPTION_TYPE = 0x80;
  /** The option's data length in bytes. */
  public static final int DATA_LENGTH = 4;
  /** The option's length on the wire, its 4-byte header included. */
  public static final int LENGTH = GeneveOption.HEADER_LENGTH + DATA_LENGTH;
  /** The largest ingress port key (15 bits). */
  public static final int MAX_INGRESS_PORT = 0x7FFF;
  /** The largest egress port key (16 bits). */
  public static final int MAX_EGRESS_PORT = 0xFFFF;
  /** The first egress key that names a multicast group rather than a port. */
  public static final int FIRST_MULTICAST_GROUP = 0x8000;

  /** Checks the ranges. */
  public OvnOption {
    Ranges.check(ingressPort, MAX_INGRESS_PORT, "OVN ingress port key");
    Ranges.check(egressPort, MAX_EGRESS_PORT, "OVN egress port key");
  }

  /** The keys in a 32-bit option value (the reserved bit is ignored). */
  public static OvnOption ofValue(int value) {
    return new OvnOption(ingressPort(value), egressPort(value));
  }

  /** The 32-bit option value of these keys. */
  public static int value(int ingressPort, int egressPort) {
    return (ingressPort & MAX_INGRESS_PORT) << 16 | (egressPort & MAX_EGRESS_PORT);
  }

  /** The ingress port key in a 32-bit option value. */
  public static int ingressPort(int value) {
    return (value >>> 16) & MAX_INGRESS_PORT;
  }

  /** The egress port key in a 32-bit option value. */
  public static int egressPort(int value) {
    return value & MAX_EGRESS_PORT;
  }

  /** True when the egress key names a multicast group. */
  public boolean isMulticast() {
    return egressPort >= FIRST_MULTICAST_GROUP;
  }

  /** The 32-bit option value. */
  public int value() {
    return value(ingressPort, egressPort);
  }

  /** The Geneve option carrying these keys. */
  public GeneveOption toGeneveOption() {
    int v = value();
    return new GeneveOption(
        OPTION_CLASS,
        OPTION_TYPE,
        ByteString.of((byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v));
  }

  /** The keys in {@code option}, if it is OVN's (class 0x0102, type 0x80, 4 bytes). */
  public static Optional<OvnOption> from(GeneveOption option) {
    if (option.optionClass() != OPTION_CLASS
        || option.type() != OPTION_TYPE
        || option.data().length() != DATA_LENGTH) {
      return Optional.empty();
    }
    ByteString d = option.data();
    return Optional.of(
        ofValue(d.byteAt(0) << 24 | d.byteAt(1) << 16 | d.byteAt(2) << 8 | d.byteAt(3)));
  }
}
