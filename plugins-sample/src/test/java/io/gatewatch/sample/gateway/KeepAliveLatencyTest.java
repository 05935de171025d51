package io.gatewatch.sample.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests on one keep-alive connection are not held back by Nagle's algorithm and delayed ACKs. */
class KeepAliveLatencyTest {
    @Test
    void sequentialRequestsOnOneConnectionAnswerWithoutTheDelayedAckPause() throws Exception {
        Config config = ConfigFactory.parseMap(Map.of("sample-gateway.port", 0, "sample-gateway.host", "127.0.0.1",
                "gatewatch.status.enabled", false, "gatewatch.status.drain-delay", "0s",
                "gatewatch.exporters.prometheus.enabled", false, "gatewatch.shutdown-hook", false,
                "gatewatch.exporters.json-file.enabled", false))
                .withFallback(SampleGateway.load(false)).resolve();
        try (SampleGateway gateway = new SampleGateway()) {
            gateway.start(config);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/no-such-route")).build();
            long[] millis = new long[40];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                assertThat(r.statusCode()).isEqualTo(404);
            }
            Arrays.sort(millis);
            System.out.printf("FIGURES keep-alive: 40 sequential requests, fastest %d ms, median %d ms, slowest %d ms%n",
                    millis[0], millis[millis.length / 2], millis[millis.length - 1]);
            // with Nagle on, every one of them takes about 40 ms (the delayed-ACK timer); a busy machine
            // slows some of them down, but only the pause can slow every one: the fastest tells them apart
            assertThat(millis[0]).as("fastest ms of %s", Arrays.toString(millis)).isLessThan(20);
        }
    }
}
