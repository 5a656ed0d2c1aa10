package io.nv.conformance.ovs;

import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import io.nv.encap.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline checks of {@code ovs-ofctl} flow files, no switch needed: {@code ovs-ofctl -O
 * OpenFlow13 parse-flows FILE}, where a syntax error fails with its line, and — what the tool
 * itself lets pass — a match whose field lacks its prerequisite ({@code tp_dst} without {@code
 * tcp}), which OVS silently drops ("normalization changed ofp_match"), is a problem too. So are
 * three things seen in real exports that {@code parse-flows} exits 0 on: a flow it cannot encode
 * ({@code ***decode error: OFPBMC_BAD_PREREQ***}, as {@code ct_nw_dst} without a valid {@code
 * ct_state}: a switch refuses the whole file), a field given twice ({@code
 * reg10=0x2/0x2,reg10=0/0x4}: only the last test stays) and a field missing from the flow OVS
 * printed without any message ({@code ct_tp_dst} without {@code ct_nw_proto}).
 *
 * <pre>{@code
 * OfCtl.checkFlows(exportDir.resolve("hv1/flows.txt"));   // AssertionError listing every problem
 * List<OfCtl.Problem> p = OfCtl.parseFlows(path).problems();
 * }</pre>
 *
 * <p>OVS rate-limits its normalization log (about five messages per run): past that many, the
 * report says more lines may be affected.
 */
public final class OfCtl {
  /** Normalization messages OVS logs before its rate limit drops the rest. */
  static final int LOG_BURST = 5;

  private static final Pattern ERROR_LINE = Pattern.compile(":(\\d+): (.*)$");
  private static final Pattern FLOW_MOD = Pattern.compile("^OFPT_FLOW_MOD .*?: ADD (.*)$");
  private static final Pattern DECODE_ERROR =
      Pattern.compile("^OFPT_FLOW_MOD .*?: \\*\\*\\*decode error: (\\S+)\\*\\*\\*");
  /** Match fields OVS prints under another name (protocol words, VLAN forms, DSCP). */
  private static final java.util.Set<String> RENAMED =
      java.util.Set.of("dl_type", "nw_proto", "vlan_tci", "dl_vlan", "dl_vlan_pcp", "ip_dscp", "nw_tos");
  /** Flow options that are not match fields. */
  private static final java.util.Set<String> OPTIONS = java.util.Set.of("table", "priority",
      "cookie", "idle_timeout", "hard_timeout", "importance", "out_port", "out_group", "send_flow_rem",
      "check_overlap", "reset_counts", "no_packet_counts", "no_byte_counts");

  private OfCtl() {}

  /**
   * A problem in a flow file.
   *
   * @param line the 1-based line, or 0 when OVS did not say which
   * @param flow the line's text (empty when the line is unknown)
   * @param message what is wrong and how to fix it
   */
  public record Problem(int line, String flow, String message) {
    @Override
    public String toString() {
      return (line > 0 ? "line " + line + ": " : "") + message
          + (flow.isEmpty() ? "" : "\n      " + flow);
    }
  }

  /**
   * The outcome of {@code parse-flows}.
   *
   * @param file the file checked
   * @param flows how many flows OVS parsed
   * @param problems every problem found
   * @param incomplete whether OVS's rate limit may have hidden more normalization problems
   */
  public record Result(Path file, int flows, ImmutableList<Problem> problems, boolean incomplete) {
    /** True when the file parses and no match lost a field. */
    public boolean clean() {
      return problems.isEmpty();
    }
  }

  /** Parses {@code flowsTxt} with {@code ovs-ofctl -O OpenFlow13 parse-flows}. */
  public static Result parseFlows(Path flowsTxt) {
    Path ofctl = Tools.require("ovs-ofctl", "openvswitch-common");
    List<String> input;
    Path out;
    Path err;
    int exit;
    try {
      input = Files.readAllLines(flowsTxt, StandardCharsets.UTF_8);
      out = Files.createTempFile("nv-parse-flows", ".out");
      err = Files.createTempFile("nv-parse-flows", ".err");
      try {
        Process p = new ProcessBuilder(ofctl.toString(), "-O", "OpenFlow13", "parse-flows",
            flowsTxt.toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new OvsException("ovs-ofctl parse-flows " + flowsTxt, "no answer in 300 s");
        }
        exit = p.exitValue();
        return interpret(flowsTxt, input, Files.readAllLines(out, StandardCharsets.UTF_8),
            Files.readAllLines(err, StandardCharsets.UTF_8), exit);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run ovs-ofctl parse-flows on " + flowsTxt, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ovs-ofctl parsed " + flowsTxt, e);
    }
  }

  /** Runs {@link #parseFlows} and fails with every problem when there is one. */
  public static Result checkFlows(Path flowsTxt) {
    Result r = parseFlows(flowsTxt);
    if (!r.clean()) {
      throw new AssertionError(flowsTxt + " has " + r.problems().size() + " problem(s)"
          + (r.incomplete() ? " (OVS rate-limits its log: more lines may be affected)" : "")
          + ":\n  " + Joiner.on("\n  ").join(r.problems()));
    }
    return r;
  }

