package io.nv.compiler.flow;

import io.nv.model.addr.IpAddress;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.Ipv6Address;
import io.nv.model.addr.MacAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The value of a {@link Field}: up to 128 bits ({@code high} holds bits 64..127 of IPv6 fields and
 * is 0 otherwise), or a name for {@link Field.Kind#NAME} fields (logical ports and datapaths,
 * replaced by keys when exported). Used both as a value and as a mask.
 *
 * <pre>{@code
 * FieldValue.of(80);
 * FieldValue.of(MacAddress.parse("0a:00:00:01:00:11"));
 * FieldValue.of(IpAddress.parse("2001:db8::1"));
 * FieldValue.name("web1");
 * }</pre>
 *
 * @param high bits 64..127 (IPv6 fields only)
 * @param low bits 0..63
 * @param name the name, for name fields; null otherwise
 */
public record FieldValue(long high, long low, @Nullable String name) {
  /** Zero. */
  public static final FieldValue ZERO = new FieldValue(0, 0, null);

  /** Checks that a name is not empty. */
  public FieldValue {
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("a name value must not be empty");
    }
  }

  // equals and hashCode are written out (the values the record's own would give): the record's
  // are method-handle trees, which a one-shot process runs cold, and every match compares values.

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this
        || (o instanceof FieldValue v && v.high == high && v.low == low && Objects.equals(v.name, name));
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(high) * 31 + Long.hashCode(low)) * 31 + Objects.hashCode(name);
  }

  /**
   * The integers below 1024, made on first use and shared: flows test the same protocol numbers,
   * ARP operations, flags and ports thousands of times.
   */
  private static final FieldValue[] SMALL = new FieldValue[1024];

  /** The integer {@code low}. */
  public static FieldValue of(long low) {
    if (low >= 0 && low < SMALL.length) {
      // Two threads may both make one: equal and immutable, either may be kept.
      FieldValue known = SMALL[(int) low];
      if (known == null) {
        known = low == 0 ? ZERO : new FieldValue(0, low, null);
        SMALL[(int) low] = known;
      }
      return known;
    }
    return new FieldValue(0, low, null);
  }

  /** The 128-bit value {@code high:low}. */
  public static FieldValue of(long high, long low) {
    return high == 0 ? of(low) : new FieldValue(high, low, null);
  }

  /** A MAC address. */
  public static FieldValue of(MacAddress mac) {
    return of(mac.bits());
  }

  /** An IPv4 or IPv6 address. */
  public static FieldValue of(IpAddress address) {
    if (address instanceof Ipv4Address v4) {
      return of(Integer.toUnsignedLong(v4.bits()));
    }
    Ipv6Address v6 = (Ipv6Address) address;
    return of(v6.high(), v6.low());
  }

  /** The name of a logical port or datapath. */
  public static FieldValue name(String name) {
    return new FieldValue(0, 0, name);
  }

  private static final FieldValue[] ONES = new FieldValue[129];

  static {
    for (int w = 0; w <= 128; w++) {
      ONES[w] = computeOnes(w);
    }
  }

  /** All ones over {@code width} bits (0..128): the exact mask of a field that wide. */
  public static FieldValue ones(int width) {
    return ONES[width];
  }

  private static FieldValue computeOnes(int width) {
    if (width >= 128) {
      return new FieldValue(-1L, -1L, null);
    }
    if (width > 64) {
      return new FieldValue((1L << (width - 64)) - 1, -1L, null);
    }
    return of(width == 64 ? -1L : (1L << width) - 1);
  }

  /** The prefix masks of 32-bit (IPv4) and 128-bit (IPv6) fields, by length, made once. */
  private static final FieldValue[] MASKS_32 = new FieldValue[33];

  private static final FieldValue[] MASKS_128 = new FieldValue[129];

  static {
    for (int l = 0; l <= 32; l++) {
      MASKS_32[l] = computePrefixMask(32, l);
    }
    for (int l = 0; l <= 128; l++) {
      MASKS_128[l] = computePrefixMask(128, l);
    }
  }

  /** The leading {@code length} bits of a {@code width}-bit field set: a prefix mask. */
  public static FieldValue prefixMask(int width, int length) {
    if (length < 0 || length > width) {
      throw new IllegalArgumentException("prefix length " + length + " not in 0.." + width);
    }
    return width == 32 ? MASKS_32[length] : width == 128 ? MASKS_128[length] : computePrefixMask(width, length);
  }

  private static FieldValue computePrefixMask(int width, int length) {
    if (length == width) {
      return ones(width);
    }
    FieldValue all = ones(width);
    FieldValue host = ones(width - length);
    return new FieldValue(all.high & ~host.high, all.low & ~host.low, null);
  }

  /** True for a name value. */
  public boolean isName() {
    return name != null;
  }

  /** {@code this & mask}: this value itself when the mask clears none of its bits. */
  public FieldValue and(FieldValue mask) {
    long h = high & mask.high;
    long l = low & mask.low;
    return h == high && l == low && name == null ? this : of(h, l);
  }

  /** {@code this | other}. */
  public FieldValue or(FieldValue other) {
    return new FieldValue(high | other.high, low | other.low, null);
  }

  /** {@code ~this}, over 128 bits. */
  public FieldValue not() {
    return new FieldValue(~high, ~low, null);
  }

  /**
   * True when a bit is set here that is clear in {@code mask} (names aside): {@code
   * !and(mask.not()).isZero()}, without making the two values (every {@link FieldMatch} asks).
   */
  public boolean hasBitsOutside(FieldValue mask) {
    return (high & ~mask.high) != 0 || (low & ~mask.low) != 0;
  }

  /** True when no bit is set. */
  public boolean isZero() {
    return high == 0 && low == 0 && name == null;
  }

  /** The number of bits set. */
  public int bitCount() {
    return Long.bitCount(high) + Long.bitCount(low);
  }

  /** The value as a MAC address (its low 48 bits). */
  public MacAddress toMac() {
    return MacAddress.of(low & 0xFFFF_FFFF_FFFFL);
  }

  /** The value as an IPv4 address (its low 32 bits). */
  public Ipv4Address toIpv4() {
    return Ipv4Address.of((int) low);
  }

  /** The value as an IPv6 address. */
  public Ipv6Address toIpv6() {
    return Ipv6Address.of(high, low);
  }

  /** The value as {@code field} writes it: {@code 80}, {@code 0x0800}, {@code 10.0.0.1}, {@code "web1"}. */
  public String format(Field field) {
    return appendTo(new StringBuilder(24), field).toString();
  }

  /**
   * Appends {@link #format(Field)}'s text to {@code sb}, making no text of its own for the values
   * that flows hold by the thousand (numbers, MAC and IPv4 addresses, names).
   *
   * <pre>{@code
   * FieldValue.of(80).appendTo(new StringBuilder("l4.dst="), Field.L4_DST);   // l4.dst=80
   * }</pre>
   */
  public StringBuilder appendTo(StringBuilder sb, Field field) {
    if (name != null) {
      return sb.append('"').append(name).append('"');
    }
    return switch (field.kind()) {
      case INTEGER -> low >= 0 ? sb.append(low) : sb.append(Long.toUnsignedString(low));
      case HEX -> field == Field.ETH_TYPE
          ? sb.append("0x").append(padded(Long.toHexString(low), 4))
          : sb.append("0x").append(Long.toHexString(low));
      case MAC -> MacAddress.appendTo(sb, low & 0xFFFF_FFFF_FFFFL);
      case IPV4 -> Ipv4Address.appendTo(sb, (int) low);
      case IPV6 -> sb.append(toIpv6());
      case CT_STATE -> sb.append(CtState.format(low, 0xff));
      case NAME -> sb.append("0x").append(Long.toHexString(low));
    };
  }

  @Override
  public String toString() {
    if (name != null) {
      return '"' + name + '"';
    }
    return high == 0
        ? "0x" + Long.toHexString(low)
        : "0x" + Long.toHexString(high) + padded(Long.toHexString(low), 16);
  }

  /** {@code hex} left-padded with zeros to {@code width} digits (flows print millions of these). */
  private static String padded(String hex, int width) {
    return hex.length() >= width ? hex : "0".repeat(width - hex.length()) + hex;
  }
}
