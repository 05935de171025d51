package io.gatewatch.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.gatewatch.Gatewatch;
import io.gatewatch.api.HealthStatus;
import io.gatewatch.api.HealthView;
import io.gatewatch.api.HttpMethod;
import io.gatewatch.api.ResponseSource;
import io.gatewatch.api.RouteMetrics;
import io.gatewatch.snapshot.CounterPoint;
import io.gatewatch.snapshot.Labels;
import io.gatewatch.snapshot.MetricFamily;
import io.gatewatch.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The access log writing to a full disk ({@code /dev/full}: every write fails with ENOSPC): no
 * line counts as written, every line counts as dropped, and {@code /status} shows it. And the
 * writer's thread carries the name it should.
 */
class AccessLogFullDiskTest {

    private static Gatewatch start(String output) {
        return Gatewatch.start(ConfigFactory.parseString("gatewatch { shutdown-hook = false, node-id = gw-1, "
                + "status.drain-delay = 0s, metrics.jvm = false, access-log { enabled = true, output = \"" + output + "\" } }"));
    }

    private static long counter(Snapshot s, String family, Labels labels) {
        MetricFamily f = s.family(family);
        return f == null || f.point(labels) == null ? 0 : ((CounterPoint) f.point(labels)).value();
    }

    private static HealthView.ComponentHealth component(Gatewatch gatewatch, String name) {
        return gatewatch.health().components().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void aFullDiskCountsNoLineAsWrittenEveryLineAsDroppedAndDegradesTheComponent() {
        assumeThat(Files.isWritable(Path.of("/dev/full"))).as("/dev/full (Linux)").isTrue();
        try (Gatewatch gatewatch = start("/dev/full")) {
            RouteMetrics route = gatewatch.metrics().route("accounts", "users");
            int requests = 2_000;
            await("the writer to fail").atMost(Duration.ofSeconds(10)).until(() -> {
                route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1_000_000L, 500_000L, 10, 20);
                return component(gatewatch, "access-log").status() != HealthStatus.HEALTHY;
            });
            for (int i = 0; i < requests; i++) {
                route.record(HttpMethod.GET, 200, ResponseSource.UPSTREAM, 1_000_000L, 500_000L, 10, 20);
            }
            await("every request accounted for and the component degraded").atMost(Duration.ofSeconds(10)).until(() -> {
                Snapshot s = gatewatch.snapshot();
                long recorded = counter(s, "requests", Labels.pairs("service", "accounts", "route", "users", "method", "GET",
                        "status", "200", "source", "upstream"));
                long dropped = counter(s, "gatewatch.access_log.dropped", Labels.pairs("reason", "write_error"))
                        + counter(s, "gatewatch.access_log.dropped", Labels.pairs("reason", "rate_limit"))
                        + counter(s, "gatewatch.access_log.dropped", Labels.pairs("reason", "queue_full"));
                return recorded > requests && dropped == recorded
                        && component(gatewatch, "access-log").status() == HealthStatus.DEGRADED;
            });
            Snapshot s = gatewatch.snapshot();
            assertThat(counter(s, "gatewatch.access_log.lines", Labels.EMPTY)).as("lines written to a full disk").isZero();
            assertThat(counter(s, "gatewatch.access_log.dropped", Labels.pairs("reason", "write_error"))).isPositive();
            HealthView.ComponentHealth c = component(gatewatch, "access-log");
            assertThat(c.records().get(c.records().size() - 1).message()).contains("/dev/full").contains("dropped");
            System.out.printf("FIGURES access-log-full-disk: %d lines dropped (write_error), 0 counted as written%n",
                    counter(s, "gatewatch.access_log.dropped", Labels.pairs("reason", "write_error")));
        }
    }

    @Test
    void theWriterThreadIsNamedOnce(@org.junit.jupiter.api.io.TempDir Path dir) {
        try (Gatewatch gatewatch = start(dir.resolve("access.jsonl").toString())) {
            Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .collect(java.util.stream.Collectors.toSet());
            assertThat(names).contains("gatewatch-access-log-1");
            assertThat(names).noneMatch(n -> n.startsWith("gatewatch-gatewatch-"));
            assertThat(component(gatewatch, "access-log").status()).isEqualTo(HealthStatus.HEALTHY);
        }
    }
}
