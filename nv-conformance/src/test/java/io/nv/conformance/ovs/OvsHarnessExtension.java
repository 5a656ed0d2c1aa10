package io.nv.conformance.ovs;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link OvsHarness}, started on first use and closed when the class's
 * tests are done — also when they fail or a {@code @BeforeAll} throws. When OVS is missing the
 * class is skipped, or fails with {@code CI=true}.
 *
 * <pre>{@code
 * @ExtendWith(OvsHarnessExtension.class)
 * class ExportRunsInOvsTest {
 *   static OvsHarness ovs;
 *
 *   @BeforeAll
 *   static void hosts(OvsHarness harness) {
 *     ovs = harness;
 *     ovs.addHost(exportDir.resolve("hv1"));
 *   }
 *
 *   @Test
 *   void webReachesApp() {
 *     assertThat(ovs.trace("hv1", flow).outputInterfaces()).containsExactly("vif2");
 *   }
 * }
 * }</pre>
 */
public final class OvsHarnessExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OvsHarnessExtension.class);

  /**
   * Starts the harness before the class's {@code @BeforeAll} methods: a missing tool aborts (or,
   * with {@code CI=true}, fails) the class here, where JUnit reports it as such; from a parameter
   * resolver it would be wrapped into an error.
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    harness(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == OvsHarness.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return harness(context);
  }

  private static OvsHarness harness(ExtensionContext context) {
    // The class's store: the harness lives as long as the class's tests, not one method.
    ExtensionContext owner = context;
    while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
      owner = owner.getParent().get();
    }
    // Values that are AutoCloseable are closed with their store (JUnit 5.13 and later).
    return owner.getStore(NAMESPACE)
        .getOrComputeIfAbsent(OvsHarness.class, k -> OvsHarness.start(), OvsHarness.class);
  }
}
