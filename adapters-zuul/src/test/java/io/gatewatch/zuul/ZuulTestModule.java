package io.gatewatch.zuul;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.InstanceInfo;
import com.netflix.appinfo.MyDataCenterInstanceConfig;
import com.netflix.netty.common.status.ServerStatusManager;
import com.netflix.spectator.api.DefaultRegistry;
import com.netflix.spectator.api.Registry;
import com.netflix.zuul.BasicFilterUsageNotifier;
import com.netflix.zuul.BasicRequestCompleteHandler;
import com.netflix.zuul.DefaultFilterFactory;
import com.netflix.zuul.FilterLoader;
import com.netflix.zuul.FilterUsageNotifier;
import com.netflix.zuul.RequestCompleteHandler;
import com.netflix.zuul.StaticFilterLoader;
import com.netflix.zuul.context.SessionContextDecorator;
import com.netflix.zuul.context.ZuulSessionContextDecorator;
import com.netflix.zuul.filters.ZuulFilter;
import com.netflix.zuul.origins.BasicNettyOriginManager;
import com.netflix.zuul.origins.OriginManager;
import com.netflix.zuul.stats.BasicRequestMetricsPublisher;
import com.netflix.zuul.stats.RequestMetricsPublisher;
import java.util.Optional;
import java.util.Set;

/**
 * zuul-sample's ZuulSampleModule, trimmed to what a server without Eureka or Groovy filters needs.
 * Zuul's own classes are built by Guice through their javax.inject constructors; gatewatch's
 * module is installed beside this one, and the only line about gatewatch here is the
 * {@link RequestCompleteHandler} binding.
 */
final class ZuulTestModule extends AbstractModule {
    private final boolean gatewatch;

    /** @param gatewatch false: the same server without gatewatch (install no GatewatchZuulModule then) */
    ZuulTestModule(boolean gatewatch) {
        this.gatewatch = gatewatch;
    }

    @Override
    protected void configure() {
        bind(Registry.class).to(DefaultRegistry.class).in(Singleton.class);
        bind(OriginManager.class).to(BasicNettyOriginManager.class).in(Singleton.class);
        bind(SessionContextDecorator.class).to(ZuulSessionContextDecorator.class).in(Singleton.class);
        bind(FilterUsageNotifier.class).to(BasicFilterUsageNotifier.class).in(Singleton.class);
        bind(RequestMetricsPublisher.class).to(BasicRequestMetricsPublisher.class).in(Singleton.class);
    }

    /** gatewatch first, then Zuul's own handler and its metrics publisher, as before. */
    @Provides
    @Singleton
    RequestCompleteHandler requestCompleteHandler(Injector injector, BasicRequestCompleteHandler zuul) {
        return gatewatch ? injector.getInstance(GatewatchRequestCompleteHandler.class).andThen(zuul) : zuul;
    }

    /** What the channel initializer adds: gatewatch's handler, or nothing without gatewatch. */
    @Provides
    @Singleton
    Optional<GatewatchChannelHandler> gatewatchChannelHandler(Injector injector) {
        return gatewatch ? Optional.of(injector.getInstance(GatewatchChannelHandler.class)) : Optional.empty();
    }

    @Provides
    @Singleton
    FilterLoader filterLoader() {
        Set<Class<? extends ZuulFilter<?, ?>>> filters = Set.of(Routes.class, NotFound.class, ResponseHeaders.class);
        return new StaticFilterLoader(new DefaultFilterFactory(), filters);
    }

    @Provides
    @Singleton
    ApplicationInfoManager applicationInfoManager() {
        return new ApplicationInfoManager(new MyDataCenterInstanceConfig(),
                InstanceInfo.Builder.newBuilder().setAppName("gatewatch-zuul-test").build());
    }

    @Provides
    @Singleton
    ServerStatusManager serverStatusManager(ApplicationInfoManager applicationInfoManager) {
        return new ServerStatusManager(applicationInfoManager);
    }
}
