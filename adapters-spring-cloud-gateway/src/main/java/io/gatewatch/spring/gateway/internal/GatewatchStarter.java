package io.gatewatch.spring.gateway.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spring.gateway.internal.settings.SpringSettings;
import java.time.Duration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts gatewatch for a Spring application: the environment's settings over application.conf and
 * every reference.conf, Spring's readiness as a check, and Spring in charge of shutdown (no JVM
 * shutdown hook of gatewatch's own; the drain runs before the web server stops, see
 * {@link DrainBeforeWebServerStops}, so gatewatch's own close does not wait a second time).
 */
public final class GatewatchStarter {
    private static final String DRAIN_DELAY = "gatewatch.status.drain-delay";

    private final Gatewatch gatewatch;
    private final Duration drainDelay;

    private GatewatchStarter(Gatewatch gatewatch, Duration drainDelay) {
        this.gatewatch = gatewatch;
        this.drainDelay = drainDelay;
    }

    public static GatewatchStarter start(ConfigurableEnvironment environment, ClassLoader classLoader,
                                         SpringReadiness readiness) {
        Config user = SpringSettings.userSettings(environment, classLoader)
                .withValue("gatewatch.shutdown-hook", ConfigValueFactory.fromAnyRef(false, "Spring owns shutdown"));
        Duration drainDelay = Duration.ZERO;
        try {
            drainDelay = user.withFallback(ConfigFactory.defaultReference(classLoader)).resolve().getDuration(DRAIN_DELAY);
            user = user.withValue(DRAIN_DELAY, ConfigValueFactory.fromAnyRef("0s", "drained before the web server stops"));
        } catch (ConfigException e) {
            // leave the value as it is: core's validation reports it with its file and line
        }
        Gatewatch gatewatch = Gatewatch.builder().config(user).classLoader(classLoader)
                .addModule(binder -> Contributions.healthChecks(binder).addBinding().toInstance(readiness))
                .start();
        return new GatewatchStarter(gatewatch, drainDelay);
    }

    public Gatewatch gatewatch() {
        return gatewatch;
    }

    public Duration drainDelay() {
        return drainDelay;
    }
}
