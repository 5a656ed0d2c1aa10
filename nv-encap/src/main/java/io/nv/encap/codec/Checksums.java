package io.nv.encap.codec;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
 * words, as IPv4, UDP, TCP and ICMP use it, and the IPv4 and IPv6 pseudo-headers that UDP, TCP and
 * ICMPv6 add to the sum. Works on absolute indices of big-endian buffers and allocates nothing.
 *
 * <p>Sums are kept as {@code long} partial sums (unfolded), so several ranges and a pseudo-header
 * can be added before {@link #finish} folds and complements them.
 *
 * <pre>{@code
 * long sum = Checksums.ipv4PseudoHeader(src, dst, 17, udpLength) + Checksums.sum(buf, udpOffset, udpLength);
 * int checksum = Checksums.finish(sum);
 * }</pre>
 */
public final class Checksums {
  private Checksums() {}

  /**
   * The partial sum of {@code length} bytes of {@code buffer} from absolute index {@code offset},
   * read as big-endian 16-bit words; an odd last byte is padded with a zero byte.
   */
  public static long sum(ByteBuffer buffer, int offset, int length) {
    long sum = 0;
    int i = offset;
    int end = offset + length;
    // 32-bit words sum to the same folded result as 16-bit ones, with half the reads.
    for (; i + 4 <= end; i += 4) {
      sum += buffer.getInt(i) & 0xFFFF_FFFFL;
    }
    if (i + 2 <= end) {
      sum += buffer.getShort(i) & 0xFFFF;
      i += 2;
    }
    if (i < end) {
      sum += (buffer.get(i) & 0xFF) << 8;
    }
    return sum;
  }

  /** The partial sum of the IPv4 pseudo-header (RFC 768, RFC 9293 §3.1). */
  public static long ipv4PseudoHeader(int source, int destination, int protocol, int length) {
    return (long) (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
        + protocol + length;
  }

  /** The partial sum of the IPv6 pseudo-header (RFC 8200 §8.1); addresses as high/low longs. */
  public static long ipv6PseudoHeader(
      long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int nextHeader,
      int length) {
    return halves(sourceHigh) + halves(sourceLow) + halves(destinationHigh) + halves(destinationLow)
        + nextHeader + (length & 0xFFFF_FFFFL);
  }

  private static long halves(long v) {
    return (v >>> 32) + (v & 0xFFFF_FFFFL);
  }

  /** Folds a partial sum to 16 bits with end-around carry. */
  public static int fold(long sum) {
    long s = sum;
    while ((s >>> 16) != 0) {
      s = (s & 0xFFFF) + (s >>> 16);
    }
    return (int) s;
  }

  /** The checksum for a partial sum: folded and complemented, 0..0xffff. */
  public static int finish(long sum) {
    return ~fold(sum) & 0xFFFF;
  }

  /** The checksum of {@code length} bytes from {@code offset}. */
  public static int compute(ByteBuffer buffer, int offset, int length) {
    return finish(sum(buffer, offset, length));
  }

  /**
   * True when a partial sum taken over data that includes its checksum field verifies: the folded
   * sum is all ones.
   */
  public static boolean verifies(long sum) {
    return fold(sum) == 0xFFFF;
  }
}
