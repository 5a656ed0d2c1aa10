package io.nv.model.acl;

import com.google.common.collect.ImmutableList;
import io.nv.model.ModelPath;
import io.nv.model.addr.IpPrefix;
import org.immutables.value.Value;

/**
 * A named set of addresses and prefixes, used in matches as {@code $id}. (A port group {@code P}
 * also defines {@code $P_ip4} and {@code $P_ip6} from its members' addresses.)
 *
 * <pre>{@code
 * AddressSet admins = new AddressSet.Builder()
 *     .id("admins").tenant("acme")
 *     .addAddress(IpPrefix.parse("192.0.2.0/28"))
 *     .build();      // match: "ip4.src == $admins && tcp.dst == 22"
 * }</pre>
 */
@Value.Immutable
public abstract class AddressSet {
  /** Package-private: use {@link Builder}. */
  AddressSet() {}

  /** The set id, unique among address sets (and not ending in _ip4/_ip6 of a port group). */
  public abstract String id();

  /** The owning tenant. */
  public abstract String tenant();

  /** The addresses (host prefixes) and prefixes in the set. */
  public abstract ImmutableList<IpPrefix> addresses();

  /** {@code address-set <id>}. */
  public ModelPath path() {
    return ModelPath.of("address-set", id());
  }

  /** Builds {@link AddressSet}s. */
  public static class Builder extends ImmutableAddressSet.Builder {}
}
