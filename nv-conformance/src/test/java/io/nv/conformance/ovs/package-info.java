/**
 * A real Open vSwitch harness for tests: runs exported per-host flow tables in userspace OVS
 * ({@code ovs-vswitchd --enable-dummy --disable-system}), traces flows with {@code
 * ofproto/trace} into typed results, injects real frames and reads what leaves each port.
 *
 * <pre>{@code
 * try (OvsHarness ovs = OvsHarness.start()) {
 *   HostSpec hv1 = ovs.addHost(exportDir.resolve("hv1"));
 *   ovs.load("hv1");
 *   OvsTrace t = ovs.trace("hv1", TraceFlow.at(hv1.port("web1")).tcp().tpDst(80));
 *   t.outputInterfaces();   // [vif2]
 * }
 * }</pre>
 *
 * <p>The export directory contract (one directory per host: {@code flows.txt}, {@code
 * groups.txt}, {@code tlv-map.txt}, {@code load.sh}, {@code ports.json}) is described on {@link
 * HostSpec} and {@link OvsHarness#load}.
 */
@NullMarked
package io.nv.conformance.ovs;

import org.jspecify.annotations.NullMarked;
