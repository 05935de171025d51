package io.gatewatch.sample;

import static io.gatewatch.testing.gateway.SampleGatewayProcess.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.testing.Json;
import io.gatewatch.testing.gateway.SampleGatewayProcess;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's guide, followed literally: the files plugins-sample/README.md shows are
 * built with plain Maven exactly as written (the guide's tests included), and the sample gateway
 * runs with the jar through the very command of the guide's step 7, read from the guide; its
 * exporter, check and source are then all at work.
 */
class PluginReadmeIT {
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- file: (\\S+) -->\\s*```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    /** Step 7's first shell block: how the guide tells a reader to run the gateway with the plugin. */
    private static final Pattern RUN_BLOCK = Pattern.compile("\\*\\*7\\..*?```bash\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theGuidesPluginBuildsAndRunsInTheSampleGateway(@TempDir Path dir) throws Exception {
        Path readme = SampleGatewayProcess.TARGET.resolve("../README.md").normalize();
        String guide = Files.readString(readme);
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = FILE_BLOCK.matcher(guide);
        while (m.find()) {
            files.put(m.group(1), m.group(2) + "\n");
        }
        assertThat(files).containsKeys("pom.xml", "src/test/java/com/example/hello/HelloPluginTest.java",
                "src/main/resources/reference.conf",
                "src/main/resources/META-INF/services/io.gatewatch.spi.GatewatchPlugin");
        Path project = dir.resolve("hello-plugin");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = project.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue());
        }
        assertThat(files.get("pom.xml")).contains("<artifactId>gatewatch-core</artifactId>")
                .contains("<artifactId>maven-compiler-plugin</artifactId>").contains("<release>17</release>")
                .contains("<version>" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + "</version>");

        Path jar = mavenPackage(dir, project);
        assertThat(jar).exists();

        // the guide runs from the plugin's project, with the gatewatch checkout one level up
        Files.createDirectories(dir.resolve("plugins-sample"));
        Files.createSymbolicLink(dir.resolve("plugins-sample/target"), SampleGatewayProcess.TARGET.toAbsolutePath().normalize());
        List<String> command = guideCommand(guide);
        assertThat(command).contains("-cp", "io.gatewatch.sample.gateway.SampleGateway")
                .anyMatch(arg -> arg.contains("target/hello-plugin-1.0.jar"));
        try (SampleGatewayProcess gw = SampleGatewayProcess.startDocumented(dir.resolve("run"), project, command)) {
            assertThat(gw.get("/api/users/1", "alice-key").statusCode()).isEqualTo(200);
            // the exporter
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(gw.log()).containsPattern("hello from \\S+: \\d+ requests this interval")
                            .containsPattern("plugin found plugin=\"hello\" config_path=\"gatewatch.exporters.hello\" "
                                    + "jar=\"\\S*hello-plugin-1\\.0\\.jar\" version=\"1\\.0\""));
            // the metric source, on /metrics, once an export has counted
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(gw.metric("gateway_hello_greetings_total")).as("gateway_hello_greetings_total on /metrics")
                            .isGreaterThanOrEqualTo(1.0));
            // the check and the exporter, in /status
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(componentStatuses(gw)).containsEntry("hello", "healthy").containsEntry("exporter:hello", "healthy"));
            assertThat(gw.stop()).isEqualTo(143);   // SIGTERM, after the orderly shutdown
        }

        // the guide's claims about failures: without the jar, and with a typo
        try (SampleGatewayProcess without = SampleGatewayProcess.launch(dir.resolve("without"),
                options().onlyPlugins().set("gatewatch.exporters.hello.enabled", "true"))) {
            assertThat(without.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(without.log()).contains("system properties: gatewatch.exporters.hello.enabled: enabled, but no "
                    + "plugin on the classpath claims gatewatch.exporters.hello: no jar has a "
                    + "META-INF/services/io.gatewatch.spi.GatewatchPlugin entry")
                    .doesNotContain("\tat io.gatewatch");
        }
        try (SampleGatewayProcess typo = SampleGatewayProcess.launch(dir.resolve("typo"), options().onlyPlugins(jar)
                .set("gatewatch.exporters.hello.enabled", "true")
                .set("gatewatch.exporters.hello.intervall", "2s"))) {
            assertThat(typo.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(typo.log()).contains("gatewatch.exporters.hello.intervall").contains("system properties");
        }
    }

    /**
     * The {@code java ...} command of the guide's step 7, its continuation lines joined, split into
     * arguments: the guide writes no quotes in it, so whitespace separates arguments.
     */
    private static List<String> guideCommand(String guide) {
        Matcher block = RUN_BLOCK.matcher(guide);
        assertThat(block.find()).as("a ```bash block in step 7 of the guide").isTrue();
        String joined = block.group(1).replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            if (line.startsWith("java ")) {
                assertThat(line).as("an argument with quotes would need a shell to run").doesNotContain("\"", "'");
                return List.of(line.trim().split("\\s+"));
            }
        }
        throw new AssertionError("no java command in step 7 of the guide:\n" + block.group(1));
    }

    /** Each component's status in /status, by name. */
    private static Map<String, String> componentStatuses(SampleGatewayProcess gw) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Json.read(gw.status("/status").body()).path("components").properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().path("status").asText()));
        return out;
    }

    /**
     * Runs {@code mvn package} in the guide's project, as its reader would: plain Maven, the
     * guide's pom, the guide's test run by it. gatewatch's artifacts come from this build's
     * jars, installed into a local repository of the test's own (never the user's ~/.m2); other
     * artifacts are read from the user's repository as if it were a remote one, so no network is
     * needed.
     */
    private static Path mavenPackage(Path dir, Path project) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("m2-repository"));
        Path settings = dir.resolve("m2-settings.xml");
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.writeString(settings, "<settings><offline>false</offline><mirrors><mirror><id>user-repository</id>"
                + "<mirrorOf>*</mirrorOf><url>" + userRepo.toUri() + "</url></mirror></mirrors></settings>\n");
        Path root = SampleGatewayProcess.TARGET.resolve("../..").normalize();
        String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
        mvn(root, repo, settings, "install:install-file", "-Dfile=pom.xml", "-DpomFile=pom.xml", "-Dpackaging=pom");
        for (String module : List.of("core", "testing")) {
            mvn(root, repo, settings, "install:install-file",
                    "-Dfile=" + module + "/target/gatewatch-" + module + "-" + version + ".jar",
                    "-DpomFile=" + module + "/pom.xml");
        }
        String log = mvn(project, repo, settings, "package");
        assertThat(log).contains("Tests run: 3, Failures: 0, Errors: 0").contains("BUILD SUCCESS");
        Path jar = project.resolve("target/hello-plugin-1.0.jar");
        assertThat(jar).exists();
        return jar;
    }

    private static String mvn(Path workDir, Path repo, Path settings, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s in %s:%n%s", command, workDir, out).isZero();
        return out;
    }
}
