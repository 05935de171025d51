/**
 * The StatsD exporter plugin: {@link io.gatewatch.exporter.statsd.StatsdPlugin} (found through
 * ServiceLoader), its validated {@link io.gatewatch.exporter.statsd.StatsdSettings} and the
 * {@link io.gatewatch.exporter.statsd.StatsdExporter} that core schedules. Everything else here
 * is package-private: one pure line formatter per flavour writing into a reused
 * {@code LineBuffer}, a {@code DatagramPacker} that tracks which series each datagram carried,
 * and the transports (our own connected UDP socket; java-dogstatsd-client for Unix sockets).
 */
package io.gatewatch.exporter.statsd;
