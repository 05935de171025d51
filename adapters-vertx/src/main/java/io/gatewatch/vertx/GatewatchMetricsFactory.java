package io.gatewatch.vertx;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.vertx.internal.GatewatchVertxMetrics;
import io.gatewatch.vertx.internal.VertxSettings;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.util.Objects;

/**
 * Vert.x's metrics factory for gatewatch.
 *
 * <p>Found by Vert.x through {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider} when
 * the Vert.x options enable metrics ({@code new VertxOptions().setMetricsOptions(new
 * MetricsOptions().setEnabled(true))}); it then starts gatewatch from the default configuration
 * (system properties, {@code application.conf} or {@code -Dconfig.file}, every jar's
 * {@code reference.conf}) and closes it when Vert.x closes.
 *
 * <p>An application that starts gatewatch itself hands it over instead, and keeps closing it:
 * {@code Vertx.builder().with(options).withMetrics(new GatewatchMetricsFactory(gatewatch)).build()}.
 */
public final class GatewatchMetricsFactory implements VertxMetricsFactory {
    private final Gatewatch given;
    private final Config config;

    /** For Vert.x's service loader: gatewatch is started from the default configuration. */
    public GatewatchMetricsFactory() {
        this.given = null;
        this.config = null;
    }

    /** Records into a gatewatch the application started (and closes); settings from the default configuration. */
    public GatewatchMetricsFactory(Gatewatch gatewatch) {
        this(gatewatch, ConfigFactory.load());
    }

    /** Records into a gatewatch the application started (and closes), with {@code gatewatch.vertx} read from {@code config}. */
    public GatewatchMetricsFactory(Gatewatch gatewatch, Config config) {
        this.given = Objects.requireNonNull(gatewatch, "gatewatch");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public VertxMetrics metrics(VertxOptions options) {
        if (given != null) {
            return new GatewatchVertxMetrics(given, VertxSettings.read(config), false);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = GatewatchMetricsFactory.class.getClassLoader();
        }
        Config loaded = ConfigFactory.load(loader);
        // gatewatch first: it reports every problem of the whole configuration at once
        Gatewatch started = Gatewatch.builder().config(loaded).classLoader(loader).start();
        try {
            return new GatewatchVertxMetrics(started, VertxSettings.read(loaded), true);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }
}
