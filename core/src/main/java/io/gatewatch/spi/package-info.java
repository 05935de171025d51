/**
 * The plugin SPI: what a plugin implements ({@link io.gatewatch.spi.GatewatchPlugin},
 * {@link io.gatewatch.spi.PushExporter}, {@link io.gatewatch.spi.MetricSource},
 * {@link io.gatewatch.spi.HealthCheck}, {@link io.gatewatch.spi.StatusRoute},
 * {@link io.gatewatch.spi.RequestListener}, {@link io.gatewatch.spi.Lifecycle}) and what it
 * receives ({@link io.gatewatch.spi.PluginContext}, {@link io.gatewatch.spi.SnapshotSource},
 * {@link io.gatewatch.spi.ListenerHost}). A plugin jar lists its plugin class in
 * {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}, ships a {@code reference.conf} for its
 * config subtree, and contributes through {@link io.gatewatch.spi.Contributions}. The helpers plugin
 * authors use are in {@code io.gatewatch.spi.support}; the host-facing health and runtime views in
 * {@code io.gatewatch.api}. Plugins never depend on {@code io.gatewatch.internal}.
 *
 * <p>Every type states its threading contract: which thread calls it, how often, whether it may
 * block and what happens when it throws. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.gatewatch.spi;

import org.jspecify.annotations.NullMarked;
