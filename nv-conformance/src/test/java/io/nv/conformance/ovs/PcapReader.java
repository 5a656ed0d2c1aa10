package io.nv.conformance.ovs;

import com.google.common.collect.ImmutableList;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic pcap files (the counterpart of nv-encap's {@code PcapWriter}): either byte order
 * (OVS's {@code tx_pcap} writes the host's, little-endian on x86; nv-encap writes big-endian),
 * microsecond or nanosecond timestamps. A record cut short at the end of the file (a writer in
 * the middle of a frame) is left out and reported by {@link Capture#truncated()}.
 *
 * <pre>{@code
 * PcapReader.Capture c = PcapReader.read(Files.readAllBytes(path));
 * c.frames().get(0);   // the first frame's bytes
 * }</pre>
 */
public final class PcapReader {
  /** Magic of microsecond files, as read in the writer's byte order. */
  public static final int MAGIC_MICROS = 0xA1B2C3D4;
  /** Magic of nanosecond files. */
  public static final int MAGIC_NANOS = 0xA1B23C4D;
  /** Length of the file header. */
  public static final int FILE_HEADER_LENGTH = 24;
  /** Length of a record header. */
  public static final int RECORD_HEADER_LENGTH = 16;

  private PcapReader() {}

  /**
   * The frames of a file.
   *
   * @param linkType the link type (1 = Ethernet)
   * @param frames each record's captured bytes, in order
   * @param truncated whether the last record was cut short (and left out)
   */
  public record Capture(int linkType, ImmutableList<byte[]> frames, boolean truncated) {}

  /**
   * Reads a whole file's bytes. Bytes that are not a pcap file (bad magic, short header) are a
   * caller mistake: {@link IllegalArgumentException} saying what was found.
   */
  public static Capture read(byte[] file) {
    if (file.length < FILE_HEADER_LENGTH) {
      throw new IllegalArgumentException("a pcap file starts with a " + FILE_HEADER_LENGTH
          + "-byte header; got " + file.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
    int magic = b.getInt(0);
    if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
      b.order(ByteOrder.LITTLE_ENDIAN);
      magic = b.getInt(0);
      if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
        throw new IllegalArgumentException(String.format(
            "not a classic pcap file: magic 0x%08x (pcapng files start with 0x0a0d0d0a)",
            b.order(ByteOrder.BIG_ENDIAN).getInt(0)));
      }
    }
    int linkType = b.getInt(20);
    List<byte[]> frames = new ArrayList<>();
    int at = FILE_HEADER_LENGTH;
    boolean truncated = false;
    while (at < file.length) {
      try {
        int captured = b.getInt(at + 8);
        if (captured < 0 || at + RECORD_HEADER_LENGTH + captured > file.length) {
          truncated = true;
          break;
        }
        byte[] frame = new byte[captured];
        System.arraycopy(file, at + RECORD_HEADER_LENGTH, frame, 0, captured);
        frames.add(frame);
        at += RECORD_HEADER_LENGTH + captured;
      } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
        truncated = true;
        break;
      }
    }
    return new Capture(linkType, ImmutableList.copyOf(frames), truncated);
  }
}
