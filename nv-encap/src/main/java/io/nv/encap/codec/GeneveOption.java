package io.nv.encap.codec;

/**
 * One Geneve option (RFC 8926 §3.5): class, type and data. Every class is kept as raw bytes, so
 * options nv does not know survive decoding; {@link OvnOption} reads and builds OVN's.
 *
 * <p>Layout: option class (2), type (1, high bit = critical), reserved (3 bits) and length (5 bits,
 * in 4-byte words, not counting this 4-byte header), data.
 *
 * <pre>{@code
 * GeneveOption o = new GeneveOption(0x0102, 0x80, ByteString.fromHex("00010002"));
 * o.critical();   // true
 * o.length();     // 8
 * }</pre>
 *
 * @param optionClass 0..0xffff
 * @param type 0..255; the high bit marks a critical option
 * @param data a multiple of 4 bytes, at most 124
 */
public record GeneveOption(int optionClass, int type, ByteString data) {
  /** Offset of the option class. */
  public static final int CLASS_OFFSET = 0;
  /** Offset of the type. */
  public static final int TYPE_OFFSET = 2;
  /** Offset of the byte holding the length (low 5 bits, in 4-byte words). */
  public static final int LENGTH_OFFSET = 3;
  /** Offset of the data. */
  public static final int DATA_OFFSET = 4;
  /** Length of an option header. */
  public static final int HEADER_LENGTH = 4;
  /** The most data one option can carry (31 words). */
  public static final int MAX_DATA_LENGTH = 124;
  /** The critical bit of the type. */
  public static final int CRITICAL = 0x80;

  /** Checks the ranges. */
  public GeneveOption {
    Ranges.check(optionClass, 0xFFFF, "Geneve option class");
    Ranges.check(type, 255, "Geneve option type");
    if (data.length() % 4 != 0 || data.length() > MAX_DATA_LENGTH) {
      throw new IllegalArgumentException(
          "Geneve option data takes a multiple of 4 bytes, at most 124; got " + data.length());
    }
  }

  /** True when the type's high bit is set: a receiver that does not know the option must drop. */
  public boolean critical() {
    return (type & CRITICAL) != 0;
  }

  /** How many bytes the option takes on the wire, its header included. */
  public int length() {
    return HEADER_LENGTH + data.length();
  }
}
