package io.nv.encap.codec;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link Flyweight} over a {@link Geneve} header and its options. Options are visited by
 * absolute index, with no iterator objects:
 *
 * <pre>{@code
 * GeneveFlyweight g = new GeneveFlyweight().wrap(buffer, 42);
 * if (g.validate(end) == DecodeError.Kind.NONE) {
 *   for (int o = g.firstOption(); o >= 0; o = g.nextOption(o)) {
 *     int cls = g.optionClass(o);
 *   }
 *   int at = g.findOption(OvnOption.OPTION_CLASS, OvnOption.OPTION_TYPE);
 *   int egress = at < 0 ? -1 : OvnOption.egressPort(g.optionInt(at));
 * }
 * }</pre>
 */
public final class GeneveFlyweight extends Flyweight {
  /** Views the header at absolute index {@code offset} of {@code buffer}. */
  public GeneveFlyweight wrap(ByteBuffer buffer, int offset) {
    wrapAt(buffer, offset);
    return this;
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.GENEVE;
  }

  @Override
  DecodeError.Kind check(int available) {
    if (available < Geneve.HEADER_LENGTH) {
      return fail(DecodeError.Kind.TRUNCATED, offset, "Geneve header needs 8 bytes");
    }
    int first = u8(Geneve.VERSION_OPTIONS_LENGTH_OFFSET);
    if (first >>> 6 != 0) {
      return fail(DecodeError.Kind.BAD_VERSION, offset, "Geneve version other than 0");
    }
    int hl = Geneve.HEADER_LENGTH + (first & 0x3F) * 4;
    int end = offset + hl;
    if (hl > available) {
      return fail(DecodeError.Kind.OPTION_PAST_END, offset,
          "Geneve options length runs past the end of the bytes");
    }
    int o = offset + Geneve.OPTIONS_OFFSET;
    while (o < end) {
      if (end - o < GeneveOption.HEADER_LENGTH) {
        return fail(DecodeError.Kind.OPTION_PAST_END, o,
            "Geneve option header runs past the end of the options");
      }
      int next = o + GeneveOption.HEADER_LENGTH + optionDataLength(o);
      if (next > end) {
        return fail(DecodeError.Kind.OPTION_PAST_END, o,
            "Geneve option length runs past the end of the options");
      }
      o = next;
    }
    return DecodeError.Kind.NONE;
  }

  /** The version (0 in a valid header). */
  public int version() {
    return u8(Geneve.VERSION_OPTIONS_LENGTH_OFFSET) >>> 6;
  }

  /** The options length in bytes. */
  public int optionsLength() {
    return (u8(Geneve.VERSION_OPTIONS_LENGTH_OFFSET) & 0x3F) * 4;
  }

  @Override
  public int headerLength() {
    return Geneve.HEADER_LENGTH + optionsLength();
  }

  /** The O (OAM) bit. */
  public boolean oam() {
    return (u8(Geneve.FLAGS_OFFSET) & Geneve.FLAG_OAM) != 0;
  }

  /** The C (critical options present) bit. */
  public boolean critical() {
    return (u8(Geneve.FLAGS_OFFSET) & Geneve.FLAG_CRITICAL) != 0;
  }

  /** The protocol type. */
  public int protocolType() {
    return u16(Geneve.PROTOCOL_TYPE_OFFSET);
  }

  /** The VNI. */
  public int vni() {
    return u24(Geneve.VNI_OFFSET);
  }

  /** The absolute index of what follows the header and its options. */
  public int payloadOffset() {
    return offset + headerLength();
  }

  /** The absolute index of the first option, or -1 when there are none. */
  public int firstOption() {
    return optionsLength() == 0 ? -1 : offset + Geneve.OPTIONS_OFFSET;
  }

  /** The absolute index of the option after the one at {@code option}, or -1 after the last. */
  public int nextOption(int option) {
    int next = option + GeneveOption.HEADER_LENGTH + optionDataLength(option);
    return next < offset + headerLength() ? next : -1;
  }

  /** The absolute index of the first option of this class and type, or -1. */
  public int findOption(int optionClass, int type) {
    for (int o = firstOption(); o >= 0; o = nextOption(o)) {
      if (optionClass(o) == optionClass && optionType(o) == type) {
        return o;
      }
    }
    return -1;
  }

  /** The class of the option at absolute index {@code option}. */
  public int optionClass(int option) {
    return buffer.getShort(option + GeneveOption.CLASS_OFFSET) & 0xFFFF;
  }

  /** The type of the option at {@code option} (the high bit is the critical bit). */
  public int optionType(int option) {
    return buffer.get(option + GeneveOption.TYPE_OFFSET) & 0xFF;
  }

  /** The data length in bytes of the option at {@code option}. */
  public int optionDataLength(int option) {
    return (buffer.get(option + GeneveOption.LENGTH_OFFSET) & 0x1F) * 4;
  }

  /** The absolute index of the data of the option at {@code option}. */
  public int optionDataOffset(int option) {
    return option + GeneveOption.DATA_OFFSET;
  }

  /** The first 4 data bytes of the option at {@code option} (OVN's value, for one). */
  public int optionInt(int option) {
    return buffer.getInt(option + GeneveOption.DATA_OFFSET);
  }

  /**
   * Writes the fixed header: version 0, {@code optionsLength} bytes of options (a multiple of 4,
   * at most 252), the O and C bits, the protocol type and the VNI.
   */
  public GeneveFlyweight set(
      int optionsLength, boolean oam, boolean critical, int protocolType, int vni) {
    buffer.putShort(
        offset,
        (short)
            ((optionsLength >>> 2) << 8
                | (oam ? Geneve.FLAG_OAM : 0)
                | (critical ? Geneve.FLAG_CRITICAL : 0)));
    put16(Geneve.PROTOCOL_TYPE_OFFSET, protocolType);
    buffer.putInt(offset + Geneve.VNI_OFFSET, vni << 8);
    return this;
  }

  /**
   * Writes an option header at absolute index {@code option} for {@code dataLength} bytes of data
   * (a multiple of 4, at most 124) and returns the index of its data.
   */
  public int putOption(int option, int optionClass, int type, int dataLength) {
    buffer.putShort(option + GeneveOption.CLASS_OFFSET, (short) optionClass);
    buffer.put(option + GeneveOption.TYPE_OFFSET, (byte) type);
    buffer.put(option + GeneveOption.LENGTH_OFFSET, (byte) (dataLength >>> 2));
    return option + GeneveOption.DATA_OFFSET;
  }

  /** Writes {@code options} as TLVs from absolute index {@code at}; returns the index after them. */
  public int putOptions(int at, List<GeneveOption> options) {
    int o = at;
    for (GeneveOption opt : options) {
      int data = putOption(o, opt.optionClass(), opt.type(), opt.data().length());
      opt.data().copyTo(buffer, data);
      o = data + opt.data().length();
    }
    return o;
  }
}
