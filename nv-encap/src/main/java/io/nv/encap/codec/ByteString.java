package io.nv.encap.codec;

import com.google.common.io.BaseEncoding;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable sequence of bytes, for payloads and option data inside header values (a {@code
 * byte[]} in a record would compare by identity and could be changed behind the value's back).
 *
 * <pre>{@code
 * ByteString data = ByteString.fromHex("00010002");
 * data.length();       // 4
 * data.toString();     // "00010002"
 * }</pre>
 */
public final class ByteString {
  /** No bytes. */
  public static final ByteString EMPTY = new ByteString(new byte[0]);

  private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

  private final byte[] bytes;

  private ByteString(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static ByteString of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
  }

  /** A copy of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static ByteString copyOf(byte[] bytes, int offset, int length) {
    return length == 0 ? EMPTY : new ByteString(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** A copy of {@code length} bytes of {@code buffer} from absolute index {@code offset}. */
  public static ByteString copyOf(ByteBuffer buffer, int offset, int length) {
    if (length == 0) {
      return EMPTY;
    }
    byte[] b = new byte[length];
    buffer.get(offset, b);
    return new ByteString(b);
  }

  /** Hex text (upper or lower case, no separators), such as {@code "0a0b"}. */
  public static ByteString fromHex(String hex) {
    return of(HEX.decode(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** True when there are no bytes. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** Byte {@code i} as 0..255. */
  public int byteAt(int i) {
    return bytes[i] & 0xFF;
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Writes the bytes into {@code buffer} at absolute index {@code offset}. */
  public void copyTo(ByteBuffer buffer, int offset) {
    buffer.put(offset, bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ByteString b && Arrays.equals(b.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Lower-case hex, as {@link #fromHex} reads it. */
  @Override
  public String toString() {
    return HEX.encode(bytes);
  }
}
