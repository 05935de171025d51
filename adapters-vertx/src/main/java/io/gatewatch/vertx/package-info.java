/**
 * Records a Vert.x 5 gateway's requests, upstream calls and connections into gatewatch through
 * Vert.x's metrics SPI: {@link io.gatewatch.vertx.GatewatchMetricsFactory}, found by Vert.x's
 * service loader once metrics are enabled in the Vert.x options, or handed to
 * {@code Vertx.builder().withMetrics(...)} with a gatewatch the application started itself.
 */
package io.gatewatch.vertx;
