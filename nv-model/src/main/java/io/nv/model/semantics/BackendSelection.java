package io.nv.model.semantics;

import com.google.common.collect.ImmutableList;
import io.nv.model.lb.Backend;
import io.nv.model.lb.LoadBalancer;
import io.nv.model.lb.SelectionField;
import io.nv.model.lb.Vip;
import io.nv.model.packet.Packet;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Backend selection as docs/semantics.md fixes it: the healthy backends in the order listed, each
 * repeated {@code weight} times, form the buckets; the bucket is the 32-bit FNV-1a hash of the
 * selection fields' bytes (unsigned) modulo the bucket count.
 */
final class BackendSelection {
  static final int FNV_OFFSET_BASIS = 0x811c9dc5;
  static final int FNV_PRIME = 0x01000193;

  private static final Set<SelectionField> DEFAULT_FIELDS =
      EnumSet.of(
          SelectionField.IP_SRC, SelectionField.IP_DST, SelectionField.TP_SRC, SelectionField.TP_DST);

  private BackendSelection() {}

  /** The backend for {@code packet} (as it reaches the load balancer), or empty when none is up. */
  static Optional<Backend> choose(LoadBalancer lb, Vip vip, Packet packet) {
    ImmutableList<Backend> buckets = buckets(vip);
    if (buckets.isEmpty()) {
      return Optional.empty();
    }
    int hash = fnv1a(selectionBytes(lb, packet));
    return Optional.of(buckets.get(Integer.remainderUnsigned(hash, buckets.size())));
  }

  /** The healthy backends in order, each {@code weight} times. */
  static ImmutableList<Backend> buckets(Vip vip) {
    ImmutableList.Builder<Backend> b = ImmutableList.builder();
    for (Backend be : vip.backends()) {
      if (be.healthy()) {
        for (int i = 0; i < be.weight(); i++) {
          b.add(be);
        }
      }
    }
    return b.build();
  }

  /**
   * The hashed bytes: eth.src (6), eth.dst (6), ip.src (4 or 16), ip.dst (4 or 16), L4 source (2,
   * big-endian), L4 destination (2), each only when selected. An affinity timeout selects ip.src
   * alone; no selection fields mean ip.src, ip.dst and both L4 ports.
   */
  static byte[] selectionBytes(LoadBalancer lb, Packet packet) {
    Set<SelectionField> fields;
    if (lb.affinityTimeout().isPresent()) {
      fields = EnumSet.of(SelectionField.IP_SRC);
    } else if (lb.selectionFields().isEmpty()) {
      fields = DEFAULT_FIELDS;
    } else {
      fields = EnumSet.copyOf(lb.selectionFields());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Packet.Ip ip = packet.ip().orElseThrow(() -> new IllegalArgumentException("not IP: " + packet));
    int[] ports = l4Ports(packet);
    // EnumSet iterates in declaration order, which is the order the contract fixes.
    for (SelectionField f : fields) {
      switch (f) {
        case ETH_SRC -> out.writeBytes(packet.ethSrc().toBytes());
        case ETH_DST -> out.writeBytes(packet.ethDst().toBytes());
        case IP_SRC -> out.writeBytes(ip.src().toBytes());
        case IP_DST -> out.writeBytes(ip.dst().toBytes());
        case TP_SRC -> writeShort(out, ports[0]);
        case TP_DST -> writeShort(out, ports[1]);
      }
    }
    return out.toByteArray();
  }

  /**
   * The bytes ECMP hashes (docs/semantics.md, Routing): ip.src, ip.dst, L4 source and destination
   * (0 for packets without transport ports), as the default selection of a load balancer.
   */
  static byte[] flowBytes(Packet packet) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Packet.Ip ip = packet.ip().orElseThrow(() -> new IllegalArgumentException("not IP: " + packet));
    int[] ports = l4Ports(packet);
    out.writeBytes(ip.src().toBytes());
    out.writeBytes(ip.dst().toBytes());
    writeShort(out, ports[0]);
    writeShort(out, ports[1]);
    return out.toByteArray();
  }

  private static int[] l4Ports(Packet p) {
    if (p.tcp().isPresent()) {
      return new int[] {p.tcp().get().src(), p.tcp().get().dst()};
    }
    if (p.udp().isPresent()) {
      return new int[] {p.udp().get().src(), p.udp().get().dst()};
    }
    return new int[] {0, 0};
  }

  private static void writeShort(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }

  /** 32-bit FNV-1a. */
  static int fnv1a(byte[] bytes) {
    int h = FNV_OFFSET_BASIS;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }
}
