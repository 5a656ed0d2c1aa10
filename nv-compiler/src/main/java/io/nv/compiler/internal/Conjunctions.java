package io.nv.compiler.internal;

import com.google.common.collect.ImmutableList;
import io.nv.compiler.flow.Action;
import io.nv.compiler.flow.Actions;
import io.nv.compiler.flow.Field;
import io.nv.compiler.flow.FieldMatch;
import io.nv.compiler.flow.FlowMatches;
import io.nv.compiler.flow.Stage;
import io.nv.model.ModelPath;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a translated match into flows. A conjunction with at most one set-valued field becomes one
 * flow per value of that field; one with {@code n >= 2} set-valued fields of sizes {@code s1…sn}
 * becomes a conjunctive match: {@code s1 + … + sn} clause flows ({@code conjunction(id, k/n)}) and
 * one flow on {@code conj_id} that runs the actions, so the count grows with the sum of the sizes,
 * not their product.
 *
 * <pre>{@code
 * Conjunctions.emit(builder, stage, 2000, dnf, actions, rulePath);
 * Conjunctions.count(dnf);   // the number of flows emit adds
 * }</pre>
 */
public final class Conjunctions {
  private Conjunctions() {}

  /** Adds the flows of {@code dnf} at {@code priority} in {@code stage} of {@code b}. */
  public static void emit(
      DatapathBuilder b, Stage stage, int priority, List<Conj> dnf, List<Action> actions,
      ModelPath provenance) {
    // One list for all the flows of the rule.
    ImmutableList<Action> shared = ImmutableList.copyOf(actions);
    for (Conj c : dnf) {
      List<FieldMatch> singles = new ArrayList<>();
      List<List<FieldMatch>> dims = new ArrayList<>();
      for (Field f : c.fields()) {
        ImmutableList<FieldMatch> alts = c.get(f);
        if (alts == null) {
          continue;
        }
        if (alts.size() == 1) {
          singles.add(alts.get(0));
        } else {
          dims.add(alts);
        }
      }
      if (dims.isEmpty()) {
        b.flow(stage, priority, b.match(singles), shared, provenance);
      } else if (dims.size() == 1) {
        for (FieldMatch alt : dims.get(0)) {
          b.flow(stage, priority, b.match(with(singles, alt)), shared, provenance);
        }
      } else {
        int id = b.conjunctionId();
        int n = dims.size();
        for (int k = 0; k < n; k++) {
          List<Action> clause = ImmutableList.of(Actions.conjunction(id, k + 1, n));
          for (FieldMatch alt : dims.get(k)) {
            b.flow(stage, priority, b.match(with(singles, alt)), clause, provenance);
          }
        }
        b.flow(stage, priority, b.match(FlowMatches.conjId(id)), shared, provenance);
      }
    }
  }

  /** The number of flows {@link #emit} adds for {@code dnf} (before merging equal flows). */
  public static int count(List<Conj> dnf) {
    int total = 0;
    for (Conj c : dnf) {
      int dims = 0;
      int sum = 0;
      int single = 1;
      for (Field f : c.fields()) {
        List<FieldMatch> alts = c.get(f);
        if (alts != null && alts.size() > 1) {
          dims++;
          sum += alts.size();
          single = alts.size();
        }
      }
      total += dims >= 2 ? sum + 1 : single;
    }
    return total;
  }

  private static List<FieldMatch> with(List<FieldMatch> singles, FieldMatch alt) {
    List<FieldMatch> l = new ArrayList<>(singles.size() + 1);
    l.addAll(singles);
    l.add(alt);
    return l;
  }
}
