/**
 * Test support for gatewatch's own modules: what core would hand a plugin, a clock that moves only
 * when told, strict JSON reading, and stand-ins for the peers the exporters talk to.
 *
 * <p>Nothing here runs in a gateway. Modules take this jar with {@code test} scope (the benchmarks,
 * which are not published, take it with compile scope).
 */
package io.gatewatch.testing;
