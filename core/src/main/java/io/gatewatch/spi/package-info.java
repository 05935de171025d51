/**
 * The plugin SPI: everything a plugin may see of gatewatch. A plugin jar lists its
 * {@link io.gatewatch.spi.GatewatchPlugin} in {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin},
 * ships a {@code reference.conf} for its config subtree, and contributes through
 * {@link io.gatewatch.spi.Contributions}. Plugins never depend on {@code io.gatewatch.internal}.
 */
package io.gatewatch.spi;
