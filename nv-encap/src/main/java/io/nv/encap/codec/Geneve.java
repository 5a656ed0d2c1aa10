package io.nv.encap.codec;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * A Geneve header (RFC 8926) with its options. Version 0 only. The options length and the C
 * (critical options present) bit follow from the options and are computed when encoding; a decoded
 * C bit is not kept.
 *
 * <p>Layout: version (2 bits) and options length (6 bits, in 4-byte words), O (1 bit), C (1 bit),
 * reserved (6 bits), protocol type (2), VNI (3), reserved (1), options.
 *
 * <pre>{@code
 * Geneve g = Geneve.of(7, new OvnOption(1, 2).toGeneveOption());
 * g.length();     // 16
 * g.critical();   // true: OVN's option type 0x80 has the critical bit
 * }</pre>
 *
 * @param oam the O bit: an OAM (control) packet
 * @param protocolType the type of what follows; {@link EtherType#TRANSPARENT_ETHERNET} for an
 *     Ethernet frame
 * @param vni the virtual network identifier, 0..0xffffff
 * @param options the options, in order, at most 252 bytes in all
 */
public record Geneve(
    boolean oam, EtherType protocolType, int vni, ImmutableList<GeneveOption> options)
    implements Header {
  /** The IANA-assigned UDP destination port. */
  public static final int UDP_PORT = 6081;
  /** Offset of the version and options-length byte. */
  public static final int VERSION_OPTIONS_LENGTH_OFFSET = 0;
  /** Offset of the O/C flags byte. */
  public static final int FLAGS_OFFSET = 1;
  /** Offset of the protocol type. */
  public static final int PROTOCOL_TYPE_OFFSET = 2;
  /** Offset of the 24-bit VNI. */
  public static final int VNI_OFFSET = 4;
  /** Offset of the first option. */
  public static final int OPTIONS_OFFSET = 8;
  /** Length of the header without options. */
  public static final int HEADER_LENGTH = 8;
  /** The most option bytes a header can carry (63 words). */
  public static final int MAX_OPTIONS_LENGTH = 252;
  /** The O (OAM) flag in the flags byte. */
  public static final int FLAG_OAM = 0x80;
  /** The C (critical options present) flag in the flags byte. */
  public static final int FLAG_CRITICAL = 0x40;
  /** The largest VNI. */
  public static final int MAX_VNI = 0xFFFFFF;

  /** Checks the range and the options' total length. */
  public Geneve {
    Ranges.check(vni, MAX_VNI, "Geneve VNI");
    int total = 0;
    for (GeneveOption o : options) {
      total += o.length();
    }
    if (total > MAX_OPTIONS_LENGTH) {
      throw new IllegalArgumentException(
          "Geneve options take " + total + " bytes, more than the 252 a header can carry");
    }
  }

  /** A non-OAM header over an Ethernet frame with these options. */
  public static Geneve of(int vni, GeneveOption... options) {
    return new Geneve(false, EtherType.TRANSPARENT_ETHERNET, vni, ImmutableList.copyOf(options));
  }

  /** A non-OAM header over an Ethernet frame with these options. */
  public static Geneve of(int vni, List<GeneveOption> options) {
    return new Geneve(false, EtherType.TRANSPARENT_ETHERNET, vni, ImmutableList.copyOf(options));
  }

  /** The total length of the options in bytes. */
  public int optionsLength() {
    int total = 0;
    for (GeneveOption o : options) {
      total += o.length();
    }
    return total;
  }

  /** True when some option is critical (the C bit). */
  public boolean critical() {
    return options.stream().anyMatch(GeneveOption::critical);
  }

  /** The first option of this class and type, if any. */
  public Optional<GeneveOption> option(int optionClass, int type) {
    return options.stream()
        .filter(o -> o.optionClass() == optionClass && o.type() == type)
        .findFirst();
  }

  /** OVN's port keys, if the header carries OVN's option. */
  public Optional<OvnOption> ovn() {
    return option(OvnOption.OPTION_CLASS, OvnOption.OPTION_TYPE).flatMap(OvnOption::from);
  }

  @Override
  public HeaderType headerType() {
    return HeaderType.GENEVE;
  }

  @Override
  public int length() {
    return HEADER_LENGTH + optionsLength();
  }
}
