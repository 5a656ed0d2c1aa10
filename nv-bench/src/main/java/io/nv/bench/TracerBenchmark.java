package io.nv.bench;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.compiler.physical.Compilation;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.HostConntrack;
import io.nv.compiler.trace.HostTrace;
import io.nv.compiler.trace.HostTracer;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.Tracer;
import io.nv.encap.keys.Keys;
import io.nv.encap.keys.VxlanMode;
import io.nv.model.Topology;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.PortKind;
import io.nv.model.l2.SwitchPort;
import io.nv.model.packet.Packet;
import io.nv.model.packet.Packets;
import io.nv.model.validate.ValidatedTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tracer throughput, packets per second: 1,024 packets between random VIFs of an ovn-like
 * topology (same switch or routed through {@code lr0}; TCP 80, TCP 22, UDP 53 or ICMP echo, so
 * ACLs allow some, drop others and the load balancer's VIP is not hit), each traced from an empty
 * conntrack table, through the logical pipelines ({@code logical}) or the hosts' physical tables
 * across tunnels ({@code hostLevel}). One operation is one packet.
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -jar nv-bench/target/benchmarks.jar TracerBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TracerBenchmark {
  /** Packets traced in turn. */
  static final int PACKETS = 1024;

  /** The ovn-like size, switches x ports x hosts. */
  @Param({"100x50x100"})
  public String size = "100x50x100";

  private Tracer tracer = Tracer.of(LogicalPipelines.of(List.of()));
  private HostTracer hostTracer = HostTracer.of(compilation(OvnLikeSize.parse("1x1x1").validated()));
  private List<Packet> packets = List.of();
  private int next;

  /** Compiles the topology and makes the packets (not timed). */
  @Setup
  public void setUp() {
    ValidatedTopology v = OvnLikeSize.parse(size).validated();
    Compilation c = compilation(v);
    tracer = Tracer.of(c.logical());
    hostTracer = HostTracer.of(c);
    packets = packets(v.topology(), new SplittableRandom(42));
  }

  private static Compilation compilation(ValidatedTopology v) {
    LogicalPipelines logical = LogicalCompiler.compile(v);
    return Compilation.of(v, logical, Keys.allocate(v, VxlanMode.OVN_SPLIT, Optional.empty()).get());
  }

  /** Random VIF-to-VIF packets, {@code inport} set. */
  static List<Packet> packets(Topology t, SplittableRandom random) {
    List<SwitchPort> vifs = t.switches().stream()
        .flatMap(s -> s.ports().stream()).filter(p -> p.kind() == PortKind.VIF).toList();
    List<Packet> out = new ArrayList<>(PACKETS);
    for (int i = 0; i < PACKETS; i++) {
      SwitchPort from = vifs.get(random.nextInt(vifs.size()));
      SwitchPort to = vifs.get(random.nextInt(vifs.size()));
      LogicalSwitch s = t.switchOfPort(from.id()).orElseThrow();
      boolean local = s.ports().contains(to);
      MacAddress src = from.mac().orElseThrow();
      MacAddress dst = local ? to.mac().orElseThrow() : routerMac(t, s);
      IpAddress a = from.ips().get(0);
      IpAddress b = to.ips().get(0);
      int sport = 32768 + random.nextInt(16384);
      Packet p = switch (random.nextInt(4)) {
        case 0 -> Packets.tcp(src, dst, a, b, sport, 80);
        case 1 -> Packets.tcp(src, dst, a, b, sport, 22);
        case 2 -> Packets.udp(src, dst, a, b, sport, 53);
        default -> Packets.icmpEcho(src, dst, a, b);
      };
      out.add(p.withInport(from.id()));
    }
    return out;
  }

  private static MacAddress routerMac(Topology t, LogicalSwitch s) {
    return s.ports().stream()
        .filter(p -> p.kind() == PortKind.ROUTER)
        .flatMap(p -> p.routerPort().stream())
        .flatMap(id -> t.routerPortById(id).stream())
        .findFirst()
        .orElseThrow()
        .mac();
  }

  private Packet nextPacket() {
    Packet p = packets.get(next);
    next = (next + 1) % packets.size();
    return p;
  }

  /** Traces one packet through the logical pipelines. */
  @Benchmark
  public Trace logical() {
    Packet p = nextPacket();
    return tracer.trace(p.inport().orElseThrow(), p, ConntrackTable.empty());
  }

  /** Traces one packet through the hosts' physical tables. */
  @Benchmark
  public HostTrace hostLevel() {
    Packet p = nextPacket();
    return hostTracer.trace(p.inport().orElseThrow(), p, HostConntrack.empty());
  }
}
