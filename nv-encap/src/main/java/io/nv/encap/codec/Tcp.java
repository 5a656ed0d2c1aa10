package io.nv.encap.codec;

/**
 * A TCP header (RFC 9293). The data offset and checksum are computed when encoding.
 *
 * <p>Layout: source port (2), destination port (2), sequence (4), acknowledgment (4), data offset
 * / reserved / flags (2), window (2), checksum (2), urgent pointer (2), options (data offset × 4 −
 * 20).
 *
 * <pre>{@code
 * Tcp syn = Tcp.of(40000, 80, Tcp.SYN);
 * Tcp ack = syn.withSequence(1000).withAcknowledgment(2000);
 * }</pre>
 *
 * @param sourcePort 0..65535
 * @param destinationPort 0..65535
 * @param sequence the sequence number, 0..2³²−1
 * @param acknowledgment the acknowledgment number, 0..2³²−1
 * @param flags the nine flag bits ({@link #FIN} … {@link #NS}), 0..0x1ff
 * @param window 0..65535
 * @param urgentPointer 0..65535
 * @param options raw options, a multiple of 4 bytes, at most 40
 */
public record Tcp(
    int sourcePort,
    int destinationPort,
    long sequence,
    long acknowledgment,
    int flags,
    int window,
    int urgentPointer,
    ByteString options)
    implements Header {
  /** Offset of the source port. */
  public static final int SOURCE_PORT_OFFSET = 0;
  /** Offset of the destination port. */
  public static final int DESTINATION_PORT_OFFSET = 2;
  /** Offset of the sequence number. */
  public static final int SEQUENCE_OFFSET = 4;
  /** Offset of the acknowledgment number. */
  public static final int ACKNOWLEDGMENT_OFFSET = 8;
  /** Offset of the 16 bits data offset (4), reserved (3), flags (9). */
  public static final int DATA_OFFSET_FLAGS_OFFSET = 12;
  /** Offset of the window. */
  public static final int WINDOW_OFFSET = 14;
  /** Offset of the checksum. */
  public static final int CHECKSUM_OFFSET = 16;
  /** Offset of the urgent pointer. */
  public static final int URGENT_POINTER_OFFSET = 18;
  /** Length of a header without options. */
  public static final int HEADER_LENGTH = 20;
  /** Length of a header with the most options (data offset 15). */
  public static final int MAX_HEADER_LENGTH = 60;

  /** FIN flag. */
  public static final int FIN = 0x001;
  /** SYN flag. */
  public static final int SYN = 0x002;
  /** RST flag. */
  public static final int RST = 0x004;
  /** PSH flag. */
  public static final int PSH = 0x008;
  /** ACK flag. */
  public static final int ACK = 0x010;
  /** URG flag. */
  public static final int URG = 0x020;
  /** ECE flag. */
  public static final int ECE = 0x040;
  /** CWR flag. */
  public static final int CWR = 0x080;
  /** NS flag (RFC 3540, historic). */
  public static final int NS = 0x100;

  /** Checks the ranges. */
  public Tcp {
    Ranges.check(sourcePort, 0xFFFF, "TCP source port");
    Ranges.check(destinationPort, 0xFFFF, "TCP destination port");
    if (sequence < 0 || sequence > 0xFFFF_FFFFL || acknowledgment < 0
        || acknowledgment > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "TCP sequence " + sequence + " and acknowledgment " + acknowledgment
              + " must be in 0..2^32-1: use Integer.toUnsignedLong for int values");
    }
    Ranges.check(flags, 0x1FF, "TCP flags");
    Ranges.check(window, 0xFFFF, "TCP window");
    Ranges.check(urgentPointer, 0xFFFF, "TCP urgent pointer");
    if (options.length() % 4 != 0 || options.length() > MAX_HEADER_LENGTH - HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "TCP options take a multiple of 4 bytes, at most 40; got " + options.length()
              + ": pad them with NOP (1) or end-of-option-list (0) bytes");
    }
  }

  /** A header with sequence and acknowledgment 0, window 65535 and no options. */
  public static Tcp of(int sourcePort, int destinationPort, int flags) {
    return new Tcp(sourcePort, destinationPort, 0, 0, flags, 0xFFFF, 0, ByteString.EMPTY);
  }

  /** This header with sequence number {@code sequence}. */
  public Tcp withSequence(long sequence) {
    return new Tcp(sourcePort, destinationPort, sequence, acknowledgment, flags, window,
        urgentPointer, options);
  }

  /** This header with acknowledgment number {@code acknowledgment}. */
  public Tcp withAcknowledgment(long acknowledgment) {
    return new Tcp(sourcePort, destinationPort, sequence, acknowledgment, flags, window,
        urgentPointer, options);
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.TCP;
  }

  @Override
  public int length() {
    return HEADER_LENGTH + options.length();
  }
}
