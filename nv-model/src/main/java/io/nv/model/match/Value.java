package io.nv.model.match;

import com.google.common.collect.ImmutableList;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.match.internal.Bits;
import io.nv.model.match.internal.Printer;
import java.util.Arrays;
import java.util.Collection;

/**
 * The right-hand side of a comparison: a constant, a masked constant, a reference to an address set
 * or port group, or a set of those. Each value prints as the match language writes it.
 *
 * <pre>{@code
 * Value.of(80);                                    // 80
 * Value.of(IpPrefix.parse("10.0.0.0/8"));          // 10.0.0.0/8
 * Value.oneOf(80, 443);                            // {80, 443}
 * Value.addressSet("web_ip4");                     // $web_ip4
 * Value.port("web1");                              // "web1"
 * }</pre>
 */
public sealed interface Value
    permits Value.Int,
        Value.MaskedInt,
        Value.Mac,
        Value.MaskedMac,
        Value.Ip,
        Value.MaskedIp,
        Value.Str,
        Value.AddressSet,
        Value.PortGroup,
        Value.OneOf {

  /** The integer {@code value}, 0 or more. */
  static Int of(long value) {
    return new Int(value);
  }

  /** The MAC address {@code mac}. */
  static Mac of(MacAddress mac) {
    return new Mac(mac);
  }

  /** The single address {@code address} (a /32 or /128 prefix). */
  static Ip of(IpAddress address) {
    return new Ip(IpPrefix.host(address));
  }

  /** Every address of {@code prefix}. */
  static Ip of(IpPrefix prefix) {
    return new Ip(prefix);
  }

  /** The logical port named {@code name}, for {@code inport} and {@code outport}. */
  static Str port(String name) {
    return new Str(name);
  }

  /** A reference to the address set {@code name}, written {@code $name}. */
  static AddressSet addressSet(String name) {
    return new AddressSet(name);
  }

  /** A reference to the port group {@code name}, written {@code @name}. */
  static PortGroup portGroup(String name) {
    return new PortGroup(name);
  }

  /** The set of {@code values}, written {@code {a, b}}. */
  static OneOf oneOf(Value... values) {
    return new OneOf(ImmutableList.copyOf(values));
  }

  /** The set of {@code values}, written {@code {a, b}}. */
  static OneOf oneOf(Collection<? extends Value> values) {
    return new OneOf(ImmutableList.copyOf(values));
  }

  /** The set of integers {@code values}, such as {@code {80, 443}}. */
  static OneOf oneOf(long... values) {
    return new OneOf(
        Arrays.stream(values).mapToObj(Int::new).collect(ImmutableList.toImmutableList()));
  }

  /**
   * An unsigned integer, printed in decimal (hexadecimal for {@code eth.type} and {@code
   * tcp.flags}).
   *
   * <pre>{@code
   * Value.of(443);
   * }</pre>
   *
   * @param value the integer, 0 or more; the field's width bounds it further
   */
  record Int(long value) implements Value {
    /** Checks the sign. */
    public Int {
      if (value < 0) {
        throw new IllegalArgumentException(
            "integer constant " + value + " is negative: use 0 or more");
      }
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /**
   * An integer under a mask: matches when the field's bits under {@code mask} equal {@code value}.
   * Written {@code 0x100/0xff00}.
   *
   * <pre>{@code
   * new Value.MaskedInt(0x002, 0x012);   // tcp.flags: SYN set, ACK clear
   * }</pre>
   *
   * @param value the wanted bits, none outside {@code mask}
   * @param mask the bits that matter
   */
  record MaskedInt(long value, long mask) implements Value {
    /** Checks that {@code value} has no bits outside {@code mask}. */
    public MaskedInt {
      if (value < 0 || mask < 0) {
        throw new IllegalArgumentException(
            "masked constant 0x"
                + Long.toHexString(value)
                + "/0x"
                + Long.toHexString(mask)
                + " is negative: use 0 or more");
      }
      if ((value & ~mask) != 0) {
        throw new IllegalArgumentException(
            "value 0x"
                + Long.toHexString(value)
                + " has bits outside mask 0x"
                + Long.toHexString(mask)
                + ": write 0x"
                + Long.toHexString(value & mask)
                + "/0x"
                + Long.toHexString(mask));
      }
    }

    @Override
    public String toString() {
      return "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }
  }

  /**
   * A MAC address.
   *
   * <pre>{@code
   * Value.of(MacAddress.parse("0a:00:00:00:00:01"));
   * }</pre>
   *
   * @param address the address
   */
  record Mac(MacAddress address) implements Value {
    @Override
    public String toString() {
      return address.toString();
    }
  }

  /**
   * A MAC address under a mask, written {@code 01:00:00:00:00:00/01:00:00:00:00:00}.
   *
   * <pre>{@code
   * new Value.MaskedMac(
   *     MacAddress.parse("0a:00:00:00:00:00"), MacAddress.parse("ff:ff:ff:00:00:00"));
   * }</pre>
   *
   * @param value the wanted bits, none outside {@code mask}
   * @param mask the bits that matter
   */
  record MaskedMac(MacAddress value, MacAddress mask) implements Value {
    /** Checks that {@code value} has no bits outside {@code mask}. */
    public MaskedMac {
      if ((value.bits() & ~mask.bits()) != 0) {
        throw new IllegalArgumentException(
            "MAC "
                + value
                + " has bits outside mask "
                + mask
                + ": write "
                + MacAddress.of(value.bits() & mask.bits())
                + "/"
                + mask);
      }
    }

    @Override
    public String toString() {
      return value + "/" + mask;
    }
  }

  /**
   * An IP address or prefix: written {@code 10.0.0.1} for a host, {@code 10.0.0.0/8} otherwise.
   *
   * <pre>{@code
   * Value.of(IpPrefix.parse("2001:db8::/32"));
   * }</pre>
   *
   * @param prefix the addresses to match
   */
  record Ip(IpPrefix prefix) implements Value {
    @Override
    public String toString() {
      return prefix.length() == prefix.network().bitLength()
          ? prefix.network().toString()
          : prefix.toString();
    }
  }

  /**
   * An IP address under a mask that is not a prefix (its ones are not all leading), such as {@code
   * 10.0.0.1/0.0.0.255}; a prefix-shaped mask is an {@link Ip} instead.
   *
   * <pre>{@code
   * new Value.MaskedIp(IpAddress.parse("0.0.0.1"), IpAddress.parse("0.0.0.255"));
   * }</pre>
   *
   * @param value the wanted bits, none outside {@code mask}
   * @param mask a non-contiguous mask of the same IP version
   */
  record MaskedIp(IpAddress value, IpAddress mask) implements Value {
    /** Checks the version, that the mask is not a prefix, and that no value bit is outside it. */
    public MaskedIp {
      if (value.version() != mask.version()) {
        throw new IllegalArgumentException(
            "address " + value + " and mask " + mask + " must be of the same IP version");
      }
      if (Bits.prefixLength(mask) >= 0) {
        throw new IllegalArgumentException(
            "mask "
                + mask
                + " is a prefix: use Value.of(IpPrefix.of(address, "
                + Bits.prefixLength(mask)
                + "))");
      }
      if (!Bits.and(value, mask).equals(value)) {
        throw new IllegalArgumentException(
            "address "
                + value
                + " has bits outside mask "
                + mask
                + ": write "
                + Bits.and(value, mask)
                + "/"
                + mask);
      }
    }

    @Override
    public String toString() {
      return value + "/" + mask;
    }
  }

  /**
   * A logical port name, written in double quotes with JSON escapes.
   *
   * <pre>{@code
   * Value.port("web1");   // "web1"
   * }</pre>
   *
   * @param value the port name
   */
  record Str(String value) implements Value {
    @Override
    public String toString() {
      return Printer.quote(value);
    }
  }

  /**
   * A reference to a set of IP prefixes defined elsewhere (an address set, or {@code P_ip4} /
   * {@code P_ip6} of port group {@code P}), written {@code $name}.
   *
   * <pre>{@code
   * Value.addressSet("web_ip4");   // $web_ip4
   * }</pre>
   *
   * @param name letters, digits, {@code _} and {@code .}, not starting with a digit
   */
  record AddressSet(String name) implements Value {
    /** Checks the name. */
    public AddressSet {
      Bits.checkName("address set", name);
    }

    @Override
    public String toString() {
      return "$" + name;
    }
  }

  /**
   * A reference to a port group, written {@code @name}: matches the ports of the group.
   *
   * <pre>{@code
   * Value.portGroup("web");   // @web
   * }</pre>
   *
   * @param name letters, digits, {@code _} and {@code .}, not starting with a digit
   */
  record PortGroup(String name) implements Value {
    /** Checks the name. */
    public PortGroup {
      Bits.checkName("port group", name);
    }

    @Override
    public String toString() {
      return "@" + name;
    }
  }

  /**
   * A set of values, written {@code {a, b}}: {@code ==} matches any of them, {@code !=} none.
   *
   * <pre>{@code
   * Value.oneOf(80, 443);   // {80, 443}
   * }</pre>
   *
   * @param values one or more values, none of them a set
   */
  record OneOf(ImmutableList<Value> values) implements Value {
    /** Checks that the set is not empty and not nested. */
    public OneOf {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a set needs at least one value");
      }
      for (Value v : values) {
        if (v instanceof OneOf) {
          throw new IllegalArgumentException(
              "sets do not nest: flatten " + v + " into the outer set");
        }
      }
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < values.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(values.get(i));
      }
      return sb.append('}').toString();
    }
  }
}
