package io.nv.conformance.ovs;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.io.BaseEncoding;
import io.nv.encap.codec.ByteString;
import io.nv.encap.codec.GeneveOption;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the text after {@code Datapath actions:} into {@link DatapathAction}s.
 *
 * <pre>{@code
 * List<DatapathAction> a = DatapathActionParser.parse("ct(zone=5),recirc(0x3)", ports, List.of());
 * }</pre>
 */
final class DatapathActionParser {
  private static final Pattern GENEVE_OPTION = Pattern.compile(
      "\\{class=(0x[0-9a-fA-F]+|\\d+),type=(0x[0-9a-fA-F]+|\\d+),len=(\\d+)(?:,0x([0-9a-fA-F]*))?\\}");
  private static final Pattern USERDATA = Pattern.compile("userdata=([0-9a-fA-F.]+)");

  private final IntFunction<DatapathAction.Output> ports;
  private final List<String> controllerActions;
  private int controllersSeen;

  private DatapathActionParser(
      IntFunction<DatapathAction.Output> ports, List<String> controllerActions) {
    this.ports = ports;
    this.controllerActions = controllerActions;
  }

  /**
   * Parses {@code text}; {@code ports} maps a datapath port number to its output, {@code
   * controllerActions} are the pass's OpenFlow {@code controller(...)} actions, in order.
   */
  static ImmutableList<DatapathAction> parse(
      String text, IntFunction<DatapathAction.Output> ports, List<String> controllerActions) {
    return new DatapathActionParser(ports, controllerActions).list(text.strip());
  }

  private ImmutableList<DatapathAction> list(String text) {
    List<DatapathAction> out = new ArrayList<>();
    for (String item : splitTopLevel(text)) {
      if (!item.isEmpty()) {
        out.add(action(item));
      }
    }
    return ImmutableList.copyOf(out);
  }

  private DatapathAction action(String text) {
    if (text.equals("drop")) {
      return new DatapathAction.Drop(text);
    }
    if (text.chars().allMatch(Character::isDigit)) {
      return ports.apply(Integer.parseInt(text));
    }
    String name = name(text);
    String args = args(text);
    try {
      return switch (name) {
        case "tnl_push" -> tunnelPush(text, args);
        case "userspace" -> userspace(text, args);
        case "ct" -> conntrack(text, args);
        case "recirc" -> new DatapathAction.Recirculate(text, FlowFields.parseLong(args));
        case "clone" -> new DatapathAction.Clone(text, list(args));
        case "set", "masked_set" ->
            new DatapathAction.SetHeader(text, name(args), keyValues(args(args)));
        case "push_vlan" -> pushVlan(text, keyValues(args));
        case "pop_vlan" -> new DatapathAction.PopVlan(text);
        default -> new DatapathAction.Other(text, name);
      };
    } catch (RuntimeException e) {
      // A shape this parser does not know stays readable rather than failing the trace.
      return new DatapathAction.Other(text, name);
    }
  }

  private static DatapathAction pushVlan(String text, Map<String, String> v) {
    return new DatapathAction.PushVlan(text, (int) FlowFields.parseLong(v.getOrDefault("vid", "0")),
        (int) FlowFields.parseLong(v.getOrDefault("pcp", "0")));
  }

  private DatapathAction tunnelPush(String text, String args) {
    int tunnelPort = -1;
    int outPort = -1;
    String header = "";
    for (String item : splitTopLevel(args)) {
      switch (name(item)) {
        case "tnl_port" -> tunnelPort = (int) FlowFields.parseLong(args(item));
        case "out_port" -> outPort = (int) FlowFields.parseLong(args(item));
        case "header" -> header = args(item);
        default -> { }
      }
    }
    Map<String, String> eth = Map.of();
    Map<String, String> ip = Map.of();
    Map<String, String> udp = Map.of();
    String encapsulation = "";
    long vni = 0;
    List<GeneveOption> options = new ArrayList<>();
    for (String item : splitTopLevel(header)) {
      String n = name(item);
      switch (n) {
        case "eth" -> eth = keyValues(args(item));
        case "ipv4" -> ip = keyValues(args(item));
        case "udp" -> udp = keyValues(args(item));
        case "geneve", "vxlan", "gre", "erspan", "gtpu" -> {
          encapsulation = n;
          for (String field : splitTopLevel(args(item))) {
            if (field.startsWith("vni=")) {
              vni = FlowFields.parseLong(field.substring(4));
            } else if (field.startsWith("key=")) {
              vni = FlowFields.parseLong(field.substring(4));
            } else if (field.startsWith("options(")) {
              options.addAll(geneveOptions(args(field)));
            }
          }
        }
        default -> { }
      }
    }
    return new DatapathAction.TunnelPush(text, encapsulation, vni, ImmutableList.copyOf(options),
        ip4(ip.get("src")), ip4(ip.get("dst")), mac(eth.get("src")), mac(eth.get("dst")),
        (int) FlowFields.parseLong(udp.getOrDefault("dst", "0")), tunnelPort, outPort);
  }

