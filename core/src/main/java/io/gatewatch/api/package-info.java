/**
 * What a gateway calls: the recording API ({@link io.gatewatch.api.GatewayMetrics},
 * {@link io.gatewatch.api.RouteMetrics} and the other handles), its own meters
 * ({@link io.gatewatch.api.Meters}), trace context, and the host-facing health and runtime views
 * ({@link io.gatewatch.api.HealthView}, {@link io.gatewatch.api.RuntimeInfo}) that
 * {@code Gatewatch.health()} and {@code runtime()} return. Depends on no other gatewatch package.
 * Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.gatewatch.api;

import org.jspecify.annotations.NullMarked;
