package io.gatewatch.zuul;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.gatewatch.GatewatchModule;
import io.gatewatch.api.GatewayMetrics;

/**
 * Installs gatewatch into a Zuul server's injector: {@link io.gatewatch.Gatewatch},
 * {@link GatewayMetrics}, the {@link GatewatchRequestCompleteHandler} and the
 * {@link GatewatchChannelHandler} of the HTTP listener (connections and requests in flight). It binds none of Zuul's own types, so it
 * never clashes with the server's module: that module keeps its one
 * {@code bind(RequestCompleteHandler.class)} line and points it at gatewatch's handler.
 */
public final class GatewatchZuulModule extends AbstractModule {
    private final Config config;

    /** Uses the default configuration (application.conf, -Dconfig.file, reference.conf). */
    public GatewatchZuulModule() {
        this(null);
    }

    /** Uses these settings over the reference defaults. */
    public GatewatchZuulModule(Config config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        install(config == null ? new GatewatchModule() : new GatewatchModule(config));
    }

    @Provides
    @Singleton
    GatewatchRequestCompleteHandler requestCompleteHandler(GatewayMetrics metrics) {
        return new GatewatchRequestCompleteHandler(metrics);
    }

    @Provides
    @Singleton
    GatewatchChannelHandler channelHandler(GatewayMetrics metrics) {
        return GatewatchChannelHandler.forListener(metrics, GatewatchChannelHandler.HTTP);
    }
}