  static List<GeneveOption> geneveOptions(String text) {
    List<GeneveOption> options = new ArrayList<>();
    Matcher m = GENEVE_OPTION.matcher(text);
    while (m.find()) {
      int length = Integer.parseInt(m.group(3));
      @Nullable String hex = m.group(4);
      String digits = hex == null ? "" : hex.toLowerCase(Locale.ROOT);
      // OVS prints the value without leading zeros: pad it back to the option's length.
      StringBuilder padded = new StringBuilder();
      for (int i = digits.length(); i < 2 * length; i++) {
        padded.append('0');
      }
      padded.append(digits);
      byte[] data = BaseEncoding.base16().lowerCase().decode(padded.toString());
      options.add(new GeneveOption((int) FlowFields.parseLong(m.group(1)),
          (int) FlowFields.parseLong(m.group(2)), ByteString.of(data)));
    }
    return options;
  }

  private DatapathAction userspace(String text, String args) {
    for (String item : splitTopLevel(args)) {
      if (name(item).equals("controller")) {
        Map<String, String> c = keyValues(args(item));
        String openflow = controllersSeen < controllerActions.size()
            ? controllerActions.get(controllersSeen) : "";
        controllersSeen++;
        return new DatapathAction.Controller(text,
            (int) FlowFields.parseLong(c.getOrDefault("reason", "0")), userdata(openflow),
            openflow);
      }
    }
    return new DatapathAction.Userspace(text);
  }

  static ByteString userdata(String openflowAction) {
    Matcher m = USERDATA.matcher(openflowAction);
    if (!m.find()) {
      return ByteString.EMPTY;
    }
    String hex = m.group(1).replace(".", "").toLowerCase(Locale.ROOT);
    return ByteString.of(BaseEncoding.base16().lowerCase().decode(hex));
  }

  private static DatapathAction conntrack(String text, String args) {
    int zone = 0;
    boolean commit = false;
    Optional<String> nat = Optional.empty();
    for (String item : splitTopLevel(args)) {
      if (item.equals("commit")) {
        commit = true;
      } else if (item.startsWith("zone=")) {
        zone = (int) FlowFields.parseLong(item.substring(5));
      } else if (item.equals("nat") || item.startsWith("nat(")) {
        nat = Optional.of(item.equals("nat") ? "" : args(item));
      }
    }
    return new DatapathAction.Conntrack(text, zone, commit, nat);
  }

  private static Ipv4Address ip4(@Nullable String text) {
    return text == null ? Ipv4Address.ANY : Ipv4Address.tryParse(text).orElse(Ipv4Address.ANY);
  }

  private static MacAddress mac(@Nullable String text) {
    return text == null ? MacAddress.ZERO : MacAddress.tryParse(text).orElse(MacAddress.ZERO);
  }

  /** {@code a=1,b,c=x(y)} as a map; bare words map to the empty string. */
  static ImmutableMap<String, String> keyValues(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : splitTopLevel(text)) {
      int eq = item.indexOf('=');
      int paren = item.indexOf('(');
      if (eq < 0 || (paren >= 0 && paren < eq)) {
        out.putIfAbsent(item, "");
      } else {
        out.putIfAbsent(item.substring(0, eq), item.substring(eq + 1));
      }
    }
    return ImmutableMap.copyOf(out);
  }

  /** The name before the first parenthesis ({@code ct} of {@code ct(zone=5)}). */
  static String name(String item) {
    int open = item.indexOf('(');
    return open < 0 ? item : item.substring(0, open);
  }

  /** What is between the first parenthesis and its match, or the empty string. */
  static String args(String item) {
    int open = item.indexOf('(');
    if (open < 0) {
      return "";
    }
    int depth = 0;
    for (int i = open; i < item.length(); i++) {
      char c = item.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return item.substring(open + 1, i);
        }
      }
    }
    return item.substring(open + 1);
  }

  /** Splits on commas outside parentheses and braces. */
  static List<String> splitTopLevel(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i).strip());
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start).strip());
    }
    return out;
  }
}
