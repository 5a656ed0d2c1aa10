package io.nv.encap.codec;

/**
 * An IEEE 802.1Q tag: priority, drop eligibility and VLAN id (the 16-bit TCI).
 *
 * <pre>{@code
 * VlanTag t = VlanTag.of(100);
 * t.tci();                        // 0x0064
 * VlanTag.fromTci(0xa064);        // priority 5, VLAN 100
 * }</pre>
 *
 * @param priority the priority code point, 0..7
 * @param dropEligible the drop eligible indicator
 * @param vid the VLAN id, 0..4095
 */
public record VlanTag(int priority, boolean dropEligible, int vid) {
  /** Checks the ranges. */
  public VlanTag {
    if (priority < 0 || priority > 7) {
      throw new IllegalArgumentException("802.1Q priority " + priority + " not in 0..7");
    }
    if (vid < 0 || vid > 4095) {
      throw new IllegalArgumentException("VLAN id " + vid + " not in 0..4095");
    }
  }

  /** A tag for {@code vid} with priority 0. */
  public static VlanTag of(int vid) {
    return new VlanTag(0, false, vid);
  }

  /** The tag whose TCI (the 16 bits after the 0x8100 type) is {@code tci}. */
  public static VlanTag fromTci(int tci) {
    return new VlanTag((tci >>> 13) & 7, (tci & 0x1000) != 0, tci & 0xFFF);
  }

  /** The 16-bit tag control information. */
  public int tci() {
    return priority << 13 | (dropEligible ? 0x1000 : 0) | vid;
  }
}
