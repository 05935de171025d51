package io.gatewatch.internal.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles plugin sources at test time against the SPI and packs them, with their service file
 * and reference.conf, into a jar: a third-party plugin jar, built without touching core's code.
 */
public final class PluginJarBuilder {
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();

    /** @param className fully qualified; the source must declare exactly that class */
    public PluginJarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    public PluginJarBuilder resource(String path, String content) {
        resources.put(path, content);
        return this;
    }

    /** Lists the provider in {@code META-INF/services/io.gatewatch.spi.GatewatchPlugin}. */
    public PluginJarBuilder service(String providerClass) {
        return resource("META-INF/services/io.gatewatch.spi.GatewatchPlugin", providerClass + "\n");
    }

    public Path build(Path workDir, String jarName) {
        try {
            Path src = Files.createDirectories(workDir.resolve(jarName + "-src"));
            Path classes = Files.createDirectories(workDir.resolve(jarName + "-classes"));
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", compileClasspath(),
                    "--release", "17", "-proc:none"));
            for (Map.Entry<String, String> s : sources.entrySet()) {
                Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, s.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            int rc = sources.isEmpty() ? 0 : javac.run(null, null, errors, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("test plugin did not compile:\n" + errors.toString(StandardCharsets.UTF_8));
            }
            Path jar = workDir.resolve(jarName + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    put(out, classes.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
                }
                for (Map.Entry<String, String> r : resources.entrySet()) {
                    put(out, r.getKey(), r.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }

    /** Only what a plugin author has: the SPI (core), Guice and its API types, Typesafe Config. */
    private static String compileClasspath() {
        Class<?>[] anchors = {io.gatewatch.spi.GatewatchPlugin.class, com.google.inject.AbstractModule.class,
            com.typesafe.config.Config.class, com.google.common.collect.ImmutableList.class,
            jakarta.inject.Provider.class, org.aopalliance.intercept.MethodInterceptor.class};
        List<String> entries = new ArrayList<>();
        for (Class<?> anchor : anchors) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
