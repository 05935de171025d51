package io.gatewatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.Meters;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RuntimeInfo;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.SnapshotSource;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewatchModuleTest {
    private static final Config FAST = ConfigFactory.parseString(
            "gatewatch { shutdown-hook = false, status.drain-delay = 0s, metrics.jvm = false }");

    /** A host's own module that happens to use the same multibinder type as gatewatch's plugins. */
    static final class HostModule extends AbstractModule {
        @Override
        protected void configure() {
            Multibinder.newSetBinder(binder(), PushExporter.class);
            bind(String.class).toInstance("host");
        }
    }

    @Test
    void aGuiceHostInjectsThePublicApiAndNothingElseLeaks() {
        Injector host = Guice.createInjector(Stage.PRODUCTION, new HostModule(), new GatewatchModule(FAST));
        Gatewatch gatewatch = host.getInstance(Gatewatch.class);
        try {
            GatewayMetrics metrics = host.getInstance(GatewayMetrics.class);
            metrics.route("accounts", "get-user").record(HttpMethod.GET, 200, ResponseSource.UPSTREAM,
                    5_000_000, 4_000_000, 10, 200);
            CounterPoint requests = (CounterPoint) host.getInstance(SnapshotSource.class).snapshot().family("requests")
                    .point(Labels.pairs("service", "accounts", "route", "get-user", "method", "GET", "status", "200",
                            "source", "upstream"));
            assertThat(requests.value()).isEqualTo(1);
            assertThat(host.getInstance(Meters.class)).isSameAs(gatewatch.meters());
            assertThat(host.getInstance(HealthView.class)).isSameAs(gatewatch.health());
            assertThat(gatewatch.runtime().state()).as("started when the injector was built")
                    .isEqualTo(RuntimeInfo.State.RUNNING);

            // the host's own set is untouched by gatewatch's plugin wiring, and no internal type is visible
            assertThat(host.getInstance(Key.get(new TypeLiteral<Set<PushExporter>>() { }))).isEmpty();
            assertThat(host.getExistingBinding(Key.get(PluginContext.class))).isNull();
            assertThat(host.getExistingBinding(Key.get(RuntimeInfo.class))).isNull();
            assertThat(host.getInstance(String.class)).isEqualTo("host");
        } finally {
            gatewatch.close();
        }
        assertThat(gatewatch.runtime().state()).isEqualTo(RuntimeInfo.State.STOPPED);
    }

    @Test
    void installingTheModuleTwiceStartsOneGatewatch() {
        Injector host = Guice.createInjector(Stage.PRODUCTION, new GatewatchModule(FAST), new AbstractModule() {
            @Override
            protected void configure() {
                install(new GatewatchModule(FAST));
            }
        });
        Gatewatch gatewatch = host.getInstance(Gatewatch.class);
        try {
            assertThat(host.getInstance(Gatewatch.class)).isSameAs(gatewatch);
        } finally {
            gatewatch.close();
        }
    }
}
