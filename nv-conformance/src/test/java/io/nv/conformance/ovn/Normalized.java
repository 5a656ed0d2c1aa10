package io.nv.conformance.ovn;

import com.google.common.collect.ImmutableList;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.Verdict;

/** Verdicts compared without the packets' logical inport/outport annotations (as the differential property does). */
final class Normalized {
  private Normalized() {}

  static Verdict of(Verdict v) {
    if (v instanceof Verdict.Delivered d) {
      return new Verdict.Delivered(
          d.outputs().stream()
              .map(o -> new Verdict.Output(o.port(), strip(o.packet())))
              .collect(ImmutableList.toImmutableList()));
    }
    if (v instanceof Verdict.Replied r) {
      return new Verdict.Replied(r.by(), strip(r.reply()));
    }
    return v;
  }

  private static Packet strip(Packet p) {
    return p.withoutInport().withoutOutport();
  }
}
