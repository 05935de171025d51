package io.gatewatch.sample;

import static io.gatewatch.testing.gateway.SampleGatewayProcess.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.testing.Json;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample-gateway.log-format = json}: everything the gateway writes to its console is one JSON
 * object per line, values travel as fields of their own, and the access log writes a line per request
 * carrying the client's trace id.
 */
class JsonLogsIT {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    @Test
    void consoleLogsAreJsonLinesAndTheAccessLogCarriesTheTraceId(@TempDir Path dir) throws Exception {
        Path access = dir.resolve("access.jsonl");
        List<JsonNode> events;
        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir.resolve("gw"), options().onlyPlugins()
                .set("sample-gateway.log-format", "json")
                .set("sample-gateway.upstreams.flaky.url", "http://127.0.0.1:1")
                .set("gatewatch.node-id", "gw-json")
                .set("gatewatch.access-log.enabled", "true")
                .set("gatewatch.access-log.output", access))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gw.port + "/api/flaky/1"))
                    .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(502);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(gw.log().contains("upstream unreachable") && Files.exists(access) && !Files.readString(access).isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(gw.stop()).isEqualTo(143); // SIGTERM, after the orderly shutdown
            events = parseEveryLine(gw.log());
        }

        assertThat(events).isNotEmpty();
        for (JsonNode e : events) {
            assertThat(e.has("@timestamp") && e.has("level") && e.has("logger_name") && e.has("message")).as(e.toString()).isTrue();
            assertThat(e.get("@timestamp").asText()).endsWith("Z");
        }
        JsonNode unreachable = events.stream().filter(e -> e.get("message").asText().equals("upstream unreachable"))
                .findFirst().orElseThrow();
        assertThat(unreachable.get("level").asText()).isEqualTo("WARN");
        assertThat(unreachable.get("trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(unreachable.get("route").asText()).isEqualTo("flaky");
        assertThat(unreachable.get("upstream").asText()).isEqualTo("flaky");
        JsonNode up = events.stream().filter(e -> e.get("message").asText().equals("sample gateway is up"))
                .findFirst().orElseThrow();
        assertThat(up.get("node_id").asText()).isEqualTo("gw-json");

        List<String> accessLines = Files.readAllLines(access);
        assertThat(accessLines).hasSize(1);
        JsonNode line = Json.read(accessLines.get(0));
        assertThat(line.get("trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(line.get("status").asInt()).isEqualTo(502);
        assertThat(line.get("source").asText()).isEqualTo("upstream_unreachable");
        assertThat(line.get("node_id").asText()).isEqualTo("gw-json");
        assertThat(line.get("route").asText()).isEqualTo("flaky");
    }

    private static List<JsonNode> parseEveryLine(String log) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : log.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(Json.read(l));
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l + "\nwhole log:\n" + log, e);
            }
        }
        return out;
    }
}
