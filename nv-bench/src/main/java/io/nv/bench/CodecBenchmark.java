package io.nv.bench;

import io.nv.encap.codec.DecodeError;
import io.nv.encap.codec.GeneveFlyweight;
import io.nv.encap.codec.OvnOption;
import io.nv.encap.codec.TunnelReader;
import io.nv.encap.codec.TunnelWriter;
import io.nv.model.addr.Ipv4Address;
import io.nv.model.addr.MacAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The flyweight face's hot path: encode outer Ethernet / IPv4 / UDP / Geneve with one OVN option
 * (IPv4 header checksum computed, UDP checksum zero) in front of a 64-byte inner frame in a {@link
 * ByteBuffer}, then read it back with {@link TunnelReader} (IPv4 checksum verified) and pull out
 * the VNI and the OVN egress key. One operation is one encode plus one decode. The goal is 20 M
 * operations per second per core and no allocation ({@code gc.alloc.rate.norm} ≈ 0 B/op).
 *
 * <p>Run it with:
 *
 * <pre>{@code
 * mvn -B -ntp package -pl nv-bench -am -DskipTests
 * java -jar nv-bench/target/benchmarks.jar CodecBenchmark -f 1 -wi 3 -i 5 -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
  private static final int INNER_LENGTH = 64;

  private final TunnelWriter writer =
      TunnelWriter.of(
          MacAddress.parse("02:00:00:00:00:01"),
          MacAddress.parse("02:00:00:00:00:02"),
          Ipv4Address.parse("192.168.0.1"),
          Ipv4Address.parse("192.168.0.2"));
  private final TunnelReader reader = new TunnelReader().verifyChecksums(true);
  private final int headroom = writer.geneveHeaderLength(OvnOption.LENGTH);
  private final ByteBuffer buffer = ByteBuffer.allocate(headroom + INNER_LENGTH);
  private int counter;

  /** Puts an inner frame where the writer expects it. */
  @Setup
  public void setUp() {
    for (int i = 0; i < INNER_LENGTH; i++) {
      buffer.put(headroom + i, (byte) i);
    }
  }

  /** Encodes the outer headers, decodes them back and returns the VNI plus the egress key. */
  @Benchmark
  public int encodeAndDecodeGeneve() {
    int n = counter++;
    int vni = n & 0xFFFFFF;
    int sourcePort = 49152 | (n & 0x3FFF);
    writer.writeGeneveOvn(
        buffer, 0, sourcePort, vni, OvnOption.value(n & 0x7FFF, n >>> 8 & 0xFFFF), INNER_LENGTH);
    if (reader.read(buffer, 0, buffer.limit()) != DecodeError.Kind.NONE) {
      throw new IllegalStateException(reader.faultMessage());
    }
    GeneveFlyweight g = reader.geneve();
    int at = g.findOption(OvnOption.OPTION_CLASS, OvnOption.OPTION_TYPE);
    return reader.vni() + OvnOption.egressPort(g.optionInt(at)) + reader.innerOffset();
  }
}
