package io.nv.compiler.physical;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.compiler.logical.LogicalCompiler;
import io.nv.compiler.logical.LogicalPipelines;
import io.nv.encap.keys.Keys;
import io.nv.model.validate.ValidatedTopology;
import io.nv.model.validate.Validator;
import io.nv.model.workload.OvnLike;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flow counts of docs/performance.md, "How flow counts grow": for ovn-like(N, M, H) with A
 * ACLs on every switch (M ≥ 4, so that ls0 holds the load balancer's three backends), the logical
 * pipelines have exactly {@code 33 + N · (56 + acl(A) + 23 · M)} flows, where the four rules cost
 * 5 (the DNS rule matches both IP versions) and every further rule 1; hv0's physical stages
 * {@code N · (M + 6) + 4 · L + 6} with L its VIFs, and 2N + 1 groups. Linear in switches, ports
 * and ACLs; the hosts change only which VIFs are local.
 */
class OvnLikeFlowCountTest {
  /** What A ACLs on a switch cost in its ACL stages: 1, 1, 2 and 1 for the four, 1 each after. */
  static int aclFlows(int acls) {
    int[] four = {0, 1, 2, 4, 5};
    return acls <= 4 ? four[acls] : 5 + (acls - 4);
  }

  static long logicalFormula(int n, int m, int acls) {
    return 33 + (long) n * (56 + aclFlows(acls) + 23L * m);
  }

  /** VIF j of switch i is on host (i·M + j) mod H: the VIFs on hv0. */
  static long localVifs(int n, int m, int h) {
    long l = 0;
    for (long v = 0; v < (long) n * m; v++) {
      if (v % h == 0) {
        l++;
      }
    }
    return l;
  }

  @ParameterizedTest(name = "ovn-like({0}, {1}, {2}) with {3} ACLs")
  @CsvSource({
    "1,4,1,4", "3,5,2,4", "10,20,100,4", "100,10,100,4", "20,50,7,4", "7,250,3,4", "300,4,1000,4",
    "5,8,3,0", "5,8,3,1", "5,8,3,2", "5,8,3,3", "5,8,3,5", "5,8,3,16", "5,8,3,64", "40,20,10,256"
  })
  void countsFollowTheFormulas(int n, int m, int h, int acls) {
    ValidatedTopology v = Validator.validate(OvnLike.topology(n, m, h, acls)).get();
    LogicalPipelines logical = LogicalCompiler.compile(v);
    HostTables hv0 = Compilation.of(v, logical, Keys.allocate(v).get()).host("hv0");

    assertThat((long) logical.flowCount()).isEqualTo(logicalFormula(n, m, acls));
    long l = localVifs(n, m, h);
    assertThat((long) hv0.flows().size()).as("hv0's physical flows, %d VIFs local", l).isEqualTo((long) n * (m + 6) + 4 * l + 6);
    assertThat(hv0.flowCount()).as("hv0 has every datapath: lr0 joins every switch").isEqualTo(logical.flowCount() + hv0.flows().size());
    assertThat(hv0.groups()).hasSize(2 * n + 1);
  }

  @ParameterizedTest(name = "{0} ACLs")
  @CsvSource({"4", "5", "32", "200"})
  void eachFurtherAclCostsOneFlowPerSwitchAndNoPhysicalOne(int acls) {
    ValidatedTopology four = Validator.validate(OvnLike.topology(6, 5, 4)).get();
    ValidatedTopology more = Validator.validate(OvnLike.topology(6, 5, 4, acls)).get();
    LogicalPipelines a = LogicalCompiler.compile(four);
    LogicalPipelines b = LogicalCompiler.compile(more);
    assertThat(b.flowCount() - a.flowCount()).isEqualTo(6 * (acls - 4));
    assertThat(Compilation.of(more, b, Keys.allocate(more).get()).host("hv0").flows())
        .hasSameSizeAs(Compilation.of(four, a, Keys.allocate(four).get()).host("hv0").flows());
  }
}
