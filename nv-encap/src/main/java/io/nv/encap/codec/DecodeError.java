package io.nv.encap.codec;

/**
 * Why some bytes are not a frame: which header, at which byte offset of the input, what was wrong.
 * Decoders return it (as the left side of an {@code Either}); they never throw.
 *
 * <pre>{@code
 * Frame.decode(new byte[3]).getLeft();
 * // ETHERNET at byte 0: TRUNCATED: Ethernet header needs 14 bytes ...
 * }</pre>
 *
 * @param header the header being decoded
 * @param offset where in the input the problem is (the header's start, or the field or option at
 *     fault)
 * @param kind what kind of problem
 * @param message what was wrong, in words, with the values found
 */
public record DecodeError(HeaderType header, int offset, Kind kind, String message) {

  /**
   * Kinds of decoding problem, shared by both faces: flyweights return the constant itself, without
   * allocating.
   *
   * <pre>{@code
   * if (udp.wrap(buf, 34).validate(end) == DecodeError.Kind.BAD_LENGTH) { ... }
   * }</pre>
   */
  public enum Kind {
    /**
     * No problem: only flyweight validation returns it (so that it need not allocate); a {@link
     * DecodeError} never has this kind.
     */
    NONE,
    /** The bytes end before the header's fixed part does. */
    TRUNCATED,
    /** A length field (IPv4 IHL or total length, IPv6 payload length, UDP length, TCP data
     * offset) disagrees with the bytes there are. */
    BAD_LENGTH,
    /** A version field holds a version this codec does not speak (IPv4 ≠ 4, IPv6 ≠ 6, Geneve ≠ 0). */
    BAD_VERSION,
    /** A flag that must be set is clear (VXLAN's I flag). */
    BAD_FLAGS,
    /** The Geneve options length, or one option's length, runs past the end of the bytes. */
    OPTION_PAST_END,
    /** A checksum does not match the bytes; reported only when checksums are verified. */
    CHECKSUM_MISMATCH,
    /**
     * A well-formed header names a protocol the reader does not take there: {@link TunnelReader}
     * wants IPv4 or IPv6, then UDP (not a fragment) to the VXLAN or Geneve port. {@link Frame}'s
     * decoders never return it: they keep such bytes as payload.
     */
    UNEXPECTED_PROTOCOL
  }

  /** Checks the components. */
  public DecodeError {
    if (kind == Kind.NONE) {
      throw new IllegalArgumentException("a DecodeError needs a problem kind, not NONE");
    }
  }

  @Override
  public String toString() {
    return header + " at byte " + offset + ": " + kind + ": " + message;
  }
}
