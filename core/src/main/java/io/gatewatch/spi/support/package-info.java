/**
 * Helpers for plugin authors, for what every plugin needs and should not write again: settings
 * checked with every problem reported at once ({@link io.gatewatch.spi.support.SettingsProblems}),
 * metric and label names in the dotted and underscore conventions
 * ({@link io.gatewatch.spi.support.MetricNames}), deltas since the last successful send
 * ({@link io.gatewatch.spi.support.DeltaTracker}), percentiles from histogram buckets
 * ({@link io.gatewatch.spi.support.HistogramStats}) and JSON for status routes and log lines
 * ({@link io.gatewatch.spi.support.JsonWriter}, {@link io.gatewatch.spi.support.JsonText}).
 * Depends on the snapshot model (and {@code api}'s {@code Unit}) and Typesafe Config, never on
 * the SPI itself; nothing here is needed by a gateway.
 * Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.gatewatch.spi.support;

import org.jspecify.annotations.NullMarked;