  static Result interpret(Path file, List<String> input, List<String> stdout, List<String> stderr,
      int exit) {
    List<Problem> problems = new ArrayList<>();
    if (exit != 0) {
      Matcher m = ERROR_LINE.matcher(stderr.isEmpty() ? "" : last(stderr));
      boolean located = m.find();
      int line = located ? Integer.parseInt(m.group(1)) : 0;
      problems.add(new Problem(line, line > 0 && line <= input.size() ? input.get(line - 1) : "",
          "ovs-ofctl cannot parse it: "
              + (located ? m.group(2) : String.join("\n", stderr).strip())));
    }
    // The flows in file order: OVS makes one flow_mod per line that is not blank or a comment.
    List<Integer> flowLines = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      String s = input.get(i).strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        flowLines.add(i + 1);
      }
    }
    List<String> printed = new ArrayList<>();
    for (String line : stdout) {
      Matcher m = FLOW_MOD.matcher(line);
      Matcher d = DECODE_ERROR.matcher(line);
      if (m.find()) {
        printed.add(match(m.group(1)));
      } else if (d.find()) {
        int k = printed.size();
        int at = k < flowLines.size() ? flowLines.get(k) : 0;
        problems.add(new Problem(at, at > 0 ? input.get(at - 1) : "", "OVS cannot encode it ("
            + d.group(1) + "): a switch refuses the file; "
            + (d.group(1).contains("PREREQ")
                ? "a field lacks a prerequisite (ct_nw_*/ct_tp_* need a ct_state that implies a"
                    + " valid connection, +trk-inv or +est…)"
                : "see ovs-fields(7)")));
        printed.add(null);
      }
    }
    List<String[]> normalized = normalizations(stderr);
    int cursor = 0;
    for (String[] change : normalized) {
      String pre = change[0];
      String post = change[1];
      List<String> dropped = new ArrayList<>(Splitter.on(',').splitToList(pre));
      dropped.removeAll(Splitter.on(',').splitToList(post));
      int found = -1;
      for (int k = cursor; k < printed.size() && k < flowLines.size(); k++) {
        String source = input.get(flowLines.get(k) - 1);
        if (post.equals(printed.get(k)) && dropped.stream().allMatch(d -> hasValue(source, d))) {
          found = k;
          break;
        }
      }
      String message = "OVS dropped " + Joiner.on(", ").join(dropped)
          + " from the match (its prerequisite is missing: add tcp, udp, ip, ipv6 or arp"
          + " before it); OVS matched `" + post + "` instead of `" + pre + "`";
      if (found < 0) {
        problems.add(new Problem(0, "", message));
      } else {
        int line = flowLines.get(found);
        problems.add(new Problem(line, input.get(line - 1), message));
        cursor = found + 1;
      }
    }
    java.util.Set<Integer> reported = new java.util.HashSet<>();
    problems.forEach(p -> reported.add(p.line()));
    for (int k = 0; k < printed.size() && k < flowLines.size(); k++) {
      String got = printed.get(k);
      if (got != null && !reported.contains(flowLines.get(k))) {
        problems.addAll(lostFields(flowLines.get(k), input.get(flowLines.get(k) - 1), got));
      }
    }
    problems.sort(java.util.Comparator.comparingInt(Problem::line));
    return new Result(file, printed.size(), ImmutableList.copyOf(problems),
        normalized.size() >= LOG_BURST);
  }

  /** Fields of {@code source}'s match given twice, or missing from the match OVS printed. */
  private static List<Problem> lostFields(int line, String source, String printed) {
    List<Problem> out = new ArrayList<>();
    int actions = source.indexOf("actions=");
    String head = actions < 0 ? source : source.substring(0, actions);
    java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (String item : DatapathActionParser.splitTopLevel(head.replace(' ', ','))) {
      String s = item.strip();
      int eq = s.indexOf('=');
      if (eq > 0 && !OPTIONS.contains(s.substring(0, eq))) {
        counts.merge(s.substring(0, eq), 1, Integer::sum);
      }
    }
    java.util.Set<String> kept = new java.util.HashSet<>();
    for (String item : DatapathActionParser.splitTopLevel(printed)) {
      int eq = item.indexOf('=');
      if (eq > 0) {
        kept.add(item.substring(0, eq).strip());
      }
    }
    counts.forEach((field, n) -> {
      if (n > 1) {
        out.add(new Problem(line, source, "the match tests " + field + " " + n + " times:"
            + " ovs-ofctl keeps only the last; merge the tests into one value/mask"));
      } else if (!RENAMED.contains(field) && !kept.contains(field)) {
        out.add(new Problem(line, source, "OVS dropped " + field + " from the match without a"
            + " message (a prerequisite is missing: ct_tp_* needs ct_nw_proto); OVS matched `"
            + printed + "`"));
      }
    });
    return out;
  }

  private static boolean hasValue(String source, String field) {
    int eq = field.indexOf('=');
    String value = eq < 0 ? field : field.substring(eq + 1);
    return source.contains("=" + value);
  }

  /** The match of a printed flow_mod, without table, priority, cookie and other flow options. */
  private static String match(String add) {
    int actions = add.indexOf(" actions=");
    String head = actions < 0 ? add : add.substring(0, actions);
    String match = "";
    for (String word : Splitter.on(' ').omitEmptyStrings().split(head)) {
      if (word.contains("=") || !word.matches("[a-z_]+:.*")) {
        match = word;
      }
    }
    match = match.replaceFirst("^priority=\\d+,?", "");
    return match;
  }

  private static List<String[]> normalizations(List<String> stderr) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i + 2 < stderr.size(); i++) {
      if (stderr.get(i).contains("normalization changed ofp_match")) {
        String pre = after(stderr.get(i + 1), "pre: ");
        String post = after(stderr.get(i + 2), "post: ");
        out.add(new String[] {pre, post});
        i += 2;
      }
    }
    return out;
  }

  private static String after(String line, String marker) {
    int at = line.indexOf(marker);
    return at < 0 ? "" : line.substring(at + marker.length()).strip();
  }

  private static String last(List<String> lines) {
    return lines.get(lines.size() - 1);
  }
}
