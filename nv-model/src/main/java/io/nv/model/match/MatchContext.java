package io.nv.model.match;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.nv.model.addr.IpPrefix;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a match's references mean when it is evaluated: the prefixes of each {@code $set} and the
 * member ports of each {@code @group}. A topology provides one, including the {@code P_ip4} and
 * {@code P_ip6} address sets of each port group {@code P}.
 *
 * <pre>{@code
 * MatchContext ctx = MatchContext.of(
 *     Map.of("web_ip4", List.of(IpPrefix.parse("10.0.1.11/32"), IpPrefix.parse("10.0.1.12/32"))),
 *     Map.of("web", List.of("web1", "web2")));
 * Match.parse("ip4.src == $web_ip4 && inport == @web").matches(packet, ctx);
 * }</pre>
 */
public interface MatchContext {
  /** A context that defines no names. */
  MatchContext EMPTY = of(Map.of(), Map.of());

  /** The prefixes of address set {@code name}, or empty when no such set exists. */
  Optional<Set<IpPrefix>> addressSet(String name);

  /** True when port group {@code group} exists. */
  boolean hasPortGroup(String group);

  /** True when port group {@code group} exists and has {@code port} as a member. */
  boolean isMember(String group, String port);

  /** A context backed by copies of these maps (set name → prefixes, group name → ports). */
  static MatchContext of(
      Map<String, ? extends Collection<IpPrefix>> addressSets,
      Map<String, ? extends Collection<String>> portGroups) {
    ImmutableMap<String, ImmutableSet<IpPrefix>> sets =
        addressSets.entrySet().stream()
            .collect(
                ImmutableMap.toImmutableMap(
                    Map.Entry::getKey, e -> ImmutableSet.copyOf(e.getValue())));
    ImmutableMap<String, ImmutableSet<String>> groups =
        portGroups.entrySet().stream()
            .collect(
                ImmutableMap.toImmutableMap(
                    Map.Entry::getKey, e -> ImmutableSet.copyOf(e.getValue())));
    return new MatchContext() {
      @Override
      public Optional<Set<IpPrefix>> addressSet(String name) {
        return Optional.ofNullable(sets.get(name));
      }

      @Override
      public boolean hasPortGroup(String group) {
        return groups.containsKey(group);
      }

      @Override
      public boolean isMember(String group, String port) {
        ImmutableSet<String> members = groups.get(group);
        return members != null && members.contains(port);
      }

      @Override
      public String toString() {
        return "MatchContext{addressSets=" + sets + ", portGroups=" + groups + "}";
      }
    };
  }
}
