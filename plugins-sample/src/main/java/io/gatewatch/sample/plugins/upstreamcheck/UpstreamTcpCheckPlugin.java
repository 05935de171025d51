package io.gatewatch.sample.plugins.upstreamcheck;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.gatewatch.sample.plugins.PluginSettings;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A readiness check: every configured upstream {@code host:port} accepts a TCP connection. */
public final class UpstreamTcpCheckPlugin implements GatewatchPlugin {
    private static final String PATH = "gatewatch.checks.upstream-tcp";

    @Override
    public String name() {
        return "upstream-tcp";
    }

    @Override
    public String configPath() {
        return "checks.upstream-tcp";
    }

    @Override
    public Module module(Config config, PluginContext context) {
        PluginSettings.requireOnly(config, PATH, Set.of("enabled", "targets", "connect-timeout", "interval"));
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String target : config.getStringList("targets")) {
            int colon = target.lastIndexOf(':');
            int port = colon < 0 ? -1 : parsePort(target.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new ConfigException.BadValue(config.getValue("targets").origin(), PATH + ".targets",
                        "expected host:port entries, found " + target);
            }
            targets.add(InetSocketAddress.createUnresolved(target.substring(0, colon), port));
        }
        Duration timeout = config.getDuration("connect-timeout");
        Duration interval = config.getDuration("interval");
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.healthChecks(binder()).addBinding().toInstance(new UpstreamTcpCheck(targets, timeout, interval));
            }
        };
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
