package io.gatewatch.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.api.TraceContext;
import io.gatewatch.spi.RequestListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestListenerTest {
    private final MetricStore store = new MetricStore(StoreSettings.defaults("node-1").withJvmMetrics(false));
    private final RouteMetrics route = store.gatewayMetrics().route("accounts", "get-user");

    @Test
    void everyRecordOverloadReachesTheListenersWithItsValues() {
        List<String> heard = new ArrayList<>();
        RequestListener listener = (service, r, method, status, source, consumer, total, upstream, in, out, trace) ->
                heard.add(service + " " + r + " " + method + " " + status + " " + source.label() + " " + consumer + " "
                        + total + " " + upstream + " " + in + " " + out + " " + (trace == null ? "-" : trace.traceId()));
        RequestListener failing = (a, b, c, d, e, f, g, h, i, j, k) -> {
            throw new IllegalStateException("a broken listener");
        };
        store.setRequestListeners(List.of(failing, listener));
        RouteMetrics.Consumer alice = store.gatewayMetrics().consumer("alice");

        route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 30, 20, 1, 2);
        route.record(HttpMethod.POST, 401, ResponseSource.AUTH_REJECTED, 5, RouteMetrics.NO_UPSTREAM, 3, 4, alice);
        route.record(HttpMethod.PUT, 503, ResponseSource.UPSTREAM_UNREACHABLE, 7, 6, 5, 6, null,
                TraceContext.of(1, 2, 3, true));

        assertThat(heard).containsExactly(
                "accounts get-user GET 200 upstream null 30 20 1 2 -",
                "accounts get-user POST 401 auth alice 5 -1 3 4 -",
                "accounts get-user PUT 503 upstream_unreachable null 7 6 5 6 00000000000000010000000000000002");
    }
}
