package io.nv.encap.keys;

import java.util.Locale;
import java.util.Optional;

/**
 * The multicast groups every logical switch has, and their egress keys. Egress keys 32768..65535
 * name groups (keys below are ports), as in OVN, and every datapath uses the same group keys: the
 * datapath key tells them apart.
 *
 * <table>
 *   <caption>Group keys</caption>
 *   <tr><th>key</th><th>group</th><th>members</th></tr>
 *   <tr><td>32768</td><td>{@code flood}</td><td>every port of the switch (broadcast, multicast)</td></tr>
 *   <tr><td>32769</td><td>{@code unknown}</td><td>ports that accept unknown unicast (LOCALNET,
 *       or flagged {@code unknown})</td></tr>
 *   <tr><td>32770..32775</td><td>reserved</td><td>OVN's IGMP-snooping and L2-flood groups</td></tr>
 *   <tr><td>32776..65535</td><td>reserved</td><td>IP multicast groups (not yet)</td></tr>
 * </table>
 *
 * <p>On OVN-split VXLAN the 12-bit egress field carries group {@code 32768 + n} as {@code 2048 + n}
 * ({@link OvnVxlanVni#wireEgress}).
 *
 * <pre>{@code
 * MulticastGroup.FLOOD.key();   // 32768
 * MulticastGroup.ofKey(32769);  // Optional[UNKNOWN]
 * }</pre>
 */
public enum MulticastGroup {
  /** Broadcast and multicast: every port of the switch except the one it came in on. */
  FLOOD(32768),
  /** Unicast to an unknown MAC: the ports that accept unknown destinations. */
  UNKNOWN(32769);

  /** The smallest group key; smaller egress keys are ports. */
  public static final int MIN_KEY = 1 << 15;

  /** The largest group key (16-bit egress field). */
  public static final int MAX_KEY = (1 << 16) - 1;

  private final int key;

  MulticastGroup(int key) {
    this.key = key;
  }

  /** The group's egress key. */
  public int key() {
    return key;
  }

  /** The name used in key files and plans: {@code flood}, {@code unknown}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The group with egress key {@code key}, if nv defines one. */
  public static Optional<MulticastGroup> ofKey(int key) {
    for (MulticastGroup g : values()) {
      if (g.key == key) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** True when egress key {@code key} names a group rather than a port. */
  public static boolean isGroupKey(int key) {
    return key >= MIN_KEY && key <= MAX_KEY;
  }
}
