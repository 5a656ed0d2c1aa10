package io.nv.encap.pcap;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes a classic pcap file (magic 0xa1b2c3d4, version 2.4, link type 1 = Ethernet, microsecond
 * timestamps) to a stream. The caller supplies every timestamp, so the same frames give the same
 * file byte for byte. Numbers are written big-endian; readers detect the order from the magic.
 *
 * <pre>{@code
 * try (PcapWriter w = PcapWriter.open(Files.newOutputStream(path))) {
 *   w.write(1_000_000L, frame.encode());   // 1 s after the epoch
 * }
 * }</pre>
 */
public final class PcapWriter implements Closeable, Flushable {
  /** The pcap magic number for microsecond timestamps. */
  public static final int MAGIC = 0xA1B2C3D4;
  /** Major version. */
  public static final int VERSION_MAJOR = 2;
  /** Minor version. */
  public static final int VERSION_MINOR = 4;
  /** Largest captured length per packet. */
  public static final int SNAPLEN = 65535;
  /** LINKTYPE_ETHERNET. */
  public static final int LINK_TYPE_ETHERNET = 1;
  /** Length of the file header. */
  public static final int FILE_HEADER_LENGTH = 24;
  /** Length of each packet record's header. */
  public static final int RECORD_HEADER_LENGTH = 16;

  private final OutputStream out;
  private final ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_LENGTH);

  private PcapWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes the file header to {@code out} and returns a writer that owns the stream. */
  public static PcapWriter open(OutputStream out) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(FILE_HEADER_LENGTH);
    h.putInt(MAGIC)
        .putShort((short) VERSION_MAJOR)
        .putShort((short) VERSION_MINOR)
        .putInt(0) // thiszone: timestamps are UTC
        .putInt(0) // sigfigs
        .putInt(SNAPLEN)
        .putInt(LINK_TYPE_ETHERNET);
    out.write(h.array());
    return new PcapWriter(out);
  }

  /**
   * Writes one frame captured at {@code timestampMicros} microseconds after the Unix epoch; frames
   * longer than {@value #SNAPLEN} bytes are cut to it (the record keeps the original length).
   */
  public void write(long timestampMicros, byte[] frame) throws IOException {
    write(timestampMicros, frame, 0, frame.length);
  }

  /** Writes {@code length} bytes of {@code frame} from {@code offset} as one frame. */
  public void write(long timestampMicros, byte[] frame, int offset, int length) throws IOException {
    if (timestampMicros < 0 || timestampMicros / 1_000_000L > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "pcap timestamp " + timestampMicros + " µs is outside 0..2^32 s after the epoch");
    }
    int captured = Math.min(length, SNAPLEN);
    record.clear();
    record.putInt((int) (timestampMicros / 1_000_000L))
        .putInt((int) (timestampMicros % 1_000_000L))
        .putInt(captured)
        .putInt(length);
    out.write(record.array());
    out.write(frame, offset, captured);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
