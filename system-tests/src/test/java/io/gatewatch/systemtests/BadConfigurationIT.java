package io.gatewatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.testing.Ports;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 5: a table of broken HOCON files. Each must fail start-up with a message naming the
 * setting's path and the file and line it came from, and nothing may start: no listener ever
 * accepts a connection, no exporter writes anything, and the process exits non-zero.
 */
class BadConfigurationIT {
    /** Lines 1-3 of every file hold valid ports; the broken lines start at line 4. */
    private static final int FIRST_BROKEN_LINE = 4;

    @TempDir
    Path dir;

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("wrong type: number as string", "gatewatch.metrics.max-series-per-metric",
                        "expected an integer", "gatewatch.metrics {\n  max-series-per-metric = \"lots\"\n}", 5),
                broken("wrong type: boolean", "gatewatch.exporters.prometheus.enabled",
                        "expected a boolean", "gatewatch.exporters.prometheus.enabled = maybe", 4),
                broken("unknown key (typo)", "gatewatch.metrics.prefx",
                        "did you mean 'prefix'", "gatewatch.metrics.prefx = edge", 4),
                broken("unknown key in a plugin's section", "gatewatch.status.max-conections",
                        "unknown setting", "gatewatch.status.max-conections = 10", 4),
                broken("bad duration", "gatewatch.status.drain-delay",
                        "expected a duration", "gatewatch.status.drain-delay = 5 parsecs", 4),
                broken("status port out of range", "gatewatch.status.port",
                        "between 0 and 65535", "gatewatch.status.port = 70000", 4),
                broken("gateway port out of range", "sample-gateway.port",
                        "expected a port 0-65535", "sample-gateway.port = -1", 4),
                broken("Datadog enabled without API key", "gatewatch.exporters.datadog.api-key",
                        "an API key is required", "gatewatch.exporters.datadog {\n  enabled = true\n}", 5),
                broken("unknown StatsD flavour", "gatewatch.exporters.statsd.flavor",
                        "martian", "gatewatch.exporters.statsd {\n  enabled = true\n  flavor = martian\n}", 6),
                // named at the line that enables it, with the services entry to check
                broken("plugin enabled but its jar missing", "gatewatch.exporters.influx.enabled",
                        "put the plugin's jar on the classpath", "gatewatch.exporters.influx {\n  enabled = true\n}", 5),
                broken("status password too short", "gatewatch.status.auth.users",
                        "at least 8 characters", "gatewatch.status.auth.users { admin = \"pw\" }", 4));
    }

    private static Arguments broken(String name, String path, String message, String hocon, int line) {
        return Arguments.of(name, path, message, hocon, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void startUpFailsNamingPathFileAndLineAndNothingStarts(String name, String path, String message, String hocon,
                                                            int line) throws Exception {
        int port = Ports.free();
        int statusPort = Ports.free();
        Path file = dir.resolve("gateway.conf");
        Files.writeString(file, "sample-gateway { host = \"127.0.0.1\", port = " + port + " }\n"
                + "gatewatch.status { host = \"127.0.0.1\", port = " + statusPort + " }\n"
                + "gatewatch.exporters.json-file.path = \"" + dir.resolve("metrics.jsonl") + "\"\n"
                + hocon + "\n");
        assertThat(line).isGreaterThanOrEqualTo(FIRST_BROKEN_LINE);

        SampleGatewayProcess node = SampleGatewayProcess.launch(dir, SampleGatewayProcess.options().configFile(file).listenersInConfigFile());
        boolean everListened = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (node.alive() && System.nanoTime() < deadline) {
            everListened |= Ports.listening(port) || Ports.listening(statusPort);
            Thread.sleep(20);
        }
        int exit = node.awaitExit(Duration.ofSeconds(5));
        String log = node.log();

        assertThat(exit).as("exit code of a start-up with a broken file; log:\n%s", log).isNotZero();
        Pattern fileAndLine = Pattern.compile("gateway\\.conf: ?" + line + ": .*" + Pattern.quote(path));
        assertThat(fileAndLine.matcher(log).find())
                .as("the error names file:line %s and path %s; log:\n%s", line, path, log).isTrue();
        assertThat(log).contains(message);
        assertThat(everListened).as("a listener accepted a connection: half a gateway started").isFalse();
        assertThat(log).doesNotContain("status listener on", "started on node", "sample gateway is up");
        assertThat(Files.exists(dir.resolve("metrics.jsonl"))).as("an exporter wrote before start-up failed").isFalse();
        assertThat(List.of(Ports.listening(port), Ports.listening(statusPort))).containsOnly(false);
    }
}
