package io.gatewatch.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /vitals/series} ranges at and before the epoch, over the real status listener. */
class SeriesRangeIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Gatewatch gatewatch;
    private String base;

    @AfterEach
    void stop() {
        if (gatewatch != null) {
            gatewatch.close();
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        if (gatewatch == null) {
            int port = Ports.free();
            gatewatch = Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false, "
                    + "status.drain-delay = 0s, metrics.jvm = false, status { host = \"127.0.0.1\", port = " + port + " } }"));
            base = "http://127.0.0.1:" + port;
        }
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noRangeReachesBeforeTheEpoch() throws Exception {
        HttpResponse<String> toZero = get("/vitals/series?metric=requests&to=0");
        assertThat(toZero.statusCode()).isEqualTo(400);
        assertThat(toZero.body()).contains("before the epoch").contains("give from");

        assertThat(get("/vitals/series?metric=requests&to=-1").statusCode()).isEqualTo(400);
        assertThat(get("/vitals/series?metric=requests&from=-5000&to=10000").statusCode()).isEqualTo(400);

        HttpResponse<String> early = get("/vitals/series?metric=requests&from=0&to=60000");
        assertThat(early.statusCode()).isEqualTo(200);
        JsonNode timestamps = new ObjectMapper().readTree(early.body()).path("timestamps");
        assertThat(timestamps.size()).isEqualTo(61);
        timestamps.forEach(t -> assertThat(t.asLong()).isNotNegative());

        HttpResponse<String> defaulted = get("/vitals/series?metric=requests&to=300000");
        assertThat(defaulted.statusCode()).isEqualTo(200);
        new ObjectMapper().readTree(defaulted.body()).path("timestamps").forEach(t -> assertThat(t.asLong()).isNotNegative());
    }
}
