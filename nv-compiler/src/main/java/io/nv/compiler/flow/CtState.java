package io.nv.compiler.flow;

/**
 * The bits of {@link Field#CT_STATE}, with OpenFlow's values, and their text ({@code +trk+est}).
 *
 * <pre>{@code
 * FlowMatches.ctState(CtState.TRK | CtState.EST, 0);   // ct.state=+est+trk
 * CtState.format(CtState.TRK | CtState.NEW, CtState.TRK | CtState.NEW | CtState.EST);
 * // "+new-est+trk"
 * }</pre>
 */
public final class CtState {
  /** The first packet of a connection not yet committed. */
  public static final int NEW = 0x01;
  /** Part of a committed connection. */
  public static final int EST = 0x02;
  /** Related to a committed connection (ICMP errors). */
  public static final int REL = 0x04;
  /** In the reply direction. */
  public static final int RPL = 0x08;
  /** Invalid. */
  public static final int INV = 0x10;
  /** Went through conntrack. */
  public static final int TRK = 0x20;
  /** Source NAT applied. */
  public static final int SNAT = 0x40;
  /** Destination NAT applied. */
  public static final int DNAT = 0x80;

  private static final String[] NAMES = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};

  private CtState() {}

  /** The bits under {@code mask}, written {@code +bit} when set and {@code -bit} when clear. */
  public static String format(long value, long mask) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < NAMES.length; i++) {
      if ((mask & (1L << i)) != 0) {
        sb.append((value & (1L << i)) != 0 ? '+' : '-').append(NAMES[i]);
      }
    }
    return sb.length() == 0 ? "0" : sb.toString();
  }
}
