package io.nv.encap.codec;

/**
 * An ICMP header for IPv6 (RFC 4443): type, code and the 4 bytes after the checksum (for echo
 * messages the identifier and sequence number). The checksum (over the IPv6 pseudo-header and the message) is computed when
 * encoding; what follows the 8 bytes is the frame's payload.
 *
 * <p>Layout: type (1), code (1), checksum (2), rest of header (4).
 *
 * <pre>{@code
 * Icmp6 ping = Icmp6.echoRequest(7, 1);
 * ping.type();   // 128
 * }</pre>
 *
 * @param type the message type, 0..255
 * @param code the message code, 0..255
 * @param rest the 32 bits after the checksum
 */
public record Icmp6(int type, int code, int rest) implements Header {
  /** Offset of the type. */
  public static final int TYPE_OFFSET = 0;
  /** Offset of the code. */
  public static final int CODE_OFFSET = 1;
  /** Offset of the checksum. */
  public static final int CHECKSUM_OFFSET = 2;
  /** Offset of the rest of the header. */
  public static final int REST_OFFSET = 4;
  /** Length of the header. */
  public static final int HEADER_LENGTH = 8;
  /** Type of an echo request. */
  public static final int ECHO_REQUEST = 128;
  /** Type of an echo reply. */
  public static final int ECHO_REPLY = 129;

  /** Checks the ranges. */
  public Icmp6 {
    Ranges.check(type, 255, "ICMP type");
    Ranges.check(code, 255, "ICMP code");
  }

  /** An echo request with this identifier and sequence number (each 0..65535). */
  public static Icmp6 echoRequest(int identifier, int sequence) {
    Ranges.check(identifier, 0xFFFF, "ICMP echo identifier");
    Ranges.check(sequence, 0xFFFF, "ICMP echo sequence");
    return new Icmp6(ECHO_REQUEST, 0, identifier << 16 | sequence);
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.ICMP6;
  }

  @Override
  public int length() {
    return HEADER_LENGTH;
  }
}
