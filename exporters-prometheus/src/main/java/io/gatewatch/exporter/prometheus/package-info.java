/**
 * The Prometheus exporter plugin: {@code /metrics} in the Prometheus text format 0.0.4 (written by
 * {@link io.gatewatch.exporter.prometheus.PrometheusTextRenderer} straight from a snapshot) or
 * OpenMetrics 1.0.0 (written by the same renderer, exemplars included; simpleclient writes only
 * the families of a host registry that {@code include-default-registry} adds), served on the status
 * listener or on a port of its own. Public: the plugin, its settings, the renderer and its buffer
 * (for benchmarks), and {@link io.gatewatch.exporter.prometheus.GatewatchCollector} (to register
 * gatewatch in a host's simpleclient registry);
 * everything else is package-private.
 */
package io.gatewatch.exporter.prometheus;
