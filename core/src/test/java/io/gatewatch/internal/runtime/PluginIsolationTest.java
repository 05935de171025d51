package io.gatewatch.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import io.gatewatch.snapshot.Snapshot;
import io.gatewatch.spi.AllPlugins;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.PushExporter;
import io.gatewatch.spi.StatusRequest;
import io.gatewatch.spi.StatusResponse;
import io.gatewatch.spi.StatusRoute;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each plugin's module is wired in an injector of its own: two plugins written by different
 * authors may bind the same types (here both bind {@code Settings} and {@code Sink}, as a pair of
 * third-party exporters would), and each sees only its own.
 */
class PluginIsolationTest {
    private static final String REFERENCE = "gatewatch.graphite { enabled = true }\ngatewatch.influx { enabled = true }\n";

    @TempDir
    Path dir;

    /** The same simple names two independent plugins would choose. */
    record Settings(String target) {
    }

    static final class Sink {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final Settings settings;

        @Inject
        Sink(Settings settings) {
            this.settings = settings;
        }
    }

    static final class SinkExporter implements PushExporter {
        private final String name;
        private final Sink sink;

        SinkExporter(String name, Sink sink) {
            this.name = name;
            this.sink = sink;
        }

        public String name() {
            return name;
        }

        public Duration interval() {
            return Duration.ofHours(1);
        }

        public void export(Snapshot snapshot) {
            sink.sent.add(name + " -> " + sink.settings.target());
        }

        public void close() {
        }
    }

    private static TestPlugin plugin(String name, String target) {
        return new TestPlugin(name, name, (config, context) -> new AbstractModule() {
            @Override
            protected void configure() {
                bind(Settings.class).toInstance(new Settings(target));
                bind(Sink.class).in(com.google.inject.Singleton.class);
                Contributions.statusRoutes(binder()).addBinding().toInstance(route("/" + name));
                Contributions.pushExporters(binder()).addBinding().to(SinkExporter.class);
            }

            @Provides
            @com.google.inject.Singleton
            SinkExporter exporter(Sink sink) {
                return new SinkExporter(name, sink);
            }
        });
    }

    @Test
    void twoPluginsThatBindTheSameTypesRunTogetherEachWithItsOwnBindings() {
        try (GatewatchRuntime gw = Bootstrap.start(Runtimes.options(dir, REFERENCE, "",
                plugin("graphite", "tcp://graphite:2003"), plugin("influx", "udp://influx:8089")))) {
            Sink graphite = gw.injector("graphite").getInstance(Sink.class);
            Sink influx = gw.injector("influx").getInstance(Sink.class);
            assertThat(graphite).isNotSameAs(influx);
            assertThat(graphite.settings.target()).isEqualTo("tcp://graphite:2003");
            assertThat(influx.settings.target()).isEqualTo("udp://influx:8089");
            assertThat(gw.injector("graphite").getInstance(Key.get(new TypeLiteral<Set<StatusRoute>>() { })))
                    .extracting(StatusRoute::path).as("a plugin's own set holds its own contributions")
                    .containsExactly("/graphite");
            assertThat(gw.injector().getExistingBinding(Key.get(Settings.class)))
                    .as("nothing of a plugin leaks into core's injector").isNull();

            AllRoutes all = gw.injector("influx").getInstance(AllRoutes.class);
            assertThat(all.routes).extracting(StatusRoute::path).containsExactlyInAnyOrder("/graphite", "/influx");

            gw.close();   // the final export of each, through its own sink
            assertThat(graphite.sent).containsExactly("graphite -> tcp://graphite:2003");
            assertThat(influx.sent).containsExactly("influx -> udp://influx:8089");
        }
    }

    /** What a plugin that serves every plugin's routes injects. */
    static final class AllRoutes {
        final Set<StatusRoute> routes;

        @Inject
        AllRoutes(@AllPlugins Set<StatusRoute> routes) {
            this.routes = routes;
        }
    }

    private static StatusRoute route(String path) {
        return new StatusRoute() {
            public String path() {
                return path;
            }

            public StatusResponse handle(StatusRequest request) {
                return StatusResponse.text(200, path);
            }
        };
    }
}
