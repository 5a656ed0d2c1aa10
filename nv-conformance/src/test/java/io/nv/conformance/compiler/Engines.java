package io.nv.conformance.compiler;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.trace.ConntrackTable;
import io.nv.compiler.trace.Trace;
import io.nv.compiler.trace.TraceText;
import io.nv.compiler.trace.Tracer;
import io.nv.model.Topology;
import io.nv.model.fixtures.TestTopologies;
import io.nv.model.packet.Packet;
import io.nv.model.semantics.ConnectionTable;
import io.nv.model.semantics.Evaluation;
import io.nv.model.semantics.Semantics;
import io.nv.model.semantics.Verdict;
import io.nv.model.validate.ValidatedTopology;
import java.util.List;

/**
 * nv's two implementations of one behaviour, behind one face, so a hand test states its expectation
 * once and checks it against both: the reference semantics and the compiled pipelines run by the
 * tracer. Each keeps its own connection state from packet to packet, as a host's conntrack would.
 *
 * <pre>{@code
 * for (Engines.Engine e : Engines.both(TestTopologies.routingNat())) {
 *   assertThat(e.send("a1", syn).toString()).as(e.name()).isEqualTo("verdict: delivered to uplink");
 * }
 * }</pre>
 */
final class Engines {
  private Engines() {}

  /** One implementation with its connection state. */
  interface Engine {
    /** "semantics" or "tracer". */
    String name();

    /** The verdict of {@code packet} entering at {@code port}, keeping connection state. */
    Verdict send(String port, Packet packet);

    /** How the last packet went, for failure messages. */
    String explainLast();

    /** The number of connections committed so far, in every zone. */
    int connections();
  }

  /** Both engines over {@code t}, each with an empty connection table. */
  static List<Engine> both(Topology t) {
    ValidatedTopology v = TestTopologies.validated(t);
    return List.of(new SemanticsEngine(Semantics.of(v)), new TracerEngine(Tracer.of(LogicalCompiler.compile(v))));
  }

  private static final class SemanticsEngine implements Engine {
    private final Semantics semantics;
    private ConnectionTable table = ConnectionTable.EMPTY;
    private String last = "";

    SemanticsEngine(Semantics semantics) {
      this.semantics = semantics;
    }

    @Override
    public String name() {
      return "semantics";
    }

    @Override
    public Verdict send(String port, Packet packet) {
      Evaluation e = semantics.evaluate(port, packet, table);
      table = e.table();
      last = e.explain();
      return CompilerDifferentialProperties.normalize(e.verdict());
    }

    @Override
    public String explainLast() {
      return last;
    }

    @Override
    public int connections() {
      return table.size();
    }
  }

  private static final class TracerEngine implements Engine {
    private final Tracer tracer;
    private ConntrackTable table = ConntrackTable.empty();
    private String last = "";

    TracerEngine(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public String name() {
      return "tracer";
    }

    @Override
    public Verdict send(String port, Packet packet) {
      Trace t = tracer.trace(port, packet, table);
      table = t.table();
      last = TraceText.render(t, false);
      return CompilerDifferentialProperties.normalize(t.verdict());
    }

    @Override
    public String explainLast() {
      return last;
    }

    @Override
    public int connections() {
      return table.size();
    }
  }
}
