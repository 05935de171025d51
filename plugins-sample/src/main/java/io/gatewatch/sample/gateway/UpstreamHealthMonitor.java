package io.gatewatch.sample.gateway;

import io.gatewatch.api.GatewayMetrics;
import io.gatewatch.api.UpstreamTargetMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

/** Active health checks of every upstream target: a TCP connect, every interval. */
final class UpstreamHealthMonitor {
    private record Target(String host, int port, UpstreamTargetMetrics metrics) {
    }

    private final Target[] targets;
    private final int timeoutMillis;

    UpstreamHealthMonitor(Map<String, String> upstreamUrls, GatewayMetrics metrics, int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.targets = upstreamUrls.entrySet().stream().map(e -> {
            URI uri = URI.create(e.getValue());
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            return new Target(uri.getHost(), port,
                    metrics.upstreamTarget(e.getKey(), uri.getHost() + ":" + port));
        }).toArray(Target[]::new);
    }

    void checkAll() {
        for (Target t : targets) {
            t.metrics().health(probe(t));
        }
    }

    private UpstreamTargetMetrics.Health probe(Target t) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(t.host(), t.port()), timeoutMillis);
            return UpstreamTargetMetrics.Health.HEALTHY;
        } catch (UnknownHostException e) {
            return UpstreamTargetMetrics.Health.DNS_ERROR;
        } catch (IOException e) {
            return UpstreamTargetMetrics.Health.UNHEALTHY;
        }
    }
}
