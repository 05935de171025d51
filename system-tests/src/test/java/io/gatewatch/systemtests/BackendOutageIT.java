package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.systemtests.support.Figures;
import io.gatewatch.systemtests.support.JsonFileWitness;
import io.gatewatch.systemtests.support.JvmHeap;
import io.gatewatch.systemtests.support.PromText;
import io.gatewatch.systemtests.support.StatsdDaemon;
import io.gatewatch.systemtests.support.Wrk;
import io.gatewatch.testing.datadog.FakeIntake;
import io.gatewatch.testing.datadog.FakeIntake.Answer;
import io.gatewatch.testing.gateway.GatewayOptions;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import io.gatewatch.testing.prometheus.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: under wrk load, the StatsD daemon is killed and started again, the Datadog intake
 * answers 503, then 429 with Retry-After, then hangs, while Prometheus scrapes every second.
 * No request fails, the heap stays bounded, and afterwards, for every
 * gateway counter, what each backend received plus what gatewatch counted as dropped equals
 * what was recorded.
 */
class BackendOutageIT {
    private static final String API_KEY = "outage-test-api-key-0123456789abcdef";
    private static final long MAX_HEAP_GROWTH = 16L * 1024 * 1024;
    private static final int LOAD_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void outagesOfEveryBackendFailNoRequestLoseNoCountAndCostNoMemory() throws Exception {
        Wrk wrk = Wrk.find();
        try (StatsdDaemon statsd = StatsdDaemon.start(dir.resolve("statsd"));
             FakeIntake intake = new FakeIntake(API_KEY);
             SampleGatewayProcess node = SampleGatewayProcess.start(dir.resolve("node"), options(statsd, intake));
             PrometheusServer prometheus = prometheus(dir.resolve("prometheus"), node.statusPort)) {
            long scrapingSince = System.nanoTime();
            String target = node.url("/api/flaky/load");
            wrk.run(dir, target, 2, 32, 5, null); // warm-up
            Wrk.Result quiet = wrk.run(dir, target, 2, 32, LOAD_SECONDS, null);
            long heapBefore = JvmHeap.afterFullGc(node.pid());

            intake.retryAfterSeconds(1);
            Thread outages = new Thread(() -> outages(statsd, intake, () -> linesSent(node)), "outages");
            outages.start();
            Wrk.Result faulty = wrk.run(dir, target, 2, 32, LOAD_SECONDS, null);
            outages.join(40_000);
            // the exporter backs off: let it reach the hanging intake twice
            Awaitility.await("the exporter reached the hanging intake twice").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> intake.answered(0) >= 2);
            long heapDuring = JvmHeap.afterFullGc(node.pid()); // the intake still hangs: buffers are at their fullest

            intake.answer(Answer.ACCEPT);
            intake.releaseHanging();
            // a second quiet run, with every backend back: the baseline is the mean of the quiet runs
            // around the faulty one, so neither a cold start nor a late slowdown of the machine decides
            Wrk.Result quietAfter = wrk.run(dir, target, 2, 32, LOAD_SECONDS, null);
            double baseline = (quiet.requestsPerSecond() + quietAfter.requestsPerSecond()) / 2;
            // no more traffic: Prometheus scrapes on until its latest sample holds the node's final count
            // (compared with the node's count at each poll: requests in flight when wrk stopped are
            // recorded a moment later, so a count read once up front can be short of the final one)
            Awaitility.await("Prometheus scraped the node's final count").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> prometheus.single("sum(gateway_requests_total)")
                            == PromText.parse(node.metrics()).sum("gateway_requests_total"));
            PromText end = PromText.parse(node.metrics());
            long window = (System.nanoTime() - scrapingSince) / 1_000_000_000L;
            double scrapes = prometheus.single("count_over_time(up{job=\"gw\"}[" + window + "s])");
            double lowestUp = prometheus.single("min_over_time(up{job=\"gw\"}[" + window + "s])");
            double promRequests = prometheus.single("sum(gateway_requests_total)");
            double statsdErrors = end.sum("gatewatch_statsd_errors_total");
            double statsdDropped = end.sum("gatewatch_statsd_dropped_total");
            double datadogDropped = end.sum("gatewatch_datadog_dropped_series_total");
            assertThat(node.stop()).as("exit code after SIGTERM").isIn(0, 143);

