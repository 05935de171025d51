package io.gatewatch.internal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Class loaders that add resources (a reference.conf, service files, jars) to the test class path. */
public final class TestClassLoaders {
    private TestClassLoaders() {
    }

    /** A loader that sees {@code files} (relative path to content) written under {@code dir}, then the test class path. */
    public static URLClassLoader withResources(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestClassLoaders.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static URLClassLoader withJars(Path... jars) {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            try {
                urls[i] = jars[i].toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return new URLClassLoader(urls, TestClassLoaders.class.getClassLoader());
    }
}
