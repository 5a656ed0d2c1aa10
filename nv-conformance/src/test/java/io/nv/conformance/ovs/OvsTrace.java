package io.nv.conformance.ovs;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code ovs-appctl ofproto/trace} said about one flow, parsed: one {@link Pass} per trip
 * through the datapath (the first, then one per recirculation, such as after {@code
 * ct(table=…)}), each with its datapath actions, the chosen group buckets and the flow before and
 * after. A packet's fate is what all passes do together; {@link #raw()} keeps the whole text for
 * error messages ({@link #toString()} returns it too).
 *
 * <pre>{@code
 * OvsTrace t = ovs.trace("hv1", flow, "trk,est");
 * t.passes().size();               // 2: ct(zone=5),recirc(0x3) then the established pass
 * t.outputInterfaces();            // [vif2]
 * t.tunnelPushes().get(0).vni();   // 7, when the flows send it through the tunnel
 * t.isDrop();                      // nothing was output, pushed or sent to the controller
 * }</pre>
 *
 * @param host the host traced
 * @param bridge the bridge traced
 * @param flow the flow given to the trace
 * @param ctNext the {@code --ct-next} states given, one per conntrack pass
 * @param passes every pass, in the order OVS printed them
 * @param raw the trace's text
 */
public record OvsTrace(String host, String bridge, String flow, ImmutableList<String> ctNext,
    ImmutableList<OvsTrace.Pass> passes, String raw) {

  private static final Pattern SEPARATOR = Pattern.compile("^=+$");
  private static final Pattern GROUP = Pattern.compile("^group:(\\d+)");
  private static final Pattern BUCKET = Pattern.compile("^-> using bucket (\\d+)");

  /**
   * One pass through the datapath.
   *
   * @param index 0 for the first pass
   * @param header the line OVS printed before a recirculated pass ({@code recirc(0x3) - resume
   *     conntrack with ct_state=est|trk}), with the lines of its NAT simulation when it has them
   *     ({@code Replacing src/dst IP/ports to simulate NAT:} and the flows before and after);
   *     empty for the first
   * @param flow the flow the pass starts with
   * @param finalFlow the flow at its end (the same as {@code flow} when OVS says "unchanged")
   * @param megaflow the megaflow OVS would install
   * @param actions the datapath actions
   * @param buckets the group buckets chosen ({@code -> using bucket N})
   * @param warnings the trace's {@code >>} lines ("native tunnel routing failed", "skipping
   *     output to input port")
   * @param text the pass's text
   */
  public record Pass(int index, String header, FlowFields flow, FlowFields finalFlow,
      String megaflow, ImmutableList<DatapathAction> actions, ImmutableList<BucketChoice> buckets,
      ImmutableList<String> warnings, String text) {}

  /**
   * A bucket a select group chose.
   *
   * @param group the group id
   * @param bucket the bucket id
   */
  public record BucketChoice(long group, int bucket) {}

  /** The last pass. */
  public Pass lastPass() {
    return passes.get(passes.size() - 1);
  }

  /** The final flow of the last pass: the headers as the packet leaves. */
  public FlowFields finalFlow() {
    return lastPass().finalFlow();
  }

  /** Every datapath action of every pass, {@code clone(...)}s opened, in order. */
  public ImmutableList<DatapathAction> actions() {
    return passes.stream().flatMap(p -> flatten(p.actions())).collect(ImmutableList.toImmutableList());
  }

  private static Stream<DatapathAction> flatten(List<DatapathAction> actions) {
    return actions.stream().flatMap(a -> a instanceof DatapathAction.Clone c
        ? Stream.concat(Stream.of(a), flatten(c.actions())) : Stream.of(a));
  }

  /** Every output to a datapath port, the underlay's after a tunnel push included. */
  public ImmutableList<DatapathAction.Output> outputs() {
    return only(DatapathAction.Output.class);
  }

  /**
   * The interfaces of the traced bridge the packet is output to, in order, one entry per copy;
   * tunnel exits are in {@link #tunnelPushes()}.
   */
  public ImmutableList<String> outputInterfaces() {
    return outputs().stream().filter(o -> o.bridge().equals(bridge))
        .map(DatapathAction.Output::interfaceName).collect(ImmutableList.toImmutableList());
  }

  /** Every tunnel push, one per copy sent into a tunnel. */
  public ImmutableList<DatapathAction.TunnelPush> tunnelPushes() {
    return only(DatapathAction.TunnelPush.class);
  }

  /** Every packet sent to the controller. */
  public ImmutableList<DatapathAction.Controller> controllers() {
    return only(DatapathAction.Controller.class);
  }

  /** Every choice a select group made, over all passes. */
  public ImmutableList<BucketChoice> buckets() {
    return passes.stream().flatMap(p -> p.buckets().stream())
        .collect(ImmutableList.toImmutableList());
  }

  /** The pass whose header names recirculation {@code id}, if any. */
  public Optional<Pass> recirculation(long id) {
    String prefix = String.format("recirc(0x%x)", id);
    return passes.stream().filter(p -> p.header().startsWith(prefix)).findFirst();
  }

  /** Every {@code >>} warning line, over all passes. */
  public ImmutableList<String> warnings() {
    return passes.stream().flatMap(p -> p.warnings().stream())
        .collect(ImmutableList.toImmutableList());
  }

  /** True when no pass outputs, pushes into a tunnel or sends to userspace. */
  public boolean isDrop() {
    return actions().stream().noneMatch(a -> a instanceof DatapathAction.Output
        || a instanceof DatapathAction.TunnelPush || a instanceof DatapathAction.Controller
        || a instanceof DatapathAction.Userspace);
  }

  private <T extends DatapathAction> ImmutableList<T> only(Class<T> type) {
    return actions().stream().filter(type::isInstance).map(type::cast)
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public String toString() {
    return raw;
  }

  /** Parses a trace's text; {@code ports} maps datapath port numbers to outputs. */
  static OvsTrace parse(String host, String bridge, String flow, List<String> ctNext, String raw,
      IntFunction<DatapathAction.Output> ports) {
    List<String> lines = Splitter.on('\n').splitToList(raw);
    List<List<String>> blocks = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    List<String> current = new ArrayList<>();
    headers.add("");
    for (int i = 0; i < lines.size(); i++) {
      // A recirculation's header sits between two separators; when the trace simulates NAT it
      // is followed by "Replacing src/dst IP/ports to simulate NAT:" and the flow before and after.
      int close = -1;
      if (SEPARATOR.matcher(lines.get(i)).matches()) {
        for (int j = i + 2; j < Math.min(lines.size(), i + 8); j++) {
          if (SEPARATOR.matcher(lines.get(j)).matches()) {
            close = j;
            break;
          }
        }
      }
      if (close > 0 && lines.get(i + 1).startsWith("recirc(")) {
        blocks.add(current);
        current = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int j = i + 1; j < close; j++) {
          header.add(lines.get(j).strip());
        }
        headers.add(String.join("\n", header));
        i = close;
      } else {
        current.add(lines.get(i));
      }
    }
    blocks.add(current);
    List<Pass> passes = new ArrayList<>();
    for (int k = 0; k < blocks.size(); k++) {
      passes.add(pass(k, headers.get(k), blocks.get(k), ports));
    }
    if (passes.stream().allMatch(p -> p.flow().values().isEmpty())) {
      throw new OvsException("ovs-appctl ofproto/trace " + bridge + " '" + flow + "'",
          "unexpected output (no Flow: line):\n" + raw);
    }
    return new OvsTrace(host, bridge, flow, ImmutableList.copyOf(ctNext),
        ImmutableList.copyOf(passes), raw);
  }

  private static Pass pass(int index, String header, List<String> lines,
      IntFunction<DatapathAction.Output> ports) {
    String flow = "";
    String finalFlow = "";
    String megaflow = "";
    String actions = "";
    List<String> controllers = new ArrayList<>();
    List<BucketChoice> buckets = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    long group = -1;
    for (String line : lines) {
      String s = line.strip();
      if (line.startsWith("Flow: ")) {
        flow = line.substring("Flow: ".length());
      } else if (line.startsWith("Final flow: ")) {
        finalFlow = line.substring("Final flow: ".length());
      } else if (line.startsWith("Megaflow: ")) {
        megaflow = line.substring("Megaflow: ".length());
      } else if (line.startsWith("Datapath actions: ")) {
        actions = line.substring("Datapath actions: ".length());
      } else if (s.startsWith("controller(") || s.startsWith("CONTROLLER:")) {
        controllers.add(s);
      } else if (s.startsWith(">>")) {
        warnings.add(s.substring(2).strip());
      } else {
        Matcher g = GROUP.matcher(s);
        Matcher b = BUCKET.matcher(s);
        if (g.find()) {
          group = Long.parseLong(g.group(1));
        } else if (b.find()) {
          buckets.add(new BucketChoice(group, Integer.parseInt(b.group(1))));
        }
      }
    }
    FlowFields start = FlowFields.parse(flow);
    FlowFields end = finalFlow.strip().equals("unchanged") || finalFlow.isBlank()
        ? start : FlowFields.parse(finalFlow);
    return new Pass(index, header, start, end, megaflow,
        DatapathActionParser.parse(actions, ports, controllers), ImmutableList.copyOf(buckets),
        ImmutableList.copyOf(warnings), String.join("\n", lines).strip());
  }
}