            Map<String, Double> recorded = JsonFileWitness.counters(node.dir.resolve("gatewatch-metrics.jsonl"), "gateway.");
            List<String> mismatches = new ArrayList<>();
            for (Map.Entry<String, Double> e : recorded.entrySet()) {
                String name = JsonFileWitness.name(e.getKey());
                java.util.Set<String> tags = JsonFileWitness.tags(e.getKey());
                double toStatsd = statsd.counterSum(name, t -> t.equals(tags));
                // Datadog keeps tags in lower case (GET arrives as method:get)
                java.util.Set<String> lowerTags = new java.util.TreeSet<>();
                tags.forEach(t -> lowerTags.add(t.toLowerCase(java.util.Locale.ROOT)));
                double toDatadog = intake.acceptedSum(name, t -> t.equals(lowerTags));
                if (toStatsd != e.getValue() || toDatadog != e.getValue()) {
                    mismatches.add(e.getKey() + ": recorded " + e.getValue() + ", StatsD " + toStatsd + ", Datadog " + toDatadog);
                }
            }
            double requests = recorded.entrySet().stream().filter(e -> e.getKey().startsWith("gateway.requests|"))
                    .mapToDouble(Map.Entry::getValue).sum();

            Figures.record("2 backend outages",
                    "quiet %.0f and %.0f req/s, with outages %.0f req/s (%.1f%% of their mean); p99 %.2f / %.2f ms; heap after GC %.1f MiB before, %.1f MiB "
                            + "at the worst (growth %.2f MiB, limit %.0f); intake answers 503x%d 429x%d hung %d 202x%d; "
                            + "StatsD errors %.0f, dropped %.0f; Datadog dropped series %.0f; %d counter series, requests %.0f, "
                            + "all equal in StatsD and Datadog: %s; Prometheus scrapes %.0f in %d s, lowest up %.0f, last sum %.0f",
                    quiet.requestsPerSecond(), quietAfter.requestsPerSecond(), faulty.requestsPerSecond(),
                    100 * faulty.requestsPerSecond() / baseline,
                    quiet.p99Millis(), faulty.p99Millis(), Figures.mib(heapBefore), Figures.mib(heapDuring),
                    (heapDuring - heapBefore) / 1048576.0, Figures.mib(MAX_HEAP_GROWTH), intake.answered(503), intake.answered(429),
                    intake.answered(0), intake.answered(202), statsdErrors, statsdDropped, datadogDropped, recorded.size(),
                    requests, mismatches.isEmpty(), scrapes, window, lowestUp, promRequests);

