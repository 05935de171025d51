package io.gatewatch.sample;

import static io.gatewatch.testing.gateway.SampleGatewayProcess.options;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's guide, followed literally: the files plugins-sample/README.md shows are
 * compiled into a jar exactly as written, and the sample gateway runs with it.
 */
class PluginReadmeIT {
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- file: (\\S+) -->\\s*```\\w*\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void theGuidesPluginBuildsAndRunsInTheSampleGateway(@TempDir Path dir) throws Exception {
        Path readme = SampleGatewayProcess.TARGET.resolve("../README.md").normalize();
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = FILE_BLOCK.matcher(Files.readString(readme));
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

        Path jar = build(project);
        compileTests(project, jar);

        try (SampleGatewayProcess gw = SampleGatewayProcess.start(dir.resolve("run"), options().onlyPlugins(jar)
                .set("gatewatch.exporters.hello.enabled", "true")
                .set("gatewatch.exporters.hello.interval", "1s"))) {
            assertThat(gw.get("/api/users/1", "alice-key").statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!gw.log().contains("hello from ") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(gw.log()).containsPattern("hello from \\S+: \\d+ requests this interval");
            assertThat(gw.awaitStatus("exporter:hello", Duration.ofSeconds(5))).contains("exporter:hello");
            gw.stop();
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

    /** The guide's test compiles against the plugin and the test kit, as `mvn package` would compile it. */
    private static void compileTests(Path project, Path jar) throws Exception {
        Path classes = Files.createDirectories(project.resolve("target/test-classes"));
        List<String> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(project.resolve("src/test/java"))) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        assertThat(sources).as("the guide shows a test").isNotEmpty();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-classpath", jar + java.io.File.pathSeparator + System.getProperty("java.class.path")));
        args.addAll(sources);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
                .as("javac exit code of the guide's test").isZero();
    }

    /** What `mvn package` does for this project: compile against gatewatch, jar classes and resources. */
    private static Path build(Path project) throws Exception {
        Path classes = Files.createDirectories(project.resolve("target/classes"));
        List<String> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(project.resolve("src/main/java"))) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path")));
        args.addAll(sources);
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac exit code").isZero();
        Path jar = project.resolve("target/hello-plugin-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path root : List.of(classes, project.resolve("src/main/resources"))) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        out.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
                        Files.copy(p, (OutputStream) out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
