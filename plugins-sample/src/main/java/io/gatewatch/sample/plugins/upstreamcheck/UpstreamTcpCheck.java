package io.gatewatch.sample.plugins.upstreamcheck;

import io.gatewatch.api.Probe;
import io.gatewatch.spi.HealthCheck;
import io.gatewatch.spi.HealthResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Up when every target accepts a TCP connection within the timeout; the data lists each target. */
final class UpstreamTcpCheck implements HealthCheck {
    private final List<InetSocketAddress> targets;
    private final Duration connectTimeout;
    private final Duration interval;

    UpstreamTcpCheck(List<InetSocketAddress> targets, Duration connectTimeout, Duration interval) {
        this.targets = List.copyOf(targets);
        this.connectTimeout = connectTimeout;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "upstream-tcp";
    }

    @Override
    public Set<Probe> probes() {
        return Set.of(Probe.READINESS);
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public Duration timeout() {
        // every target may take the connect timeout, plus a margin for the check's own work
        return connectTimeout.multipliedBy(Math.max(1, targets.size())).plusMillis(500);
    }

    @Override
    public HealthResult check() {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        for (InetSocketAddress target : targets) {
            String name = target.getHostString() + ":" + target.getPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(target.getHostString(), target.getPort()),
                        (int) connectTimeout.toMillis());
                data.put(name, "UP");
            } catch (IOException e) {
                data.put(name, "DOWN");
                down.add(name);
            }
        }
        HealthResult result = down.isEmpty()
                ? HealthResult.up(targets.size() + " upstream targets reachable")
                : HealthResult.down("unreachable: " + String.join(", ", down));
        return result.withData(data);
    }
}