            assertThat(faulty.socketErrors() + quiet.socketErrors() + quietAfter.socketErrors()).isZero();
            assertThat(faulty.non2xx3xx() + quiet.non2xx3xx() + quietAfter.non2xx3xx()).isZero();
            // throughput with outages against the quiet runs is the printed figure (a ratio of two
            // measurements on a shared machine); what is asserted is that the load was served throughout
            assertThat(faulty.requests()).as("requests served during the outages").isPositive();
            assertThat(heapDuring - heapBefore).as("heap growth").isLessThan(MAX_HEAP_GROWTH);
            // every fault really happened, and gatewatch noticed
            assertThat(intake.answered(503)).isPositive();
            assertThat(intake.answered(429)).isPositive();
            assertThat(intake.answered(0)).as("requests left hanging").isPositive();
            assertThat(statsdErrors).as("StatsD refusals noticed").isPositive();
            // nothing was given up, so received + dropped == recorded means received == recorded
            assertThat(statsdDropped).isZero();
            assertThat(datadogDropped).isZero();
            assertThat(requests).isGreaterThanOrEqualTo(quiet.requests() + faulty.requests() + quietAfter.requests());
            assertThat(promRequests).as("Prometheus' last scrape holds every request").isEqualTo(requests);
            assertThat(mismatches).as("counter series where a backend's total differs from the recorded one").isEmpty();
            assertThat(intake.violations).isEmpty();
            assertThat(scrapes).as("Prometheus scraped every second for %d s", window).isGreaterThanOrEqualTo(window - 2);
            assertThat(lowestUp).as("every scrape succeeded (lowest up)").isEqualTo(1.0);
        }
    }

    /**
     * The faults, run beside the load. The intake's answers go in order, whatever the exporter's
     * backoff: a 503, a 429 with Retry-After, then it hangs until the test lets it go. The
     * StatsD daemon is killed after the 1st second, once it has read an export, and is down for 3 s.
     */
    private static void outages(StatsdDaemon statsd, FakeIntake intake, LinesSent sent) {
        try {
            intake.script(Answer.UNAVAILABLE, Answer.RATE_LIMITED);
            intake.answer(Answer.HANG);
            Thread.sleep(1000);
            killRightAfterTheDaemonReadAnExport(statsd, sent);
            Thread.sleep(3000);
            statsd.startAgain();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines the node's StatsD exporter has handed to its socket, from its self-metrics. */
    interface LinesSent {
        double get() throws Exception;
    }

    private static double linesSent(SampleGatewayProcess node) throws Exception {
        return PromText.parse(node.metrics()).sum("gatewatch_statsd_lines_total");
    }

    /**
     * A datagram still unread in the daemon's socket buffer when it is SIGKILLed is lost where no
     * one can count it, and a daemon starved of CPU by a busy machine can lag by a whole interval.
     * So the kill waits for an export, then for the daemon to have read every line sent so far,
     * and strikes well before the next export (the interval is 1 s); if the daemon catches up too
     * late, it tries again after the next export.
     */
    private static void killRightAfterTheDaemonReadAnExport(StatsdDaemon statsd, LinesSent sent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            double before = sent.get();
            while (sent.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long exported = System.nanoTime();
            double lines = sent.get();
            while (statsd.received().size() < lines && System.nanoTime() - exported < 500_000_000L) {
                Thread.sleep(5);
            }
            if (statsd.received().size() >= lines && sent.get() == lines
                    && System.nanoTime() - exported < 600_000_000L) {
                statsd.kill();
                return;
            }
        }
        throw new AssertionError("the StatsD daemon never caught up with the exporter within 30 s: "
                + statsd.received().size() + " lines read, " + sent.get() + " sent");
    }

    /** Prometheus scraping the node's status listener every second, once its first scrape worked. */
    private static PrometheusServer prometheus(Path dir, int statusPort) throws Exception {
        PrometheusServer server = PrometheusServer.start(dir,
                "global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }\n"
                + "scrape_configs:\n  - job_name: gw\n    static_configs: [ { targets: [\"127.0.0.1:" + statusPort + "\"] } ]\n");
        try {
            server.awaitTargetsUp(1, Duration.ofSeconds(30));
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static GatewayOptions options(StatsdDaemon statsd, FakeIntake intake) {
        return SampleGatewayProcess.options()
                .set("sample-gateway.upstreams.flaky.error-rate", "0")
                .set("gatewatch.exporters.json-file.interval", "1s")
                .set("gatewatch.exporters.statsd.enabled", "true")
                .set("gatewatch.exporters.statsd.port", statsd.port)
                .set("gatewatch.exporters.statsd.interval", "1s")
                .set("gatewatch.exporters.datadog.enabled", "true")
                .set("gatewatch.exporters.datadog.api-key", API_KEY)
                .set("gatewatch.exporters.datadog.uri", intake.baseUrl())
                .set("gatewatch.exporters.datadog.interval", "1s")
                .set("gatewatch.exporters.datadog.connect-timeout", "1s")
                .set("gatewatch.exporters.datadog.read-timeout", "1s");
    }
}
