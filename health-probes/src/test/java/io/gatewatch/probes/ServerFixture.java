package io.gatewatch.probes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.gatewatch.probes.internal.StatusServer;
import io.gatewatch.spi.StatusRoute;
import io.gatewatch.testing.TestPluginContext;
import io.gatewatch.testing.TestRuntime;
import java.net.InetSocketAddress;
import java.util.Set;

/** A status listener on 127.0.0.1 and a free port, fed by a fake health view and runtime. */
public final class ServerFixture implements AutoCloseable {
    public final FakeHealth health = new FakeHealth();
    public final TestRuntime runtime = new TestRuntime();
    public final TestPluginContext context = TestPluginContext.standalone().runtime(runtime);
    public final StatusServer server;

    public ServerFixture(String settings, StatusRoute... routes) throws Exception {
        server = new StatusServer(settings(settings), health, runtime, Set.of(routes), context);
        server.start();
    }

    /** The settings from reference.conf, bound to loopback and port 0, with the given overrides. */
    public static StatusSettings settings(String overrides) {
        return StatusSettings.from(config(overrides));
    }

    public static Config config(String overrides) {
        Config user = ConfigFactory.parseString("gatewatch.status { host = \"127.0.0.1\", port = 0 }\n" + overrides,
                ConfigParseOptions.defaults().setOriginDescription("test.conf"));
        return user.withFallback(ConfigFactory.parseResources("reference.conf")).resolve().getConfig("gatewatch.status");
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        health.release();
        server.stop();
    }
}
