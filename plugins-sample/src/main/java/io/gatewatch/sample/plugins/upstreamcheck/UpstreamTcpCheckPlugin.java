package io.gatewatch.sample.plugins.upstreamcheck;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.typesafe.config.Config;
import io.gatewatch.spi.Contributions;
import io.gatewatch.spi.GatewatchPlugin;
import io.gatewatch.spi.PluginContext;
import io.gatewatch.spi.support.SettingsProblems;
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
        SettingsProblems problems = new SettingsProblems(config, PATH);
        problems.rejectUnknown(config.root(), "", Set.of("enabled", "targets", "connect-timeout", "interval"));
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String target : problems.readRequired("targets", () -> config.getStringList("targets"), List.<String>of())) {
            int colon = target.lastIndexOf(':');
            int port = colon < 0 ? -1 : parsePort(target.substring(colon + 1));
            if (port < 1 || port > 65535) {
                problems.add("targets", "must be host:port entries, got '" + target + "'");
            } else {
                targets.add(InetSocketAddress.createUnresolved(target.substring(0, colon), port));
            }
        }
        Duration timeout = positive(problems, "connect-timeout", config);
        Duration interval = positive(problems, "interval", config);
        problems.throwIfAny();
        return new AbstractModule() {
            @Override
            protected void configure() {
                Contributions.healthChecks(binder()).addBinding().toInstance(new UpstreamTcpCheck(targets, timeout, interval));
            }
        };
    }

    private static Duration positive(SettingsProblems problems, String key, Config config) {
        Duration fallback = Duration.ofSeconds(1);
        return problems.positive(key, problems.readRequired(key, () -> config.getDuration(key), fallback), fallback);
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
