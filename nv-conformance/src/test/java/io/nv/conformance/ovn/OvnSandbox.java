package io.nv.conformance.ovn;

import io.nv.encap.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private OVN control plane for tests: NB and SB {@code ovsdb-server}s and {@code ovn-northd},
 * all in one temporary folder (databases, sockets, pidfiles, logs), no system service touched. It
 * loads exports (a JSON-RPC {@code transact} on the NB socket), waits for northd ({@code ovn-nbctl --wait=sb
 * sync}) and runs {@code ovn-trace}. {@link #close()} stops every daemon by the PID in its pidfile
 * (never by name) and deletes the folder; a shutdown hook does the same if the JVM exits first.
 *
 * <pre>{@code
 * try (OvnSandbox ovn = OvnSandbox.start()) {
 *   ovn.load(export.transaction());
 *   String out = ovn.trace(List.of("--summary", "--ct=new"), "inport == \"web1\" && …");
 * }
 * }</pre>
 *
 * <p>Missing tools fail the test in CI and skip it elsewhere ({@link Tools#require}).
 */
public final class OvnSandbox implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> DAEMONS = List.of("ovn-northd", "sb", "nb");

  /**
   * The NB root tables an export may fill; clearing them (and the rows they own) empties the
   * database but for NB_Global.
   */
  private static final List<String> ROOT_TABLES =
      List.of(
          "Logical_Switch",
          "Logical_Router",
          "Port_Group",
          "Address_Set",
          "Load_Balancer",
          "Static_MAC_Binding");

  private final Path dir;
  private final Map<String, Path> tools;
  private final Thread hook;
  private boolean closed;

  private OvnSandbox(Path dir, Map<String, Path> tools) {
    this.dir = dir;
    this.tools = tools;
    this.hook = new Thread(this::stopDaemons, "ovn-sandbox-cleanup");
  }

  /** The tools the sandbox needs, each required ({@link Tools#require}). */
  static Map<String, Path> requireTools() {
    Map<String, Path> t = new LinkedHashMap<>();
    for (String name : List.of("ovsdb-tool", "ovsdb-server", "ovsdb-client")) {
      t.put(name, Tools.require(name, "openvswitch-common"));
    }
    t.put("ovn-northd", Tools.require("ovn-northd", "ovn-central"));
    for (String name : List.of("ovn-nbctl", "ovn-sbctl", "ovn-trace", "ovn-appctl")) {
      t.put(name, Tools.require(name, "ovn-common"));
    }
    return t;
  }

  /** Starts the databases and northd in a new temporary folder. */
  public static OvnSandbox start() {
    Map<String, Path> tools = requireTools();
    Path dir;
    try {
      dir = Files.createTempDirectory("nv-ovn-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OvnSandbox s = new OvnSandbox(dir, tools);
    Runtime.getRuntime().addShutdownHook(s.hook);
    try {
      s.startDaemons();
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void startDaemons() {
    for (String db : List.of("nb", "sb")) {
      run(
          List.of(
              tool("ovsdb-tool"),
              "create",
              dir.resolve(db + ".db").toString(),
              "/usr/share/ovn/ovn-" + db + ".ovsschema"));
      run(
          List.of(
              tool("ovsdb-server"),
              "--remote=punix:" + socket(db),
              "--pidfile=" + dir.resolve(db + ".pid"),
              "--log-file=" + dir.resolve(db + ".log"),
              "--unixctl=" + dir.resolve(db + ".ctl"),
              "--detach",
              dir.resolve(db + ".db").toString()));
    }
    nbctl("init");
    run(
        List.of(
            tool("ovn-northd"),
            "--detach",
            "--pidfile=" + dir.resolve("ovn-northd.pid"),
            "--log-file=" + northdLogFile(),
            "--unixctl=" + northdCtl(),
            "--ovnnb-db=unix:" + socket("nb"),
            "--ovnsb-db=unix:" + socket("sb")));
    sync();
  }

  /** The folder holding the databases, sockets and logs. */
  public Path dir() {
    return dir;
  }

  /** The NB database socket, as a remote ({@code unix:…}). */
  public String nbRemote() {
    return "unix:" + socket("nb");
  }

  /** The SB database socket, as a remote ({@code unix:…}). */
  public String sbRemote() {
    return "unix:" + socket("sb");
  }

  /** northd's control socket (for {@code ovn-appctl -t}). */
  public Path northdCtl() {
    return dir.resolve("ovn-northd.ctl");
  }

  private Path northdLogFile() {
    return dir.resolve("ovn-northd.log");
  }

  private Path socket(String db) {
    return dir.resolve(db + ".sock");
  }

  private String tool(String name) {
    Path p = tools.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown tool " + name);
    }
    return p.toString();
  }

  /** Runs {@code transaction} on NB (as {@code ovsdb-client transact} does), then waits for northd. */
  public void load(String transaction) {
    transact(transaction);
    sync();
    mirrorStaticMacBindings();
  }

  /**
   * Copies every SB {@code Static_MAC_Binding} into {@code MAC_Binding}: ovn-controller resolves
   * next hops from both tables ({@code get_arp}), ovn-trace only from {@code MAC_Binding}, so
   * without the copy it traces an exported static neighbour as unknown and sends an ARP request.
   * (The copies are the sandbox's: {@link #clear()} deletes them.)
   */
  void mirrorStaticMacBindings() {
    var rows =
        OvsdbRpc.transact(
                socket("sb"),
                "[\"OVN_Southbound\",{\"op\":\"select\",\"table\":\"Static_MAC_Binding\",\"where\":[],"
                    + "\"columns\":[\"logical_port\",\"ip\",\"mac\",\"datapath\"]}]")
            .get(0)
            .get("rows");
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder tx = new StringBuilder("[\"OVN_Southbound\"");
    for (var row : rows) {
      tx.append(",{\"op\":\"insert\",\"table\":\"MAC_Binding\",\"row\":").append(row.toString()).append('}');
    }
    OvsdbRpc.transact(socket("sb"), tx.append(']').toString());
  }

  /**
   * Runs {@code transaction} on NB, over the database socket ({@link OvsdbRpc}: no command line
   * holds it, so large exports load); fails if any operation fails. Returns the results, one per
   * operation, as JSON text.
   */
  public String transact(String transaction) {
    return OvsdbRpc.transact(socket("nb"), transaction).toString();
  }

  /** Runs an {@code ovn-nbctl} script against the NB database, then waits for northd. */
  public void loadScript(Path script) {
    run(List.of("sh", script.toString(), "--db=" + nbRemote()));
    sync();
    mirrorStaticMacBindings();
  }

  /** Deletes every row but NB_Global's (rows owned by the root rows go with them). */
  public void clear() {
    OvsdbRpc.transact(socket("sb"), "[\"OVN_Southbound\",{\"op\":\"delete\",\"table\":\"MAC_Binding\",\"where\":[]}]");
    StringBuilder tx = new StringBuilder("[\"OVN_Northbound\"");
    for (String table : ROOT_TABLES) {
      tx.append(",{\"op\":\"delete\",\"table\":\"").append(table).append("\",\"where\":[]}");
    }
    transact(tx.append(']').toString());
    sync();
  }

  /** Waits until northd has written the SB database for the current NB contents. */
  public void sync() {
    nbctl("--wait=sb", "sync");
  }

  /** Runs {@code ovn-nbctl} with {@code args} against the NB database; its standard output. */
  public String nbctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool("ovn-nbctl"), "--db=" + nbRemote()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Runs {@code ovn-sbctl} with {@code args} against the SB database; its standard output. */
  public String sbctl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool("ovn-sbctl"), "--db=" + sbRemote()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Runs {@code ovn-appctl -t northd} with {@code args}; its standard output. */
  public String northdCtl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool("ovn-appctl"), "-t", northdCtl().toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Runs {@code ovsdb-client} with {@code args} (the NB remote is not added); its output. */
  public String ovsdbClient(String... args) {
    List<String> cmd = new ArrayList<>(List.of(tool("ovsdb-client")));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** Runs {@code ovn-trace} against the SB database with {@code options} and {@code microflow}. */
  public String trace(List<String> options, String microflow) {
    List<String> cmd = new ArrayList<>(List.of(tool("ovn-trace"), "--db=" + sbRemote()));
    cmd.addAll(options);
    cmd.add(microflow);
    return run(cmd);
  }

  /** The lines of northd's log at level WARN, ERR or EMER: what an export must never cause. */
  public List<String> northdProblems() {
    try {
      return Files.readAllLines(northdLogFile(), StandardCharsets.UTF_8).stream()
          .filter(l -> l.contains("|WARN|") || l.contains("|ERR|") || l.contains("|EMER|"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String run(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    // Keep every default path of the OVS/OVN tools inside the sandbox.
    for (String v : List.of("OVS_RUNDIR", "OVS_LOGDIR", "OVS_DBDIR", "OVN_RUNDIR", "OVN_LOGDIR", "OVN_DBDIR")) {
      env.put(v, dir.toString());
    }
    env.remove("OVN_NB_DB");
    env.remove("OVN_SB_DB");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // Small outputs: reading stderr after stdout cannot deadlock at these sizes, but read both
      // concurrently anyway to be safe with long traces.
      var err = new java.util.concurrent.CompletableFuture<String>();
      Thread t =
          new Thread(
              () -> {
                try {
                  err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                  err.complete("");
                }
              });
      t.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      t.join();
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + out + err.join());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops every daemon (by pidfile) and deletes the folder. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopDaemons();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
    deleteDir();
  }

  private void stopDaemons() {
    for (String d : DAEMONS) {
      pid(dir.resolve(d + ".pid"))
          .flatMap(ProcessHandle::of)
          .filter(OvnSandbox::isOurs)
          .ifPresent(OvnSandbox::stop);
    }
  }

  /** A process started from one of the sandbox's binaries (guards against a reused PID). */
  private static boolean isOurs(ProcessHandle h) {
    String cmd = h.info().command().orElse("");
    return cmd.endsWith("ovsdb-server") || cmd.endsWith("ovn-northd");
  }

  private static void stop(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      h.destroyForcibly();
    }
  }

  private static Optional<Long> pid(Path pidfile) {
    try {
      if (!Files.exists(pidfile)) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(Files.readString(pidfile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void deleteDir() {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
